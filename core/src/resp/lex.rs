//! Byte-level rules shared by the scanner, the decoder and the command view.
//!
//! Keeping every check here means the three can never disagree about what is valid: if the
//! scanner delimits a frame, the decoder accepts it, and vice versa.

use super::ProtocolError;

/// Longest line allowed for types whose line is a number (lengths, integers, doubles, booleans,
/// nulls). The longest legitimate one is a double near 24 bytes; the cap lets a corrupt stream
/// fail after a few dozen bytes instead of waiting for a CRLF that never comes.
pub(crate) const MAX_NUMBER_LINE: usize = 64;

/// Where a line stands after a search for its CRLF.
pub(crate) enum Line {
    /// The line's content ends at `end` (the index of its `\r`); the next element starts at `end + 2`.
    Complete { end: usize },
    /// No terminator yet; a later search can start at `resume` without missing anything.
    Partial { resume: usize },
}

/// Renders a byte for an error message: printable ASCII as a quoted char, the rest in hex.
pub(crate) fn show(b: u8) -> String {
    if b.is_ascii_graphic() || b == b' ' {
        format!("'{}' (0x{:02x})", b as char, b)
    } else {
        format!("0x{b:02x}")
    }
}

/// The line length limit for a type byte, or `None` when the byte is not a RESP type.
pub(crate) fn line_limit(ty: u8) -> Option<usize> {
    match ty {
        // Text of arbitrary length; the connection's buffer limit is what bounds these.
        b'+' | b'-' | b'(' => Some(usize::MAX),
        b'$' | b'*' | b':' | b'_' | b',' | b'#' | b'!' | b'=' | b'%' | b'~' | b'>' | b'|' => {
            Some(MAX_NUMBER_LINE)
        }
        _ => None,
    }
}

/// Checks the type byte at `at` and returns its line length limit.
pub(crate) fn check_type(ty: u8, at: usize) -> Result<usize, ProtocolError> {
    line_limit(ty)
        .ok_or_else(|| ProtocolError::new(format!("invalid type byte {} at offset {at}", show(ty))))
}

/// Looks for the CRLF ending the line whose content starts at `start`, examining `buf` from `from`
/// (which a resumed search sets to where the previous one stopped).
///
/// Lines may not contain a bare `\r` or `\n`; both mean the stream is corrupt.
pub(crate) fn find_line(
    buf: &[u8],
    start: usize,
    from: usize,
    limit: usize,
) -> Result<Line, ProtocolError> {
    let from = from.max(start);
    let rest = buf.get(from..).unwrap_or(&[]);
    match rest.iter().position(|&b| b == b'\r' || b == b'\n') {
        Some(i) => {
            let at = from + i;
            if at - start > limit {
                return Err(too_long(start, limit));
            }
            if buf[at] == b'\n' {
                return Err(ProtocolError::new(format!(
                    "line feed without carriage return at offset {at}"
                )));
            }
            match buf.get(at + 1) {
                None => Ok(Line::Partial { resume: at }),
                Some(b'\n') => Ok(Line::Complete { end: at }),
                Some(&b) => Err(ProtocolError::new(format!(
                    "expected line feed after carriage return at offset {}, found {}",
                    at + 1,
                    show(b)
                ))),
            }
        }
        None => {
            let seen = buf.len().max(start);
            if seen - start > limit {
                return Err(too_long(start, limit));
            }
            Ok(Line::Partial { resume: seen })
        }
    }
}

fn too_long(start: usize, limit: usize) -> ProtocolError {
    ProtocolError::new(format!(
        "line starting at offset {start} exceeds {limit} bytes without CRLF"
    ))
}

