#!/usr/bin/env bash
# Runs every check valkite has, the same way locally and in CI:
#
#   scripts/test.sh          setup, then all Rust and Go stages
#   scripts/test.sh rust     setup, then the Rust stages only
#   scripts/test.sh go       setup, then the Go stages only (ending with the
#                            release consumer check, scripts/consumer_test.sh)
#   scripts/test.sh fuzz     setup, then each cargo fuzz target for a few seconds on
#                            its checked-in corpus (scripts/fuzz.sh quick)
#   scripts/test.sh soak     setup, then the 60-second soak (VALKITE_SOAK, go/soak_test.go)
#   scripts/test.sh asan     setup, then the Go suite under AddressSanitizer and
#                            LeakSanitizer with the core built for ASan (scripts/asan.sh)
#
# With no argument: rust, fuzz, go, soak and asan (docs/hardening.md has timings).
#
# Stops at the first failing stage with a banner naming it, prints each stage's
# time, and closes with one "valkite: N passed, N failed, N skipped" line.
# Tests start their own servers; this script starts none.
#
# Environment: VALKITE_GO_TEST_TIMEOUT (default 10m) is go test's -timeout.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$VALKITE_ROOT"

want_rust=0 want_go=0 want_fuzz=0 want_soak=0 want_asan=0
for arg in "$@"; do
	case $arg in
	rust) want_rust=1 ;;
	go) want_go=1 ;;
	fuzz) want_fuzz=1 ;;
	soak) want_soak=1 ;;
	asan) want_asan=1 ;;
	-h | --help)
		sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die test "unknown argument: $arg (try --help)" ;;
	esac
done
if ((!want_rust && !want_go && !want_fuzz && !want_soak && !want_asan)); then
	want_rust=1 want_go=1 want_fuzz=1 want_soak=1 want_asan=1
fi

# What the tests read (see go/internal/testserver and core/tests/common).
export VALKITE_TOOLS="$VALKITE_TOOLS_DIR"
export PATH="$VALKITE_TOOLS_DIR:$PATH"
export CGO_ENABLED=1 GODEBUG=cgocheck=1
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stage_names=()
stage_times=()
run_start=$(now_us)

timings() {
	local i
	printf '\nstage timings:\n'
	for i in "${!stage_names[@]}"; do
		printf '  %-14s %8s\n' "${stage_names[$i]}" "$(fmt_us "${stage_times[$i]}")"
	done
	printf '  %-14s %8s\n' total "$(fmt_us $(($(now_us) - run_start)))"
}

# stage NAME COMMAND...: runs one stage; the first failure ends the script with
# the stage's own exit status.
stage() {
	local name=$1 start rc
	shift
	printf '\n==> %s\n' "$name"
	start=$(now_us)
	set +e
	"$@"
	rc=$?
	set -e
	stage_names+=("$name")
	stage_times+=($(($(now_us) - start)))
	if ((rc != 0)); then
		printf '\n%s\n' "########################################################################"
		printf '## FAILED: stage "%s" (exit status %d) after %s\n' "$name" "$rc" "$(fmt_us "${stage_times[-1]}")"
		printf '%s\n' "########################################################################"
		[[ $name != "cargo fmt" ]] || printf 'fix: cargo fmt --all\n'
		timings
		exit "$rc"
	fi
	printf '<== %s: ok (%s)\n' "$name" "$(fmt_us "${stage_times[-1]}")"
}

cargo_test() {
	cargo test --workspace 2>&1 | tee "$work/cargo-test.log"
}

# go test speaks JSON to a small reporter that prints what plain go test would
# (package ok/FAIL lines, failing tests' output, skip reasons) and counts tests.
go_test() {
	(cd go && go test -race -count=1 -timeout "${VALKITE_GO_TEST_TIMEOUT:-10m}" -json ./... 2>&1) |
		python3 scripts/lib/gotest_report.py "$work/go-counts"
}

printf 'valkite tests: %s; %s; %s\n' "$(go version)" "$(cargo --version)" "CI=${CI:-}"
stage setup bash scripts/setup.sh
if ((want_rust)); then
	# rustfmt colours its diff even into a pipe; plain text reads better in CI logs.
	color=never
	[[ ! -t 1 ]] || color=auto
	stage "cargo fmt" cargo fmt --all --check -- --color "$color"
	stage "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
	# The crates warn on a missing doc comment (#![warn(missing_docs)]); here a missing
	# doc, a broken intra-doc link or a bare URL fails the build.
	stage "cargo doc" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p valkite -p valkite-ffi
	stage "cargo test" cargo_test
	# Both crates must stay publishable: metadata, READMEs, LICENSEs, no path-only deps.
	stage "cargo package" cargo package --workspace --no-verify --allow-dirty --quiet
fi
if ((want_fuzz)); then
	# A few seconds per target on the checked-in corpus: a parser regression that the
	# seeds or a short mutation run reach fails the build (skips without nightly).
	stage "cargo fuzz" bash scripts/fuzz.sh quick "${VALKITE_FUZZ_SECONDS:-5}"
fi
if ((want_go)); then
	stage "go vet" bash -c 'cd go && go vet ./...'
	stage "go test" go_test
	# The optional go.opentelemetry.io bridge is a module of its own (so the root module
	# keeps no third-party dependency): vetted and tested on its own.
	stage "go otelbridge" bash -c 'cd go/otelbridge && go vet ./... && go test -race -count=1 ./...'
	# A Go user's install: release into a proxy directory, go get it with no Rust
	# toolchain on PATH, run the announcement's sample (scripts/consumer_test.sh).
	stage "go get release" bash -c 'set -o pipefail; bash scripts/consumer_test.sh 2>&1 | tee "$1"' _ "$work/consumer.log"
fi
if ((want_soak)); then
	# Mixed workload on standalone and the 3-shard cluster; fails on any reply mismatch
	# or a growing series: RSS, Go heap, goroutines, threads, fds, the core's heap, the
	# C allocator's free bytes, Go's held memory (go/soak_test.go, soak_series_test.go).
	stage "go soak" bash -c 'set -o pipefail; cd go && VALKITE_SOAK="${VALKITE_SOAK:-60s}" go test -count=1 -timeout 20m -run "^TestSoak$" -v . 2>&1 | grep -vE "^=== (RUN|PAUSE|CONT)"'
fi
if ((want_asan)); then
	stage "go asan" bash scripts/asan.sh
fi

passed=0 failed=0 skipped=0
if [[ -f $work/cargo-test.log ]]; then
	# One "test result: ok. 3 passed; 0 failed; 1 ignored; ..." per test binary.
	read -r p f i < <(awk '/^test result:/ {
		for (k = 1; k <= NF; k++) {
			if ($k ~ /^passed;?$/) p += $(k-1)
			if ($k ~ /^failed;?$/) f += $(k-1)
			if ($k ~ /^ignored;?$/) i += $(k-1)
		}
	} END { print p+0, f+0, i+0 }' "$work/cargo-test.log")
	printf 'cargo test: %d passed, %d failed, %d skipped\n' "$p" "$f" "$i"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + i))
fi
if [[ -f $work/go-counts ]]; then
	read -r p f s <"$work/go-counts"
	printf 'go test: %d passed, %d failed, %d skipped\n' "$p" "$f" "$s"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
fi
if [[ -f $work/consumer.log ]]; then
	read -r p f < <(sed -n 's/^release consumer: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$work/consumer.log")
	printf 'release consumer: %d passed, %d failed\n' "${p:-0}" "${f:-0}"
	passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0}))
fi
timings
printf '\nvalkite: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
