//! Finding frame boundaries without building values.

use super::lex::{self, Line};
use super::{ProtocolError, MAX_AGGREGATE_LEN, MAX_BULK_LEN, MAX_DEPTH};

/// What a complete top-level frame is, so the connection can route it without decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameKind {
    /// Any ordinary reply.
    Reply,
    /// A top-level simple error (`-`) or blob error (`!`).
    Error,
    /// An out-of-band push (`>`), which answers no request.
    Push,
}

/// A complete frame found by [`Scanner::scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameInfo {
    /// Exact length in bytes of the frame, from the start of the buffer passed to `scan`.
    pub len: usize,
    /// What the frame is; a leading attribute does not count, the value after it does.
    pub kind: FrameKind,
}

/// The payload of a bulk string, blob error or verbatim string that is still arriving.
#[derive(Debug, Clone, Copy)]
struct Payload {
    start: usize,
    /// Offset just past the payload, where its CRLF must be.
    end: usize,
    verbatim: bool,
}

/// Resumable, allocation-free frame delimiter.
///
/// Call [`scan`](Self::scan) with a buffer that starts at the first byte of the current frame and
/// has only grown since the previous call. The scanner remembers how far it got (the offset of the
/// next element, where an unfinished line's search stopped, and how many elements each open
/// aggregate still expects), so each byte is examined about once however the frame is split
/// across reads. A bulk payload is not examined at all: only its trailing CRLF is checked, once
/// enough bytes are there.
///
/// The element-count stack keeps its capacity across frames; it only grows past its initial size
/// for frames nested more than 16 levels deep.
#[derive(Debug, Clone)]
pub struct Scanner {
    /// Offset of the next element's type byte (or, during a payload, of the payload's header end).
    pos: usize,
    /// Where the CRLF search for the line at `pos` resumes.
    line_from: usize,
    payload: Option<Payload>,
    /// Elements still expected by each open aggregate, innermost last.
    stack: Vec<u32>,
    /// How many of the outermost stack entries are attributes preceding the top-level value.
    attr_chain: usize,
    kind: FrameKind,
    /// Bytes examined while searching for line ends, across all frames; tests use it to prove
    /// that nothing is rescanned.
    #[cfg(test)]
    pub(crate) examined: usize,
}

impl Default for Scanner {
    fn default() -> Self {
        Self::new()
    }
}

impl Scanner {
    /// Creates a scanner positioned at the start of a frame.
    pub fn new() -> Self {
        Self {
            pos: 0,
            line_from: 0,
            payload: None,
            stack: Vec::with_capacity(16),
            attr_chain: 0,
            kind: FrameKind::Reply,
            #[cfg(test)]
            examined: 0,
        }
    }

    /// Forgets any partial progress, so the next `scan` starts a new frame at offset 0.
    ///
    /// `scan` already does this after returning a frame or an error; call it yourself when
    /// discarding a buffer mid-frame (for example after a reconnect).
    pub fn reset(&mut self) {
        self.pos = 0;
        self.line_from = 0;
        self.payload = None;
        self.stack.clear();
        self.attr_chain = 0;
        self.kind = FrameKind::Reply;
    }

    /// Continues delimiting the frame at the start of `buf`.
    ///
    /// Returns `Ok(Some(info))` once the frame is complete (`buf[..info.len]` is the frame; any
    /// bytes after it belong to later frames), `Ok(None)` when more bytes are needed, and `Err`
    /// when the bytes are not valid RESP. After `Some` or `Err` the scanner is ready for the next
    /// frame, whose first byte must be at offset 0 of the next buffer passed in.
    pub fn scan(&mut self, buf: &[u8]) -> Result<Option<FrameInfo>, ProtocolError> {
        let result = self.advance(buf);
        if !matches!(result, Ok(None)) {
            self.reset();
        }
        result
    }

