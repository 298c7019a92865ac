//! Checking and reading an encoded command without copying it.

use std::fmt;
use std::ops::Deref;

use super::lex::{self, Line};
use super::{ProtocolError, MAX_AGGREGATE_LEN, MAX_BULK_LEN};

/// A validated command: exactly one RESP array of one or more bulk strings.
///
/// Go encodes commands itself and passes the bytes across the C ABI; checking them once here
/// means a bad request fails alone instead of corrupting a connection shared by other requests,
/// and lets the core look at the command name and keys (for routing) without decoding into
/// owned values.
///
/// [`parse`](Self::parse) walks the headers and skips payloads. Afterwards, [`args`](Self::args)
/// iterates in order, and [`arg`](Self::arg) walks from the start, so it costs O(i): prefer
/// `args` when visiting many arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandView<'a> {
    buf: &'a [u8],
    /// Offset of the first argument's `$` header.
    first: usize,
    len: usize,
    /// The command name, kept from `parse`: routing asks for it several times per
    /// request, and re-reading its header each time was a large share of a pipeline's
    /// per-command cost.
    name: &'a [u8],
}

impl<'a> CommandView<'a> {
    /// Checks that `buf` is exactly one array of bulk strings with at least one element, with
    /// nothing before or after it.
    pub fn parse(buf: &'a [u8]) -> Result<Self, ProtocolError> {
        let (len, mut pos) = len_header(buf, 0, b'*', MAX_AGGREGATE_LEN)?;
        if len == 0 {
            return Err(ProtocolError::new("a command needs at least one argument"));
        }
        let first = pos;
        let mut name: &'a [u8] = &[];
        for i in 0..len {
            let (n, next) = bulk_header(buf, pos)?;
            let end = next + n;
            if buf.len() < end.saturating_add(2) {
                return Err(ProtocolError::new(format!(
                    "command truncated: argument at offset {pos} needs {n} bytes"
                )));
            }
            lex::check_payload_end(buf, end)?;
            if i == 0 {
                // In range: the length check above covers `end`.
                name = buf.get(next..end).unwrap_or_default();
            }
            pos = end + 2;
        }
        if pos != buf.len() {
            return Err(ProtocolError::new(format!(
                "{} unexpected bytes after the command at offset {pos}",
                buf.len() - pos
            )));
        }
        Ok(Self {
            buf,
            first,
            len,
            name,
        })
    }

    /// The name of the command `buf` starts with, reading only its first two headers;
    /// `None` when those are malformed. It checks nothing past the name, so it is a
    /// cheap filter before [`parse`](Self::parse), never a substitute for it.
    pub fn peek_name(buf: &[u8]) -> Option<&[u8]> {
        let (len, pos) = len_header(buf, 0, b'*', MAX_AGGREGATE_LEN).ok()?;
        if len == 0 {
            return None;
        }
        let (n, next) = bulk_header(buf, pos).ok()?;
        buf.get(next..next.checked_add(n)?)
    }

    /// The number of arguments, command name included (always at least 1).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: `parse` rejects empty commands. Present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`th argument (0 is the command name), or `None` past the end. Walks from the first
    /// argument, so this is O(i), except for the name, which `parse` kept.
    pub fn arg(&self, i: usize) -> Option<&'a [u8]> {
        if i == 0 {
            return Some(self.name);
        }
        self.args().nth(i)
    }

    /// The arguments in order, as slices of the original buffer.
    pub fn args(&self) -> Args<'a> {
        Args {
            buf: self.buf,
            pos: self.first,
            remaining: self.len,
        }
    }

    /// The command name exactly as sent.
    pub fn name(&self) -> &'a [u8] {
        self.name
    }

    /// Whether the command name equals `name`, ignoring ASCII case. Cheaper than
    /// [`name_upper`](Self::name_upper) for a single comparison.
    pub fn name_is(&self, name: &str) -> bool {
        self.name().eq_ignore_ascii_case(name.as_bytes())
    }

    /// The command name in ASCII upper case (other bytes unchanged).
    ///
    /// Held inline without allocating for names up to 32 bytes, which covers every real command;
    /// longer (bogus) names are heap-allocated rather than truncated.
    pub fn name_upper(&self) -> CommandName {
        CommandName::upper(self.name())
    }

    /// The whole encoded command.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.buf
    }
}

