#!/usr/bin/env bash
# What idle clients cost a process (issue 11): for each client library's benchmark
# worker, connects 1, 10, 100 and 1,000 clients to one fresh valkey-server, has
# each SET once, lets them idle, and prints OS threads, goroutines, RSS and idle CPU.
#
#   scripts/footprint.sh [worker ...]     (default: valkite; others: valkeygo goredis glide)
#   FOOTPRINT_COUNTS=1,10,100,1000 scripts/footprint.sh valkite valkeygo
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server="${VALKITE_TOOLS:-$root/.tools/bin}/valkey-server"
[ -x "$server" ] || server="$(command -v valkey-server)"
counts="${FOOTPRINT_COUNTS:-1,10,100,1000}"
workers=("$@")
[ ${#workers[@]} -gt 0 ] || workers=(valkite)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --maxclients 10000 >/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.1
done

cd "$root/bench/go"
mkdir -p bin
for w in "${workers[@]}"; do
  go build -o "bin/footprint-$w" "./workers/$w"
  "bin/footprint-$w" -addrs "127.0.0.1:$port" -label "$w" -footprint "$counts" | { [ "$w" = "${workers[0]}" ] && cat || tail -n +2; }
done
