//! Completions for embedders. The Rust API answers each request through a oneshot
//! channel; an embedder such as the C ABI instead registers one sink per client and
//! receives `(token, raw reply frame)` pairs, so replies cross the language boundary as
//! the bytes the server sent — no intermediate value tree, no per-request channel.

use bytes::Bytes;

use crate::error::Error;

/// Receives every completion of the requests submitted with a token.
///
/// `complete` runs on the connection's reader task, in reply order, so it must be quick:
/// copy the bytes somewhere and return. `flush` is called once after each batch of
/// completions, which is where a sink wakes its consumer (once, not once per reply).
pub trait CompletionSink: Send + Sync + 'static {
    /// `Ok(frame)`: the raw RESP reply (which may itself be an error reply).
    /// `Err(e)`: the client failed the request (timeout, connection lost, closing …).
    fn complete(&self, token: u64, result: Result<&[u8], &Error>);

    /// A successful reply as the connection read it: `frame` is a reference-counted view
    /// of the read buffer, so a sink may keep it (clone it) instead of copying the bytes
    /// — what the C ABI does with large replies, which then cross to the host without a
    /// copy. By default it arrives through [`complete`](Self::complete).
    fn complete_frame(&self, token: u64, frame: &Bytes) {
        self.complete(token, Ok(frame));
    }
    /// Successful replies read together, in reply order: each `(token, start, len)` is a
    /// frame of `chunk`. A sink may take them all at once (the C ABI appends them under
    /// one lock); by default each arrives through [`complete_frame`](Self::complete_frame).
    fn complete_frames(&self, chunk: &Bytes, frames: &[(u64, usize, usize)]) {
        for &(token, start, len) in frames {
            self.complete_frame(token, &chunk.slice(start..start + len));
        }
    }
    /// End of a batch of completions.
    fn flush(&self) {}

    /// A connection left work to one of the client's tasks — a write the submitting
    /// thread could not make itself, as always for TLS. An embedder that runs the
    /// client's runtime only when it polls must poll soon, even though no reply can come
    /// before that work is done.
    fn runtime_work(&self) {}

    /// A new connection's socket, before its first reply can arrive. An embedder that
    /// drives the client's runtime itself (the C ABI's `vk_poll_ready`) watches these
    /// for readability from its own event loop, so that it only enters the runtime
    /// when there is something to read. The descriptor stays owned by the connection;
    /// a watcher must not close it (epoll forgets a socket when it closes).
    #[cfg(unix)]
    fn connected(&self, _fd: std::os::fd::RawFd) {}

    /// A request that ran on several cluster nodes and whose replies the server's
    /// command tips do not combine into one: one raw frame per node, with the node's
    /// `host:port`. By default it arrives through [`complete`](Self::complete) as a
    /// RESP3 map from address (bulk string) to that node's reply; sinks that can say
    /// more (the C ABI's multi-node status) override it.
    fn complete_multi(&self, token: u64, replies: &[(&str, &[u8])]) {
        let mut frame = format!("%{}\r\n", replies.len()).into_bytes();
        for (addr, reply) in replies {
            frame.extend_from_slice(format!("${}\r\n", addr.len()).as_bytes());
            frame.extend_from_slice(addr.as_bytes());
            frame.extend_from_slice(b"\r\n");
            frame.extend_from_slice(reply);
        }
        self.complete(token, Ok(&frame));
    }
}