/// Iterator over a [`CommandView`]'s arguments.
#[derive(Debug, Clone)]
pub struct Args<'a> {
    buf: &'a [u8],
    pos: usize,
    remaining: usize,
}

impl<'a> Iterator for Args<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.remaining == 0 {
            return None;
        }
        // The buffer was validated by CommandView::parse, so this cannot fail; if it somehow
        // did, ending the iteration is safer than panicking.
        let (n, next) = bulk_header(self.buf, self.pos).ok()?;
        let arg = self.buf.get(next..next + n)?;
        self.pos = next + n + 2;
        self.remaining -= 1;
        Some(arg)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Args<'_> {}

/// Reads the bulk string header at `pos`: the payload's length and where it starts.
fn bulk_header(buf: &[u8], pos: usize) -> Result<(usize, usize), ProtocolError> {
    len_header(buf, pos, b'$', MAX_BULK_LEN)
}

/// Reads the length header of type `ty` at `pos`: the length (at most `max`) and the
/// offset after its CRLF.
///
/// Every argument of every submitted command goes through here, so the usual header
/// (the type byte, a few digits, CRLF) is read in one pass; anything else, malformed
/// headers included, takes the general path, which also words the error.
fn len_header(buf: &[u8], pos: usize, ty: u8, max: usize) -> Result<(usize, usize), ProtocolError> {
    // At most 9 digits on the fast path: any such number fits a usize; longer ones
    // take the general path, which checks for overflow.
    const FAST_DIGITS: usize = 9;
    if buf.get(pos) == Some(&ty) {
        let mut n = 0usize;
        let mut i = pos + 1;
        while let Some(&d) = buf.get(i) {
            if !d.is_ascii_digit() || i - pos > FAST_DIGITS {
                break;
            }
            n = n * 10 + usize::from(d - b'0');
            i += 1;
        }
        if i > pos + 1 && n <= max && buf.get(i..i + 2) == Some(b"\r\n") {
            return Ok((n, i + 2));
        }
    }
    let (line, next) = header_line(buf, pos, ty)?;
    let n = lex::parse_len(line, pos + 1, false, max)?.unwrap_or_default();
    Ok((n, next))
}

/// Reads the header line at `pos`, which must start with `ty`; returns its content and the offset
/// after its CRLF.
fn header_line(buf: &[u8], pos: usize, ty: u8) -> Result<(&[u8], usize), ProtocolError> {
    match buf.get(pos) {
        Some(&b) if b == ty => {}
        Some(&b) => {
            return Err(ProtocolError::new(format!(
                "expected '{}' at offset {pos} of the command, found {}",
                ty as char,
                lex::show(b)
            )))
        }
        None => {
            return Err(ProtocolError::new(format!(
                "command truncated at offset {pos}"
            )))
        }
    }
    match lex::find_line(buf, pos + 1, pos + 1, lex::MAX_NUMBER_LINE)? {
        Line::Complete { end } => Ok((&buf[pos + 1..end], end + 2)),
        Line::Partial { .. } => Err(ProtocolError::new(format!(
            "command truncated in the header at offset {pos}"
        ))),
    }
}

const INLINE_NAME: usize = 32;

/// An upper-cased command name, from [`CommandView::name_upper`].
///
/// Dereferences to its bytes and compares with `str` and `[u8]`, so `name == "GET"` works.
#[derive(Clone)]
pub struct CommandName(NameRepr);

#[derive(Clone)]
enum NameRepr {
    Inline { buf: [u8; INLINE_NAME], len: u8 },
    Heap(Box<[u8]>),
}

impl CommandName {
    fn upper(name: &[u8]) -> Self {
        if name.len() <= INLINE_NAME {
            let mut buf = [0u8; INLINE_NAME];
            for (dst, &src) in buf.iter_mut().zip(name) {
                *dst = src.to_ascii_uppercase();
            }
            // len <= 32 fits in a u8.
            Self(NameRepr::Inline {
                buf,
                len: name.len() as u8,
            })
        } else {
            Self(NameRepr::Heap(name.to_ascii_uppercase().into_boxed_slice()))
        }
    }

