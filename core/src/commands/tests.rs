use super::*;

fn positions(args: &[&str]) -> Vec<usize> {
    let info = lookup(args).expect("known command");
    let mut out = Vec::new();
    key_positions(info, args, &mut out);
    out
}

fn info(args: &[&str]) -> &'static CommandInfo {
    lookup(args).expect("known command")
}

// --- table integrity ---------------------------------------------------------

fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn table_matches_snapshot() {
    let snapshot = include_bytes!("../../commands.json");
    assert_eq!(
        fnv1a64(snapshot),
        table::SNAPSHOT_FNV1A64,
        "core/commands.json changed since table.rs was generated: run scripts/gen-commands.sh --table-only"
    );
}

#[test]
fn table_is_not_hand_edited() {
    let source = include_str!("table.rs");
    let marker = "pub(super) const TABLE_FNV1A64: u64 = 0x";
    let at = source.find(marker).expect("digest line") + marker.len();
    let zeroed = format!("{}{}{}", &source[..at], "0".repeat(16), &source[at + 16..]);
    assert_eq!(
        fnv1a64(zeroed.as_bytes()),
        table::TABLE_FNV1A64,
        "table.rs differs from what the generator wrote: run scripts/gen-commands.sh --table-only"
    );
}

#[test]
fn table_is_sorted_and_subcommands_are_prefixed() {
    fn check(list: &[CommandInfo], skip: usize) {
        for pair in list.windows(2) {
            assert!(pair[0].name.as_bytes()[skip..] < pair[1].name.as_bytes()[skip..]);
        }
        for c in list {
            assert_eq!(c.name, c.name.to_ascii_uppercase());
            let prefix = format!("{}|", c.name);
            for s in c.subcommands {
                assert!(s.name.starts_with(&prefix), "{}", s.name);
                assert!(s.subcommands.is_empty());
            }
            check(c.subcommands, prefix.len());
        }
    }
    check(commands(), 0);
    let total: usize = commands().iter().map(|c| 1 + c.subcommands.len()).sum();
    assert!(total > 350, "{total} entries");
}

#[test]
fn every_entry_is_found_by_its_own_name() {
    for c in commands() {
        assert!(std::ptr::eq(lookup(&[c.name]).unwrap(), c));
        assert!(std::ptr::eq(
            lookup(&[c.name.to_ascii_lowercase()]).unwrap(),
            c
        ));
        for s in c.subcommands {
            let got = lookup(&[
                c.name.to_ascii_lowercase(),
                s.short_name().to_ascii_lowercase(),
            ]);
            assert!(std::ptr::eq(got.unwrap(), s), "{}", s.name);
        }
    }
}

/// Specs that cannot be interpreted mechanically must have been routed to a
/// hand-written method (or judged harmless) by the generator.
#[test]
fn unusable_specs_have_a_decision() {
    let mut special = Vec::new();
    for c in commands()
        .iter()
        .chain(commands().iter().flat_map(|c| c.subcommands))
    {
        let unusable = c.keys.specs.iter().any(|s| {
            s.begin_search == BeginSearch::Unknown
                || s.find_keys == FindKeys::Unknown
                || s.flags & key_flags::INCOMPLETE != 0
        });
        if unusable {
            special.push((c.name, c.keys.method));
        }
    }
    special.sort_by_key(|(name, _)| *name);
    assert_eq!(
        special,
        [
            ("MIGRATE", KeyMethod::Migrate),
            ("SORT", KeyMethod::Sort),
            ("SORT_RO", KeyMethod::Specs)
        ]
    );
}

// --- lookup -----------------------------------------------------------------

#[test]
fn lookup_plain_commands_any_case() {
    assert_eq!(info(&["get", "k"]).name, "GET");
    assert_eq!(info(&["GeT", "k"]).arity, 2);
    assert_eq!(info(&["SET"]).name, "SET");
    assert_eq!(info(&["restore-asking"]).name, "RESTORE-ASKING");
    assert!(lookup(&["NOSUCHCOMMAND"]).is_none());
    assert!(lookup(&["GE"]).is_none());
    assert!(lookup(&["GETT"]).is_none());
    assert!(lookup::<[&str]>(&[]).is_none());
    assert!(lookup(&[""]).is_none());
}