/// Parses a length or count line: a non-negative decimal no larger than `max`, or `-1` (null)
/// when `allow_null` is set. `at` is the line's offset, for messages.
pub(crate) fn parse_len(
    line: &[u8],
    at: usize,
    allow_null: bool,
    max: usize,
) -> Result<Option<usize>, ProtocolError> {
    if line == b"-1" {
        if allow_null {
            return Ok(None);
        }
        return Err(ProtocolError::new(format!(
            "null length -1 at offset {at} is not allowed for this type"
        )));
    }
    if line.is_empty() {
        return Err(ProtocolError::new(format!("missing length at offset {at}")));
    }
    if line[0] == b'-' {
        return Err(ProtocolError::new(format!(
            "negative length {} at offset {at}",
            String::from_utf8_lossy(line)
        )));
    }
    let mut n: u64 = 0;
    for (i, &d) in line.iter().enumerate() {
        if !d.is_ascii_digit() {
            return Err(ProtocolError::new(format!(
                "invalid byte {} in length at offset {}",
                show(d),
                at + i
            )));
        }
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(n) if n <= max as u64 => n,
            _ => {
                return Err(ProtocolError::new(format!(
                    "length {} at offset {at} exceeds the limit of {max}",
                    String::from_utf8_lossy(line)
                )))
            }
        };
    }
    // n <= max, and max is a usize.
    Ok(Some(n as usize))
}

/// Parses a signed 64-bit decimal integer (optional `+` or `-`).
pub(crate) fn parse_int(line: &[u8], at: usize) -> Result<i64, ProtocolError> {
    let (negative, digits, skip) = match line.first() {
        Some(b'-') => (true, &line[1..], 1),
        Some(b'+') => (false, &line[1..], 1),
        _ => (false, line, 0),
    };
    if digits.is_empty() {
        return Err(ProtocolError::new(format!(
            "missing integer at offset {at}"
        )));
    }
    let mut n: i64 = 0;
    for (i, &d) in digits.iter().enumerate() {
        if !d.is_ascii_digit() {
            return Err(ProtocolError::new(format!(
                "invalid byte {} in integer at offset {}",
                show(d),
                at + skip + i
            )));
        }
        let d = i64::from(d - b'0');
        // Accumulating on the negative side lets i64::MIN parse without overflow.
        n = n
            .checked_mul(10)
            .and_then(|n| {
                if negative {
                    n.checked_sub(d)
                } else {
                    n.checked_add(d)
                }
            })
            .ok_or_else(|| {
                ProtocolError::new(format!(
                    "integer {} at offset {at} does not fit in 64 bits",
                    String::from_utf8_lossy(line)
                ))
            })?;
    }
    Ok(n)
}

/// Parses a RESP3 double, including `inf`, `-inf` and `nan`.
pub(crate) fn parse_double(line: &[u8], at: usize) -> Result<f64, ProtocolError> {
    std::str::from_utf8(line)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .ok_or_else(|| {
            ProtocolError::new(format!(
                "invalid double {:?} at offset {at}",
                String::from_utf8_lossy(line)
            ))
        })
}

/// Parses a RESP3 boolean: exactly `t` or `f`.
pub(crate) fn parse_bool(line: &[u8], at: usize) -> Result<bool, ProtocolError> {
    match line {
        b"t" => Ok(true),
        b"f" => Ok(false),
        _ => Err(ProtocolError::new(format!(
            "invalid boolean {:?} at offset {at}, expected \"t\" or \"f\"",
            String::from_utf8_lossy(line)
        ))),
    }
}

/// Checks a RESP3 null line, which must be empty.
pub(crate) fn check_null(line: &[u8], at: usize) -> Result<(), ProtocolError> {
    if line.is_empty() {
        Ok(())
    } else {
        Err(ProtocolError::new(format!(
            "null at offset {} has unexpected content",
            at.saturating_sub(1)
        )))
    }
}

/// Checks a RESP3 big number: an optional sign and at least one digit.
pub(crate) fn check_big_number(line: &[u8], at: usize) -> Result<(), ProtocolError> {
    let digits = match line.first() {
        Some(b'-' | b'+') => &line[1..],
        _ => line,
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ProtocolError::new(format!(
            "invalid big number {:?} at offset {at}",
            String::from_utf8_lossy(line)
        )));
    }
    Ok(())
}