    /// The upper-cased bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            NameRepr::Inline { buf, len } => &buf[..usize::from(*len)],
            NameRepr::Heap(bytes) => bytes,
        }
    }

    /// The name as text, or `None` if it is not UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }
}

impl Deref for CommandName {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl AsRef<[u8]> for CommandName {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for CommandName {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for CommandName {}

impl PartialEq<[u8]> for CommandName {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_bytes() == other
    }
}

impl PartialEq<str> for CommandName {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for CommandName {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for CommandName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CommandName({:?})",
            String::from_utf8_lossy(self.as_bytes())
        )
    }
}

impl fmt::Display for CommandName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resp::encode_command;
    use bytes::BytesMut;

    fn encoded(args: &[&[u8]]) -> Vec<u8> {
        let mut out = BytesMut::new();
        encode_command(&mut out, args);
        out.to_vec()
    }

    #[test]
    fn reads_arguments() {
        let buf = encoded(&[b"set", b"k\r\n", b"", b"\xff"]);
        let view = CommandView::parse(&buf).expect("valid");
        assert_eq!(view.len(), 4);
        assert!(!view.is_empty());
        assert_eq!(view.name(), b"set");
        assert!(view.name_is("SET"));
        assert!(!view.name_is("SETEX"));
        assert_eq!(view.name_upper(), "SET");
        assert_eq!(view.name_upper().as_str(), Some("SET"));
        assert_eq!(view.arg(1), Some(&b"k\r\n"[..]));
        assert_eq!(view.arg(2), Some(&b""[..]));
        assert_eq!(view.arg(3), Some(&b"\xff"[..]));
        assert_eq!(view.arg(4), None);
        let all: Vec<&[u8]> = view.args().collect();
        assert_eq!(all, vec![&b"set"[..], b"k\r\n", b"", b"\xff"]);
        assert_eq!(view.args().len(), 4);
        assert_eq!(view.as_bytes(), &buf[..]);
    }

    #[test]
    fn arguments_borrow_the_buffer() {
        let buf = encoded(&[b"GET", b"key"]);
        let view = CommandView::parse(&buf).expect("valid");
        let key = view.arg(1).expect("has key");
        assert_eq!(key.as_ptr(), buf[17..].as_ptr());
    }

    #[test]
    fn long_names_are_not_truncated() {
        let long = vec![b'x'; 100];
        let buf = encoded(&[&long]);
        let view = CommandView::parse(&buf).expect("valid");
        assert_eq!(view.name_upper().as_bytes(), &vec![b'X'; 100][..]);
        let exact = vec![b'y'; INLINE_NAME];
        let buf = encoded(&[&exact]);
        let view = CommandView::parse(&buf).expect("valid");
        assert_eq!(view.name_upper().len(), INLINE_NAME);
    }