#[test]
fn lookup_container_subcommands() {
    for (args, name) in [
        (["client", "setname"], "CLIENT|SETNAME"),
        (["CONFIG", "get"], "CONFIG|GET"),
        (["object", "ENCODING"], "OBJECT|ENCODING"),
        (["XINFO", "STREAM"], "XINFO|STREAM"),
        (["function", "load"], "FUNCTION|LOAD"),
        (["SCRIPT", "FLUSH"], "SCRIPT|FLUSH"),
        (["cluster", "info"], "CLUSTER|INFO"),
        (["CLIENT", "NO-EVICT"], "CLIENT|NO-EVICT"),
    ] {
        let c = info(&args);
        assert_eq!(c.name, name);
        assert_eq!(c.short_name(), args[1].to_ascii_uppercase());
    }
    // A container without, or with an unknown, subcommand: its own entry.
    assert_eq!(info(&["CLIENT"]).name, "CLIENT");
    assert_eq!(info(&["CLIENT", "nope"]).name, "CLIENT");
    assert!(info(&["CLIENT"]).is_container());
    // Not a container: the second argument is just an argument.
    assert_eq!(info(&["GET", "LIST"]).name, "GET");
}

#[test]
fn arity() {
    assert!(info(&["GET"]).arity_ok(2));
    assert!(!info(&["GET"]).arity_ok(3));
    assert!(info(&["SET"]).arity_ok(5));
    assert!(!info(&["SET"]).arity_ok(2));
    assert_eq!(info(&["CONFIG", "GET"]).arity, -3);
}

// --- key positions ---------------------------------------------------------

#[test]
fn simple_ranges() {
    assert_eq!(positions(&["GET", "k"]), [1]);
    assert_eq!(positions(&["SET", "k", "v", "EX", "10"]), [1]);
    assert_eq!(positions(&["MGET", "a", "b", "c"]), [1, 2, 3]);
    assert_eq!(positions(&["DEL", "a", "b"]), [1, 2]);
    assert_eq!(
        positions(&["MSET", "a", "1", "b", "2", "c", "3"]),
        [1, 3, 5]
    );
    assert_eq!(positions(&["BLPOP", "a", "b", "0"]), [1, 2]);
    assert_eq!(positions(&["RENAME", "a", "b"]), [1, 2]);
    assert_eq!(positions(&["BITOP", "AND", "dst", "a", "b"]), [2, 3, 4]);
    assert_eq!(positions(&["PING"]), [] as [usize; 0]);
    assert_eq!(positions(&["OBJECT", "ENCODING", "k"]), [2]);
    assert_eq!(positions(&["XINFO", "STREAM", "s", "FULL"]), [2]);
    // Too few arguments: nothing out of bounds.
    assert_eq!(positions(&["GET"]), [] as [usize; 0]);
    assert_eq!(positions(&["BLPOP", "a"]), [] as [usize; 0]);
}

#[test]
fn eval_fcall_numkeys() {
    assert_eq!(positions(&["EVAL", "return 1", "2", "a", "b", "x"]), [3, 4]);
    assert_eq!(positions(&["evalsha", "abc", "1", "a", "x", "y"]), [3]);
    assert_eq!(positions(&["EVAL", "return 1", "0", "x"]), [] as [usize; 0]);
    assert_eq!(positions(&["FCALL", "f", "1", "k", "arg"]), [3]);
    assert_eq!(positions(&["FCALL_RO", "f", "2", "k1", "k2"]), [3, 4]);
    // Malformed counts: no keys (the server rejects these).
    assert_eq!(positions(&["EVAL", "s", "3", "a"]), [] as [usize; 0]);
    assert_eq!(positions(&["EVAL", "s", "-1", "a"]), [] as [usize; 0]);
    assert_eq!(positions(&["EVAL", "s", "01", "a"]), [] as [usize; 0]);
    assert_eq!(positions(&["EVAL", "s", "x", "a"]), [] as [usize; 0]);
    assert_eq!(
        positions(&["EVAL", "s", "99999999999999999999999", "a"]),
        [] as [usize; 0]
    );
}

