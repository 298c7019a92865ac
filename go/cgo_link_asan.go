//go:build valkite_asan

package valkite

// The AddressSanitizer run (scripts/test.sh asan) links the core built with
// -Zsanitizer=address into its own target directory, so the ordinary build's library
// is never replaced by an instrumented one. Never part of a release.

// #cgo CFLAGS: -I${SRCDIR}/../ffi/include
// #cgo LDFLAGS: ${SRCDIR}/../target/asan/x86_64-unknown-linux-gnu/release/libvalkite_ffi.a -lm -ldl -lpthread
import "C"
