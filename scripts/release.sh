#!/usr/bin/env bash
# Builds a valkite release: the Go module as a Go module proxy serves it, with the
# Rust core prebuilt inside, so that `go get` needs no Rust toolchain and no clone.
#
#   scripts/release.sh VERSION [--out DIR]
#
# VERSION is semver with a leading v (v0.1.0). DIR (default dist/proxy) receives
#   github.com/valkite/valkite/go/@v/{list,VERSION.info,VERSION.mod,VERSION.zip}
# and is usable as GOPROXY=file://DIR. Also written: dist/valkite-go-VERSION/ (the
# unpacked module) and dist/libvalkite_ffi-linux-amd64.a.
#
# Platforms: the static library is built for the machine's own platform, which must
# be linux/amd64. In the module, cgo_link_linux_amd64.go links it; every other
# GOOS/GOARCH compiles cgo_link_unsupported.go instead, which fails the build with an
# identifier that says to build the core from source (see the README).
#
# The repository itself is untouched: inside it, go/cgo_link_dev.go links
# target/release/libvalkite_ffi.a as always; the release swaps that one file.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$VALKITE_ROOT"

MODULE=github.com/valkite/valkite/go
version= out=dist/proxy
while (($#)); do
	case $1 in
	--out)
		out=${2:?--out needs a directory}
		shift
		;;
	-h | --help)
		sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	v*) version=$1 ;;
	*) die release "unknown argument: $1 (try --help)" ;;
	esac
	shift
done
[[ $version =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]] ||
	die release "VERSION must be semver with a leading v, like v0.1.0 (got '${version:-nothing}')"
[[ $version == v0.* || $version == v1.* ]] ||
	die release "major versions from v2 on need a /vN module path; this script makes v0/v1 releases"

host=$(go env GOOS)/$(go env GOARCH)
[[ $host == linux/amd64 ]] ||
	die release "this machine is $host; release builds are made on linux/amd64 (other platforms build the core from source, see README)"

# --- the static library ------------------------------------------------------
# The dist profile (Cargo.toml) is release with whole-program LTO. It must be built as
# a staticlib alone: with the rlib crate type beside it, cargo skips cross-crate LTO
# and the archive keeps every dependency whole (43 MB instead of 18 MB).
say release "building the static library (cargo profile dist)"
cargo rustc --quiet --profile dist -p valkite-ffi --lib --crate-type staticlib
mkdir -p dist
lib=dist/libvalkite_ffi-linux-amd64.a
cp target/dist/libvalkite_ffi.a "$lib"
strip --strip-debug "$lib"

# --- the module tree ---------------------------------------------------------
stage=dist/valkite-go-$version
rm -rf "$stage"
mkdir -p "$stage"
# Tracked files only: a release never carries build output or local experiments.
# A directory with a go.mod of its own (go/otelbridge) is another module: like the Go
# tooling, leave it out of this module's zip.
nested=()
while IFS= read -r m; do
	[[ $m == go/go.mod ]] || nested+=("${m%/go.mod}/")
done < <(git ls-files -- 'go/**/go.mod' go/go.mod)
git ls-files -z -- go | while IFS= read -r -d '' f; do
	for n in "${nested[@]}"; do
		[[ $f == "$n"* ]] && continue 2
	done
	rel=${f#go/}
	mkdir -p "$stage/$(dirname "$rel")"
	cp "$f" "$stage/$rel"
done
rm "$stage/cgo_link_dev.go" "$stage/cgo_link_asan.go"
mkdir -p "$stage/include" "$stage/lib/linux_amd64"
cp ffi/include/valkite.h "$stage/include/"
cp "$lib" "$stage/lib/linux_amd64/libvalkite_ffi.a"

cat >"$stage/cgo_link_linux_amd64.go" <<'EOF'
//go:build linux && amd64

package valkite

// The released module carries the core prebuilt for linux/amd64 (lib/linux_amd64),
// so building needs a C toolchain for cgo but no Rust toolchain.

// #cgo CFLAGS: -I${SRCDIR}/include
// #cgo LDFLAGS: ${SRCDIR}/lib/linux_amd64/libvalkite_ffi.a -lm -ldl -lpthread
import "C"
EOF

cat >"$stage/cgo_link_unsupported.go" <<'EOF'
//go:build !(linux && amd64)

package valkite

// No prebuilt core ships for this platform. Build it from source: clone the
// repository, run `cargo build --release -p valkite-ffi` in it, and point a replace
// directive at the clone's go/ directory (README, "Other platforms").
var _ = valkite_has_no_prebuilt_core_for_this_GOOS_GOARCH__build_it_from_source_as_the_README_says
EOF
gofmt -l "$stage"/cgo_link_*.go | grep . && die release "generated link files are not gofmt-clean"

# --- the proxy layout ----------------------------------------------------------
moddir=$out/$MODULE/@v
mkdir -p "$moddir"
cp "$stage/go.mod" "$moddir/$version.mod"
printf '{"Version":"%s","Time":"%s"}\n' "$version" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$moddir/$version.info"
python3 - "$stage" "$moddir/$version.zip" "$MODULE@$version" <<'EOF'
import os, sys, zipfile
stage, dest, prefix = sys.argv[1:]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(stage):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, stage)
            z.write(path, prefix + "/" + rel)
EOF
{
	[[ -f $moddir/list ]] && grep -vx "$version" "$moddir/list" || true
	echo "$version"
} | sort -V >"$moddir/list.new"
mv "$moddir/list.new" "$moddir/list"

say release "module $MODULE@$version: $moddir/$version.zip ($(du -k "$moddir/$version.zip" | cut -f1) KiB); static library $(du -k "$lib" | cut -f1) KiB"
echo "$out"
