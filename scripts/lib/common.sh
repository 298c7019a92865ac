# shellcheck shell=bash
# Helpers shared by the scripts in scripts/. Sourced, never run.
#
# Everything is resolved from this file's location, so the scripts behave the
# same whatever directory they are started from.

VALKITE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VALKITE_TOOLS_DIR="$VALKITE_ROOT/.tools/bin"
export VALKITE_ROOT

# say PREFIX MESSAGE...: one short progress line on stderr, so stdout stays
# free for values a caller may capture (cluster.sh prints its seed port there).
say() {
	local prefix=$1
	shift
	printf '[%s] %s\n' "$prefix" "$*" >&2
}

die() {
	local prefix=$1
	shift
	printf '[%s] ERROR: %s\n' "$prefix" "$*" >&2
	exit 1
}

# now_us: wall clock in microseconds (bash 5's EPOCHREALTIME, no fork).
now_us() {
	local t=${EPOCHREALTIME/./}
	printf '%s' "$t"
}

# fmt_us MICROSECONDS: "12.3s".
fmt_us() {
	local us=$1
	printf '%d.%01ds' $((us / 1000000)) $((us % 1000000 / 100000))
}

# resp_ping PORT: succeeds when a server on 127.0.0.1:PORT answers PING with PONG.
# Bounded by `timeout` because something that is not a RESP server may accept the
# connection and then never answer.
resp_ping() {
	local port=$1 out
	out=$(timeout 3 "$VALKITE_TOOLS_DIR/redis-cli" -h 127.0.0.1 -p "$port" PING 2>/dev/null) || return 1
	[[ $out == PONG ]]
}

# port_in_use PORT: succeeds when something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() {
	local port=$1
	# shellcheck disable=SC2016 # $1 belongs to the inner shell
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1s until it succeeds or
# the deadline passes (the awaited event is the server becoming ready).
wait_until() {
	local secs=$1
	shift
	local deadline=$((SECONDS + secs))
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}