#[test]
fn xread_streams_keyword() {
    assert_eq!(positions(&["XREAD", "STREAMS", "a", "0"]), [2]);
    assert_eq!(
        positions(&["XREAD", "COUNT", "2", "BLOCK", "0", "streams", "a", "b", "0", "0"]),
        [6, 7]
    );
    assert_eq!(
        positions(&[
            "XREADGROUP",
            "GROUP",
            "g",
            "c",
            "COUNT",
            "1",
            "STREAMS",
            "a",
            "b",
            ">",
            ">"
        ]),
        [7, 8]
    );
    // No STREAMS keyword: no keys.
    assert_eq!(
        positions(&["XREAD", "COUNT", "2", "a", "0"]),
        [] as [usize; 0]
    );
}

#[test]
fn zunion_family_keynum() {
    assert_eq!(
        positions(&["ZUNIONSTORE", "dst", "2", "a", "b", "WEIGHTS", "1", "2"]),
        [1, 3, 4]
    );
    assert_eq!(positions(&["ZINTERSTORE", "dst", "1", "a"]), [1, 3]);
    assert_eq!(positions(&["ZUNION", "2", "a", "b", "WITHSCORES"]), [2, 3]);
    assert_eq!(positions(&["ZDIFF", "1", "a"]), [2]);
    assert_eq!(
        positions(&["SINTERCARD", "2", "a", "b", "LIMIT", "1"]),
        [2, 3]
    );
    assert_eq!(positions(&["ZINTERCARD", "1", "a"]), [2]);
}

