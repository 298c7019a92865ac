//! Room for the reader's next read.
//!
//! Replies of 32 KiB and more leave the reader as slices of its buffer (`Bytes`) and
//! keep that memory alive until the host frees them (ARCHITECTURE.md, "Who owns a
//! reply's bytes"). While any is held, the buffer cannot be reused in place, and
//! `BytesMut::reserve` used to allocate a new 64 KiB-and-a-bit block for every read,
//! copying the partial frame at the end of the old one into it: under 64 KiB GETs that
//! was one fresh block (and its page faults) and half a reply's copy per reply. The
//! reader now takes blocks of [`BLOCK`] and keeps the ones it moved away from (up to
//! [`RETIRED_MAX`]); once the host has freed every reply cut from one, the reader takes
//! it again, with its pages already mapped. Until the first large frame, the reader
//! keeps one small buffer as before (an idle client should not touch a block per
//! connection).
//!
//! The cost is memory: a connection that had many large replies held at once keeps up
//! to [`RETIRED_MAX`] blocks (32 MiB) after the burst, until it has been idle for a
//! whole heartbeat interval ([`ReadRoom::release`]). Letting released blocks go sooner —
//! beyond a few, whenever the reader moved blocks or found nothing in flight — was
//! tried: replies are released in bunches, the dropped blocks were mapped anew a moment
//! later, and page faults per GET were 3–8× those without the ring.

use bytes::BytesMut;

/// The size of a read block: several 64 KiB replies per block, so the partial frame at
/// a block's end is copied once per several replies.
const BLOCK: usize = 512 << 10;
/// Blocks kept for reuse while replies cut from them are still held: the host holds a
/// reply until its caller runs, and at 256 callers of 64 KiB that is up to 16 MiB, i.e.
/// 32 blocks; with fewer kept, most moves found no released block and mapped a new one.
const RETIRED_MAX: usize = 64;
/// Room below which the reader makes more before it reads.
const LOW_WATER: usize = 16 << 10;
/// What the buffer grows by while only small replies were seen (as before blocks).
const SMALL_GROWTH: usize = 64 << 10;
/// A frame at least this large may be held by the host (the C ABI hands replies of
/// 32 KiB and more over by reference), which keeps its buffer from being reused.
const LARGE_FRAME: usize = 32 << 10;

/// The reader's blocks that replies still refer to.
#[derive(Default)]
pub(super) struct ReadRoom {
    /// Whether a frame of [`LARGE_FRAME`] or more has been cut from the buffer: from
    /// then on the reader reads into blocks.
    blocks: bool,
    retired: Vec<BytesMut>,
    /// Whether `buf` is one of this ring's blocks (not a large bulk's own allocation,
    /// nor the handshake's leftover), i.e. worth keeping when the reader moves on.
    in_block: bool,
}

impl ReadRoom {
    /// Makes sure `buf` has room for at least `want` more bytes (and [`LOW_WATER`]):
    /// in place when nothing else refers to its memory, else in a retired block that
    /// was released, else in a new block. A `want` over half a block (a large bulk
    /// reply announced by its header) gets an allocation of its own, as before.
    pub(super) fn make_room(&mut self, buf: &mut BytesMut, want: usize) {
        if !self.blocks {
            // Small replies only so far: they are copied out and their memory is free
            // again at once, so one small buffer reused in place serves (an idle
            // client's connections should not each touch a block).
            if buf.capacity() - buf.len() < LOW_WATER {
                buf.reserve(SMALL_GROWTH);
            }
            if buf.capacity() - buf.len() < want {
                buf.reserve(want);
            }
            return;
        }
        let want = want.max(LOW_WATER);
        if buf.capacity() - buf.len() >= want || buf.try_reclaim(want) {
            return;
        }
        if want > BLOCK / 2 {
            if self.in_block {
                // Keep the block through an empty view of its end; `buf` keeps the
                // partial frame and moves it into its own allocation below.
                let tail = buf.split_off(buf.len());
                self.keep(tail);
                self.in_block = false;
            }
            buf.reserve(want);
            return;
        }
        let need = buf.len() + want;
        let mut next = self
            .reclaim_one(need)
            .unwrap_or_else(|| BytesMut::with_capacity(BLOCK.max(need)));
        next.extend_from_slice(buf);
        let old = std::mem::replace(buf, next);
        if std::mem::replace(&mut self.in_block, true) {
            self.keep(old);
        }
    }

    /// Notes a frame of `len` bytes cut from the buffer (see [`LARGE_FRAME`]).
    pub(super) fn saw_frame(&mut self, len: usize) {
        if len >= LARGE_FRAME {
            self.blocks = true;
        }
    }

    /// A retired block whose replies were all released, made empty and whole again.
    fn reclaim_one(&mut self, need: usize) -> Option<BytesMut> {
        let i = self.retired.iter_mut().position(|b| {
            b.clear();
            b.try_reclaim(need)
        })?;
        Some(self.retired.swap_remove(i))
    }

