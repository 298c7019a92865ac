#!/usr/bin/env bash
# AddressSanitizer (with LeakSanitizer at exit) across the cgo boundary: the Rust
# core built with -Zsanitizer=address on nightly (into target/asan, leaving the
# ordinary library alone), linked into the Go tests built with `go test -asan`
# (gcc's or clang's ASan runtime), which then run the Go suite. Any report fails it.
#
#   scripts/asan.sh [go test args...]    default: ./... (every package)
#
# Skips with a reason when nightly is missing. The race detector cannot be combined
# with -asan, so this is a run of its own (scripts/test.sh asan).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$VALKITE_ROOT"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
	say asan "SKIP: no nightly toolchain (rustup toolchain install nightly); -Zsanitizer needs it"
	exit 0
fi
cc=${CC:-}
if [[ -z $cc ]]; then
	if command -v clang >/dev/null; then cc=clang; else cc=gcc; fi
fi
if ! printf 'int main(void){return 0;}\n' | "$cc" -x c -fsanitize=address -o /dev/null - 2>/dev/null; then
	say asan "SKIP: $cc cannot link -fsanitize=address (install libasan or libclang-rt-dev)"
	exit 0
fi

say asan "building the core with -Zsanitizer=address (target/asan)"
# --target keeps the sanitizer flags off build scripts and proc macros.
RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes" \
	cargo +nightly build --release -p valkite-ffi \
	--target x86_64-unknown-linux-gnu --target-dir target/asan

export CC=$cc CGO_ENABLED=1
# halt_on_error: the first report fails the test binary. detect_leaks: LeakSanitizer
# runs when each test binary exits. Go's own allocations are not malloc's, so what it
# reports is C/Rust memory.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}"
export VALKITE_TOOLS="$VALKITE_TOOLS_DIR" PATH="$VALKITE_TOOLS_DIR:$PATH"
args=("$@")
((${#args[@]})) || args=(./...)
say asan "go test -asan ${args[*]} (CC=$cc)"
cd go
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
go test -asan -tags valkite_asan -count=1 -timeout "${VALKITE_GO_TEST_TIMEOUT:-30m}" "${args[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
reports=$(grep -cE '^(==[0-9]+==ERROR: (Address|Leak)Sanitizer|SUMMARY: AddressSanitizer)' "$log" || true)
say asan "sanitizer reports: $reports; go test exit status: $rc"
((reports == 0 && rc == 0))
