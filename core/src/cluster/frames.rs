//! Reading and writing raw reply frames without decoding them into values: the hot
//! path forwards frames untouched, and only error replies (possible redirections) and
//! the replies of split or fanned-out commands are looked into.

use bytes::{BufMut, Bytes, BytesMut};

use crate::config::Address;
use crate::resp::Scanner;

/// Whether the frame is an error reply (`-` simple or `!` blob).
pub(crate) fn is_error(frame: &[u8]) -> bool {
    matches!(frame.first(), Some(b'-') | Some(b'!'))
}

/// Whether the frame is a null (RESP2 `$-1` / `*-1`, RESP3 `_`).
pub(crate) fn is_nil(frame: &[u8]) -> bool {
    matches!(frame, b"_\r\n" | b"$-1\r\n" | b"*-1\r\n")
}

/// The text of an error reply, without type byte, length line or CRLF.
pub(crate) fn error_text(frame: &[u8]) -> &[u8] {
    let body = match frame.first() {
        Some(b'-') => &frame[1..],
        Some(b'!') => match frame.windows(2).position(|w| w == b"\r\n") {
            Some(i) => &frame[i + 2..],
            None => return &[],
        },
        _ => return &[],
    };
    body.strip_suffix(b"\r\n").unwrap_or(body)
}

/// An integer reply's value.
pub(crate) fn int(frame: &[u8]) -> Option<i64> {
    let body = frame.strip_prefix(b":")?.strip_suffix(b"\r\n")?;
    std::str::from_utf8(body).ok()?.parse().ok()
}

pub(crate) fn int_frame(n: i64) -> Bytes {
    Bytes::from(format!(":{n}\r\n"))
}

/// The element frames of an array (or set) reply, as slices of `frame`.
pub(crate) fn elements(frame: &Bytes) -> Option<Vec<Bytes>> {
    let (kind, rest) = frame.split_first()?;
    if *kind != b'*' && *kind != b'~' {
        return None;
    }
    let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
    let n: usize = std::str::from_utf8(&rest[..line_end]).ok()?.parse().ok()?;
    let mut off = 1 + line_end + 2;
    // The count is the peer's word: reserve no more than the bytes present can hold
    // (an element takes at least 3), so a lying header cannot ask for gigabytes.
    let mut out = Vec::with_capacity(n.min(frame.len() / 3));
    let mut scanner = Scanner::new();
    for _ in 0..n {
        let info = scanner.scan(frame.get(off..)?).ok()??;
        scanner.reset();
        out.push(frame.slice(off..off + info.len));
        off += info.len;
    }
    Some(out)
}

/// An array frame from element frames.
pub(crate) fn array_frame<'a>(items: impl ExactSizeIterator<Item = &'a [u8]>) -> Bytes {
    let mut out = BytesMut::new();
    out.put_slice(format!("*{}\r\n", items.len()).as_bytes());
    for it in items {
        out.put_slice(it);
    }
    out.freeze()
}

/// What an error reply asks the client to do.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Redirect {
    /// The slot lives elsewhere for good: update the map, retry there.
    Moved { slot: u16, addr: Address },
    /// This one request should try `addr` (after ASKING); the map stays.
    Ask { slot: u16, addr: Address },
    /// Transient: retry after a pause (TRYAGAIN, CLUSTERDOWN, LOADING, MASTERDOWN).
    Retry { refresh: bool },
    /// A write reached a replica: the roles changed; refresh, then retry.
    ReadOnly,
    /// An ordinary error: the caller gets it.
    None,
}

/// `host:port` as MOVED/ASK print it; an empty host means the replying node's own.
fn target(s: &str, replying: &Address) -> Option<Address> {
    let (host, port) = s.rsplit_once(':')?;
    let port = port.parse().ok()?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    Some(if host.is_empty() {
        Address::new(replying.host.clone(), port)
    } else {
        Address::new(host, port)
    })
}

