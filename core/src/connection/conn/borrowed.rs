//! Large commands written from the submitter's memory instead of being copied into the
//! connection's write buffer.
//!
//! `vk_submit` hands the core a batch in the host's memory, valid for the duration of the
//! call. A command of at least [`BORROW_MIN`] bytes bound for an idle plain-TCP
//! connection is not copied into `out`: the submission remembers where it belongs among
//! the copied bytes, and when the submission ends (still inside the call) the submitting
//! thread writes everything in order with vectored writes straight from both memories.
//! The host's memory is never read after the submission's drop returns: if the socket
//! is full and less than [`WAIT_MIN`] of the command being written is left, or it
//! makes no progress for [`STALL_MAX`], what is left is copied into `out` — the path
//! every command took before — and the writer task finishes it.
//!
//! The wait for a full socket happens on a duplicate of the socket's descriptor (same
//! open file, non-blocking), polled with short sleeps: the submitting thread does not
//! run the runtime, so tokio's readiness for the socket would never be refreshed for it.

use std::io::{self, IoSlice, Write};
use std::os::fd::AsFd;
use std::sync::atomic::Ordering;
use std::sync::MutexGuard;
use std::time::{Duration, Instant as StdInstant};

use bytes::{BufMut, BytesMut};

use super::{lock, Conn, Responder, State, Submission};
use crate::connection::stream::WriteSide;
use crate::error::Error;

/// Commands at least this large are written from the submitter's memory (when the
/// connection is idle). Below it, a copy is cheaper than the extra slices of a vectored
/// write.
pub(super) const BORROW_MIN: usize = 32 * 1024;

/// How long the socket may stay full before the rest is copied and left to the writer
/// task (the submitter then returns to its host).
const STALL_MAX: Duration = Duration::from_millis(50);

/// A full socket is waited for only while at least this much of one command is left to
/// write: below it — a large value's tail, or many medium commands (64 KiB SETs from
/// a thousand callers) — copying the rest and leaving it to the writer task (which
/// waits in the runtime's reactor, without naps) costs less, and frees the submitter at
/// once. Measured: waiting for 1,024 callers' 64 KiB SETs with naps left the socket
/// idle between naps and ran requests into their timeouts.
const WAIT_MIN: usize = 1 << 20;

/// Longest nap while waiting for the socket: the server drains a full loopback socket
/// in about a millisecond, so longer naps would leave it idle.
const NAP_MAX: Duration = Duration::from_micros(200);

/// Slices per vectored write (well under any platform's IOV_MAX).
const MAX_SLICES: usize = 256;

impl<'a> Submission<'a> {
    /// Like [`push`](Self::push) with one segment, but a large `command` on an idle TCP
    /// connection is written from `command`'s memory when the submission ends, not
    /// copied. `command` must stay valid until then, which its lifetime ensures.
    pub(crate) fn push_borrowed(
        &mut self,
        command: &'a [u8],
        responder: Responder,
        deadline: Option<tokio::time::Instant>,
    ) {
        let borrow = command.len() >= BORROW_MIN
            && matches!(self.conn.writer, WriteSide::Tcp(_))
            && self
                .st
                .as_ref()
                .is_some_and(|st| !st.flushing && st.closed.is_none());
        if !borrow {
            self.push(&[command], responder, deadline);
            return;
        }
        if let Some(st) = self.st.as_ref() {
            self.borrowed.push((st.out.len(), command));
        }
        self.push(&[], responder, deadline);
    }
}

/// The bytes still to write, in wire order: the copied buffer cut at each borrowed
/// command's position, with the borrowed commands in between.
struct Pieces<'p> {
    list: Vec<&'p [u8]>,
    /// First piece not completely written, and how much of it is.
    at: usize,
    done: usize,
    /// Bytes not written yet.
    left: usize,
}

impl<'p> Pieces<'p> {
    fn new(buf: &'p [u8], parts: &[(usize, &'p [u8])]) -> Self {
        let mut list = Vec::with_capacity(parts.len() * 2 + 1);
        let mut from = 0;
        for &(pos, cmd) in parts {
            if pos > from {
                list.push(&buf[from..pos]);
            }
            list.push(cmd);
            from = pos;
        }
        if buf.len() > from {
            list.push(&buf[from..]);
        }
        let left = list.iter().map(|p| p.len()).sum();
        Pieces {
            list,
            at: 0,
            done: 0,
            left,
        }
    }

    fn is_empty(&self) -> bool {
        self.at >= self.list.len()
    }

    fn slices(&self) -> Vec<IoSlice<'p>> {
        let mut v = Vec::with_capacity(MAX_SLICES.min(self.list.len() - self.at));
        for (i, p) in self.list[self.at..].iter().take(MAX_SLICES).enumerate() {
            let p: &'p [u8] = if i == 0 { &p[self.done..] } else { p };
            v.push(IoSlice::new(p));
        }
        v
    }

    /// What is left of the piece being written.
    fn current_left(&self) -> usize {
        self.list.get(self.at).map_or(0, |p| p.len() - self.done)
    }

    fn advance(&mut self, mut n: usize) {
        self.left = self.left.saturating_sub(n);
        while n > 0 && self.at < self.list.len() {
            let left = self.list[self.at].len() - self.done;
            if n < left {
                self.done += n;
                return;
            }
            n -= left;
            self.at += 1;
            self.done = 0;
        }
    }

    /// Appends what is left to `b`.
    fn copy_rest_into(&self, b: &mut BytesMut) {
        let len: usize = self.list[self.at..].iter().map(|p| p.len()).sum::<usize>() - self.done;
        b.reserve(len);
        for (i, p) in self.list[self.at..].iter().enumerate() {
            b.put_slice(if i == 0 { &p[self.done..] } else { p });
        }
    }
}

