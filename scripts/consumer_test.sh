#!/usr/bin/env bash
# Proves that a Go user can install valkite with `go get` alone: no Rust toolchain,
# no clone. Builds a release into a temporary proxy directory, then, in a module
# created outside the repository with cargo and rustc removed from PATH, does what
# the README's "Install" section says, and runs the announcement's standalone sample
# (built plainly and with -race) against a Valkey server it starts on localhost:6379.
#
#   scripts/consumer_test.sh
#
# Ends with one "release consumer: N passed, N failed" line. Exits non-zero on any
# failure. Run by scripts/test.sh after the Go tests.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$VALKITE_ROOT"

PORT=6379
version=v$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/valkite-consumer.XXXXXX")
server_pid=
passed=0 failed=0
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	# The module cache is read-only by design; make it removable first.
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

bash scripts/release.sh "$version" --out "$work/proxy" >/dev/null
zip=$work/proxy/github.com/valkite/valkite/go/@v/$version.zip
say consumer "module zip $(du -k "$zip" | cut -f1) KiB, static library $(du -k dist/libvalkite_ffi-linux-amd64.a | cut -f1) KiB"

# A PATH without the Rust toolchain: every directory holding cargo or rustc is dropped.
clean_path=
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	[[ -n $d && ! -e $d/cargo && ! -e $d/rustc ]] || continue
	clean_path=${clean_path:+$clean_path:}$d
done

if port_in_use "$PORT"; then
	die consumer "port $PORT is taken; the announcement's sample needs localhost:$PORT, so stop what listens there"
fi
"$VALKITE_TOOLS_DIR/valkey-server" --port "$PORT" --bind 127.0.0.1 -::1 --dir "$work" \
	--save "" --appendonly no --logfile "$work/valkey.log" &
server_pid=$!
wait_until 15 resp_ping "$PORT" || die consumer "valkey-server did not come up on port $PORT"

mkdir -p "$work/consumer"
cp go/examples/standalone/main.go "$work/consumer/main.go"

# check NAME COMMAND...: one counted step.
check() {
	local name=$1
	shift
	if "$@" >"$work/step.log" 2>&1; then
		passed=$((passed + 1))
		say consumer "ok: $name"
	else
		failed=$((failed + 1))
		say consumer "FAILED: $name"
		tail -n 30 "$work/step.log" >&2
	fi
}

# The consumer's environment: the README's install section, plus an empty module cache
# so that nothing comes from this machine's earlier downloads.
consumer() {
	(cd "$work/consumer" && env -u GOFLAGS PATH="$clean_path" \
		GOPROXY="file://$work/proxy" GONOSUMDB=github.com/valkite/valkite GOFLAGS=-mod=mod \
		GOMODCACHE="$work/modcache" GOTOOLCHAIN=local CGO_ENABLED=1 "$@")
}

no_rust() { ! consumer bash -c 'command -v cargo || command -v rustc'; }
sample_prints() {
	local out
	out=$("$1")
	[[ $out == "$(printf 'PONG\nvalkey')" ]] || {
		printf 'unexpected output from %s:\n%s\n' "$1" "$out"
		return 1
	}
}

# Another platform: the build fails and names the way out (a cross build without a
# C cross compiler has cgo off; the placeholder file is chosen and its message shows).
other_platform_says_how() {
	local out
	if out=$(consumer env GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -o /dev/null . 2>&1); then
		echo "a linux/arm64 build succeeded without a core for it"
		return 1
	fi
	grep -q 'build_it_from_source_as_the_README_says' <<<"$out" || {
		printf 'the failure does not say how to build from source:\n%s\n' "$out"
		return 1
	}
}

check "no cargo or rustc on the consumer's PATH" no_rust
check "go mod init" consumer go mod init example.com/consumer
check "go get github.com/valkite/valkite/go@$version" consumer go get "github.com/valkite/valkite/go@$version"
check "go build" consumer go build -o app .
check "the sample prints PONG, valkey" sample_prints "$work/consumer/app"
check "go build -race" consumer go build -race -o app-race .
check "the -race build prints PONG, valkey" sample_prints "$work/consumer/app-race"

check "another platform fails at build time, saying how to build from source" other_platform_says_how

printf 'release consumer: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