    /// Keeps `old` (whose content the reader has copied on) to reuse once released.
    fn keep(&mut self, mut old: BytesMut) {
        old.clear();
        if self.retired.len() < RETIRED_MAX {
            self.retired.push(old);
        }
    }

    /// Lets every kept block go and returns to the small-buffer mode, keeping `buf`
    /// only if it holds a partial frame or is small: the connection was idle for a
    /// heartbeat interval (`Conn::release_idle_memory`), and its next burst of large
    /// replies, if any, takes blocks again.
    pub(super) fn release(&mut self, buf: &mut BytesMut) {
        self.retired = Vec::new();
        self.blocks = false;
        self.in_block = false;
        if buf.is_empty() && buf.capacity() > SMALL_GROWTH + LOW_WATER {
            *buf = BytesMut::new();
        }
    }

    /// Blocks kept for reuse (for tests).
    #[cfg(test)]
    fn retired(&self) -> usize {
        self.retired.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_block_is_taken_again_with_its_partial_frame_moved() {
        let mut room = ReadRoom::default();
        room.saw_frame(LARGE_FRAME);
        let mut buf = BytesMut::new();
        room.make_room(&mut buf, 0);
        let first = buf.as_ptr();
        buf.extend_from_slice(&vec![b'a'; BLOCK - 100]);
        // A reply held by the host keeps the first block from being reused in place.
        let held = buf.split_to(BLOCK - 200).freeze();
        room.make_room(&mut buf, 0);
        assert_eq!(&buf[..], &[b'a'; 100][..], "the partial frame moved along");
        assert_ne!(buf.as_ptr(), first);
        assert_eq!(room.retired(), 1);
        // The host frees the reply; the reader's next move takes the first block back.
        drop(held);
        let second = buf.as_ptr();
        buf.extend_from_slice(&vec![b'b'; BLOCK - 200]);
        let held2 = buf.split_to(BLOCK - 150).freeze();
        room.make_room(&mut buf, 0);
        assert_eq!(buf.as_ptr(), first, "the released block is reused");
        assert_eq!(buf.len(), 50);
        assert_eq!(room.retired(), 1);
        drop(held2);
        let _ = second;
    }

    #[test]
    fn an_unshared_buffer_is_reused_in_place() {
        let mut room = ReadRoom::default();
        room.saw_frame(LARGE_FRAME);
        let mut buf = BytesMut::with_capacity(64 << 10);
        let first = buf.as_ptr();
        buf.extend_from_slice(&[b'x'; 60 << 10]);
        drop(buf.split_to(60 << 10));
        room.make_room(&mut buf, 0);
        assert_eq!(buf.as_ptr(), first);
        assert_eq!(room.retired(), 0);
    }

    #[test]
    fn a_large_bulk_gets_its_own_allocation_and_the_block_is_kept() {
        let mut room = ReadRoom::default();
        room.saw_frame(LARGE_FRAME);
        let mut buf = BytesMut::new();
        room.make_room(&mut buf, 0);
        buf.extend_from_slice(b"+OK\r\n$1048576\r\n");
        let held = buf.split_to(5).freeze();
        room.make_room(&mut buf, 1 << 20);
        assert!(buf.capacity() - buf.len() >= 1 << 20);
        assert_eq!(&buf[..], b"$1048576\r\n");
        assert_eq!(room.retired(), 1);
        drop(held);
    }

    #[test]
    fn an_idle_release_lets_the_blocks_go_but_keeps_a_partial_frame() {
        let mut room = ReadRoom::default();
        room.saw_frame(LARGE_FRAME);
        let mut buf = BytesMut::new();
        room.make_room(&mut buf, 0);
        buf.extend_from_slice(&vec![b'a'; BLOCK - 100]);
        let held = buf.split_to(BLOCK - 200).freeze();
        room.make_room(&mut buf, 0);
        assert_eq!(room.retired(), 1);
        // A partial frame is kept whatever its buffer.
        room.release(&mut buf);
        assert_eq!(room.retired(), 0);
        assert_eq!(&buf[..], &[b'a'; 100][..]);
        // An empty block is let go, and small replies use one small buffer again.
        drop(buf.split());
        room.release(&mut buf);
        assert_eq!(buf.capacity(), 0);
        room.make_room(&mut buf, 0);
        assert!(buf.capacity() < BLOCK / 4, "capacity {}", buf.capacity());
        drop(held);
    }

    #[test]
    fn small_replies_only_keep_one_small_buffer() {
        let mut room = ReadRoom::default();
        room.saw_frame(LARGE_FRAME - 1);
        let mut buf = BytesMut::new();
        for _ in 0..100 {
            room.make_room(&mut buf, 0);
            let room_left = buf.capacity() - buf.len();
            buf.extend_from_slice(&vec![b's'; room_left]);
            drop(buf.split());
        }
        room.make_room(&mut buf, 0);
        assert!(buf.capacity() < BLOCK / 4, "capacity {}", buf.capacity());
        assert_eq!(room.retired(), 0);
    }
}
