#!/usr/bin/env bash
# Single large values (issue 11): SET then GET of one value of 1, 16, 64 and 200 MiB on
# one client, valkite and valkey-go alternating, each size and client in a process of
# its own (so its peak RSS is its own), against one fresh valkey-server.
#
#   scripts/bigvalue.sh                      (sizes 1,16,64,200 MiB, 3 rounds per process)
#   BIGVALUE_SIZES=200 BIGVALUE_ROUNDS=1 scripts/bigvalue.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server="${VALKITE_TOOLS:-$root/.tools/bin}/valkey-server"
[ -x "$server" ] || server="$(command -v valkey-server)"
sizes="${BIGVALUE_SIZES:-1,16,64,200}"
rounds="${BIGVALUE_ROUNDS:-3}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --proto-max-bulk-len 1gb \
  --client-query-buffer-limit 1gb >/dev/null &
srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.1
done

cd "$root/bench/go"
mkdir -p bin
rm -f bin/bigvalue   # go build would keep a binary linked against an older libvalkite_ffi.a
go build -o bin/bigvalue ./cmd/bigvalue
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for mib in ${sizes//,/ }; do
  for client in valkite valkey-go; do
    bin/bigvalue -addr "127.0.0.1:$port" -client "$client" -mib "$mib" -rounds "$rounds"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
