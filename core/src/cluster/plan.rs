//! Where a command goes: the caller's explicit route if any; otherwise the slot of its
//! keys; multi-slot commands split per slot; keyless commands wherever the server's
//! command tips (`request_policy`) send them, combined as `response_policy` says.

use bytes::{Bytes, BytesMut};

use super::gather::{aggregates, Combine};
use super::topology::Intent;
use crate::commands::{
    self, ArgList, CommandInfo, FindKeys, KeyPositions, RequestPolicy, RespArgs, ResponsePolicy,
};
use crate::config::Address;
use crate::error::Error;
use crate::resp;
use crate::route::Route;

/// A [`Route`] that owns its data, so that a request can wait for the first topology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OwnedRoute {
    Default,
    AllNodes,
    AllPrimaries,
    Random,
    Slot {
        slot: u16,
        replica: bool,
    },
    Address(Address),
    /// A step of a cluster-wide SCAN (see `scan.rs`).
    ClusterScan {
        allow_uncovered: bool,
    },
    Invalid(String),
}

impl From<Route<'_>> for OwnedRoute {
    fn from(r: Route<'_>) -> Self {
        match r {
            Route::Default => OwnedRoute::Default,
            Route::AllNodes => OwnedRoute::AllNodes,
            Route::AllPrimaries => OwnedRoute::AllPrimaries,
            Route::Random => OwnedRoute::Random,
            Route::SlotId { slot, replica } => OwnedRoute::Slot { slot, replica },
            Route::SlotKey { key, replica } => OwnedRoute::Slot {
                slot: commands::slot(key),
                replica,
            },
            Route::ByAddress { host, port } if host.is_empty() || port == 0 => {
                OwnedRoute::Invalid("invalid route: no such address or route encoding".into())
            }
            Route::ByAddress { host, port } => OwnedRoute::Address(Address::new(host, port)),
            Route::ClusterScan {
                allow_non_covered_slots,
            } => OwnedRoute::ClusterScan {
                allow_uncovered: allow_non_covered_slots,
            },
        }
    }
}

/// Which nodes a fan-out goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fan {
    AllNodes,
    AllPrimaries,
}

/// The decision for one command.
pub(crate) enum Plan {
    Slot(u16, Intent),
    RandomPrimary,
    Address(Address),
    Fan(Fan, CombineSpec),
    Split(Vec<(u16, Bytes)>, Combine, Intent),
    /// The core drives a cluster scan step itself.
    Scan {
        allow_uncovered: bool,
    },
    Fail(Error),
}

/// How a fan-out's replies combine; the node addresses are filled in when the nodes
/// are known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CombineSpec {
    pub policy: ResponsePolicy,
    pub first_non_nil: bool,
    /// Every node's array, one after the other (KEYS across primaries).
    pub concat: bool,
}

fn intent_of(info: Option<&CommandInfo>) -> Intent {
    if info.is_some_and(CommandInfo::is_readonly) {
        Intent::Read
    } else {
        Intent::Primary
    }
}

fn combine_spec(info: Option<&CommandInfo>) -> CombineSpec {
    let (policy, concat) = info.map_or((ResponsePolicy::Default, false), client_policy);
    CombineSpec {
        policy: if aggregates(policy) {
            policy
        } else {
            ResponsePolicy::Special
        },
        first_non_nil: info.is_some_and(|i| i.name == "RANDOMKEY"),
        concat,
    }
}

/// How the replies of a command sent to several nodes combine, for default and
/// explicit routes alike: the server's `response_policy` tip, and where the server
/// names none, the client's own (the same as GLIDE's): acknowledgements every node
/// must give (UNWATCH, SELECT, SAVE, CLIENT PAUSE/UNPAUSE) are all-succeeded, PUBSUB
/// NUMPAT is summed, and the lists of KEYS, SLOWLOG GET and PUBSUB (SHARD)CHANNELS are
/// concatenated. Anything else stays one reply per node. The second value says
/// "concatenate arrays".
pub(crate) fn client_policy(info: &CommandInfo) -> (ResponsePolicy, bool) {
    if aggregates(info.response_policy) {
        return (info.response_policy, false);
    }
    match info.name {
        "UNWATCH" | "SELECT" | "SAVE" | "CLIENT|PAUSE" | "CLIENT|UNPAUSE" => {
            (ResponsePolicy::AllSucceeded, false)
        }
        "PUBSUB|NUMPAT" => (ResponsePolicy::AggSum, false),
        "KEYS" | "SLOWLOG|GET" | "PUBSUB|CHANNELS" | "PUBSUB|SHARDCHANNELS" => {
            (info.response_policy, true)
        }
        _ => (info.response_policy, false),
    }
}

