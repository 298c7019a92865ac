#!/usr/bin/env bash
# A local Valkey cluster on loopback, for the demo and for benchmarks.
#
#   scripts/cluster.sh start [--shards N] [--replicas M] [--base-port P] [--node-timeout MS]
#   scripts/cluster.sh stop  [--base-port P]
#
# start: N primaries (default 3) with M replicas each (default 1) on ports
#   P, P+1, ... (default 7000; primaries first), cluster bus on port+10000.
#   Returns once every node reports cluster_state:ok with the full slot map and
#   every replica is in sync, then prints the seed port (P) on stdout.
# stop: stops the cluster started with base port P, or every cluster when no
#   port is given.
#
# State (configs, logs, pids) lives in .tools/run/cluster-P/.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

RUN_DIR="$VALKITE_ROOT/.tools/run"
SLOTS=16384

usage() {
	sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit "${1:-2}"
}

cli() { # cli PORT ARGS...: one command, reply on stdout without CRs
	local port=$1
	shift
	timeout 10 "$VALKITE_TOOLS_DIR/redis-cli" -h 127.0.0.1 -p "$port" "$@" | tr -d '\r'
}

cli_ok() { # cli_ok PORT ARGS...: a command that must answer OK
	local reply
	reply=$(cli "$@") || die cluster "redis-cli -p $1 ${*:2}: no reply"
	[[ $reply == OK ]] || die cluster "redis-cli -p $1 ${*:2}: $reply"
}

field() { # field NAME: the value of NAME:value in INFO-style text on stdin
	sed -n "s/^$1://p"
}

# owned_pid DIR: the pid in DIR/valkey.pid if that process is still a valkey-server.
owned_pid() {
	local pid
	pid=$(cat "$1/valkey.pid" 2>/dev/null) || return 1
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q valkey-server && echo "$pid"
}

stop_cluster() { # stop_cluster STATE_DIR
	local state=$1 node pid pids=()
	for node in "$state"/node-*; do
		[[ -d $node ]] || continue
		if pid=$(owned_pid "$node"); then
			kill "$pid" 2>/dev/null || true
			pids+=("$pid")
		fi
	done
	for pid in "${pids[@]}"; do
		# shellcheck disable=SC2016 # $1 belongs to the inner shell
		wait_until 10 bash -c '! kill -0 "$1" 2>/dev/null' _ "$pid" || kill -9 "$pid" 2>/dev/null || true
	done
	rm -rf "$state"
	say cluster "stopped ${state##*/} (${#pids[@]} nodes)"
}

cmd=${1:-}
[[ -n $cmd ]] || usage
shift
shards=3 replicas=1 base=7000 node_timeout=2000 base_given=0
while (($#)); do
	case $1 in
	--shards) shards=${2:?} ;;
	--replicas) replicas=${2:?} ;;
	--base-port) base=${2:?} base_given=1 ;;
	--node-timeout) node_timeout=${2:?} ;;
	-h | --help) usage 0 ;;
	*) usage ;;
	esac
	shift 2
done
for n in "$shards" "$replicas" "$base" "$node_timeout"; do
	[[ $n =~ ^[0-9]+$ ]] || die cluster "not a number: $n"
done

case $cmd in
stop)
	if ((base_given)); then
		[[ -d $RUN_DIR/cluster-$base ]] || die cluster "no cluster with base port $base in $RUN_DIR"
		stop_cluster "$RUN_DIR/cluster-$base"
	else
		found=0
		for state in "$RUN_DIR"/cluster-*; do
			[[ -d $state ]] || continue
			stop_cluster "$state"
			found=1
		done
		((found)) || say cluster "no cluster running"
	fi
	exit 0
	;;
start) ;;
-h | --help) usage 0 ;;
*) usage ;;
esac

((shards >= 1)) || die cluster "--shards must be at least 1"
total=$((shards * (1 + replicas)))
((base >= 1024 && base + total - 1 + 10000 <= 65535)) ||
	die cluster "ports $base..$((base + total - 1)) and their bus ports (+10000) must lie within 1024..65535"

bash "$VALKITE_ROOT/scripts/setup.sh" --tools-only

