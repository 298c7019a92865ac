//! The completion queue: where every client's replies wait for the host's poller.
//!
//! One queue per process (see engine.rs). Records are appended flat — `client: u32 LE,
//! token: u64 LE, status: u8, len: u32 LE, payload` — so that handing a batch to the
//! host is one `memcpy` per run of records into its buffer. Records keep the order in
//! which the clients' reader tasks produced them, so a client whose replies flood in
//! delays another's by at most the records ahead of it, never indefinitely.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::Notify;
use valkite::{CompletionSink, Error};

use crate::error::{status_of, VkStatus};
use crate::ready::{in_poll, Readiness};

/// Size of a completion record's header.
pub const VK_COMPLETION_HEADER: usize = 17;
const HEADER: usize = VK_COMPLETION_HEADER;
/// Offset of the payload length within a completion record.
const LEN_AT: usize = 13;

#[derive(Default)]
struct Inner {
    buf: Vec<u8>,
    /// Start of the first record not yet handed out.
    read: usize,
}

pub(crate) struct Queue {
    inner: Mutex<Inner>,
    notify: Notify,
    /// Set by [`Queue::interrupt`]: the next wake ends a blocking wait even when empty.
    interrupted: AtomicBool,
    /// For hosts that wait on a descriptor instead of inside `vk_poll` (ready.rs).
    pub(crate) ready: Option<Readiness>,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            inner: Mutex::default(),
            notify: Notify::new(),
            interrupted: AtomicBool::new(false),
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
    /// Nothing yet.
    Empty,
}

