//go:build valkite_asan

package valkite

// asanBuild: the core is the AddressSanitizer build, whose allocator is ASan's own (it
// ignores glibc's mallopt settings).
const asanBuild = true
