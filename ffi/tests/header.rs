//! The checked-in C header must be exactly what cbindgen generates from the source:
//! a stale header would let the Go side call functions with the wrong shape.
//! `VALKITE_UPDATE_HEADER=1 cargo test -p valkite-ffi --test header` rewrites it.

use std::path::PathBuf;

#[test]
fn checked_in_header_is_current() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let path = crate_dir.join("include").join("valkite.h");
    if std::env::var_os("VALKITE_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write header");
        return;
    }
    let current = std::fs::read(&path).unwrap_or_default();
    assert!(
        current == generated,
        "ffi/include/valkite.h is stale: run VALKITE_UPDATE_HEADER=1 cargo test -p valkite-ffi --test header"
    );
}
