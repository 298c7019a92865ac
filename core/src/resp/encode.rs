//! Writing commands: arrays of bulk strings.

use bytes::{BufMut, BytesMut};

/// Appends `args` to `out` as one RESP array of bulk strings (`*N\r\n$len\r\narg\r\n...`).
///
/// Reserves the exact size first, so `out` grows at most once. An empty `args` writes `*0\r\n`,
/// which servers reject; callers are expected to pass at least the command name.
pub fn encode_command<A: AsRef<[u8]>>(out: &mut BytesMut, args: &[A]) {
    out.reserve(encoded_len(args));
    put_header(out, b'*', args.len());
    for arg in args {
        let arg = arg.as_ref();
        put_header(out, b'$', arg.len());
        out.put_slice(arg);
        out.put_slice(b"\r\n");
    }
}

/// The number of bytes [`encode_command`] writes for `args`.
pub fn encoded_len<A: AsRef<[u8]>>(args: &[A]) -> usize {
    let headers = 3 + decimal_len(args.len());
    args.iter().fold(headers, |total, arg| {
        let n = arg.as_ref().len();
        total + 3 + decimal_len(n) + n + 2
    })
}

/// Writes `ty`, `n` in decimal, and CRLF in a single copy.
fn put_header(out: &mut BytesMut, ty: u8, n: usize) {
    let mut buf = [0u8; 1 + MAX_DIGITS + 2];
    buf[0] = ty;
    let digits = format_decimal(n, &mut buf[1..1 + MAX_DIGITS]);
    let len = 1 + digits;
    // format_decimal right-aligns; move the digits next to the type byte.
    buf.copy_within(1 + MAX_DIGITS - digits..1 + MAX_DIGITS, 1);
    buf[len] = b'\r';
    buf[len + 1] = b'\n';
    out.put_slice(&buf[..len + 2]);
}

/// Enough for `u64::MAX` (20 digits), hence any `usize`.
const MAX_DIGITS: usize = 20;

/// Pairs of digits for 00..=99, so each division by 100 yields two output bytes.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `n` right-aligned at the end of `out` (which holds `MAX_DIGITS` bytes) and returns how
/// many digits it used.
fn format_decimal(n: usize, out: &mut [u8]) -> usize {
    let mut n = n as u64;
    let mut i = out.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        out[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        i -= 2;
        out[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        out[i] = b'0' + n as u8;
    }
    out.len() - i
}

fn decimal_len(mut n: usize) -> usize {
    let mut len = 1;
    while n >= 10 {
        n /= 10;
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode<A: AsRef<[u8]>>(args: &[A]) -> Vec<u8> {
        let mut out = BytesMut::new();
        encode_command(&mut out, args);
        assert_eq!(out.len(), encoded_len(args));
        out.to_vec()
    }

    #[test]
    fn commands() {
        assert_eq!(
            encode(&["SET", "key", "value"]),
            b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"
        );
        assert_eq!(encode(&["GET", ""]), b"*2\r\n$3\r\nGET\r\n$0\r\n\r\n");
        assert_eq!(encode::<&str>(&[]), b"*0\r\n");
        let binary: [&[u8]; 2] = [b"SET", b"\r\n\x00\xff"];
        assert_eq!(
            encode(&binary),
            b"*2\r\n$3\r\nSET\r\n$4\r\n\r\n\x00\xff\r\n"
        );
    }

    #[test]
    fn appends_to_existing_content() {
        let mut out = BytesMut::from(&b"xx"[..]);
        encode_command(&mut out, &[b"PING".to_vec()]);
        assert_eq!(&out[..], b"xx*1\r\n$4\r\nPING\r\n");
    }

    #[test]
    fn long_argument_lengths() {
        let big = vec![b'a'; 123_456];
        let out = encode(&[&big[..]]);
        assert!(out.starts_with(b"*1\r\n$123456\r\naaa"));
        assert!(out.ends_with(b"a\r\n"));
    }

    #[test]
    fn decimal_formatting_matches_std() {
        let mut samples: Vec<usize> = vec![usize::MAX, usize::MAX - 1, u32::MAX as usize];
        let mut p = 1usize;
        while let Some(next) = p.checked_mul(10) {
            samples.extend([p - 1, p, p + 1]);
            p = next;
        }
        samples.extend(0..1000);
        for n in samples {
            let mut buf = [0u8; MAX_DIGITS];
            let used = format_decimal(n, &mut buf);
            assert_eq!(&buf[MAX_DIGITS - used..], n.to_string().as_bytes());
            assert_eq!(decimal_len(n), used, "{n}");
            let mut out = BytesMut::new();
            put_header(&mut out, b'$', n);
            assert_eq!(&out[..], format!("${n}\r\n").as_bytes());
        }
    }
}
