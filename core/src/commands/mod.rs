//! What the client knows about each server command without asking the server.
//!
//! Cluster routing needs, before a command is sent: where its keys are (to pick a
//! slot), whether it may go to a replica (read-only), whether it fans out to every
//! node or shard and how the replies are combined (the server's command tips), and
//! whether it blocks (so a request timeout does not cut it short). All of that
//! comes from Valkey's own `COMMAND INFO` / `COMMAND DOCS`, captured once in
//! `core/commands.json` and compiled into a static table (`table.rs`), so lookups
//! cost a binary search and never allocate.
//!
//! Regenerate with `scripts/gen-commands.sh` (needs a valkey-server) or
//! `scripts/gen-commands.sh --table-only` (from the checked-in snapshot).
//!
//! Arguments are taken through [`ArgList`], which slices, vectors and arrays of
//! byte strings implement, and so does [`RespArgs`], a view over an already
//! RESP-encoded command: a caller holding the encoded request can route it
//! without splitting it into a vector first.

mod args;
mod keys;
mod slot;
#[rustfmt::skip]
mod table;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;

pub use args::{ArgList, RespArgs};
pub use keys::{command_slot, key_positions, slot_positions, CommandSlot, KeyPositions};
pub use slot::{hash_tag, slot, SLOT_COUNT};

/// Command flags as `COMMAND INFO` reports them, one bit each.
///
/// `BLOCKING` is also set for commands in the `@blocking` ACL category, so one
/// test answers "may this wait on the server?".
pub mod flags {
    /// May change the dataset, so it always goes to a primary.
    pub const WRITE: u32 = 1 << 0;
    /// Safe to send to a replica when reads from replicas are allowed.
    pub const READONLY: u32 = 1 << 1;
    /// May grow memory use; the server refuses it while over `maxmemory`.
    pub const DENYOOM: u32 = 1 << 2;
    /// Implemented by a loaded module rather than the server itself.
    pub const MODULE: u32 = 1 << 3;
    /// Administrative (CONFIG, DEBUG, ...): changes or inspects the server, not the data.
    pub const ADMIN: u32 = 1 << 4;
    /// Part of pub/sub (SUBSCRIBE, PUBLISH, ...), which has its own connection state.
    pub const PUBSUB: u32 = 1 << 5;
    /// Refused inside a Lua script or function.
    pub const NOSCRIPT: u32 = 1 << 6;
    /// May wait server-side (BLPOP, WAIT, XREAD ... BLOCK): a client-side request
    /// timeout shorter than the command's own would fail healthy requests.
    pub const BLOCKING: u32 = 1 << 7;
    /// Accepted while the server is still loading its dataset from disk.
    pub const LOADING: u32 = 1 << 8;
    /// Accepted by a replica whose link to its primary is down (its data may be stale).
    pub const STALE: u32 = 1 << 9;
    /// Not shown to MONITOR clients (it may carry secrets, like AUTH).
    pub const SKIP_MONITOR: u32 = 1 << 10;
    /// Valkey's name; Redis calls it `skip_slowlog` (mapped here too).
    pub const SKIP_COMMANDLOG: u32 = 1 << 11;
    /// Accepted for a slot being imported once the connection sent ASKING.
    pub const ASKING: u32 = 1 << 12;
    /// Constant or logarithmic time and never waits: cheap enough to sit on the hot path.
    pub const FAST: u32 = 1 << 13;
    /// Accepted before the connection has authenticated (HELLO, AUTH).
    pub const NO_AUTH: u32 = 1 << 14;
    /// Not a write, yet may cause replication traffic (PUBLISH, EVAL).
    pub const MAY_REPLICATE: u32 = 1 << 15;
    /// Every key argument is optional, so a call may name none.
    pub const NO_MANDATORY_KEYS: u32 = 1 << 16;
    /// Refused while the server loads a replicated dataset asynchronously.
    pub const NO_ASYNC_LOADING: u32 = 1 << 17;
    /// Refused inside MULTI/EXEC.
    pub const NO_MULTI: u32 = 1 << 18;
    /// Key positions depend on the arguments, not just on the command name.
    pub const MOVABLEKEYS: u32 = 1 << 19;
    /// Accepted while a script or function keeps the server busy (SCRIPT KILL).
    pub const ALLOW_BUSY: u32 = 1 << 20;
    /// Available when the server runs as a Sentinel.
    pub const SENTINEL: u32 = 1 << 21;
    /// Available only when the server runs as a Sentinel.
    pub const ONLY_SENTINEL: u32 = 1 << 22;
}

