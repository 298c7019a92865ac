//go:build !valkite_asan

package valkite

// asanBuild: see asan_build_test.go.
const asanBuild = false
