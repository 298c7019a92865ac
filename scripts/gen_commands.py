#!/usr/bin/env python3
"""Builds valkite's command metadata: core/commands.json and core/src/commands/table.rs.

    gen_commands.py fetch --server PATH [--out core/commands.json]
        Starts PATH (a valkey-server) on a free loopback port with persistence off,
        reads COMMAND INFO and COMMAND DOCS over RESP3, stops it, and writes the
        normalized snapshot.
    gen_commands.py table [--in core/commands.json] [--out core/src/commands/table.rs]
        Turns the snapshot into the Rust table. Needs no server, so a reviewer can
        check that a table matches its snapshot by running this and diffing.

scripts/gen-commands.sh runs both. Standard library only.

The snapshot is the reviewed artifact: a server upgrade shows up as a readable
diff of commands.json, and table.rs follows from it mechanically. Both are
written deterministically (sorted names, sorted flag lists, fixed key order) so
regenerating without a server change produces no diff.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_JSON = os.path.join(ROOT, "core", "commands.json")
DEFAULT_TABLE = os.path.join(ROOT, "core", "src", "commands", "table.rs")

# Bit constants that exist in core/src/commands/mod.rs, keyed by the server's
# spelling. A name the server reports that is missing here is kept in the
# snapshot but left out of the table (with a warning): the table stays buildable
# and the warning says which constant to add.
COMMAND_FLAGS = {
    "write": "WRITE",
    "readonly": "READONLY",
    "denyoom": "DENYOOM",
    "module": "MODULE",
    "admin": "ADMIN",
    "pubsub": "PUBSUB",
    "noscript": "NOSCRIPT",
    "blocking": "BLOCKING",
    "loading": "LOADING",
    "stale": "STALE",
    "skip_monitor": "SKIP_MONITOR",
    "skip_commandlog": "SKIP_COMMANDLOG",
    "skip_slowlog": "SKIP_COMMANDLOG",
    "asking": "ASKING",
    "fast": "FAST",
    "no_auth": "NO_AUTH",
    "may_replicate": "MAY_REPLICATE",
    "no_mandatory_keys": "NO_MANDATORY_KEYS",
    "no_async_loading": "NO_ASYNC_LOADING",
    "no_multi": "NO_MULTI",
    "movablekeys": "MOVABLEKEYS",
    "allow_busy": "ALLOW_BUSY",
    "sentinel": "SENTINEL",
    "only_sentinel": "ONLY_SENTINEL",
}

ACL_CATEGORIES = {
    "@keyspace": "KEYSPACE",
    "@read": "READ",
    "@write": "WRITE",
    "@set": "SET",
    "@sortedset": "SORTEDSET",
    "@list": "LIST",
    "@hash": "HASH",
    "@string": "STRING",
    "@bitmap": "BITMAP",
    "@hyperloglog": "HYPERLOGLOG",
    "@geo": "GEO",
    "@stream": "STREAM",
    "@pubsub": "PUBSUB",
    "@admin": "ADMIN",
    "@fast": "FAST",
    "@slow": "SLOW",
    "@blocking": "BLOCKING",
    "@dangerous": "DANGEROUS",
    "@connection": "CONNECTION",
    "@transaction": "TRANSACTION",
    "@scripting": "SCRIPTING",
}

KEY_SPEC_FLAGS = {
    "RO": "RO",
    "RW": "RW",
    "OW": "OW",
    "RM": "RM",
    "access": "ACCESS",
    "update": "UPDATE",
    "insert": "INSERT",
    "delete": "DELETE",
    "not_key": "NOT_KEY",
    "incomplete": "INCOMPLETE",
    "variable_flags": "VARIABLE_FLAGS",
}

PLAIN_TIPS = {
    "nondeterministic_output": "NONDETERMINISTIC_OUTPUT",
    "nondeterministic_output_order": "NONDETERMINISTIC_OUTPUT_ORDER",
}

REQUEST_POLICIES = {
    "all_nodes": "AllNodes",
    "all_shards": "AllShards",
    "multi_shard": "MultiShard",
    "special": "Special",
}

RESPONSE_POLICIES = {
    "one_succeeded": "OneSucceeded",
    "all_succeeded": "AllSucceeded",
    "agg_logical_and": "AggLogicalAnd",
    "agg_logical_or": "AggLogicalOr",
    "agg_min": "AggMin",
    "agg_max": "AggMax",
    "agg_sum": "AggSum",
    "special": "Special",
}

# Commands whose key specs cannot be interpreted mechanically (a spec of type
# "unknown" or flagged "incomplete"), or that the server itself does not
# interpret through its specs. Each needs a decision, made here by name:
#   a KeyMethod variant hand-written in core/src/commands/keys.rs, or
#   "Specs" when the unusable spec names no keys worth routing on.
# A command that newly needs a decision stops the generator, so a server upgrade
# cannot silently produce wrong key positions.
SPECIAL_KEYS = {
    "SORT": "Sort",  # STORE may appear anywhere; BY/GET name patterns, not keys
    "SORT_RO": "Specs",  # only the BY/GET patterns are unknown
    "MIGRATE": "Migrate",  # the KEYS form replaces the (then empty) key argument
    # Interpretable, but the server's own key finder disagrees with the specs
    # (their flags vary, so it does not use them): the last STORE/STOREDIST wins,
    # searched from the unit argument on.
    "GEORADIUS": "GeoStore",
    "GEORADIUSBYMEMBER": "GeoStore",
}

warned = set()


def warn(msg):
    if msg not in warned:
        warned.add(msg)
        print("gen_commands: warning: " + msg, file=sys.stderr)


def die(msg):
    print("gen_commands: error: " + msg, file=sys.stderr)
    sys.exit(1)


# --- RESP3 client ------------------------------------------------------------


class RespError(Exception):
    pass


class Conn:
    """Just enough RESP3 to read COMMAND's replies: every type those use."""

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.rd = self.sock.makefile("rb")

    def close(self):
        self.rd.close()
        self.sock.close()

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a.encode() if isinstance(a, str) else a
            parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(parts))
        return self.read()

    def _line(self):
        line = self.rd.readline()
        if not line.endswith(b"\r\n"):
            raise RespError("connection closed mid-reply")
        return line[:-2]

    def _blob(self, n):
        data = self.rd.read(n + 2)
        if len(data) != n + 2:
            raise RespError("connection closed mid-reply")
        return data[:-2].decode()

    def read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind in (b"-", b"!"):
            raise RespError(self._blob(int(rest)) if kind == b"!" else rest.decode())
        if kind in (b":", b"("):
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._blob(n)
        if kind == b"=":
            return self._blob(int(rest))[4:]  # drop the "txt:" format prefix
        if kind in (b"*", b"~", b">"):
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        if kind in (b"%", b"|"):
            out = {}
            for _ in range(int(rest)):
                k = self.read()
                out[k] = self.read()
            if kind == b"|":  # attributes precede the real reply
                return self.read()
            return out
        if kind == b"_":
            return None
        if kind == b"#":
            return rest == b"t"
        if kind == b",":
            return float(rest)
        raise RespError("unexpected RESP type %r" % line[:20])


