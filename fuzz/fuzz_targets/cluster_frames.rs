//! What the cluster client reads out of raw reply frames without decoding them: MOVED /
//! ASK redirections, error texts, integers, array elements, and the combination of the
//! replies of split and fanned-out commands (sums, min/max, logical and/or, key order).
//!
//! Input: byte 0 picks the policy and flags, byte 1 the key layout; the rest is the
//! parts' frames separated by 0xFF bytes.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use valkite::cluster::fuzz::{combine, elements, error_text, int, redirect};
use valkite::resp::{CommandView, Scanner};

fuzz_target!(|data: &[u8]| {
    let [cfg, layout, rest @ ..] = data else {
        return;
    };
    let parts: Vec<Bytes> = rest
        .split(|&b| b == 0xff)
        .take(16)
        .map(Bytes::copy_from_slice)
        .collect();
    for p in &parts {
        if let Some((slot, addr)) = redirect(p) {
            assert!(addr.host.len() <= p.len());
            let _ = slot;
        }
        assert!(error_text(p).len() <= p.len());
        let _ = int(p);
        if let Some(items) = elements(p.clone()) {
            let mut total = 0;
            for it in &items {
                let info = Scanner::new()
                    .scan(it)
                    .expect("element scans")
                    .expect("element complete");
                assert_eq!(info.len, it.len());
                total += it.len();
            }
            assert!(total < p.len());
        }
    }
    let n = parts.len() as u32;
    let keys: Vec<(u32, u32)> = (0..u32::from(*layout & 0x1f))
        .map(|k| (k % n, k / n))
        .collect();
    let out = combine(
        cfg & 0x0f,
        cfg & 0x10 != 0,
        cfg & 0x20 != 0,
        cfg & 0x40 != 0,
        parts.clone(),
        keys,
    );
    // Only replies the scanner accepts reach combine in the client; then its output is a
    // frame too.
    let all_frames = parts
        .iter()
        .all(|p| matches!(Scanner::new().scan(p), Ok(Some(i)) if i.len == p.len()));
    if let (true, Some(f)) = (all_frames, out) {
        match Scanner::new().scan(&f) {
            Ok(Some(i)) => assert_eq!(i.len, f.len(), "combined frame has trailing bytes"),
            other => panic!("combined reply is not a frame: {other:?}"),
        }
    }
    let _ = CommandView::parse(rest);
});
