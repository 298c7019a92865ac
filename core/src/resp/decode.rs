//! Building a [`Value`] from one complete frame.

use bytes::Bytes;

use super::lex::{self, Line};
use super::scanner::{aggregate_slots, depth_error};
use super::{ProtocolError, ServerError, Value, MAX_AGGREGATE_LEN, MAX_BULK_LEN, MAX_DEPTH};

/// Decodes exactly one complete frame, as delimited by [`Scanner`](super::Scanner).
///
/// Bulk strings are slices of `frame` (no copy). Text that RESP does not promise to be UTF-8
/// (simple strings, errors, verbatim strings) is converted lossily, replacing invalid sequences
/// with U+FFFD, so decoding never fails on content the scanner accepted. Missing bytes, trailing
/// bytes after the frame, or anything malformed give a [`ProtocolError`].
pub fn decode(frame: Bytes) -> Result<Value, ProtocolError> {
    let mut decoder = Decoder {
        frame: &frame,
        pos: 0,
    };
    let value = decoder.run()?;
    if decoder.pos != frame.len() {
        return Err(ProtocolError::new(format!(
            "{} trailing bytes after the frame at offset {}",
            frame.len() - decoder.pos,
            decoder.pos
        )));
    }
    Ok(value)
}

/// An aggregate whose elements are still being read.
///
/// Decoding keeps these on an explicit stack rather than recursing, so a frame nested
/// [`MAX_DEPTH`] levels deep needs no more thread stack than a flat one.
enum Open {
    /// An array, set or push still expecting `left` elements.
    List {
        ty: u8,
        items: Vec<Value>,
        left: usize,
    },
    /// A map or attribute still expecting `left` pairs; `key` holds a key awaiting its value.
    Pairs {
        attribute: bool,
        pairs: Vec<(Value, Value)>,
        key: Option<Value>,
        left: usize,
    },
    /// An attribute whose pairs are complete, awaiting the value it annotates.
    Annotating { attributes: Vec<(Value, Value)> },
}

impl Open {
    /// Adds a finished element; returns the aggregate once that completes it.
    fn push(&mut self, value: Value) -> Option<Value> {
        match self {
            Open::List { ty, items, left } => {
                items.push(value);
                *left -= 1;
                if *left > 0 {
                    return None;
                }
                let items = std::mem::take(items);
                Some(match ty {
                    b'~' => Value::Set(items),
                    b'>' => Value::Push(items),
                    _ => Value::Array(items),
                })
            }
            Open::Pairs {
                attribute,
                pairs,
                key,
                left,
            } => {
                let Some(k) = key.take() else {
                    *key = Some(value);
                    return None;
                };
                pairs.push((k, value));
                *left -= 1;
                if *left > 0 {
                    return None;
                }
                let pairs = std::mem::take(pairs);
                if *attribute {
                    *self = Open::Annotating { attributes: pairs };
                    None
                } else {
                    Some(Value::Map(pairs))
                }
            }
            Open::Annotating { attributes } => Some(Value::Attribute {
                attributes: std::mem::take(attributes),
                value: Box::new(value),
            }),
        }
    }
}

struct Decoder<'a> {
    frame: &'a Bytes,
    pos: usize,
}