/// ACL categories (`@read`, `@pubsub`, ...), one bit each.
pub mod acl {
    /// `@keyspace`: works on keys regardless of their type (DEL, EXPIRE, RENAME).
    pub const KEYSPACE: u32 = 1 << 0;
    /// `@read`: reads values.
    pub const READ: u32 = 1 << 1;
    /// `@write`: writes values.
    pub const WRITE: u32 = 1 << 2;
    /// `@set`: works on sets.
    pub const SET: u32 = 1 << 3;
    /// `@sortedset`: works on sorted sets.
    pub const SORTEDSET: u32 = 1 << 4;
    /// `@list`: works on lists.
    pub const LIST: u32 = 1 << 5;
    /// `@hash`: works on hashes.
    pub const HASH: u32 = 1 << 6;
    /// `@string`: works on strings.
    pub const STRING: u32 = 1 << 7;
    /// `@bitmap`: works on bitmaps.
    pub const BITMAP: u32 = 1 << 8;
    /// `@hyperloglog`: works on HyperLogLogs.
    pub const HYPERLOGLOG: u32 = 1 << 9;
    /// `@geo`: works on geospatial indexes.
    pub const GEO: u32 = 1 << 10;
    /// `@stream`: works on streams.
    pub const STREAM: u32 = 1 << 11;
    /// `@pubsub`: publishes or subscribes.
    pub const PUBSUB: u32 = 1 << 12;
    /// `@admin`: administrative; ACLs usually deny it to applications.
    pub const ADMIN: u32 = 1 << 13;
    /// `@fast`: constant or logarithmic time.
    pub const FAST: u32 = 1 << 14;
    /// `@slow`: everything not in `@fast`.
    pub const SLOW: u32 = 1 << 15;
    /// `@blocking`: may block the connection until data arrives.
    pub const BLOCKING: u32 = 1 << 16;
    /// `@dangerous`: may harm the server or leak data if misused.
    pub const DANGEROUS: u32 = 1 << 17;
    /// `@connection`: about the connection itself (AUTH, CLIENT, HELLO).
    pub const CONNECTION: u32 = 1 << 18;
    /// `@transaction`: MULTI, EXEC, WATCH and friends.
    pub const TRANSACTION: u32 = 1 << 19;
    /// `@scripting`: Lua scripts and functions.
    pub const SCRIPTING: u32 = 1 << 20;
}

/// Flags of one key spec: how the command uses the keys the spec finds.
pub mod key_flags {
    /// The command only reads the key.
    pub const RO: u16 = 1 << 0;
    /// The command reads and writes the key.
    pub const RW: u16 = 1 << 1;
    /// The command overwrites the key without reading it.
    pub const OW: u16 = 1 << 2;
    /// The command deletes the key.
    pub const RM: u16 = 1 << 3;
    /// The command returns or copies the key's user data.
    pub const ACCESS: u16 = 1 << 4;
    /// The command changes the existing value.
    pub const UPDATE: u16 = 1 << 5;
    /// The command adds data without changing what is there.
    pub const INSERT: u16 = 1 << 6;
    /// The command removes data from the value.
    pub const DELETE: u16 = 1 << 7;
    /// The argument is not a key but still picks the slot (shard channels of
    /// SPUBLISH/SSUBSCRIBE, the CLUSTERSCAN cursor): [`slot_positions`](super::slot_positions) includes
    /// it, [`key_positions`](super::key_positions) does not.
    pub const NOT_KEY: u16 = 1 << 8;
    /// The spec may miss keys; such commands get a hand-written [`KeyMethod`](super::KeyMethod).
    pub const INCOMPLETE: u16 = 1 << 9;
    /// The real flags depend on the arguments; these are the widest ones.
    pub const VARIABLE_FLAGS: u16 = 1 << 10;
}

/// Command tips other than the two policies.
pub mod tips {
    /// Replies differ between calls with the same data (RANDOMKEY, CLIENT LIST):
    /// a comparing or caching layer must not assume they repeat.
    pub const NONDETERMINISTIC_OUTPUT: u8 = 1 << 0;
    /// Same elements, but the order may differ (KEYS, SMEMBERS).
    pub const NONDETERMINISTIC_OUTPUT_ORDER: u8 = 1 << 1;
}

/// Which nodes a command goes to in cluster mode (`request_policy` tip).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RequestPolicy {
    /// No tip: the slot of its keys decides; a keyless command goes to any node.
    Default,
    /// Every node, primaries and replicas (CONFIG SET, SCRIPT LOAD).
    AllNodes,
    /// Every primary (DBSIZE, KEYS, FLUSHALL).
    AllShards,
    /// Split by slot of each key, one request per shard (MGET, DEL, MSET).
    MultiShard,
    /// Needs command-specific handling (SCAN).
    Special,
}

