#!/usr/bin/env bash
# The quickest look at valkite: sets the machine up, runs a Valkey server on
# localhost:6379 (the port the announcement sample hard-codes) and runs the
# standalone example against it. The server is stopped on exit; the script exits
# with the example's status.
#
#   scripts/demo.sh [GO_PACKAGE]   default ./examples/standalone (relative to go/)
#
# If a Valkey server already listens on 6379 it is used and left running;
# anything else on that port is an error.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PORT=6379
example=${1:-./examples/standalone}
case $example in -h | --help)
	sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 0
	;;
esac

bash "$VALKITE_ROOT/scripts/setup.sh"

server_pid=
workdir=$(mktemp -d "${TMPDIR:-/tmp}/valkite-demo.XXXXXX")
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		say demo "stopping valkey-server (pid $server_pid)"
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if port_in_use "$PORT"; then
	info=$(timeout 3 "$VALKITE_TOOLS_DIR/redis-cli" -h 127.0.0.1 -p "$PORT" INFO server 2>/dev/null || true)
	if [[ $info == *server_name:valkey* || $info == *valkey_version:* ]]; then
		say demo "using the Valkey server already listening on port $PORT (left running)"
	else
		die demo "port $PORT is taken by something that is not a Valkey server; the sample needs localhost:$PORT, so stop that process and run this again"
	fi
else
	say demo "starting valkey-server on port $PORT"
	"$VALKITE_TOOLS_DIR/valkey-server" --port "$PORT" --bind 127.0.0.1 -::1 \
		--dir "$workdir" --save "" --appendonly no --daemonize no \
		--logfile "$workdir/valkey.log" &
	server_pid=$!
	deadline=$((SECONDS + 15))
	until resp_ping "$PORT"; do
		if ! kill -0 "$server_pid" 2>/dev/null || ((SECONDS >= deadline)); then
			tail -n 20 "$workdir/valkey.log" >&2 || true
			die demo "valkey-server did not come up on port $PORT"
		fi
		sleep 0.1
	done
fi

# go build, then run, rather than go run, which reports every failure as status 1.
say demo "building and running $example"
export CGO_ENABLED=1
(cd "$VALKITE_ROOT/go" && go build -o "$workdir/example" "$example") || die demo "building $example failed"
rc=0
"$workdir/example" | tee "$workdir/out" || rc=$?
say demo "example exited with status $rc"
# The announcement's sample prints errors and still exits 0, so check what it printed:
# the standalone sample must print PONG, then valkey.
if [ "$rc" -eq 0 ] && [ "$example" = ./examples/standalone ]; then
	if [ "$(cat "$workdir/out")" != "$(printf 'PONG\nvalkey')" ]; then
		say demo "unexpected output (want PONG then valkey)"
		rc=1
	fi
fi
exit "$rc"