# --- fetch -------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, workdir):
    """Starts binary on a free port; retries when another process wins the port."""
    for _ in range(5):
        port = free_port()
        with open(os.path.join(workdir, "server.log"), "wb") as log:
            proc = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", workdir, "--daemonize", "no", "--protected-mode", "yes"],
                stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                c = Conn(port, timeout=2)
            except OSError:
                time.sleep(0.05)
                continue
            try:
                if c.call("PING") == "PONG":
                    return proc, c
            except (OSError, RespError):
                pass  # still loading, or not our server: poll again
            c.close()
            time.sleep(0.05)
        stop_server(proc)
    with open(os.path.join(workdir, "server.log"), "rb") as f:
        die("valkey-server did not start:\n" + f.read().decode(errors="replace")[-2000:])


def stop_server(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def normalize_spec(spec):
    out = {
        "flags": sorted(spec.get("flags") or []),
        "begin_search": {"type": spec["begin_search"]["type"], "spec": spec["begin_search"].get("spec") or {}},
        "find_keys": {"type": spec["find_keys"]["type"], "spec": spec["find_keys"].get("spec") or {}},
    }
    if spec.get("notes"):
        out["notes"] = spec["notes"]
    return out


def normalize(info, docs):
    """One command (or subcommand) as it goes into commands.json."""
    name, arity, flags, first, last, step, cats, tips, specs, subs = info[:10]
    doc = docs.get(name) or {}
    entry = {
        "name": name,
        "arity": arity,
        "flags": sorted(flags),
        "acl_categories": sorted(cats),
        "tips": sorted(tips),
        "first_key": first,
        "last_key": last,
        "step": step,
        "key_specs": [normalize_spec(s) for s in specs],
        "group": doc.get("group", ""),
        "since": doc.get("since", ""),
    }
    for field in ("doc_flags",):
        if doc.get(field):
            entry[field] = sorted(doc[field])
    for field in ("deprecated_since", "replaced_by"):
        if doc.get(field):
            entry[field] = doc[field]
    sub_docs = doc.get("subcommands") or {}
    entry["subcommands"] = sorted((normalize(s, sub_docs) for s in subs or []), key=lambda e: e["name"].upper())
    return entry


def fetch(binary, out_path):
    workdir = tempfile.mkdtemp(prefix="valkite-gen-commands-")
    proc = None
    try:
        proc, conn = start_server(binary, workdir)
        hello = conn.call("HELLO", "3")
        info = conn.call("COMMAND", "INFO")
        docs = conn.call("COMMAND", "DOCS")
        version = conn.call("INFO", "server")
        conn.close()
    finally:
        if proc is not None:
            stop_server(proc)
        shutil.rmtree(workdir, ignore_errors=True)
    server = {"name": hello.get("server", ""), "version": hello.get("version", "")}
    for line in version.splitlines():
        if line.startswith("valkey_version:"):
            server["version"] = line.split(":", 1)[1].strip()
    commands = sorted((normalize(c, docs) for c in info if c), key=lambda e: e["name"].upper())
    snapshot = {"server": server, "commands": commands}
    text = json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=True) + "\n"
    with open(out_path, "w", newline="\n") as f:
        f.write(text)
    count = len(commands) + sum(len(c["subcommands"]) for c in commands)
    print("gen_commands: %s: %d commands (%d top-level) from %s %s"
          % (os.path.relpath(out_path, ROOT), count, len(commands), server["name"], server["version"]),
          file=sys.stderr)