impl Decoder<'_> {
    fn run(&mut self) -> Result<Value, ProtocolError> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            let Some(mut value) = self.element(&mut open)? else {
                continue;
            };
            // Hand the finished element to its parent; completing the parent may complete
            // the grandparent, and so on.
            loop {
                let Some(parent) = open.last_mut() else {
                    return Ok(value);
                };
                match parent.push(value) {
                    Some(done) => {
                        open.pop();
                        value = done;
                    }
                    None => break,
                }
            }
        }
    }

    /// Reads the element at `pos`. Returns it when it is complete by itself; when it is a
    /// non-empty aggregate, opens it on `open` and returns `None`.
    fn element(&mut self, open: &mut Vec<Open>) -> Result<Option<Value>, ProtocolError> {
        let buf: &[u8] = self.frame;
        let at = self.pos;
        let ty = *buf.get(at).ok_or_else(|| incomplete(at))?;
        let limit = lex::check_type(ty, at)?;
        let start = at + 1;
        let end = match lex::find_line(buf, start, start, limit)? {
            Line::Complete { end } => end,
            Line::Partial { resume } => return Err(incomplete(resume)),
        };
        let line = &buf[start..end];
        self.pos = end + 2;

        let value = match ty {
            b'+' => Value::SimpleString(text(line)),
            b'-' => Value::ServerError(ServerError::new(text(line))),
            b':' => Value::Integer(lex::parse_int(line, start)?),
            b'_' => {
                lex::check_null(line, start)?;
                Value::Nil
            }
            b'#' => Value::Boolean(lex::parse_bool(line, start)?),
            b',' => Value::Double(lex::parse_double(line, start)?),
            b'(' => {
                lex::check_big_number(line, start)?;
                Value::BigNumber(text(line))
            }
            b'$' | b'!' | b'=' => match lex::parse_len(line, start, ty == b'$', MAX_BULK_LEN)? {
                None => Value::Nil,
                Some(n) => {
                    let (from, to) = self.payload(n)?;
                    let payload = &buf[from..to];
                    match ty {
                        b'$' => Value::BulkString(self.frame.slice(from..to)),
                        b'!' => Value::ServerError(ServerError::new(text(payload))),
                        _ => {
                            lex::check_verbatim(payload, from)?;
                            Value::VerbatimString {
                                format: text(&payload[..3]),
                                text: text(&payload[4..]),
                            }
                        }
                    }
                }
            },
            _ => match lex::parse_len(line, start, ty == b'*', MAX_AGGREGATE_LEN)? {
                None => Value::Nil,
                Some(n) => {
                    if aggregate_slots(ty, n) == 0 {
                        return Ok(Some(match ty {
                            b'~' => Value::Set(Vec::new()),
                            b'>' => Value::Push(Vec::new()),
                            b'%' => Value::Map(Vec::new()),
                            _ => Value::Array(Vec::new()),
                        }));
                    }
                    if open.len() >= MAX_DEPTH {
                        return Err(depth_error(at));
                    }
                    open.push(self.open(ty, n));
                    return Ok(None);
                }
            },
        };
        Ok(Some(value))
    }

    fn open(&self, ty: u8, n: usize) -> Open {
        // Every element takes at least three bytes, so a larger count cannot be honest;
        // capping the reservation keeps a lying header from allocating gigabytes.
        let room = (self.frame.len() - self.pos) / 3;
        match ty {
            b'|' if n == 0 => Open::Annotating {
                attributes: Vec::new(),
            },
            b'%' | b'|' => Open::Pairs {
                attribute: ty == b'|',
                pairs: Vec::with_capacity(n.min(room / 2)),
                key: None,
                left: n,
            },
            _ => Open::List {
                ty,
                items: Vec::with_capacity(n.min(room)),
                left: n,
            },
        }
    }

    /// Consumes an `n`-byte payload and its CRLF; returns the payload's range.
    fn payload(&mut self, n: usize) -> Result<(usize, usize), ProtocolError> {
        let from = self.pos;
        let to = from
            .checked_add(n)
            .ok_or_else(|| ProtocolError::new(format!("payload at offset {from} overflows")))?;
        if self.frame.len() < to.saturating_add(2) {
            return Err(incomplete(self.frame.len()));
        }
        lex::check_payload_end(self.frame, to)?;
        self.pos = to + 2;
        Ok((from, to))
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn incomplete(at: usize) -> ProtocolError {
    ProtocolError::new(format!("incomplete frame: input ends at offset {at}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &'static [u8]) -> Value {
        match decode(Bytes::from_static(bytes)) {
            Ok(v) => v,
            Err(e) => panic!("{:?}: {e}", String::from_utf8_lossy(bytes)),
        }
    }

    fn bulk(s: &'static str) -> Value {
        Value::BulkString(Bytes::from_static(s.as_bytes()))
    }

    fn simple(s: &str) -> Value {
        Value::SimpleString(s.to_owned())
    }

    #[test]
    fn scalars() {
        assert_eq!(dec(b"+OK\r\n"), simple("OK"));
        assert_eq!(dec(b"+\r\n"), simple(""));
        assert_eq!(
            dec(b"-WRONGTYPE Operation against a key\r\n"),
            Value::ServerError(ServerError::new("WRONGTYPE Operation against a key"))
        );
        assert_eq!(dec(b":-42\r\n"), Value::Integer(-42));
        assert_eq!(dec(b":+42\r\n"), Value::Integer(42));
        assert_eq!(dec(b"$5\r\nhello\r\n"), bulk("hello"));
        assert_eq!(dec(b"$0\r\n\r\n"), bulk(""));
        assert_eq!(dec(b"$4\r\n\r\n\r\n\r\n"), bulk("\r\n\r\n"));
        assert_eq!(dec(b"$-1\r\n"), Value::Nil);
        assert_eq!(dec(b"*-1\r\n"), Value::Nil);
        assert_eq!(dec(b"_\r\n"), Value::Nil);
        assert_eq!(dec(b"#t\r\n"), Value::Boolean(true));
        assert_eq!(dec(b"#f\r\n"), Value::Boolean(false));
        assert_eq!(dec(b",1.5\r\n"), Value::Double(1.5));
        assert_eq!(dec(b",-0.25e2\r\n"), Value::Double(-25.0));
        assert_eq!(dec(b",inf\r\n"), Value::Double(f64::INFINITY));
        assert_eq!(dec(b",-inf\r\n"), Value::Double(f64::NEG_INFINITY));
        assert!(matches!(dec(b",nan\r\n"), Value::Double(d) if d.is_nan()));
        assert_eq!(
            dec(b"(-3492890328409238509324850943850943825024385\r\n"),
            Value::BigNumber("-3492890328409238509324850943850943825024385".into())
        );
        assert_eq!(
            dec(b"!21\r\nSYNTAX invalid syntax\r\n"),
            Value::ServerError(ServerError::new("SYNTAX invalid syntax"))
        );
        assert_eq!(
            dec(b"=15\r\ntxt:Some string\r\n"),
            Value::VerbatimString {
                format: "txt".into(),
                text: "Some string".into()
            }
        );
        assert_eq!(
            dec(b"=4\r\nmkd:\r\n"),
            Value::VerbatimString {
                format: "mkd".into(),
                text: String::new()
            }
        );
    }

    #[test]
    fn aggregates() {
        assert_eq!(dec(b"*0\r\n"), Value::Array(vec![]));
        assert_eq!(
            dec(b"*3\r\n:1\r\n$-1\r\n*2\r\n+a\r\n-ERR b\r\n"),
            Value::Array(vec![
                Value::Integer(1),
                Value::Nil,
                Value::Array(vec![
                    simple("a"),
                    Value::ServerError(ServerError::new("ERR b"))
                ]),
            ])
        );
        assert_eq!(
            dec(b"%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n~1\r\n#t\r\n"),
            Value::Map(vec![
                (simple("first"), Value::Integer(1)),
                (bulk("second"), Value::Set(vec![Value::Boolean(true)])),
            ])
        );
        assert_eq!(dec(b"%0\r\n"), Value::Map(vec![]));
        assert_eq!(
            dec(b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"),
            Value::Push(vec![bulk("message"), bulk("ch"), bulk("hi")])
        );
    }

    #[test]
    fn attributes() {
        assert_eq!(
            dec(b"|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2\r\n"),
            Value::Attribute {
                attributes: vec![(
                    simple("key-popularity"),
                    Value::Map(vec![(bulk("a"), Value::Double(0.19))])
                )],
                value: Box::new(Value::Array(vec![Value::Integer(2)])),
            }
        );
        assert_eq!(
            dec(b"*2\r\n|0\r\n:1\r\n:2\r\n"),
            Value::Array(vec![
                Value::Attribute {
                    attributes: vec![],
                    value: Box::new(Value::Integer(1))
                },
                Value::Integer(2)
            ])
        );
    }

    #[test]
    fn bulk_strings_are_zero_copy() {
        let frame = Bytes::from_static(b"*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n");
        let base = frame.as_ptr() as usize;
        let Ok(Value::Array(items)) = decode(frame.clone()) else {
            panic!("not an array");
        };
        let Value::BulkString(foo) = &items[0] else {
            panic!("not bulk");
        };
        assert_eq!(foo.as_ptr() as usize, base + 8);
    }

    #[test]
    fn invalid_utf8_text_is_lossy_not_an_error() {
        assert_eq!(dec(b"+a\xffb\r\n"), simple("a\u{fffd}b"));
        assert_eq!(
            dec(b"$2\r\n\xff\xfe\r\n"),
            Value::BulkString(Bytes::from_static(b"\xff\xfe"))
        );
    }

    #[test]
    fn rejects_incomplete_trailing_and_malformed() {
        let bad: &[&[u8]] = &[
            b"",
            b"+OK",
            b"+OK\r",
            b"+OK\r\n+",
            b"+OK\r\n\r\n",
            b"$3\r\nab",
            b"$3\r\nabc",
            b"$3\r\nabcX\n",
            b"*2\r\n:1\r\n",
            b"%1\r\n:1\r\n",
            b"|1\r\n:1\r\n:2\r\n",
            b"=3\r\nabc\r\n",
            b"=6\r\ntxtabc\r\n",
            b"*1\r\n?\r\n",
            b"#\r\n",
            b"_ \r\n",
        ];
        for input in bad {
            assert!(
                decode(Bytes::from_static(input)).is_err(),
                "{:?} should be rejected",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn lying_count_does_not_allocate_hugely() {
        // Would reserve 2^31 elements if the count were trusted.
        assert!(decode(Bytes::from_static(b"*2147483647\r\n:1\r\n")).is_err());
        assert!(decode(Bytes::from_static(b"%2147483647\r\n:1\r\n:1\r\n")).is_err());
    }
}