state="$RUN_DIR/cluster-$base"
if [[ -d $state ]]; then
	for node in "$state"/node-*; do
		owned_pid "$node" >/dev/null && die cluster "a cluster already runs on base port $base: scripts/cluster.sh stop --base-port $base"
	done
	rm -rf "$state" # left over from a crash or a reboot
fi
for ((i = 0; i < total; i++)); do
	for port in $((base + i)) $((base + i + 10000)); do
		! port_in_use "$port" || die cluster "port $port is in use; pick other ports with --base-port"
	done
done

# --- start the nodes ----------------------------------------------------------

say cluster "starting $total nodes ($shards primaries, $replicas replicas each) on ports $base..$((base + total - 1))"
mkdir -p "$state"
ready=0
# A start that fails half-way takes its nodes down with it.
trap '((ready)) || stop_cluster "$state" 2>/dev/null' EXIT
ports=()
for ((i = 0; i < total; i++)); do
	port=$((base + i))
	node="$state/node-$port"
	mkdir -p "$node"
	"$VALKITE_TOOLS_DIR/valkey-server" --port "$port" --cluster-port $((port + 10000)) \
		--bind 127.0.0.1 --dir "$node" --daemonize yes --pidfile "$node/valkey.pid" \
		--logfile "$node/valkey.log" --save "" --appendonly no \
		--cluster-enabled yes --cluster-config-file "$node/nodes.conf" \
		--cluster-node-timeout "$node_timeout" --repl-diskless-sync-delay 0 \
		--enable-debug-command local
	ports+=("$port")
done
for port in "${ports[@]}"; do
	wait_until 15 resp_ping "$port" || {
		tail -n 20 "$state/node-$port/valkey.log" >&2
		die cluster "node $port did not answer PING"
	}
done

# --- form the cluster (what redis-cli --cluster create does, for any size) -----

ids=()
for ((i = 0; i < total; i++)); do
	ids+=("$(cli "${ports[$i]}" CLUSTER MYID)")
	# Distinct epochs up front spare the nodes resolving collisions after MEET.
	cli_ok "${ports[$i]}" CLUSTER SET-CONFIG-EPOCH $((i + 1))
done
for ((s = 0; s < shards; s++)); do
	cli_ok "${ports[$s]}" CLUSTER ADDSLOTSRANGE $((s * SLOTS / shards)) $(((s + 1) * SLOTS / shards - 1))
done
for ((i = 1; i < total; i++)); do
	cli_ok "${ports[0]}" CLUSTER MEET 127.0.0.1 "${ports[$i]}" $((ports[i] + 10000))
done

all_known() {
	local port nodes
	for port in "${ports[@]}"; do
		nodes=$(cli "$port" CLUSTER NODES) || return 1
		[[ $(grep -c . <<<"$nodes") -eq $total ]] || return 1
		! grep -qE 'handshake|noaddr' <<<"$nodes" || return 1
	done
}
wait_until 60 all_known || die cluster "nodes did not all meet within 60s"

for ((i = shards; i < total; i++)); do
	cli_ok "${ports[$i]}" CLUSTER REPLICATE "${ids[$((i % shards))]}"
done

settled() {
	local i port info nodes
	for ((i = 0; i < total; i++)); do
		port=${ports[$i]}
		info=$(cli "$port" CLUSTER INFO) || return 1
		[[ $(field cluster_state <<<"$info") == ok &&
		$(field cluster_slots_ok <<<"$info") == "$SLOTS" &&
		$(field cluster_known_nodes <<<"$info") == "$total" &&
		$(field cluster_size <<<"$info") == "$shards" ]] || return 1
		nodes=$(cli "$port" CLUSTER NODES) || return 1
		! grep -q fail <<<"$nodes" || return 1
		[[ $(awk '$3 ~ /slave/' <<<"$nodes" | grep -c .) -eq $((total - shards)) ]] || return 1
		if ((i >= shards)); then
			[[ $(cli "$port" INFO replication | field master_link_status) == up ]] || return 1
		fi
	done
}
wait_until 60 settled || die cluster "cluster did not reach cluster_state:ok with synced replicas within 60s"
# shellcheck disable=SC2034 # read by the EXIT trap
ready=1

say cluster "ready: seed 127.0.0.1:$base (stop with: scripts/cluster.sh stop --base-port $base)"
echo "$base"