    fn advance(&mut self, buf: &[u8]) -> Result<Option<FrameInfo>, ProtocolError> {
        loop {
            if let Some(p) = self.payload {
                if buf.len() < p.end + 2 {
                    return Ok(None);
                }
                lex::check_payload_end(buf, p.end)?;
                if p.verbatim {
                    lex::check_verbatim(&buf[p.start..p.end], p.start)?;
                }
                self.payload = None;
                self.pos = p.end + 2;
                if self.finish_element() {
                    return Ok(Some(self.frame()));
                }
                continue;
            }

            let Some(&ty) = buf.get(self.pos) else {
                return Ok(None);
            };
            let limit = lex::check_type(ty, self.pos)?;
            let start = self.pos + 1;
            let from = self.line_from.max(start);
            let end = match lex::find_line(buf, start, from, limit)? {
                Line::Partial { resume } => {
                    self.count_examined(resume.saturating_sub(from));
                    self.line_from = resume;
                    return Ok(None);
                }
                Line::Complete { end } => {
                    self.count_examined(end + 1 - from);
                    end
                }
            };
            let line = &buf[start..end];
            let next = end + 2;
            self.line_from = 0;

            if self.at_top_value() {
                match ty {
                    b'|' => self.attr_chain += 1,
                    b'-' | b'!' => self.kind = FrameKind::Error,
                    b'>' => self.kind = FrameKind::Push,
                    _ => self.kind = FrameKind::Reply,
                }
            }
            self.pos = next;

            match ty {
                b'+' | b'-' => {}
                b':' => {
                    lex::parse_int(line, start)?;
                }
                b'_' => lex::check_null(line, start)?,
                b'#' => {
                    lex::parse_bool(line, start)?;
                }
                b',' => {
                    lex::parse_double(line, start)?;
                }
                b'(' => lex::check_big_number(line, start)?,
                b'$' | b'!' | b'=' => {
                    if let Some(n) = lex::parse_len(line, start, ty == b'$', MAX_BULK_LEN)? {
                        let end = next.checked_add(n).ok_or_else(|| {
                            ProtocolError::new(format!("payload at offset {next} overflows"))
                        })?;
                        self.payload = Some(Payload {
                            start: next,
                            end,
                            verbatim: ty == b'=',
                        });
                        continue;
                    }
                }
                _ => {
                    // Aggregates: * ~ > % |
                    let n = lex::parse_len(line, start, ty == b'*', MAX_AGGREGATE_LEN)?;
                    if let Some(n) = n {
                        let slots = aggregate_slots(ty, n);
                        if slots > 0 {
                            if self.stack.len() >= MAX_DEPTH {
                                return Err(depth_error(start - 1));
                            }
                            let slots = u32::try_from(slots).map_err(|_| {
                                ProtocolError::new(format!(
                                    "aggregate at offset {} is too large",
                                    start - 1
                                ))
                            })?;
                            self.stack.push(slots);
                            continue;
                        }
                    }
                }
            }
            if self.finish_element() {
                return Ok(Some(self.frame()));
            }
        }
    }

    /// Whether the element about to be read is the frame's own value (possibly after attributes),
    /// as opposed to something nested inside it.
    fn at_top_value(&self) -> bool {
        self.stack.len() == self.attr_chain
            && match self.stack.last() {
                None => true,
                Some(&left) => left == 1,
            }
    }

    /// Records one finished element; returns true when that completes the whole frame.
    fn finish_element(&mut self) -> bool {
        while let Some(left) = self.stack.last_mut() {
            *left -= 1;
            if *left > 0 {
                return false;
            }
            self.stack.pop();
        }
        true
    }

    fn frame(&self) -> FrameInfo {
        FrameInfo {
            len: self.pos,
            kind: self.kind,
        }
    }

    #[cfg(test)]
    fn count_examined(&mut self, n: usize) {
        self.examined += n;
    }

    #[cfg(not(test))]
    #[inline(always)]
    fn count_examined(&mut self, _n: usize) {}
}

/// How many elements follow an aggregate header announcing `n`: maps and attributes count pairs,
/// and an attribute is followed by the value it annotates.
pub(crate) fn aggregate_slots(ty: u8, n: usize) -> u64 {
    let n = n as u64;
    match ty {
        b'%' => 2 * n,
        b'|' => 2 * n + 1,
        _ => n,
    }
}