    #[test]
    fn rejects_anything_but_one_array_of_bulk_strings() {
        let bad: &[&[u8]] = &[
            b"",
            b"*0\r\n",
            b"*-1\r\n",
            b"+PING\r\n",
            b"PING\r\n",
            b"*1\r\n",
            b"*1\r\n+PING\r\n",
            b"*1\r\n$-1\r\n",
            b"*1\r\n$4\r\nPING",
            b"*1\r\n$4\r\nPING\r",
            b"*1\r\n$4\r\nPINGXX",
            b"*1\r\n$3\r\nPING\r\n",
            b"*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n",
            b"*1\r\n$4\r\nPING\r\n\r\n",
            b"*2\r\n$4\r\nPING\r\n",
            b"*1\r\n*1\r\n$4\r\nPING\r\n",
            b"*1\r\n$999999999999\r\nx\r\n",
            b"*99999999999\r\n",
        ];
        for input in bad {
            assert!(
                CommandView::parse(input).is_err(),
                "{:?} should be rejected",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn the_kept_name_is_the_first_argument() {
        let buf = encoded(&[b"MuLtI", b"x"]);
        let view = CommandView::parse(&buf).expect("valid");
        assert_eq!(view.name(), view.args().next().expect("one argument"));
        assert_eq!(view.arg(0), Some(&b"MuLtI"[..]));
        assert_eq!(view.name().as_ptr(), buf[8..].as_ptr());
        assert!(view.name_is("multi"));
    }

    #[test]
    fn peek_name_reads_only_the_name() {
        let buf = encoded(&[b"\0pubsub-wait", b"SUBSCRIBE", b"ch"]);
        assert_eq!(CommandView::peek_name(&buf), Some(&b"\0pubsub-wait"[..]));
        // Broken after the name: peek still answers (parse would refuse).
        assert_eq!(
            CommandView::peek_name(b"*3\r\n$3\r\nSETxx"),
            Some(&b"SET"[..])
        );
        for bad in [
            &b""[..],
            b"*0\r\n",
            b"*1\r\n",
            b"*1\r\n$-1\r\n",
            b"*1\r\n$9\r\nPING",
            b"+OK\r\n",
            b"*1\r\n:1\r\n",
        ] {
            assert_eq!(CommandView::peek_name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_bulk_header_fast_path_agrees_with_the_general_reader() {
        let general = |buf: &[u8]| -> Result<(usize, usize), ProtocolError> {
            let (line, next) = header_line(buf, 0, b'$')?;
            let n = lex::parse_len(line, 1, false, MAX_BULK_LEN)?.unwrap_or_default();
            Ok((n, next))
        };
        let general_array = |buf: &[u8]| -> Result<(usize, usize), ProtocolError> {
            let (line, next) = header_line(buf, 0, b'*')?;
            let n = lex::parse_len(line, 1, false, MAX_AGGREGATE_LEN)?.unwrap_or_default();
            Ok((n, next))
        };
        let cases: &[&[u8]] = &[
            b"$0\r\n",
            b"$3\r\nSET",
            b"$007\r\n",
            b"$536870912\r\n",
            b"$536870913\r\n",
            b"$999999999\r\n",
            b"$1000000000\r\n",
            b"$99999999999999999999999\r\n",
            b"$\r\n",
            b"$-1\r\n",
            b"$3\n",
            b"$3\rx",
            b"$3",
            b"$",
            b"$3x\r\n",
            b"*3\r\n",
            b"",
        ];
        for c in cases {
            let fast = bulk_header(c, 0).map_err(|e| e.to_string());
            let slow = general(c).map_err(|e| e.to_string());
            assert_eq!(fast, slow, "{:?}", String::from_utf8_lossy(c));
            let array: Vec<u8> = c
                .iter()
                .map(|&b| if b == b'$' { b'*' } else { b })
                .collect();
            let fast = len_header(&array, 0, b'*', MAX_AGGREGATE_LEN).map_err(|e| e.to_string());
            let slow = general_array(&array).map_err(|e| e.to_string());
            assert_eq!(fast, slow, "{:?}", String::from_utf8_lossy(&array));
        }
    }

    #[test]
    fn the_fast_path_agrees_on_every_short_header() {
        // Every string of up to 5 bytes over the bytes that matter to a length header.
        const ALPHABET: &[u8] = b"$*0159-\r\nx";
        let general = |buf: &[u8], ty: u8, max: usize| -> Result<(usize, usize), String> {
            let (line, next) = header_line(buf, 0, ty).map_err(|e| e.to_string())?;
            let n = lex::parse_len(line, 1, false, max)
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            Ok((n, next))
        };
        let mut buf = Vec::new();
        for len in 0..=5u32 {
            for mut code in 0..ALPHABET.len().pow(len) {
                buf.clear();
                for _ in 0..len {
                    buf.push(ALPHABET[code % ALPHABET.len()]);
                    code /= ALPHABET.len();
                }
                for (ty, max) in [(b'$', MAX_BULK_LEN), (b'*', MAX_AGGREGATE_LEN), (b'$', 10)] {
                    let fast = len_header(&buf, 0, ty, max).map_err(|e| e.to_string());
                    assert_eq!(fast, general(&buf, ty, max), "{buf:?}");
                }
            }
        }
    }
}