/// Appends one completion record (header, then payload) to the queue's buffer.
fn append(q: &mut Inner, client: u32, token: u64, status: VkStatus, payload: &[u8]) {
    // A payload over 4 GiB cannot be described; the server limits bulk strings to
    // 512 MiB by default, so this would be a protocol violation anyway.
    let (status, payload): (VkStatus, &[u8]) = match u32::try_from(payload.len()) {
        Ok(_) => (status, payload),
        Err(_) => (VkStatus::VkErrProtocol, b"reply larger than 4 GiB"),
    };
    q.buf.extend_from_slice(&client.to_le_bytes());
    q.buf.extend_from_slice(&token.to_le_bytes());
    q.buf.push(status as u8);
    q.buf
        .extend_from_slice(&(payload.len() as u32).to_le_bytes());
    q.buf.extend_from_slice(payload);
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn push(&self, client: u32, token: u64, status: VkStatus, payload: &[u8]) {
        append(&mut self.lock(), client, token, status, payload);
    }

    /// Appends the records of several replies of one client under one lock acquisition,
    /// in order: a pipeline's replies arrive hundreds per read, and a lock per reply
    /// (which the host's poll contends for) was a visible share of their cost.
    fn push_frames(&self, client: u32, chunk: &Bytes, frames: &[(u64, usize, usize)]) {
        let mut q = self.lock();
        for &(token, start, len) in frames {
            let Some(frame) = chunk.get(start..start.saturating_add(len)) else {
                // The reader delimited these frames in `chunk`; out of range cannot
                // happen, and the token still gets its one completion if it does.
                append(
                    &mut q,
                    client,
                    token,
                    VkStatus::VkErrProtocol,
                    b"reply frame out of range",
                );
                continue;
            };
            if frame.len() < VK_REPLY_BY_REF_MIN {
                append(&mut q, client, token, VkStatus::VkOk, frame);
            } else {
                let payload = by_ref(chunk.slice(start..start + len));
                append(&mut q, client, token, VkStatus::VkOkRef, &payload);
            }
        }
    }

    /// Wakes whichever way the host waits: inside `vk_poll` (the Notify) or on the
    /// readiness descriptor — the latter only from outside a poll, since a poll takes
    /// what its own run of the runtime completed before it returns.
    pub(crate) fn wake(&self) {
        self.notify.notify_one();
        if !in_poll() {
            if let Some(r) = &self.ready {
                r.signal();
            }
        }
    }

    /// True when there are records to take.
    pub(crate) fn has_work(&self) -> bool {
        let q = self.lock();
        q.read < q.buf.len()
    }

    /// Copies whole records into `out`.
    pub(crate) fn take(&self, out: &mut [u8]) -> Take {
        let mut q = self.lock();
        let avail = q.buf.len() - q.read;
        if avail == 0 {
            return Take::Empty;
        }
        let mut end = q.read;
        while end + HEADER <= q.buf.len() {
            let len = record_len(&q.buf, end);
            let rec = HEADER + len;
            if end - q.read + rec > out.len() {
                break;
            }
            end += rec;
        }
        if end == q.read {
            let len = record_len(&q.buf, end);
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

    /// Waits until there is something to take, or until [`interrupt`](Self::interrupt).
    pub(crate) async fn ready(&self) {
        loop {
            {
                let q = self.lock();
                if q.read < q.buf.len() {
                    return;
                }
            }
            self.notify.notified().await;
            if self.interrupted.swap(false, Ordering::AcqRel) {
                return;
            }
        }
    }

    /// Makes a host blocked in `vk_poll` return (with nothing, if nothing came).
    pub(crate) fn interrupt(&self) {
        self.interrupted.store(true, Ordering::Release);
        self.wake();
    }
}

/// The payload length of the record starting at `at` (whose header is in `buf`).
fn record_len(buf: &[u8], at: usize) -> usize {
    let b = &buf[at + LEN_AT..at + LEN_AT + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
}

/// One client's view of the engine's queue: what the core completes into.
///
/// When the last reference goes — the client was closed and every task of its
/// connections has ended, so its sockets are closed — it appends one last record with
/// status [`VkStatus::VkClientGone`]: after it, nothing more comes for that client, and
/// the host may forget it.
pub(crate) struct ClientSink {
    pub(crate) id: u32,
    pub(crate) queue: Arc<Queue>,
}

impl Drop for ClientSink {
    fn drop(&mut self) {
        self.queue.push(self.id, 0, VkStatus::VkClientGone, b"");
        self.queue.wake();
    }
}

/// Replies at least this large cross by reference (`VkOkRef`): the host reads them
/// where the connection's reader put them, instead of through two more copies (into
/// this queue, then into the host's poll buffer). Smaller ones are cheaper to copy than
/// to hand over and free.
pub const VK_REPLY_BY_REF_MIN: usize = 32 << 10;

/// A reply handed to the host by reference: it keeps the connection's read buffer (or
/// the part holding this frame) alive until the host frees it with `vk_reply_free`.
pub(crate) struct Reply {
    /// Never read: holding it keeps the frame's memory alive; dropping it frees it.
    _frame: Bytes,
}

/// Replies handed over by reference and not yet freed (`vk_replies_held`).
pub(crate) static REPLIES_HELD: AtomicU64 = AtomicU64::new(0);

impl Drop for Reply {
    fn drop(&mut self) {
        REPLIES_HELD.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The payload of a `VkOkRef` record for `frame`: its address, its length and a handle
/// that owns it (the record owns the handle from its push on).
fn by_ref(frame: Bytes) -> [u8; 24] {
    let data = frame.as_ptr() as u64;
    let len = frame.len() as u64;
    REPLIES_HELD.fetch_add(1, Ordering::Relaxed);
    let handle = Box::into_raw(Box::new(Reply { _frame: frame })) as u64;
    let mut payload = [0u8; 24];
    payload[..8].copy_from_slice(&data.to_le_bytes());
    payload[8..16].copy_from_slice(&len.to_le_bytes());
    payload[16..].copy_from_slice(&handle.to_le_bytes());
    payload
}

impl CompletionSink for ClientSink {
    /// Large replies are not copied: the record carries the frame's address and length
    /// and a handle owning it (see [`VkStatus::VkOkRef`]). From the push on, the record
    /// owns the handle; the host that takes the record owns it next and frees it once.
    fn complete_frame(&self, token: u64, frame: &Bytes) {
        if frame.len() < VK_REPLY_BY_REF_MIN {
            self.queue.push(self.id, token, VkStatus::VkOk, frame);
            return;
        }
        let payload = by_ref(frame.clone());
        self.queue.push(self.id, token, VkStatus::VkOkRef, &payload);
    }

    fn complete_frames(&self, chunk: &Bytes, frames: &[(u64, usize, usize)]) {
        self.queue.push_frames(self.id, chunk, frames);
    }

    fn complete(&self, token: u64, result: Result<&[u8], &Error>) {
        match result {
            Ok(frame) => self.queue.push(self.id, token, VkStatus::VkOk, frame),
            Err(e) => self
                .queue
                .push(self.id, token, status_of(e), e.to_string().as_bytes()),
        }
    }

    fn flush(&self) {
        self.queue.wake();
    }

    /// Wakes a host waiting on the readiness descriptor, even from inside a poll: that
    /// poll may return before the runtime gets to the work.
    fn runtime_work(&self) {
        if let Some(r) = &self.queue.ready {
            r.signal();
        }
    }

    #[cfg(unix)]
    fn connected(&self, fd: std::os::fd::RawFd) {
        if let Some(r) = &self.queue.ready {
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
                self.queue.push(
                    self.id,
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
        self.queue
            .push(self.id, token, VkStatus::VkOkMultiNode, &payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records a sink left in its queue, as (client, token, status, payload).
    fn records(q: &Queue) -> Vec<(u32, u64, u8, Vec<u8>)> {
        let mut out = vec![0u8; 1 << 20];
        let Take::Wrote(n) = q.take(&mut out) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        let mut off = 0;
        while off < n {
            let client = u32::from_le_bytes(out[off..off + 4].try_into().expect("4 bytes"));
            let token = u64::from_le_bytes(out[off + 4..off + 12].try_into().expect("8 bytes"));
            let len = record_len(&out, off);
            v.push((
                client,
                token,
                out[off + 12],
                out[off + HEADER..off + HEADER + len].to_vec(),
            ));
            off += HEADER + len;
        }
        v
    }

    #[test]
    fn a_run_of_frames_makes_the_records_of_one_frame_at_a_time() {
        let big = vec![b'x'; VK_REPLY_BY_REF_MIN];
        let mut chunk = b"+OK\r\n:1\r\n".to_vec();
        chunk.extend_from_slice(&big);
        chunk.extend_from_slice(b"$0\r\n\r\n");
        let chunk = Bytes::from(chunk);
        let frames = [
            (10, 0, 5),
            (11, 5, 4),
            (12, 9, big.len()),
            (13, 9 + big.len(), 6),
        ];
        let one = ClientSink {
            id: 3,
            queue: Arc::new(Queue::default()),
        };
        for &(t, s, l) in &frames {
            one.complete_frame(t, &chunk.slice(s..s + l));
        }
        let run = ClientSink {
            id: 3,
            queue: Arc::new(Queue::default()),
        };
        run.complete_frames(&chunk, &frames);
        let (a, b) = (records(&one.queue), records(&run.queue));
        assert_eq!(a.len(), 4);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.0, x.1, x.2), (y.0, y.1, y.2));
            if x.2 == VkStatus::VkOkRef as u8 {
                // Same frame (address and length); each record owns its own handle.
                assert_eq!(x.3[..16], y.3[..16]);
                for h in [&x.3, &y.3] {
                    let handle = u64::from_le_bytes(h[16..24].try_into().expect("8 bytes"));
                    // SAFETY: a handle from a record just taken, freed once here.
                    unsafe { crate::handle::vk_reply_free(handle) };
                }
            } else {
                assert_eq!(x.3, y.3);
            }
        }
        assert_eq!(b[2].2, VkStatus::VkOkRef as u8);
        assert_eq!(b[3].3, b"$0\r\n\r\n");
    }
}