/// How the replies of a fanned-out command combine into one (`response_policy` tip).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponsePolicy {
    /// No tip: keyless fan-out returns the replies as they are; multi-shard
    /// commands concatenate per-key results in request order.
    Default,
    /// The first success wins; errors only if all fail (SCRIPT KILL).
    OneSucceeded,
    /// Every node must succeed; the reply is any one of them (FLUSHALL).
    AllSucceeded,
    /// Element-wise AND of integer arrays (SCRIPT EXISTS).
    AggLogicalAnd,
    /// Element-wise OR of integer arrays.
    AggLogicalOr,
    /// Minimum of the integers (WAIT).
    AggMin,
    /// Maximum of the integers.
    AggMax,
    /// Sum of the integers (DBSIZE, DEL).
    AggSum,
    /// Needs command-specific handling (INFO, RANDOMKEY).
    Special,
}

/// Where a key spec starts looking for keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeginSearch {
    /// At this argument index.
    Index(i16),
    /// Just after `keyword` (compared case-insensitively), searched from
    /// `start_from` forwards or, when negative, from `argc + start_from` backwards.
    Keyword {
        /// The word that precedes the keys (`STREAMS` for XREAD).
        keyword: &'static str,
        /// Argument index the search starts at; negative counts from the end
        /// and searches backwards.
        start_from: i16,
    },
    /// Cannot be told from the arguments' positions alone.
    Unknown,
}

/// Which arguments after the starting point are keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindKeys {
    /// Every `key_step`-th argument up to `last_key`, which counts from the start
    /// when non-negative and from the end when negative; with a non-zero `limit`
    /// only the first 1/limit of the remaining arguments (XREAD's keys come
    /// before as many IDs).
    Range {
        /// Index of the last key, relative to the starting point; negative counts
        /// from the end of the arguments (-1 is the last one).
        last_key: i16,
        /// Distance between two keys (2 when keys and values alternate).
        key_step: i16,
        /// 0 for no limit; otherwise only the first 1/limit of the remaining
        /// arguments are keys.
        limit: i16,
    },
    /// The argument at `key_num_index` (from the start) holds the key count; that
    /// many keys begin at `first_key` (from the start), `key_step` apart (EVAL,
    /// ZUNION, LMPOP; MSETEX with step 2).
    KeyNum {
        /// Index, after the starting point, of the argument holding the key count.
        key_num_index: i16,
        /// Index, after the starting point, of the first key.
        first_key: i16,
        /// Distance between two keys.
        key_step: i16,
    },
    /// Cannot be told from the arguments' positions alone; the spec is marked
    /// incomplete and the command needs its own [`KeyMethod`].
    Unknown,
}

/// One of the server's key specs, unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpecEntry {
    /// [`key_flags`] bits.
    pub flags: u16,
    /// Where the search for this spec's keys starts.
    pub begin_search: BeginSearch,
    /// Which arguments from that point on are keys.
    pub find_keys: FindKeys,
}

/// How [`key_positions`] finds this command's keys; chosen by the generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMethod {
    /// No keys.
    None,
    /// `first..=last` every `step` (`last` < 0 counts from the end): the legacy
    /// triple, exact whenever the keys do not move with the arguments.
    Range,
    /// Interpret [`KeySpec::specs`] as the server does.
    Specs,
    /// SORT: the key at 1, plus the last `STORE` destination, found by skipping
    /// option arguments the way the server does. BY/GET patterns are not keys.
    Sort,
    /// MIGRATE: the key at 3 when it is non-empty; when it is empty, every argument
    /// after `KEYS` instead (and never the empty placeholder).
    Migrate,
    /// GEORADIUS, GEORADIUSBYMEMBER: the key at 1, plus the argument after the
    /// last STORE or STOREDIST (the one the server writes to), searched from 5.
    GeoStore,
}

/// Everything needed to find a command's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    /// Legacy `COMMAND INFO` first key, last key and step (0 when keyless).
    pub first: i16,
    /// Legacy last key; negative counts from the end (-1 for "up to the last
    /// argument").
    pub last: i16,
    /// Legacy distance between keys (2 for MSET's key/value pairs).
    pub step: i16,
    /// Which of the descriptions above [`key_positions`] trusts for this command.
    pub method: KeyMethod,
    /// The server's key specs, in its order (its `key_spec_index`).
    pub specs: &'static [KeySpecEntry],
}

/// One command or container subcommand.
#[derive(Debug, PartialEq, Eq)]
pub struct CommandInfo {
    /// Uppercase; subcommands as `"CLIENT|SETNAME"`.
    pub name: &'static str,
    /// Argument count including the name(s); negative means "at least -arity".
    pub arity: i16,
    /// [`flags`] bits.
    pub flags: u32,
    /// [`acl`] bits.
    pub acl_categories: u32,
    /// Which nodes the command goes to when a cluster client fans it out.
    pub request_policy: RequestPolicy,
    /// How the replies of a fanned-out call are combined.
    pub response_policy: ResponsePolicy,
    /// [`tips`] bits.
    pub tips: u8,
    /// Where the keys are, which decides the slot in cluster mode.
    pub keys: KeySpec,
    /// `COMMAND DOCS` group ("string", "server", ...).
    pub group: &'static str,
    /// Server version that introduced the command.
    pub since: &'static str,
    /// Sorted like the top level; empty unless this is a container.
    pub subcommands: &'static [CommandInfo],
}

