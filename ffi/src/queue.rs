//! The completion queue: where a client's replies wait for the host's poller.
//!
//! Records are appended flat — `token: u64 LE, status: u8, len: u32 LE, payload` — so
//! that handing a batch to the host is one `memcpy` per record into its buffer.

use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;
use valkite::{CompletionSink, Error};

use crate::error::{status_of, VkStatus};
use crate::ready::{in_poll, Readiness};

pub(crate) const HEADER: usize = 13;

#[derive(Default)]
struct Inner {
    buf: Vec<u8>,
    /// Start of the first record not yet handed out.
    read: usize,
    closed: bool,
}

pub(crate) struct Queue {
    inner: Mutex<Inner>,
    notify: Notify,
    /// For hosts that wait on a descriptor instead of inside `vk_poll` (ready.rs).
    pub(crate) ready: Option<Readiness>,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            inner: Mutex::default(),
            notify: Notify::new(),
            ready: Readiness::new(),
        }
    }
}

/// Result of one [`Queue::take`].
pub(crate) enum Take {
    /// Bytes written into the host's buffer (whole records).
    Wrote(usize),
    /// The next record needs a buffer of this size.
    Needs(usize),
    /// Closed and drained.
    Closed,
    /// Nothing yet.
    Empty,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, token: u64, status: VkStatus, payload: &[u8]) {
        let mut q = self.lock();
        // A payload over 4 GiB cannot be described; the server limits bulk strings to
        // 512 MiB by default, so this would be a protocol violation anyway.
        let (status, payload): (VkStatus, &[u8]) = match u32::try_from(payload.len()) {
            Ok(_) => (status, payload),
            Err(_) => (VkStatus::VkErrProtocol, b"reply larger than 4 GiB"),
        };
        q.buf.extend_from_slice(&token.to_le_bytes());
        q.buf.push(status as u8);
        q.buf
            .extend_from_slice(&(payload.len() as u32).to_le_bytes());
        q.buf.extend_from_slice(payload);
    }

    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.wake();
    }

    /// Wakes whichever way the host waits: inside `vk_poll` (the Notify) or on the
    /// readiness descriptor — the latter only from outside a poll, since a poll takes
    /// what its own run of the runtime completed before it returns.
    fn wake(&self) {
        self.notify.notify_one();
        if !in_poll() {
            if let Some(r) = &self.ready {
                r.signal();
            }
        }
    }

    /// True when there is something to take (records, or the end).
    pub(crate) fn has_work(&self) -> bool {
        let q = self.lock();
        q.read < q.buf.len() || q.closed
    }

    /// Copies whole records into `out`.
    pub(crate) fn take(&self, out: &mut [u8]) -> Take {
        let mut q = self.lock();
        let avail = q.buf.len() - q.read;
        if avail == 0 {
            return if q.closed { Take::Closed } else { Take::Empty };
        }
        let mut end = q.read;
        while end + HEADER <= q.buf.len() {
            let len = u32::from_le_bytes([
                q.buf[end + 9],
                q.buf[end + 10],
                q.buf[end + 11],
                q.buf[end + 12],
            ]) as usize;
            let rec = HEADER + len;
            if end - q.read + rec > out.len() {
                break;
            }
            end += rec;
        }
        if end == q.read {
            let len = u32::from_le_bytes([
                q.buf[end + 9],
                q.buf[end + 10],
                q.buf[end + 11],
                q.buf[end + 12],
            ]) as usize;
            return Take::Needs(HEADER + len);
        }
        let n = end - q.read;
        out[..n].copy_from_slice(&q.buf[q.read..end]);
        q.read = end;
        if q.read == q.buf.len() {
            q.buf.clear();
            q.read = 0;
            // Do not keep a huge buffer around after one large reply.
            if q.buf.capacity() > 4 << 20 {
                q.buf.shrink_to(64 << 10);
            }
        } else if q.read > (1 << 20) && q.read * 2 > q.buf.len() {
            let read = q.read;
            q.buf.drain(..read);
            q.read = 0;
        }
        Take::Wrote(n)
    }

    /// Waits until there is something to take (or the queue is closed).
    pub(crate) async fn ready(&self) {
        loop {
            {
                let q = self.lock();
                if q.read < q.buf.len() || q.closed {
                    return;
                }
            }
            self.notify.notified().await;
        }
    }
}

impl CompletionSink for Queue {
    fn complete(&self, token: u64, result: Result<&[u8], &Error>) {
        match result {
            Ok(frame) => self.push(token, VkStatus::VkOk, frame),
            Err(e) => self.push(token, status_of(e), e.to_string().as_bytes()),
        }
    }

    fn flush(&self) {
        self.wake();
    }

    /// Wakes a host waiting on the readiness descriptor, even from inside a poll: that
    /// poll may return before the runtime gets to the work.
    fn runtime_work(&self) {
        if let Some(r) = &self.ready {
            r.signal();
        }
    }

    #[cfg(unix)]
    fn connected(&self, fd: std::os::fd::RawFd) {
        if let Some(r) = &self.ready {
            r.watch(fd);
        }
    }

    /// One record with status `VkOkMultiNode`, its payload `addr_len: u16 LE, addr,
    /// frame_len: u32 LE, frame` per node.
    fn complete_multi(&self, token: u64, replies: &[(&str, &[u8])]) {
        let size: usize = replies.iter().map(|(a, f)| 6 + a.len() + f.len()).sum();
        let mut payload = Vec::with_capacity(size);
        for (addr, frame) in replies {
            let (Ok(al), Ok(fl)) = (u16::try_from(addr.len()), u32::try_from(frame.len())) else {
                self.push(
                    token,
                    VkStatus::VkErrProtocol,
                    b"multi-node reply too large",
                );
                return;
            };
            payload.extend_from_slice(&al.to_le_bytes());
            payload.extend_from_slice(addr.as_bytes());
            payload.extend_from_slice(&fl.to_le_bytes());
            payload.extend_from_slice(frame);
        }
        self.push(token, VkStatus::VkOkMultiNode, &payload);
    }
}
