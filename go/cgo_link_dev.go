//go:build !valkite_asan

package valkite

// Inside the repository the core is linked from the cargo build (scripts/setup.sh
// runs it). A release (scripts/release.sh) replaces this file with one that links the
// library prebuilt into the module, so `go get` users need no Rust toolchain.

// #cgo CFLAGS: -I${SRCDIR}/../ffi/include
// #cgo LDFLAGS: ${SRCDIR}/../target/release/libvalkite_ffi.a -lm -ldl -lpthread
import "C"
