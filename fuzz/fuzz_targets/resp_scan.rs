//! The resumable scanner fed the same bytes in arbitrary chunkings must agree with one
//! call on all of them, frame after frame; and its verdict must agree with `decode`:
//! a frame it delimits decodes (to a value of the kind it reported), bytes it rejects
//! or finds incomplete do not.
//!
//! Input: byte 0 seeds the chunk sizes, the rest is the stream.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use valkite::resp::{decode, FrameInfo, FrameKind, ProtocolError, Scanner};
use valkite::Value;

/// Scans the frame at the start of `buf`, growing the visible prefix chunk by chunk.
fn chunked(s: &mut Scanner, buf: &[u8], rng: &mut u32) -> Result<Option<FrameInfo>, ProtocolError> {
    let mut end = 0;
    loop {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 17;
        *rng ^= *rng << 5;
        // Mostly small steps (1–8 bytes), sometimes big ones.
        let step = if *rng % 4 == 0 {
            (*rng >> 8) as usize % 4096
        } else {
            1 + (*rng >> 8) as usize % 8
        };
        end = (end + step).min(buf.len());
        let r = s.scan(&buf[..end]);
        if !matches!(r, Ok(None)) || end == buf.len() {
            return r;
        }
    }
}

fn kind_of(v: &Value) -> FrameKind {
    match v {
        Value::ServerError(_) => FrameKind::Error,
        Value::Push { .. } => FrameKind::Push,
        Value::Attribute { value, .. } => kind_of(value),
        _ => FrameKind::Reply,
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&seed, data)) = input.split_first() else {
        return;
    };
    let mut rng = u32::from(seed).wrapping_mul(2654435761) | 1;
    let mut whole = Scanner::new();
    let mut parts = Scanner::new();
    let mut off = 0;
    // At most 64 frames per input keeps each run short.
    for _ in 0..64 {
        let rest = &data[off..];
        let one = whole.scan(rest);
        let many = chunked(&mut parts, rest, &mut rng);
        match (&one, &many) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "chunking changed the frame at {off}"),
            (Err(_), Err(_)) => {}
            _ => panic!("chunking changed the verdict at {off}: {one:?} vs {many:?}"),
        }
        match one {
            Ok(Some(info)) => {
                assert!(info.len > 0 && info.len <= rest.len());
                let v = decode(Bytes::copy_from_slice(&rest[..info.len]))
                    .unwrap_or_else(|e| panic!("scanned frame does not decode: {e}"));
                assert_eq!(kind_of(&v), info.kind);
                off += info.len;
                if off == data.len() {
                    return;
                }
            }
            Ok(None) => {
                parts.reset();
                whole.reset();
                assert!(
                    decode(Bytes::copy_from_slice(rest)).is_err(),
                    "incomplete frame decoded"
                );
                return;
            }
            Err(_) => {
                assert!(
                    decode(Bytes::copy_from_slice(rest)).is_err(),
                    "rejected bytes decoded"
                );
                return;
            }
        }
    }
});