/// Decides where `cmd` (a complete RESP command) goes.
pub(crate) fn plan(cmd: &[u8], route: &OwnedRoute) -> Plan {
    let Some(args) = RespArgs::new(cmd) else {
        return Plan::Fail(Error::InvalidRequest("malformed command".into()));
    };
    let info = commands::lookup(&args);
    match route {
        OwnedRoute::Invalid(why) => Plan::Fail(Error::InvalidRequest(why.clone())),
        OwnedRoute::AllNodes => Plan::Fan(Fan::AllNodes, combine_spec(info)),
        OwnedRoute::AllPrimaries => Plan::Fan(Fan::AllPrimaries, combine_spec(info)),
        OwnedRoute::Random => Plan::RandomPrimary,
        OwnedRoute::Slot { slot, replica } => Plan::Slot(
            *slot,
            if *replica {
                Intent::Replica
            } else {
                Intent::Primary
            },
        ),
        OwnedRoute::Address(a) => Plan::Address(a.clone()),
        OwnedRoute::ClusterScan { allow_uncovered } => Plan::Scan {
            allow_uncovered: *allow_uncovered,
        },
        OwnedRoute::Default => by_command(&args, info),
    }
}

fn by_command(args: &RespArgs<'_>, info: Option<&'static CommandInfo>) -> Plan {
    let Some(info) = info else {
        // Not in the table (a module's command): by convention its first argument is
        // the key, which is what module commands overwhelmingly do.
        return match args.arg(1) {
            Some(key) => Plan::Slot(commands::slot(key), Intent::Primary),
            None => Plan::RandomPrimary,
        };
    };
    let intent = intent_of(Some(info));
    if info.request_policy == RequestPolicy::MultiShard || info.name == "WATCH" {
        if let Some((parts, keys)) = split(info, args) {
            let policy = if info.name == "WATCH" {
                ResponsePolicy::AllSucceeded
            } else {
                info.response_policy
            };
            return Plan::Split(parts, Combine::Slots { policy, keys }, intent);
        }
    }
    if let Some(pos) = KeyPositions::slots(info, args).next() {
        return match args.arg(pos) {
            Some(key) => Plan::Slot(commands::slot(key), intent),
            None => Plan::RandomPrimary,
        };
    }
    match info.request_policy {
        RequestPolicy::AllNodes => Plan::Fan(Fan::AllNodes, combine_spec(Some(info))),
        RequestPolicy::AllShards => Plan::Fan(Fan::AllPrimaries, combine_spec(Some(info))),
        _ => Plan::RandomPrimary,
    }
}

/// The slot of the command's first key (or slot-deciding argument), if it has one.
pub(crate) fn key_slot(cmd: &[u8]) -> Option<u16> {
    let args = RespArgs::new(cmd)?;
    let info = commands::lookup(&args)?;
    let pos = KeyPositions::slots(info, &args).next()?;
    args.arg(pos).map(commands::slot)
}

/// Parts of a multi-key command, one per slot, each the same command over that slot's
/// keys (with their values, for MSET-like commands) and the same options; and where
/// each key group's reply lands. `None` when the keys share one slot (or the
/// arguments are not laid out in regular groups): the command goes out whole.
type SplitParts = (Vec<(u16, Bytes)>, Vec<(u32, u32)>);