# --- table -------------------------------------------------------------------


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def rust_str(s):
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    return '"' + "".join(out) + '"'


MODULES = {"f": "flags", "a": "acl", "k": "key_flags", "t": "tips"}


def bits(names, mapping, module, what, owner):
    idents = []
    for n in names:
        ident = mapping.get(n)
        if ident is None:
            warn("%s: unknown %s %r left out of the table (add a documented `%s` constant in "
                 "core/src/commands/mod.rs and map it in %s)" % (owner, what, n, MODULES[module], os.path.basename(__file__)))
            continue
        if ident not in idents:
            idents.append(ident)
    if not idents:
        return "0"
    return " | ".join("%s::%s" % (module, i) for i in idents)


def policies(cmd):
    req, resp, plain = "Default", "Default", []
    for tip in cmd["tips"]:
        key, _, value = tip.partition(":")
        if key == "request_policy":
            req = REQUEST_POLICIES.get(value) or die("%s: unknown request_policy %r" % (cmd["name"], value))
        elif key == "response_policy":
            resp = RESPONSE_POLICIES.get(value) or die("%s: unknown response_policy %r" % (cmd["name"], value))
        else:
            plain.append(tip)
    return req, resp, plain


def begin_search(spec, owner):
    kind, s = spec["type"], spec["spec"]
    if kind == "index":
        return "BeginSearch::Index(%d)" % s["index"]
    if kind == "keyword":
        return "BeginSearch::Keyword { keyword: %s, start_from: %d }" % (rust_str(s["keyword"]), s["startfrom"])
    if kind == "unknown":
        return "BeginSearch::Unknown"
    die("%s: unknown begin_search type %r" % (owner, kind))


def find_keys(spec, owner):
    kind, s = spec["type"], spec["spec"]
    if kind == "range":
        return "FindKeys::Range { last_key: %d, key_step: %d, limit: %d }" % (s["lastkey"], s["keystep"], s["limit"])
    if kind == "keynum":
        return "FindKeys::KeyNum { key_num_index: %d, first_key: %d, key_step: %d }" % (
            s["keynumidx"], s["firstkey"], s["keystep"])
    if kind == "unknown":
        return "FindKeys::Unknown"
    die("%s: unknown find_keys type %r" % (owner, kind))


def key_method(cmd, name):
    """How core/src/commands/keys.rs should find this command's keys."""
    specs = cmd["key_specs"]
    if not specs:
        if cmd["first_key"] != 0:
            die("%s: legacy key range without key specs" % name)
        return "None"
    unusable = [s for s in specs
                if s["begin_search"]["type"] == "unknown" or s["find_keys"]["type"] == "unknown"
                or "incomplete" in s["flags"]]
    if unusable or name in SPECIAL_KEYS:
        method = SPECIAL_KEYS.get(name)
        if method is None:
            die("%s has key specs that cannot be interpreted mechanically; decide how to find its keys "
                "and add it to SPECIAL_KEYS in %s" % (name, os.path.basename(__file__)))
        return method
    simple = ("movablekeys" not in cmd["flags"] and cmd["first_key"] > 0 and cmd["step"] > 0
              and not any("not_key" in s["flags"] for s in specs))
    return "Range" if simple else "Specs"