impl CommandInfo {
    /// Whether any of the [`flags`] bits in `flag` is set.
    pub fn has_flag(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    /// Whether the server lets a replica serve it: only such commands follow a
    /// read-from-replica preference.
    pub fn is_readonly(&self) -> bool {
        self.has_flag(flags::READONLY)
    }

    /// Whether it may wait server-side, so its deadline comes from its own
    /// timeout argument rather than the client's request timeout.
    pub fn is_blocking(&self) -> bool {
        self.has_flag(flags::BLOCKING)
    }

    /// Whether the command is only a prefix for subcommands (CLIENT, CONFIG):
    /// routing facts then live on the subcommand.
    pub fn is_container(&self) -> bool {
        !self.subcommands.is_empty()
    }

    /// The name a caller sends: `"SETNAME"` for `"CLIENT|SETNAME"`.
    pub fn short_name(&self) -> &'static str {
        match self.name.split_once('|') {
            Some((_, sub)) => sub,
            None => self.name,
        }
    }

    /// Whether `argc` arguments (name included) satisfy the arity.
    pub fn arity_ok(&self, argc: usize) -> bool {
        let arity = self.arity.unsigned_abs() as usize;
        if self.arity < 0 {
            argc >= arity
        } else {
            argc == arity
        }
    }
}

/// Every top-level command, sorted by name; containers carry their subcommands.
pub fn commands() -> &'static [CommandInfo] {
    table::COMMANDS
}

/// The entry for `args` (`args[0]` the command name, any case). For a container
/// (CLIENT, CONFIG, XINFO, ...) `args[1]` picks the subcommand; when it is
/// missing or unknown the container's own entry comes back, which is keyless
/// and carries no routing tips, so the server gets to report the mistake.
pub fn lookup<A: ArgList + ?Sized>(args: &A) -> Option<&'static CommandInfo> {
    let info = lookup_name(args.arg(0)?)?;
    if info.is_container() {
        if let Some(sub) = args.arg(1).and_then(|s| lookup_subcommand(info, s)) {
            return Some(sub);
        }
    }
    Some(info)
}

/// The top-level entry named `name` (case-insensitive).
pub fn lookup_name(name: &[u8]) -> Option<&'static CommandInfo> {
    let i = table::COMMANDS
        .binary_search_by(|c| cmp_upper(c.name.as_bytes(), name))
        .ok()?;
    table::COMMANDS.get(i)
}

/// `container`'s subcommand named `sub` (case-insensitive, without the container
/// prefix).
pub fn lookup_subcommand(container: &CommandInfo, sub: &[u8]) -> Option<&'static CommandInfo> {
    let skip = container.name.len() + 1;
    let subs = container.subcommands;
    let i = subs
        .binary_search_by(|c| cmp_upper(c.name.as_bytes().get(skip..).unwrap_or_default(), sub))
        .ok()?;
    subs.get(i)
}

/// Orders an uppercase table name against a caller's name of any case, the
/// order the generator sorted by.
fn cmp_upper(table: &[u8], arg: &[u8]) -> Ordering {
    let upper = arg.iter().map(u8::to_ascii_uppercase);
    table.iter().copied().cmp(upper)
}

/// The first key of the command in `args`, if it has one.
pub fn first_key<A: ArgList + ?Sized>(args: &A) -> Option<&[u8]> {
    let info = lookup(args)?;
    let pos = KeyPositions::keys(info, args).next()?;
    args.arg(pos)
}

/// The first argument that decides the slot: the first key, or for sharded
/// pub/sub the first shard channel. `None` means the command is keyless.
pub fn routing_arg<A: ArgList + ?Sized>(args: &A) -> Option<&[u8]> {
    let info = lookup(args)?;
    let pos = KeyPositions::slots(info, args).next()?;
    args.arg(pos)
}

/// Whether the command may be served by a replica. Unknown commands are not.
pub fn is_readonly<A: ArgList + ?Sized>(args: &A) -> bool {
    lookup(args).is_some_and(CommandInfo::is_readonly)
}

/// Whether the command may wait server-side (the `blocking` flag or the
/// `@blocking` category). XREAD and XREADGROUP count even without BLOCK: the
/// flag describes the command, not this call.
pub fn is_blocking<A: ArgList + ?Sized>(args: &A) -> bool {
    lookup(args).is_some_and(CommandInfo::is_blocking)
}