/// Checks the two bytes after a length-prefixed payload, which must be CRLF.
pub(crate) fn check_payload_end(buf: &[u8], end: usize) -> Result<(), ProtocolError> {
    match buf.get(end..).and_then(|rest| rest.get(..2)) {
        Some(b"\r\n") => Ok(()),
        _ => {
            let found = buf.get(end).copied().map_or_else(|| "end".to_owned(), show);
            Err(ProtocolError::new(format!(
                "expected CRLF after payload at offset {end}, found {found}"
            )))
        }
    }
}

/// Checks a verbatim string payload: a three-byte format, a colon, then the text.
pub(crate) fn check_verbatim(payload: &[u8], at: usize) -> Result<(), ProtocolError> {
    if payload.get(3) == Some(&b':') {
        Ok(())
    } else {
        Err(ProtocolError::new(format!(
            "verbatim string at offset {at} lacks the \"xxx:\" format prefix"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_bounds() {
        assert_eq!(parse_int(b"9223372036854775807", 0).ok(), Some(i64::MAX));
        assert_eq!(parse_int(b"-9223372036854775808", 0).ok(), Some(i64::MIN));
        assert!(parse_int(b"9223372036854775808", 0).is_err());
        assert!(parse_int(b"-9223372036854775809", 0).is_err());
        assert_eq!(parse_int(b"+7", 0).ok(), Some(7));
        for bad in [&b""[..], b"-", b"+", b"1a", b" 1", b"1.0"] {
            assert!(parse_int(bad, 0).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn len_rules() {
        assert_eq!(parse_len(b"0", 0, false, 10).ok(), Some(Some(0)));
        assert_eq!(parse_len(b"010", 0, false, 10).ok(), Some(Some(10)));
        assert_eq!(parse_len(b"-1", 0, true, 10).ok(), Some(None));
        assert!(parse_len(b"-1", 0, false, 10).is_err());
        assert!(parse_len(b"-2", 0, true, 10).is_err());
        assert!(parse_len(b"11", 0, true, 10).is_err());
        assert!(parse_len(b"", 0, true, 10).is_err());
        assert!(parse_len(b"+1", 0, true, 10).is_err());
        assert!(parse_len(b"99999999999999999999999999", 0, true, usize::MAX).is_err());
    }

    #[test]
    fn doubles() {
        assert_eq!(parse_double(b"1.5", 0).ok(), Some(1.5));
        assert_eq!(parse_double(b"-2e3", 0).ok(), Some(-2000.0));
        assert_eq!(parse_double(b"inf", 0).ok(), Some(f64::INFINITY));
        assert_eq!(parse_double(b"-inf", 0).ok(), Some(f64::NEG_INFINITY));
        assert!(parse_double(b"nan", 0).is_ok_and(f64::is_nan));
        assert!(parse_double(b"", 0).is_err());
        assert!(parse_double(b"1.2.3", 0).is_err());
        assert!(parse_double(b"\xff", 0).is_err());
    }

    #[test]
    fn line_search() {
        assert!(matches!(
            find_line(b"+OK\r\n", 1, 0, usize::MAX),
            Ok(Line::Complete { end: 3 })
        ));
        assert!(matches!(
            find_line(b"+OK\r", 1, 0, usize::MAX),
            Ok(Line::Partial { resume: 3 })
        ));
        assert!(matches!(
            find_line(b"+OK", 1, 0, usize::MAX),
            Ok(Line::Partial { resume: 3 })
        ));
        assert!(find_line(b"+O\nK\r\n", 1, 0, usize::MAX).is_err());
        assert!(find_line(b"+O\rK\r\n", 1, 0, usize::MAX).is_err());
        assert!(find_line(b":12345", 1, 0, 4).is_err());
        assert!(find_line(b":12345\r\n", 1, 0, 4).is_err());
        assert!(matches!(
            find_line(b":1234", 1, 0, 4),
            Ok(Line::Partial { .. })
        ));
    }
}