fn split(info: &CommandInfo, args: &RespArgs<'_>) -> Option<SplitParts> {
    let positions: Vec<usize> = KeyPositions::keys(info, args).collect();
    if positions.len() < 2 {
        return None;
    }
    let group = positions[1].checked_sub(positions[0])?;
    if group == 0 || positions.windows(2).any(|w| w[1] != w[0] + group) {
        return None;
    }
    let all: Vec<&[u8]> = args.iter().collect();
    let first = positions[0];
    let end = positions[positions.len() - 1] + group;
    if end > all.len() {
        return None;
    }
    // A key count argument (MSETEX numkeys …) is rewritten per part.
    let numkeys_at = info
        .keys
        .specs
        .iter()
        .find_map(|s| match (s.begin_search, s.find_keys) {
            (commands::BeginSearch::Index(b), FindKeys::KeyNum { key_num_index, .. }) => {
                usize::try_from(b + key_num_index).ok()
            }
            _ => None,
        });
    // Slots in order of first appearance; keys[k] = (part, index within part).
    let mut slots: Vec<u16> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut keys = Vec::with_capacity(positions.len());
    for (k, &p) in positions.iter().enumerate() {
        let s = commands::slot(all[p]);
        let part = match slots.iter().position(|&x| x == s) {
            Some(i) => i,
            None => {
                slots.push(s);
                members.push(Vec::new());
                slots.len() - 1
            }
        };
        keys.push((part as u32, members[part].len() as u32));
        members[part].push(k);
    }
    if slots.len() < 2 {
        return None;
    }
    let mut parts = Vec::with_capacity(slots.len());
    for (s, ks) in slots.iter().zip(&members) {
        let count = ks.len().to_string();
        let mut words: Vec<&[u8]> = Vec::with_capacity(first + ks.len() * group + all.len() - end);
        for (i, w) in all[..first].iter().enumerate() {
            if Some(i) == numkeys_at {
                words.push(count.as_bytes());
            } else {
                words.push(w);
            }
        }
        for &k in ks {
            let p = positions[k];
            words.extend_from_slice(&all[p..p + group]);
        }
        words.extend_from_slice(&all[end..]);
        let mut out = BytesMut::with_capacity(resp::encoded_len(&words));
        resp::encode_command(&mut out, &words);
        parts.push((*s, out.freeze()));
    }
    Some((parts, keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(words: &[&str]) -> Vec<u8> {
        let mut out = BytesMut::new();
        resp::encode_command(&mut out, words);
        out.to_vec()
    }

    fn words(b: &[u8]) -> Vec<String> {
        RespArgs::new(b)
            .unwrap()
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect()
    }

    #[test]
    fn keyed_commands_go_by_slot() {
        match plan(&enc(&["GET", "foo"]), &OwnedRoute::Default) {
            Plan::Slot(s, Intent::Read) => assert_eq!(s, commands::slot(b"foo")),
            _ => panic!("GET should go by slot"),
        }
        match plan(&enc(&["SET", "foo", "1"]), &OwnedRoute::Default) {
            Plan::Slot(_, Intent::Primary) => {}
            _ => panic!("SET should go to the primary"),
        }
        // Keys in one slot: not split.
        match plan(&enc(&["MGET", "{a}1", "{a}2"]), &OwnedRoute::Default) {
            Plan::Slot(s, _) => assert_eq!(s, commands::slot(b"a")),
            _ => panic!("same-slot MGET goes whole"),
        }
    }

    #[test]
    fn keyless_follow_the_tips() {
        assert!(matches!(
            plan(&enc(&["DBSIZE"]), &OwnedRoute::Default),
            Plan::Fan(
                Fan::AllPrimaries,
                CombineSpec {
                    policy: ResponsePolicy::AggSum,
                    ..
                }
            )
        ));
        assert!(matches!(
            plan(&enc(&["CONFIG", "SET", "x", "y"]), &OwnedRoute::Default),
            Plan::Fan(
                Fan::AllNodes,
                CombineSpec {
                    policy: ResponsePolicy::AllSucceeded,
                    ..
                }
            )
        ));
        assert!(matches!(
            plan(&enc(&["INFO"]), &OwnedRoute::Default),
            Plan::Fan(
                Fan::AllPrimaries,
                CombineSpec {
                    policy: ResponsePolicy::Special,
                    ..
                }
            )
        ));
        assert!(matches!(
            plan(&enc(&["RANDOMKEY"]), &OwnedRoute::Default),
            Plan::Fan(
                _,
                CombineSpec {
                    first_non_nil: true,
                    ..
                }
            )
        ));
        assert!(matches!(
            plan(&enc(&["ECHO", "x"]), &OwnedRoute::Default),
            Plan::RandomPrimary
        ));
        assert!(matches!(
            plan(&enc(&["EVAL", "return 1", "0"]), &OwnedRoute::Default),
            Plan::RandomPrimary
        ));
        // Unknown commands: the first argument is taken for the key.
        assert!(matches!(
            plan(&enc(&["JSON.GET", "doc"]), &OwnedRoute::Default),
            Plan::Slot(s, Intent::Primary) if s == commands::slot(b"doc")
        ));
    }

    #[test]
    fn the_clients_own_policies_fill_in_where_the_server_has_none() {
        assert!(matches!(
            plan(&enc(&["KEYS", "*"]), &OwnedRoute::Default),
            Plan::Fan(Fan::AllPrimaries, CombineSpec { concat: true, .. })
        ));
        for cmd in [
            &["UNWATCH"][..],
            &["SELECT", "0"],
            &["SAVE"],
            &["CLIENT", "PAUSE", "10"],
            &["client", "unpause"],
        ] {
            assert!(
                matches!(
                    plan(&enc(cmd), &OwnedRoute::AllPrimaries),
                    Plan::Fan(
                        Fan::AllPrimaries,
                        CombineSpec {
                            policy: ResponsePolicy::AllSucceeded,
                            concat: false,
                            ..
                        }
                    )
                ),
                "{cmd:?}"
            );
        }
        // No policy at all: one reply per node.
        assert!(matches!(
            plan(&enc(&["ECHO", "x"]), &OwnedRoute::AllNodes),
            Plan::Fan(
                Fan::AllNodes,
                CombineSpec {
                    policy: ResponsePolicy::Special,
                    concat: false,
                    ..
                }
            )
        ));
    }

    #[test]
    fn explicit_routes_win() {
        assert!(matches!(
            plan(&enc(&["GET", "foo"]), &OwnedRoute::AllPrimaries),
            Plan::Fan(Fan::AllPrimaries, _)
        ));
        assert!(matches!(
            plan(
                &enc(&["DBSIZE"]),
                &OwnedRoute::Slot {
                    slot: 7,
                    replica: true
                }
            ),
            Plan::Slot(7, Intent::Replica)
        ));
        let r: OwnedRoute = Route::ByAddress { host: "", port: 0 }.into();
        assert!(matches!(plan(&enc(&["PING"]), &r), Plan::Fail(_)));
    }

    #[test]
    fn splits_per_slot_keeping_values_and_options() {
        let Plan::Split(parts, Combine::Slots { policy, keys }, _) = plan(
            &enc(&["MSET", "a", "1", "b", "2", "{a}x", "3"]),
            &OwnedRoute::Default,
        ) else {
            panic!("MSET across slots should split");
        };
        assert_eq!(policy, ResponsePolicy::AllSucceeded);
        assert_eq!(parts.len(), 2);
        assert_eq!(words(&parts[0].1), ["MSET", "a", "1", "{a}x", "3"]);
        assert_eq!(words(&parts[1].1), ["MSET", "b", "2"]);
        assert_eq!(keys, vec![(0, 0), (1, 0), (0, 1)]);

        let Plan::Split(parts, _, _) = plan(
            &enc(&["MSETEX", "2", "a", "1", "b", "2", "EX", "10"]),
            &OwnedRoute::Default,
        ) else {
            panic!("MSETEX across slots should split");
        };
        assert_eq!(words(&parts[0].1), ["MSETEX", "1", "a", "1", "EX", "10"]);
        assert_eq!(words(&parts[1].1), ["MSETEX", "1", "b", "2", "EX", "10"]);

        let Plan::Split(parts, Combine::Slots { policy, .. }, _) =
            plan(&enc(&["WATCH", "a", "b"]), &OwnedRoute::Default)
        else {
            panic!("WATCH across slots should split");
        };
        assert_eq!(policy, ResponsePolicy::AllSucceeded);
        assert_eq!(parts.len(), 2);

        assert!(matches!(
            plan(&enc(&["DEL", "a", "b", "a"]), &OwnedRoute::Default),
            Plan::Split(p, Combine::Slots { policy: ResponsePolicy::AggSum, .. }, _) if p.len() == 2
        ));
    }
}