#[test]
fn mpop_family_keynum() {
    assert_eq!(positions(&["LMPOP", "2", "a", "b", "LEFT"]), [2, 3]);
    assert_eq!(
        positions(&["BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "3"]),
        [3, 4]
    );
    assert_eq!(positions(&["ZMPOP", "1", "z", "MIN"]), [2]);
    assert_eq!(positions(&["BZMPOP", "1.5", "1", "z", "MAX"]), [3]);
}

#[test]
fn msetex_keynum_with_step() {
    assert_eq!(
        positions(&["MSETEX", "2", "a", "1", "b", "2", "EX", "10"]),
        [2, 4]
    );
    assert_eq!(
        positions(&["MSETEX", "3", "a", "1", "b", "2", "c", "3"]),
        [2, 4, 6]
    );
    // The last key's value missing is the server's business; a missing key is not.
    assert_eq!(positions(&["MSETEX", "2", "a", "1", "b"]), [2, 4]);
    assert_eq!(positions(&["MSETEX", "2", "a", "1"]), [] as [usize; 0]);
}

/// SORT: the sorted key, plus the destination after the last STORE; LIMIT's two
/// arguments and GET/BY patterns are skipped (patterns are not keys).
#[test]
fn sort_store() {
    assert_eq!(positions(&["SORT", "k"]), [1]);
    assert_eq!(
        positions(&["SORT", "k", "BY", "w_*", "GET", "#", "STORE", "dst"]),
        [1, 7]
    );
    assert_eq!(
        positions(&["sort", "k", "limit", "0", "10", "store", "d1", "STORE", "d2"]),
        [1, 8]
    );
    // "store" as a GET pattern or LIMIT argument is not the keyword.
    assert_eq!(positions(&["SORT", "k", "GET", "store", "ALPHA"]), [1]);
    assert_eq!(positions(&["SORT", "k", "LIMIT", "store", "x"]), [1]);
    // STORE as the last argument has no destination.
    assert_eq!(positions(&["SORT", "k", "STORE"]), [1]);
    assert_eq!(positions(&["SORT_RO", "k", "BY", "w_*", "GET", "#"]), [1]);
}

/// MIGRATE: the key at 3, or with an empty key argument everything after KEYS
/// (the empty placeholder itself is not a key). AUTH/AUTH2 arguments are
/// skipped, so a password "KEYS" is not the keyword.
#[test]
fn migrate_forms() {
    assert_eq!(positions(&["MIGRATE", "h", "6379", "k", "0", "5000"]), [3]);
    assert_eq!(
        positions(&["MIGRATE", "h", "6379", "k", "0", "5000", "COPY", "REPLACE"]),
        [3]
    );
    assert_eq!(
        positions(&["MIGRATE", "h", "6379", "", "0", "5000", "KEYS", "a", "b"]),
        [7, 8]
    );
    assert_eq!(
        positions(&["MIGRATE", "h", "1", "", "0", "5", "AUTH2", "u", "keys", "COPY", "KEYS", "a"]),
        [11]
    );
    assert_eq!(
        positions(&["MIGRATE", "h", "1", "", "0", "5", "AUTH", "KEYS", "KEYS", "a"]),
        [9]
    );
    // KEYS with a non-empty key is an error: no keys.
    assert_eq!(
        positions(&["MIGRATE", "h", "6379", "k", "0", "5000", "KEYS", "a"]),
        [] as [usize; 0]
    );
    // KEYS as the last argument escapes the server's backward search (it starts
    // one before the end), so the key argument stands, even when empty.
    assert_eq!(
        positions(&["MIGRATE", "h", "6379", "k", "0", "5000", "x", "KEYS"]),
        [3]
    );
    assert_eq!(
        positions(&["MIGRATE", "h", "6379", "", "0", "5000", "KEYS"]),
        [3]
    );
}

#[test]
fn georadius_store_keyword() {
    assert_eq!(
        positions(&["GEORADIUS", "g", "1", "2", "3", "km", "STORE", "d"]),
        [1, 7]
    );
    assert_eq!(
        positions(&["GEORADIUSBYMEMBER", "g", "m", "3", "km", "STOREDIST", "d"]),
        [1, 6]
    );
    assert_eq!(positions(&["GEORADIUS", "g", "1", "2", "3", "km"]), [1]);
    // The last destination wins, as in the server.
    assert_eq!(
        positions(&[
            "GEORADIUS",
            "g",
            "1",
            "2",
            "3",
            "km",
            "STORE",
            "a",
            "STOREDIST",
            "b"
        ]),
        [1, 9]
    );
    assert_eq!(
        positions(&["GEORADIUSBYMEMBER", "g", "STORE", "3", "km", "STORE", "d"]),
        [1, 6]
    );
    assert_eq!(
        positions(&["GEORADIUS_RO", "g", "1", "2", "3", "km", "STORE", "d"]),
        [1]
    );
}

#[test]
fn shard_channels_pick_slots_but_are_not_keys() {
    let args = ["SPUBLISH", "ch", "msg"];
    assert_eq!(positions(&args), [] as [usize; 0]);
    let mut out = Vec::new();
    slot_positions(info(&args), &args, &mut out);
    assert_eq!(out, [1]);
    assert_eq!(routing_arg(&args), Some(&b"ch"[..]));
    assert_eq!(first_key(&args), None);
    let mut out = Vec::new();
    let args = ["SSUBSCRIBE", "a", "b"];
    slot_positions(info(&args), &args, &mut out);
    assert_eq!(out, [1, 2]);
}

#[test]
fn first_key_and_routing_arg() {
    assert_eq!(first_key(&["GET", "k"]), Some(&b"k"[..]));
    assert_eq!(first_key(&["EVAL", "s", "1", "k1"]), Some(&b"k1"[..]));
    assert_eq!(
        first_key(&["XREAD", "STREAMS", "s1", "s2", "0", "0"]),
        Some(&b"s1"[..])
    );
    assert_eq!(first_key(&["PING"]), None);
    assert_eq!(first_key(&["NOSUCH", "k"]), None);
    assert_eq!(routing_arg(&["MGET", "a", "b"]), Some(&b"a"[..]));
}

// --- flags and tips ---------------------------------------------------------

#[test]
fn readonly_and_blocking() {
    assert!(is_readonly(&["GET", "k"]));
    assert!(is_readonly(&["mget", "a", "b"]));
    assert!(is_readonly(&["EXISTS", "a"]));
    assert!(is_readonly(&["XINFO", "STREAM", "s"]));
    assert!(!is_readonly(&["SET", "k", "v"]));
    assert!(!is_readonly(&["NOSUCH"]));
    assert!(is_blocking(&["BLPOP", "a", "0"]));
    assert!(is_blocking(&["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]));
    assert!(is_blocking(&["WAIT", "1", "0"]));
    assert!(!is_blocking(&["LPOP", "a"]));
    assert!(info(&["GET"]).has_flag(flags::FAST));
    assert!(info(&["FLUSHALL"]).has_flag(flags::WRITE));
    assert!(info(&["SUBSCRIBE"]).has_flag(flags::PUBSUB));
    assert!(info(&["EVAL"]).has_flag(flags::MOVABLEKEYS | flags::NOSCRIPT));
    assert!(info(&["CLIENT", "KILL"]).has_flag(flags::ADMIN));
    assert_ne!(info(&["SCRIPT", "LOAD"]).acl_categories & acl::SCRIPTING, 0);
}

#[test]
fn routing_tips() {
    use RequestPolicy as Rq;
    use ResponsePolicy as Rs;
    let cases: &[(&[&str], Rq, Rs)] = &[
        (&["DBSIZE"], Rq::AllShards, Rs::AggSum),
        (&["KEYS", "*"], Rq::AllShards, Rs::Default),
        (&["FLUSHALL"], Rq::AllShards, Rs::AllSucceeded),
        (&["PING"], Rq::AllShards, Rs::AllSucceeded),
        (&["SCRIPT", "EXISTS", "a"], Rq::AllShards, Rs::AggLogicalAnd),
        (&["SCRIPT", "KILL"], Rq::AllShards, Rs::OneSucceeded),
        (&["RANDOMKEY"], Rq::AllShards, Rs::Special),
        (&["CLIENT", "LIST"], Rq::Default, Rs::Default),
        (&["WAIT", "1", "0"], Rq::AllShards, Rs::AggMin),
        (&["MGET", "a"], Rq::MultiShard, Rs::Default),
        (&["DEL", "a"], Rq::MultiShard, Rs::AggSum),
        (&["MSET", "a", "1"], Rq::MultiShard, Rs::AllSucceeded),
        (&["CONFIG", "SET", "a", "b"], Rq::AllNodes, Rs::AllSucceeded),
        (&["SCAN", "0"], Rq::Special, Rs::Special),
        (&["GET", "k"], Rq::Default, Rs::Default),
    ];
    for (args, rq, rs) in cases {
        let c = info(args);
        assert_eq!(
            (c.name, c.request_policy, c.response_policy),
            (c.name, *rq, *rs)
        );
    }
    assert_eq!(info(&["RANDOMKEY"]).tips, tips::NONDETERMINISTIC_OUTPUT);
    assert_eq!(
        info(&["CLIENT", "LIST"]).tips,
        tips::NONDETERMINISTIC_OUTPUT
    );
    assert_eq!(info(&["KEYS"]).tips, tips::NONDETERMINISTIC_OUTPUT_ORDER);
    assert_eq!(info(&["GET"]).tips, 0);
}

// --- argument sources --------------------------------------------------------

fn encode(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n{a}\r\n", a.len()).as_bytes());
    }
    out
}

#[test]
fn resp_encoded_commands() {
    let frame = encode(&["zunionstore", "dst", "2", "a", "b"]);
    let args = RespArgs::new(&frame).unwrap();
    assert_eq!(args.arg_count(), 5);
    assert_eq!(lookup(&args).unwrap().name, "ZUNIONSTORE");
    let mut out = Vec::new();
    key_positions(lookup(&args).unwrap(), &args, &mut out);
    assert_eq!(out, [1, 3, 4]);
    assert_eq!(first_key(&args), Some(&b"dst"[..]));
    // Backwards access restarts the walk.
    assert_eq!(args.get(4), Some(&b"b"[..]));
    assert_eq!(args.get(0), Some(&b"zunionstore"[..]));
    assert_eq!(args.get(5), None);
    let all: Vec<&[u8]> = args.iter().collect();
    assert_eq!(all.len(), 5);
    // Binary-safe arguments, trailing bytes of another frame.
    let mut frame = encode(&["GET", "a\r\nb"]);
    frame.extend_from_slice(b"*1\r\n$4\r\nPING\r\n");
    let args = RespArgs::new(&frame).unwrap();
    assert_eq!(first_key(&args), Some(&b"a\r\nb"[..]));
}

#[test]
fn broken_resp_reads_as_missing() {
    assert!(RespArgs::new(b"GET k\r\n").is_none());
    assert!(RespArgs::new(b"*x\r\n").is_none());
    assert!(RespArgs::new(b"*2").is_none());
    // Declares 3 arguments, holds 2, the second truncated.
    let args = RespArgs::new(b"*3\r\n$3\r\nGET\r\n$5\r\nab").unwrap();
    assert_eq!(args.arg(0), Some(&b"GET"[..]));
    assert_eq!(args.arg(1), None);
    assert_eq!(args.arg(2), None);
    assert_eq!(first_key(&args), None);
    // Wrong length prefix.
    let args = RespArgs::new(b"*2\r\n$3\r\nGET\r\n$1\r\nkey\r\n").unwrap();
    assert_eq!(args.arg(1), None);
    let args = RespArgs::new(b"*1\r\n$99999999999999999\r\nx\r\n").unwrap();
    assert_eq!(args.arg(0), None);
}

#[test]
fn other_argument_containers() {
    let owned: Vec<Vec<u8>> = vec![b"GET".to_vec(), b"k".to_vec()];
    assert_eq!(first_key(&owned), Some(&b"k"[..]));
    let slices: &[&[u8]] = &[b"MGET", b"a", b"b"];
    assert_eq!(first_key(slices), Some(&b"a"[..]));
    let strings = vec![String::from("del"), String::from("x")];
    assert!(!is_readonly(&strings));
}

// --- slots ------------------------------------------------------------------

#[test]
fn slot_vectors() {
    assert_eq!(slot(b"foo"), 12182);
    assert_eq!(slot(b"bar"), 5061);
    assert_eq!(slot(b""), 0);
    assert_eq!(slot(b"123456789"), 0x31c3 & 16383); // the CRC16-XMODEM check value
    assert_eq!(slot(b"{user1000}.following"), slot(b"{user1000}.followers"));
    assert_eq!(slot(b"{user1000}.following"), slot(b"user1000"));
    assert_eq!(slot(b"foo{}{bar}"), slot(b"foo{}{bar}"));
    assert_eq!(hash_tag(b"foo{}{bar}"), b"foo{}{bar}");
    assert_eq!(hash_tag(b"foo{{bar}}zap"), b"{bar");
    assert_eq!(slot(b"foo{{bar}}zap"), slot(b"{bar"));
    assert_eq!(hash_tag(b"foo{bar}{zap}"), b"bar");
    assert_eq!(slot(b"foo{bar}{zap}"), slot(b"bar"));
    assert_eq!(hash_tag(b"{}"), b"{}");
    assert_eq!(hash_tag(b"foo{bar"), b"foo{bar");
    assert_eq!(hash_tag(b"}{x}"), b"x");
    assert!((0..1000).all(|i| slot(format!("key:{i}").as_bytes()) < SLOT_COUNT));
}