/// Classifies an error reply from the node at `replying`.
pub(crate) fn redirect(frame: &[u8], replying: &Address) -> Redirect {
    let text = error_text(frame);
    let code_end = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
    match &text[..code_end] {
        b"MOVED" | b"ASK" => {
            let Ok(s) = std::str::from_utf8(text) else {
                return Redirect::None;
            };
            let mut parts = s.split(' ');
            let code = parts.next();
            let (Some(slot), Some(addr)) = (
                parts.next().and_then(|p| p.parse::<u16>().ok()),
                parts.next().and_then(|a| target(a, replying)),
            ) else {
                return Redirect::None;
            };
            if code == Some("MOVED") {
                Redirect::Moved { slot, addr }
            } else {
                Redirect::Ask { slot, addr }
            }
        }
        b"TRYAGAIN" | b"LOADING" | b"MASTERDOWN" => Redirect::Retry { refresh: false },
        b"CLUSTERDOWN" => Redirect::Retry { refresh: true },
        b"READONLY" => Redirect::ReadOnly,
        _ => Redirect::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_redirections() {
        let me = Address::new("10.0.0.1", 7000);
        assert_eq!(
            redirect(b"-MOVED 3999 127.0.0.1:6381\r\n", &me),
            Redirect::Moved {
                slot: 3999,
                addr: Address::new("127.0.0.1", 6381)
            }
        );
        assert_eq!(
            redirect(b"-ASK 1 :7002\r\n", &me),
            Redirect::Ask {
                slot: 1,
                addr: Address::new("10.0.0.1", 7002)
            }
        );
        assert_eq!(
            redirect(b"-MOVED 2 ::1:7002\r\n", &me),
            Redirect::Moved {
                slot: 2,
                addr: Address::new("::1", 7002)
            }
        );
        assert_eq!(
            redirect(
                b"-TRYAGAIN Multiple keys request during rehashing of slot\r\n",
                &me
            ),
            Redirect::Retry { refresh: false }
        );
        assert_eq!(
            redirect(b"-CLUSTERDOWN The cluster is down\r\n", &me),
            Redirect::Retry { refresh: true }
        );
        assert_eq!(redirect(b"-ERR wrong\r\n", &me), Redirect::None);
        assert_eq!(redirect(b"-MOVED x y\r\n", &me), Redirect::None);
        assert_eq!(
            redirect(b"!9\r\nLOADING x\r\n", &me),
            Redirect::Retry { refresh: false }
        );
    }

    #[test]
    fn reads_frames() {
        assert_eq!(int(b":-12\r\n"), Some(-12));
        assert_eq!(int(b"+OK\r\n"), None);
        assert!(is_nil(b"$-1\r\n") && is_nil(b"_\r\n") && !is_nil(b"$0\r\n\r\n"));
        let f = Bytes::from_static(b"*3\r\n$1\r\na\r\n_\r\n*1\r\n:1\r\n");
        let e = elements(&f).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(&e[0][..], b"$1\r\na\r\n");
        assert_eq!(&e[2][..], b"*1\r\n:1\r\n");
        let back = array_frame(e.iter().map(|b| &b[..]));
        assert_eq!(back, f);
        assert!(elements(&Bytes::from_static(b"*2\r\n:1\r\n")).is_none());
        assert_eq!(error_text(b"!5\r\nERR x\r\n"), b"ERR x");
    }

    /// Regression (found by the `cluster_frames` fuzz target): an array header claiming
    /// 5e18 elements made `elements` reserve that many before looking at the bytes.
    #[test]
    fn a_lying_element_count_allocates_nothing_large() {
        let f = Bytes::from_static(b"*5555555555555555555\r\n:1\r\n");
        assert!(elements(&f).is_none());
        let f = Bytes::from_static(b"*4294967295\r\n");
        assert!(elements(&f).is_none());
    }
}
