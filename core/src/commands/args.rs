//! Random access to a command's arguments, whatever holds them.

use std::cell::Cell;

/// A command's arguments, `arg(0)` being the command name.
///
/// Key finding reads a handful of arguments, mostly in increasing order (the
/// name, a subcommand, a key count, the keys), so an implementation only has to
/// make forward access cheap: [`RespArgs`] walks the encoded frame lazily.
pub trait ArgList {
    /// How many arguments, name included.
    fn arg_count(&self) -> usize;
    /// Argument `index`, or `None` past the end (or when the encoding is broken).
    fn arg(&self, index: usize) -> Option<&[u8]>;
}

impl<T: AsRef<[u8]>> ArgList for [T] {
    fn arg_count(&self) -> usize {
        self.len()
    }
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.get(index).map(AsRef::as_ref)
    }
}

impl<T: AsRef<[u8]>, const N: usize> ArgList for [T; N] {
    fn arg_count(&self) -> usize {
        N
    }
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.get(index).map(AsRef::as_ref)
    }
}

impl<T: AsRef<[u8]>> ArgList for Vec<T> {
    fn arg_count(&self) -> usize {
        self.len()
    }
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.get(index).map(AsRef::as_ref)
    }
}

impl<A: ArgList + ?Sized> ArgList for &A {
    fn arg_count(&self) -> usize {
        (**self).arg_count()
    }
    fn arg(&self, index: usize) -> Option<&[u8]> {
        (**self).arg(index)
    }
}

/// A RESP-encoded command (`*<n>\r\n` then `n` bulk strings, as a client sends
/// it) read in place: no copy, no allocation.
///
/// Arguments are located by walking the frame from a remembered position, so
/// reading them in increasing order costs one pass over the frame; going back
/// restarts from the first argument. Only the header is checked up front: an
/// argument whose encoding is broken, or that lies past the end of `buf`, reads
/// as `None`, which key finding treats as absent.
#[derive(Clone, Debug)]
pub struct RespArgs<'a> {
    buf: &'a [u8],
    count: usize,
    /// Offset of the first bulk string's `$`.
    start: usize,
    /// (index, offset of its `$`) of the last argument reached.
    cursor: Cell<(usize, usize)>,
}

impl<'a> RespArgs<'a> {
    /// Reads the array header; `None` unless `buf` starts with `*<n>\r\n`.
    /// `buf` may extend past the frame (a buffer holding more pipelined commands).
    pub fn new(buf: &'a [u8]) -> Option<Self> {
        let rest = buf.strip_prefix(b"*")?;
        let (count, used) = parse_len_line(rest)?;
        let start = 1 + used;
        Some(RespArgs {
            buf,
            count,
            start,
            cursor: Cell::new((0, start)),
        })
    }

    /// Arguments in order, each borrowed from the frame.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let mut at = self.start;
        (0..self.count).map_while(move |_| {
            let (arg, next) = bulk_at(self.buf, at)?;
            at = next;
            Some(arg)
        })
    }

    /// Argument `index` with the frame's lifetime (the trait ties it to `&self`).
    pub fn get(&self, index: usize) -> Option<&'a [u8]> {
        if index >= self.count {
            return None;
        }
        let (mut i, mut at) = self.cursor.get();
        if index < i {
            (i, at) = (0, self.start);
        }
        while i < index {
            let (_, next) = bulk_at(self.buf, at)?;
            (i, at) = (i + 1, next);
        }
        self.cursor.set((i, at));
        bulk_at(self.buf, at).map(|(arg, _)| arg)
    }
}

impl ArgList for RespArgs<'_> {
    fn arg_count(&self) -> usize {
        self.count
    }
    fn arg(&self, index: usize) -> Option<&[u8]> {
        self.get(index)
    }
}

/// The bulk string whose `$` is at `at`, and the offset just past it.
fn bulk_at(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = buf.get(at..)?.strip_prefix(b"$")?;
    let (len, used) = parse_len_line(rest)?;
    let from = at + 1 + used;
    let to = from.checked_add(len)?;
    let end = to.checked_add(2)?;
    if buf.get(to..end)? != b"\r\n" {
        return None;
    }
    Some((buf.get(from..to)?, end))
}

/// A non-negative decimal followed by CRLF: (value, bytes consumed).
fn parse_len_line(buf: &[u8]) -> Option<(usize, usize)> {
    let digits = buf.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 18 || buf.get(digits..digits + 2)? != b"\r\n" {
        return None;
    }
    let n = buf[..digits]
        .iter()
        .fold(0usize, |n, &d| n * 10 + usize::from(d - b'0'));
    Some((n, digits + 2))
}