def emit_command(cmd, out, indent, container=None):
    name = cmd["name"].upper()
    if container is not None and not name.startswith(container + "|"):
        die("subcommand %s does not start with %s|" % (name, container))
    pad = " " * indent
    req, resp, plain = policies(cmd)
    flags = list(cmd["flags"])
    if "@blocking" in cmd["acl_categories"] and "blocking" not in flags:
        flags.append("blocking")  # the category alone also means "may block"
    out.append(pad + "CommandInfo {")
    out.append(pad + "    name: %s, arity: %d, group: %s, since: %s,"
               % (rust_str(name), cmd["arity"], rust_str(cmd["group"]), rust_str(cmd["since"])))
    out.append(pad + "    flags: %s," % bits(flags, COMMAND_FLAGS, "f", "flag", name))
    out.append(pad + "    acl_categories: %s," % bits(cmd["acl_categories"], ACL_CATEGORIES, "a", "ACL category", name))
    out.append(pad + "    request_policy: Rq::%s, response_policy: Rs::%s, tips: %s,"
               % (req, resp, bits(plain, PLAIN_TIPS, "t", "tip", name)))
    method = key_method(cmd, name)
    head = "keys: KeySpec { first: %d, last: %d, step: %d, method: KeyMethod::%s, specs: &[" % (
        cmd["first_key"], cmd["last_key"], cmd["step"], method)
    if cmd["key_specs"]:
        out.append(pad + "    " + head)
        for s in cmd["key_specs"]:
            out.append(pad + "        KeySpecEntry { flags: %s, begin_search: %s, find_keys: %s },"
                       % (bits(s["flags"], KEY_SPEC_FLAGS, "k", "key spec flag", name),
                          begin_search(s["begin_search"], name), find_keys(s["find_keys"], name)))
        out.append(pad + "    ] },")
    else:
        out.append(pad + "    " + head + "] },")
    if cmd["subcommands"]:
        out.append(pad + "    subcommands: &[")
        for sub in cmd["subcommands"]:
            emit_command(sub, out, indent + 8, container=name)
        out.append(pad + "    ],")
    else:
        out.append(pad + "    subcommands: &[],")
    out.append(pad + "},")


TABLE_DIGEST_LINE = "pub(super) const TABLE_FNV1A64: u64 = 0x%016x;"


def table(in_path, out_path):
    with open(in_path, "rb") as f:
        raw = f.read()
    snapshot = json.loads(raw)
    commands = snapshot["commands"]
    names = [c["name"].upper() for c in commands]
    if names != sorted(names) or len(set(names)) != len(names):
        die("%s: command names are not sorted and unique" % in_path)
    server = snapshot.get("server", {})
    count = len(commands) + sum(len(c["subcommands"]) for c in commands)

    out = [
        "// @generated by scripts/gen-commands.sh from core/commands.json - do not edit.",
        "//",
        "// Regenerate both files from a live server: scripts/gen-commands.sh",
        "// Regenerate only this file from the snapshot: scripts/gen-commands.sh --table-only",
        "// The tests compare the digests below with the files, so a stale or hand-edited table fails.",
        "//",
        "// Source: %s %s; %d entries (%d commands, %d subcommands)."
        % (server.get("name", "?"), server.get("version", "?"), count, len(commands), count - len(commands)),
        "",
        "use super::{acl as a, flags as f, key_flags as k, tips as t};",
        "use super::{BeginSearch, CommandInfo, FindKeys, KeyMethod, KeySpec, KeySpecEntry};",
        "use super::{RequestPolicy as Rq, ResponsePolicy as Rs};",
        "",
        "/// FNV-1a 64 of core/commands.json as it was when this file was generated.",
        "#[cfg(test)]",
        "pub(super) const SNAPSHOT_FNV1A64: u64 = 0x%016x;" % fnv1a64(raw),
        "",
        "/// FNV-1a 64 of this file with the digest's value replaced by zeros.",
        "#[cfg(test)]",
        TABLE_DIGEST_LINE % 0,
        "",
        "/// Every command, sorted by uppercase name (bytewise) so lookups can binary search;",
        "/// each container's subcommands are sorted the same way.",
        "pub(super) static COMMANDS: &[CommandInfo] = &[",
    ]
    for cmd in commands:
        emit_command(cmd, out, 4)
    out.append("];")
    text = "\n".join(out) + "\n"
    digest = fnv1a64(text.encode())
    text = text.replace(TABLE_DIGEST_LINE % 0, TABLE_DIGEST_LINE % digest, 1)
    with open(out_path, "w", newline="\n") as f:
        f.write(text)
    print("gen_commands: %s: %d entries from %s"
          % (os.path.relpath(out_path, ROOT), count, os.path.relpath(in_path, ROOT)), file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fetch", help="snapshot a live server's COMMAND INFO/DOCS")
    f.add_argument("--server", required=True, help="path to valkey-server")
    f.add_argument("--out", default=DEFAULT_JSON)
    t = sub.add_parser("table", help="generate table.rs from the snapshot")
    t.add_argument("--in", dest="inp", default=DEFAULT_JSON)
    t.add_argument("--out", default=DEFAULT_TABLE)
    args = p.parse_args()
    if args.cmd == "fetch":
        fetch(args.server, args.out)
    else:
        table(args.inp, args.out)


if __name__ == "__main__":
    main()
