//! The connection's second write buffer.
//!
//! Whoever owns the socket (`flushing`) takes `out` to write it while submitters keep
//! appending to a fresh `out`. Taking it used to leave an empty `BytesMut` behind, so
//! every append after a take allocated anew; past glibc's 256 KiB `mmap` threshold
//! (`ffi/src/alloc_tuning.rs`) that is a fresh mapping each time, and under 64 KiB
//! commands from hundreds of callers the page faults of those mappings were a quarter
//! of the client's CPU. The writer therefore swaps `out` with `spare` (a cleared buffer
//! that kept its capacity) and hands the written buffer back as the next spare. Only
//! one party owns the socket at a time, so one spare is enough.

use bytes::BytesMut;

use super::State;

/// The largest buffer kept as the spare. A burst of 64 KiB commands from 1,024 callers
/// fills `out` with up to 64 MiB (its capacity doubles past that), and with 8 or 32 MiB
/// the spare was dropped at every such take: at 1,024 callers, 32 MiB gave 15–19 page
/// faults per SET and 128 MiB 6 (valkey-go: 0.5). The cost is memory: after such a
/// burst the connection keeps both buffers until it has been idle for a heartbeat
/// interval (`State::trim_idle`). A larger buffer (a single
/// command of hundreds of MiB that could not be written from the caller's memory) is
/// let go.
const SPARE_MAX: usize = 128 << 20;

/// The write buffer an idle connection keeps (its size when the connection opens is
/// 16 KiB); past this, [`State::trim_idle`] lets an empty one go.
const IDLE_KEEP: usize = 64 << 10;

impl State {
    /// Takes `out` for writing and puts the spare (empty) in its place.
    pub(super) fn take_out(&mut self) -> BytesMut {
        let spare = std::mem::take(&mut self.spare);
        std::mem::replace(&mut self.out, spare)
    }

    /// Keeps `buf`'s allocation as the spare when it is worth keeping: larger than
    /// the current spare and at most [`SPARE_MAX`].
    pub(super) fn keep_spare(&mut self, mut buf: BytesMut) {
        buf.clear();
        // A written buffer was advanced past what it sent, which hides that part of its
        // allocation from `capacity`; take it back (cheap: nothing is copied, and it
        // does nothing when another handle still shares the memory).
        let _ = buf.try_reclaim(buf.capacity() + 1);
        if buf.capacity() > self.spare.capacity() && buf.capacity() <= SPARE_MAX {
            self.spare = buf;
        }
    }

    /// Puts `buf` (what the writer could not send, followed by nothing yet) in front of
    /// what submitters appended meanwhile, and keeps the displaced buffer as the spare.
    pub(super) fn put_back_in_front(&mut self, mut buf: BytesMut) {
        buf.extend_from_slice(&self.out);
        let appended = std::mem::replace(&mut self.out, buf);
        self.keep_spare(appended);
    }

    /// Lets the spare go, and `out` too when it is empty and grew past [`IDLE_KEEP`]:
    /// called once the connection has been idle for a heartbeat interval, so memory
    /// kept for bursts does not stay with a connection that no longer has them. A
    /// writer that holds the taken buffer is not affected (it hands it back as a spare
    /// that the next idle check lets go).
    pub(super) fn trim_idle(&mut self) {
        self.spare = BytesMut::new();
        if self.out.is_empty() && self.out.capacity() > IDLE_KEEP {
            self.out = BytesMut::new();
        }
    }

    /// An empty buffer from the spare (for copying what is left of a write into).
    pub(super) fn take_spare(&mut self) -> BytesMut {
        let mut b = std::mem::take(&mut self.spare);
        b.clear();
        b
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use bytes::Buf;

    use super::*;

    fn state() -> State {
        State {
            out: BytesMut::with_capacity(16 * 1024),
            spare: BytesMut::new(),
            pending: VecDeque::new(),
            flushing: false,
            closed: None,
            cause: None,
            sweep_at: None,
        }
    }

    #[test]
    fn a_written_buffer_comes_back_as_the_next_out() {
        let mut st = state();
        st.out.extend_from_slice(&[b'x'; 100_000]);
        let written = st.take_out();
        let (ptr, cap) = (written.as_ptr(), written.capacity());
        assert!(st.out.is_empty());
        st.keep_spare(written);
        st.out.extend_from_slice(b"next");
        let second = st.take_out();
        assert_eq!(&second[..], b"next");
        // The next appends land in the first buffer's memory: no new allocation.
        assert_eq!(st.out.as_ptr(), ptr);
        assert_eq!(st.out.capacity(), cap);
        assert!(st.out.is_empty());
    }

    #[test]
    fn a_buffer_written_to_the_end_is_kept_whole() {
        let mut st = state();
        st.out.extend_from_slice(&[b'x'; 100_000]);
        let mut written = st.take_out();
        let cap = written.capacity();
        written.advance(100_000); // what a write that sent everything leaves
        st.keep_spare(written);
        assert_eq!(st.spare.capacity(), cap);
    }

    #[test]
    fn a_buffer_past_the_limit_is_not_kept() {
        let mut st = state();
        st.keep_spare(BytesMut::with_capacity(SPARE_MAX + 1));
        assert_eq!(st.spare.capacity(), 0);
        st.keep_spare(BytesMut::with_capacity(1024));
        assert!(st.spare.capacity() >= 1024);
    }

    #[test]
    fn an_idle_connection_lets_its_burst_buffers_go() {
        let mut st = state();
        st.out.extend_from_slice(&[b'x'; 1 << 20]);
        let written = st.take_out();
        st.keep_spare(written);
        st.out.reserve(1 << 20);
        assert!(st.spare.capacity() >= 1 << 20);
        st.trim_idle();
        assert_eq!(st.spare.capacity(), 0);
        assert!(
            st.out.capacity() <= IDLE_KEEP,
            "an empty, grown out is let go"
        );
        // Pending bytes are never dropped.
        st.out.extend_from_slice(&[b'y'; 200_000]);
        st.trim_idle();
        assert_eq!(st.out.len(), 200_000);
    }

    #[test]
    fn what_was_not_written_goes_in_front_of_what_was_appended() {
        let mut st = state();
        st.out.extend_from_slice(b"AB");
        let mut taken = st.take_out();
        st.out.extend_from_slice(b"CD");
        taken.advance(1);
        st.put_back_in_front(taken);
        assert_eq!(&st.out[..], b"BCD");
        assert!(st.spare.capacity() > 0, "the displaced buffer is the spare");
        let mut rest = st.take_spare();
        assert!(rest.is_empty());
        rest.extend_from_slice(b"Z");
        st.put_back_in_front(rest);
        assert_eq!(&st.out[..], b"ZBCD");
    }
}
