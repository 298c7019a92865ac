//! `decode` on arbitrary bytes: never panics, and whatever it accepts is exactly one
//! frame the scanner delimits whole. Every accessor of the value is exercised too.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use valkite::resp::{decode, Scanner};

fuzz_target!(|data: &[u8]| {
    let decoded = decode(Bytes::copy_from_slice(data));
    let scanned = Scanner::new().scan(data);
    if let Ok(v) = decoded {
        let info = scanned
            .unwrap_or_else(|e| panic!("decoded but the scanner rejects it: {e}"))
            .expect("decoded but the scanner wants more");
        assert_eq!(info.len, data.len(), "decoded bytes the scanner splits");
        let _ = format!("{v:?}");
        let _ = (
            v.type_name(),
            v.is_nil(),
            v.as_str(),
            v.as_bytes(),
            v.as_int(),
        );
        let _ = (v.as_f64(), v.as_bool(), v.as_slice().map(<[_]>::len));
        let _ = v
            .as_server_error()
            .map(|e| (e.code().len(), e.message().len()));
        let _ = v.clone().without_attributes();
        let _ = v.into_result();
    }
});