impl Conn {
    /// Ends a submission that holds borrowed commands: takes the socket (nobody owned
    /// it when they were pushed, and the lock has been held since), writes the copied
    /// bytes and the borrowed commands in order, then continues like [`flush`] with
    /// whatever was appended meanwhile.
    pub(super) fn flush_borrowed(&self, mut st: MutexGuard<'_, State>, parts: &[(usize, &[u8])]) {
        st.flushing = true;
        let buf = st.take_out();
        drop(st);
        let mut pieces = Pieces::new(&buf, parts);
        let outcome = self.write_pieces(&mut pieces);
        let mut st = lock(&self.state);
        match outcome {
            Ok(()) => {
                st.flushing = false;
                st.keep_spare(buf);
                self.flush(st);
            }
            Err(None) => {
                // The socket stayed full: copy what is left in front of what others
                // appended meanwhile, and let the writer task finish.
                let mut rest = st.take_spare();
                pieces.copy_rest_into(&mut rest);
                st.put_back_in_front(rest);
                drop(st);
                self.wake_writer();
            }
            Err(Some(e)) => {
                drop(st);
                self.fail(Error::Connection(format!("write: {e}")));
            }
        }
    }

    /// Writes `pieces` until done, an error (`Err(Some)`), or a stall longer than
    /// [`STALL_MAX`] (`Err(None)`).
    fn write_pieces(&self, pieces: &mut Pieces<'_>) -> Result<(), Option<io::Error>> {
        let WriteSide::Tcp(w) = &self.writer else {
            return Err(None);
        };
        // A descriptor of our own for the same socket (see the module comment). Closing
        // it when done leaves the connection's socket open.
        let mut sock = match w.as_ref().as_fd().try_clone_to_owned() {
            Ok(fd) => std::net::TcpStream::from(fd),
            Err(_) => return Err(None),
        };
        let mut nap = Duration::from_micros(10);
        let mut stalled_since: Option<StdInstant> = None;
        while !pieces.is_empty() {
            let slices = pieces.slices();
            self.writes.fetch_add(1, Ordering::Relaxed);
            match sock.write_vectored(&slices) {
                Ok(0) => return Err(Some(io::ErrorKind::WriteZero.into())),
                Ok(n) => {
                    pieces.advance(n);
                    nap = Duration::from_micros(10);
                    stalled_since = None;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let since = *stalled_since.get_or_insert_with(StdInstant::now);
                    if pieces.current_left() < WAIT_MIN
                        || since.elapsed() >= STALL_MAX
                        || self.is_closed()
                    {
                        return Err(None);
                    }
                    std::thread::sleep(nap);
                    nap = (nap * 2).min(NAP_MAX);
                }
                Err(e) => return Err(Some(e)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(p: &Pieces<'_>) -> Vec<u8> {
        let mut b = BytesMut::new();
        p.copy_rest_into(&mut b);
        b.to_vec()
    }

    #[test]
    fn pieces_keep_wire_order_and_advance_across_boundaries() {
        let buf = b"AAbbbCC";
        let big1 = b"1111";
        let big2 = b"22";
        // big1 after "AA", big2 after "AAbbb", nothing borrowed at the end.
        let mut p = Pieces::new(buf, &[(2, big1), (5, big2)]);
        assert_eq!(collect(&p), b"AA1111bbb22CC");
        p.advance(3);
        assert_eq!(collect(&p), b"111bbb22CC");
        assert_eq!(p.slices().len(), 4);
        p.advance(7);
        assert_eq!(collect(&p), b"2CC");
        p.advance(3);
        assert!(p.is_empty());
    }

    #[test]
    fn pieces_with_borrowed_command_first_and_last() {
        let buf = b"xy";
        let mut p = Pieces::new(buf, &[(0, b"head"), (2, b"tail")]);
        assert_eq!(collect(&p), b"headxytail");
        p.advance(10);
        assert!(p.is_empty());
    }
}
