#!/usr/bin/env bash
# Coverage-guided fuzzing of valkite's parsers (fuzz/, cargo fuzz on nightly).
#
#   scripts/fuzz.sh quick [SECONDS]   every target for SECONDS (default 5) on the
#                                     checked-in corpus: what scripts/test.sh runs
#   scripts/fuzz.sh long [RUNS]       every target, one after another, for RUNS
#                                     executions each (default 10000000); logs in
#                                     fuzz/logs/TARGET.log
#   scripts/fuzz.sh MODE N TARGET...  the same for some targets only
#   scripts/fuzz.sh list              the targets
#
# Installs cargo-fuzz if missing (cargo install --locked). Without a nightly
# toolchain it prints why and exits 0: fuzzing needs -Zsanitizer and nightly flags.
# New corpus entries go to a scratch directory, never into the checked-in seeds.
# A crash leaves its input in fuzz/artifacts/TARGET/; replay it with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-...
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$VALKITE_ROOT"

mode=${1:-quick}
case $mode in
quick) secs=${2:-5} ;;
long) runs=${2:-10000000} ;;
list) ;;
-h | --help)
	sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 0
	;;
*) die fuzz "unknown mode: $mode (try --help)" ;;
esac

targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^valkite-fuzz$')
# Optional target names after the count/seconds pick a subset.
if (($# > 2)); then
	targets="${*:3}"
fi
if [[ $mode == list ]]; then
	printf '%s\n' "$targets"
	exit 0
fi

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
	say fuzz "SKIP: no nightly toolchain (rustup toolchain install nightly); cargo fuzz needs it"
	exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
	say fuzz "installing cargo-fuzz"
	cargo install --locked cargo-fuzz
fi

# The quick run keeps AddressSanitizer on (the default); the long runs look for
# panics, overflows, hangs and allocation blow-ups in safe Rust, which need no ASan,
# and run about three times faster without it (their own target directory).
build=()
[[ $mode == quick ]] || build=(-s none --target-dir fuzz/target-noasan)
say fuzz "building $(wc -w <<<"$targets") targets ${build[*]}"
cargo +nightly fuzz build "${build[@]}"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p fuzz/logs
for t in $targets; do
	mkdir -p "$scratch/$t"
	if [[ $mode == quick ]]; then
		say fuzz "$t: ${secs}s"
		# -max_total_time bounds the run; the seed directory is read, the scratch one grows.
		cargo +nightly fuzz run "${build[@]}" "$t" "$scratch/$t" "fuzz/corpus/$t" -- \
			-max_total_time="$secs" -print_final_stats=1 2>&1 | tail -n 12
	else
		say fuzz "$t: $runs executions (log: fuzz/logs/$t.log)"
		start=$(now_us)
		cargo +nightly fuzz run "${build[@]}" "$t" "$scratch/$t" "fuzz/corpus/$t" -- \
			-runs="$runs" -print_final_stats=1 -rss_limit_mb=2048 >"fuzz/logs/$t.log" 2>&1
		say fuzz "$t: done in $(fmt_us $(($(now_us) - start))): $(grep -E 'stat::number_of_executed_units' "fuzz/logs/$t.log")"
	fi
done