pub(crate) fn depth_error(at: usize) -> ProtocolError {
    ProtocolError::new(format!(
        "aggregate at offset {at} nests deeper than {MAX_DEPTH} levels"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(bytes: &[u8]) -> Result<Option<FrameInfo>, ProtocolError> {
        Scanner::new().scan(bytes)
    }

    fn frame(bytes: &[u8], kind: FrameKind) {
        let got = scan_all(bytes);
        assert_eq!(
            got,
            Ok(Some(FrameInfo {
                len: bytes.len(),
                kind
            })),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        // Every strict prefix is incomplete.
        for cut in 0..bytes.len() {
            assert_eq!(scan_all(&bytes[..cut]), Ok(None), "prefix {cut}");
        }
    }

    #[test]
    fn every_type() {
        use FrameKind::*;
        frame(b"+OK\r\n", Reply);
        frame(b"+\r\n", Reply);
        frame(b"-ERR unknown\r\n", Error);
        frame(b":0\r\n", Reply);
        frame(b":-9223372036854775808\r\n", Reply);
        frame(b"$5\r\nhello\r\n", Reply);
        frame(b"$0\r\n\r\n", Reply);
        frame(b"$-1\r\n", Reply);
        frame(b"$4\r\na\r\nb\r\n", Reply);
        frame(b"*-1\r\n", Reply);
        frame(b"*0\r\n", Reply);
        frame(b"*2\r\n:1\r\n$1\r\nx\r\n", Reply);
        frame(b"_\r\n", Reply);
        frame(b"#t\r\n", Reply);
        frame(b"#f\r\n", Reply);
        frame(b",3.25\r\n", Reply);
        frame(b",inf\r\n", Reply);
        frame(b",-inf\r\n", Reply);
        frame(b",nan\r\n", Reply);
        frame(b"(3492890328409238509324850943850943825024385\r\n", Reply);
        frame(b"!21\r\nSYNTAX invalid syntax\r\n", Error);
        frame(b"=15\r\ntxt:Some string\r\n", Reply);
        frame(b"%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n", Reply);
        frame(b"%0\r\n", Reply);
        frame(b"~3\r\n:1\r\n:2\r\n:3\r\n", Reply);
        frame(b">3\r\n+message\r\n+chan\r\n$2\r\nhi\r\n", Push);
        frame(b">0\r\n", Push);
    }

    #[test]
    fn attributes_take_the_kind_of_their_value() {
        use FrameKind::*;
        frame(b"|1\r\n+key\r\n+val\r\n:5\r\n", Reply);
        frame(b"|1\r\n+key\r\n+val\r\n-ERR x\r\n", Error);
        frame(b"|0\r\n>1\r\n+x\r\n", Push);
        // An attribute whose own map holds an error or push does not make the frame one.
        frame(b"|1\r\n-ERR k\r\n>1\r\n:1\r\n+fine\r\n", Reply);
        // Chained attributes, then an aggregate value.
        frame(
            b"|1\r\n+a\r\n+b\r\n|1\r\n+c\r\n+d\r\n*1\r\n!1\r\nx\r\n",
            Reply,
        );
        frame(b"|1\r\n+a\r\n+b\r\n|0\r\n!1\r\nx\r\n", Error);
        // Attributes nested inside an aggregate.
        frame(b"*2\r\n|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n:2\r\n", Reply);
        frame(b"*1\r\n-ERR nested\r\n", Reply);
    }

    #[test]
    fn frames_end_exactly() {
        let mut s = Scanner::new();
        let info = s.scan(b"+OK\r\n:1\r\n").ok().flatten();
        assert_eq!(info.map(|i| i.len), Some(5));
        let info = s.scan(b":1\r\n").ok().flatten();
        assert_eq!(info.map(|i| i.len), Some(4));
    }

    #[test]
    fn malformed_inputs_are_errors() {
        let bad: &[&[u8]] = &[
            b"?\r\n",
            b"\r\n",
            b"+OK\rX",
            b"+O\nK\r\n",
            b":\r\n",
            b":12a\r\n",
            b":99999999999999999999\r\n",
            b"$\r\n",
            b"$-2\r\n",
            b"$+1\r\n",
            b"$1x\r\n",
            b"$3\r\nabcd\r\n",
            b"$1\r\nabc",
            b"!-1\r\n",
            b"=-1\r\n",
            b"=3\r\ntxt\r\n",
            b"=5\r\ntxtab\r\n",
            b"%-1\r\n",
            b"~-1\r\n",
            b">-1\r\n",
            b"|-1\r\n",
            b"*-2\r\n",
            b"*1\r\n?\r\n",
            b"#x\r\n",
            b"#tt\r\n",
            b"#\r\n",
            b"_x\r\n",
            b",\r\n",
            b",1.2.3\r\n",
            b"(\r\n",
            b"(12a\r\n",
            b"(-\r\n",
            b"$536870913\r\n",
            b"*2147483648\r\n",
            b":1111111111111111111111111111111111111111111111111111111111111111111",
        ];
        for input in bad {
            assert!(
                scan_all(input).is_err(),
                "{:?} should be rejected",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn limits_at_the_edge_are_accepted() {
        // The largest bulk header is fine; it just waits for the payload.
        assert_eq!(scan_all(b"$536870912\r\n"), Ok(None));
        assert_eq!(scan_all(b"*2147483647\r\n"), Ok(None));
        assert_eq!(scan_all(b"%2147483647\r\n"), Ok(None));
        assert_eq!(scan_all(b"|2147483647\r\n"), Ok(None));
    }

    #[test]
    fn error_resets_for_the_next_frame() {
        let mut s = Scanner::new();
        assert!(s.scan(b"*2\r\n:1\r\n?").is_err());
        assert_eq!(
            s.scan(b"+OK\r\n"),
            Ok(Some(FrameInfo {
                len: 5,
                kind: FrameKind::Reply
            }))
        );
    }

    #[test]
    fn reset_abandons_a_partial_frame() {
        let mut s = Scanner::new();
        assert_eq!(s.scan(b"*3\r\n:1\r\n"), Ok(None));
        s.reset();
        assert_eq!(s.scan(b":7\r\n").ok().flatten().map(|i| i.len), Some(4));
    }

    #[test]
    fn shrinking_buffer_does_not_panic() {
        // Misuse: the contract says the buffer only grows. Must still not panic.
        let mut s = Scanner::new();
        assert_eq!(s.scan(b"*2\r\n$10\r\nabc"), Ok(None));
        assert_eq!(s.scan(b"*2"), Ok(None));
        assert_eq!(s.scan(b""), Ok(None));
        let mut s = Scanner::new();
        assert_eq!(s.scan(b"+hello wor"), Ok(None));
        assert_eq!(s.scan(b"+he"), Ok(None));
        let _ = s.scan(b"+hello\r\n");
    }
}
