//! What one node says the cluster looks like (`CLUSTER SHARDS` or `CLUSTER SLOTS`), in
//! a normal form.
//!
//! Two nodes that agree must produce equal [`View`]s whatever order their replies list
//! slot ranges and replicas in, and however they split ranges, so that consensus can
//! group views by plain equality and periodic checks can compare a hash. Normal form:
//! one [`ShardView`] per primary, its ranges merged and sorted, its replicas sorted,
//! shards sorted by their first slot. Node metadata that nodes may learn at different
//! times (availability zones) is kept beside the view, not in it.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::config::Address;
use crate::resp::Value;

/// One shard: a primary, its replicas and the slot ranges it serves (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShardView {
    /// The node that takes writes for the shard's slots.
    pub primary: Address,
    /// Its replicas, sorted.
    pub replicas: Vec<Address>,
    /// Slot ranges, merged and sorted, both ends included.
    pub ranges: Vec<(u16, u16)>,
}

/// A cluster's slot map as one node sees it, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct View {
    /// One per primary, sorted by first slot.
    pub shards: Vec<ShardView>,
}

/// A parsed reply: the view plus what it said about each node's availability zone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parsed {
    pub view: View,
    pub zones: HashMap<Address, String>,
}

fn key(a: &Address) -> (String, u16) {
    (a.host.clone(), a.port)
}

impl View {
    /// A stable hash of the view: equal views, equal fingerprints (across processes
    /// too: the hasher's keys are fixed).
    pub fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }

    /// How many of the 16384 slots some shard serves.
    pub fn covered_slots(&self) -> usize {
        self.shards
            .iter()
            .flat_map(|s| s.ranges.iter())
            .map(|&(a, b)| usize::from(b) - usize::from(a) + 1)
            .sum()
    }

    /// Every node address (primaries first, in shard order).
    pub fn addresses(&self) -> impl Iterator<Item = &Address> {
        self.shards
            .iter()
            .map(|s| &s.primary)
            .chain(self.shards.iter().flat_map(|s| s.replicas.iter()))
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::SimpleString(s) => Some(s.clone()),
        Value::VerbatimString { text, .. } => Some(text.clone()),
        _ => None,
    }
}

fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        other => text(other)?.parse().ok(),
    }
}

/// Key/value pairs of a node's metadata, RESP3 map or RESP2 flat array alike.
fn pairs(v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| Some((text(k)?, text(v)?)))
            .collect(),
        Value::Array(a) => a
            .chunks(2)
            .filter_map(|c| match c {
                [k, v] => Some((text(k)?, text(v)?)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `[ip, port, id, metadata?]` → address (and zone). An empty or `?` endpoint means
/// "the node you asked" (a node that never learned its own address).
fn node(v: &Value, asked: &Address) -> Option<(Address, Option<String>)> {
    let items = match v {
        Value::Array(a) => a,
        _ => return None,
    };
    let host = text(items.first()?)?;
    let port = u16::try_from(int(items.get(1)?)?).ok()?;
    let host = if host.is_empty() || host == "?" {
        asked.host.clone()
    } else {
        host
    };
    let zone = items.get(3).and_then(|m| {
        pairs(m)
            .into_iter()
            .find(|(k, _)| k == "availability-zone" || k == "availability_zone")
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty())
    });
    Some((Address::new(host, port), zone))
}

/// Parses a `CLUSTER SLOTS` reply from the node at `asked`. `None` when the reply
/// is not shaped like one.
pub(crate) fn parse_cluster_slots(reply: &Value, asked: &Address) -> Option<Parsed> {
    let entries = match reply {
        Value::Array(a) => a,
        _ => return None,
    };
    let mut raw = Vec::with_capacity(entries.len());
    let mut zones = HashMap::new();
    for e in entries {
        let items = match e {
            Value::Array(a) if a.len() >= 3 => a,
            _ => return None,
        };
        let start = u16::try_from(int(&items[0])?).ok()?;
        let end = u16::try_from(int(&items[1])?).ok()?;
        if start > end || end >= crate::commands::SLOT_COUNT {
            return None;
        }
        let (primary, pz) = node(&items[2], asked)?;
        if let Some(z) = pz {
            zones.insert(primary.clone(), z);
        }
        let mut replicas = BTreeSet::new();
        for r in &items[3..] {
            let (replica, rz) = node(r, asked)?;
            if let Some(z) = rz {
                zones.insert(replica.clone(), z);
            }
            replicas.insert(key(&replica));
        }
        raw.push((primary, replicas, vec![(start, end)]));
    }
    Some(Parsed {
        view: normalise(raw),
        zones,
    })
}

/// Field name → value of a map, RESP3 map or RESP2 flat array alike.
fn fields(v: &Value) -> Vec<(String, &Value)> {
    match v {
        Value::Map(m) => m.iter().filter_map(|(k, v)| Some((text(k)?, v))).collect(),
        Value::Array(a) => a
            .chunks(2)
            .filter_map(|c| match c {
                [k, v] => Some((text(k)?, v)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One node of a `CLUSTER SHARDS` entry: its address (and zone), whether it says it
/// is a primary, whether the cluster considers it failed.
struct ShardNode {
    addr: Address,
    zone: Option<String>,
    primary: bool,
    failed: bool,
    /// Health `loading`: a replica whose replication offset is still 0 — the kind
    /// `CLUSTER SLOTS` leaves out.
    loading: bool,
}

fn shard_node(v: &Value, asked: &Address, tls: bool) -> Option<ShardNode> {
    let f = fields(v);
    let get = |name: &str| f.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let port = |name: &str| {
        get(name)
            .and_then(int)
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p != 0)
    };
    // The port a client of this kind connects to: the TLS port over TLS, where the
    // node has one.
    let port = if tls {
        port("tls-port").or_else(|| port("port"))
    } else {
        port("port").or_else(|| port("tls-port"))
    }?;
    // The preferred endpoint, as CLUSTER SLOTS names it; "?" (unknown) falls back to
    // the IP, and an empty one means the node that answered.
    let usable = |h: Option<String>| h.filter(|h| !h.is_empty() && h != "?");
    let host = usable(get("endpoint").and_then(text))
        .or_else(|| usable(get("ip").and_then(text)))
        .unwrap_or_else(|| asked.host.clone());
    let role = get("role").and_then(text).unwrap_or_default();
    let health = get("health").and_then(text).unwrap_or_default();
    let zone = get("availability-zone")
        .or_else(|| get("availability_zone"))
        .and_then(text)
        .filter(|z| !z.is_empty());
    Some(ShardNode {
        addr: Address::new(host, port),
        zone,
        primary: role == "master" || role == "primary",
        failed: health == "fail",
        loading: health == "loading",
    })
}

/// One entry of a `CLUSTER SHARDS` reply: the slot ranges and every node listed.
pub(crate) struct ShardEntry {
    nodes: Vec<ShardNode>,
}

/// Parses a `CLUSTER SHARDS` reply from the node at `asked`; `tls` picks the TLS
/// ports. `None` when the reply is not shaped like one.
pub(crate) fn parse_cluster_shards(
    reply: &Value,
    asked: &Address,
    tls: bool,
) -> Option<Vec<ShardEntry>> {
    let entries = match reply {
        Value::Array(a) => a,
        _ => return None,
    };
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let f = fields(e);
        let get = |name: &str| f.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
        match get("slots")? {
            Value::Array(a) if a.len() % 2 == 0 => {}
            _ => return None,
        }
        let nodes = match get("nodes")? {
            Value::Array(a) => a,
            _ => return None,
        };
        let nodes: Vec<ShardNode> = nodes
            .iter()
            .map(|n| shard_node(n, asked, tls))
            .collect::<Option<Vec<_>>>()?;
        out.push(ShardEntry { nodes });
    }
    Some(out)
}

/// Completes a `CLUSTER SLOTS` view with what `CLUSTER SHARDS` adds: replicas that
/// have not replicated anything yet (which `CLUSTER SLOTS` leaves out, so a new
/// cluster's replicas would stay unknown until its first writes) and zones. Which
/// node serves the slots stays `CLUSTER SLOTS`' word: right after a failover,
/// `CLUSTER SHARDS` may still list the dead former primary as a healthy "master" of
/// the shard beside the new one. Only the replicas `CLUSTER SLOTS` hides (health
/// `loading`) are added, so that nodes which agree on the slot map also give equal
/// views while a failover spreads (a demoted primary is listed as a replica by some
/// nodes before others), and the election is not split by them.
pub(crate) fn with_shards(mut parsed: Parsed, shards: &[ShardEntry]) -> Parsed {
    let mut raw: Vec<RawShard> = Vec::with_capacity(parsed.view.shards.len());
    for sv in std::mem::take(&mut parsed.view.shards) {
        let mut replicas: BTreeSet<(String, u16)> = sv.replicas.iter().map(key).collect();
        if let Some(entry) = shards
            .iter()
            .find(|e| e.nodes.iter().any(|n| n.addr == sv.primary))
        {
            for n in &entry.nodes {
                if let Some(z) = &n.zone {
                    parsed
                        .zones
                        .entry(n.addr.clone())
                        .or_insert_with(|| z.clone());
                }
                if !n.primary && !n.failed && n.loading && n.addr != sv.primary {
                    replicas.insert(key(&n.addr));
                }
            }
        }
        raw.push((sv.primary, replicas, sv.ranges));
    }
    parsed.view = normalise(raw);
    parsed
}

/// A shard as one reply entry gives it: primary, replicas, slot ranges.
type RawShard = (Address, BTreeSet<(String, u16)>, Vec<(u16, u16)>);

/// One entry per primary, its ranges sorted and merged, its replicas sorted; shards in
/// order of their first slot. Both topology replies end up here, so that the same
/// cluster gives the same view (and fingerprint) whichever was asked.
fn normalise(raw: Vec<RawShard>) -> View {
    type Acc = (BTreeSet<(String, u16)>, Vec<(u16, u16)>);
    let mut by_primary: BTreeMap<(String, u16), Acc> = BTreeMap::new();
    for (primary, replicas, ranges) in raw {
        let acc = by_primary.entry(key(&primary)).or_default();
        acc.0.extend(replicas);
        acc.1.extend(ranges);
    }
    let mut shards: Vec<ShardView> = by_primary
        .into_iter()
        .filter(|(_, (_, ranges))| !ranges.is_empty())
        .map(|((host, port), (replicas, mut ranges))| {
            ranges.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
            for (a, b) in ranges {
                match merged.last_mut() {
                    Some(last) if u32::from(a) <= u32::from(last.1) + 1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            ShardView {
                primary: Address::new(host, port),
                replicas: replicas
                    .into_iter()
                    .map(|(h, p)| Address::new(h, p))
                    .collect(),
                ranges: merged,
            }
        })
        .collect();
    shards.sort_by(|a, b| a.ranges[0].cmp(&b.ranges[0]));
    View { shards }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn bulk(s: &str) -> Value {
        Value::BulkString(Bytes::copy_from_slice(s.as_bytes()))
    }
    fn n(host: &str, port: i64) -> Value {
        Value::Array(vec![bulk(host), Value::Integer(port), bulk("id")])
    }
    fn entry(a: i64, b: i64, nodes: Vec<Value>) -> Value {
        let mut v = vec![Value::Integer(a), Value::Integer(b)];
        v.extend(nodes);
        Value::Array(v)
    }

    #[test]
    fn order_and_splitting_do_not_matter() {
        let asked = Address::new("10.0.0.9", 1);
        let a = Value::Array(vec![
            entry(0, 99, vec![n("h", 1), n("h", 4), n("h", 5)]),
            entry(100, 199, vec![n("h", 2), n("h", 6)]),
            entry(200, 16383, vec![n("h", 1), n("h", 5), n("h", 4)]),
        ]);
        let b = Value::Array(vec![
            entry(200, 5000, vec![n("h", 1), n("h", 4), n("h", 5)]),
            entry(100, 199, vec![n("h", 2), n("h", 6)]),
            entry(5001, 16383, vec![n("h", 1), n("h", 5), n("h", 4)]),
            entry(0, 99, vec![n("h", 1), n("h", 5)]),
        ]);
        let va = parse_cluster_slots(&a, &asked).unwrap().view;
        let vb = parse_cluster_slots(&b, &asked).unwrap().view;
        assert_eq!(va, vb);
        assert_eq!(va.fingerprint(), vb.fingerprint());
        assert_eq!(va.covered_slots(), 16384);
        assert_eq!(va.shards[0].ranges, vec![(0, 99), (200, 16383)]);
        assert_eq!(va.shards[1].primary, Address::new("h", 2));
    }

    #[test]
    fn empty_endpoint_is_the_asked_node_and_zones_are_read() {
        let asked = Address::new("127.0.0.1", 7000);
        let meta = Value::Map(vec![(bulk("availability-zone"), bulk("az-1"))]);
        let node = Value::Array(vec![bulk(""), Value::Integer(7000), bulk("id"), meta]);
        let p =
            parse_cluster_slots(&Value::Array(vec![entry(0, 16383, vec![node])]), &asked).unwrap();
        assert_eq!(p.view.shards[0].primary, asked);
        assert_eq!(p.zones.get(&asked).map(String::as_str), Some("az-1"));
    }

    fn shard_node(port: i64, role: &str, health: &str, extra: &[(&str, Value)]) -> Value {
        // Extra fields first: a field looked up by name is its first occurrence.
        let mut m: Vec<(Value, Value)> = extra.iter().map(|(k, v)| (bulk(k), v.clone())).collect();
        m.extend([
            (bulk("id"), bulk("x")),
            (bulk("port"), Value::Integer(port)),
            (bulk("ip"), bulk("10.0.0.1")),
            (bulk("endpoint"), bulk("h")),
            (bulk("role"), bulk(role)),
            (bulk("health"), bulk(health)),
        ]);
        Value::Map(m)
    }
    fn shard(slots: &[i64], nodes: Vec<Value>) -> Value {
        Value::Map(vec![
            (
                bulk("slots"),
                Value::Array(slots.iter().map(|s| Value::Integer(*s)).collect()),
            ),
            (bulk("nodes"), Value::Array(nodes)),
        ])
    }

    #[test]
    fn shards_add_unsynced_replicas_but_slots_name_the_primaries() {
        let asked = Address::new("h", 1);
        // CLUSTER SLOTS: shard 1 has failed over to port 2; port 4 (never synced)
        // is missing.
        let slots = Value::Array(vec![
            entry(0, 99, vec![n("h", 1), n("h", 5)]),
            entry(100, 199, vec![n("h", 2)]),
            entry(200, 16383, vec![n("h", 1), n("h", 5)]),
        ]);
        let shards = Value::Array(vec![
            shard(
                &[0, 99, 200, 16383],
                vec![
                    shard_node(
                        4,
                        "replica",
                        "loading",
                        &[("availability-zone", bulk("az-4"))],
                    ),
                    shard_node(1, "master", "online", &[]),
                    shard_node(5, "replica", "online", &[]),
                ],
            ),
            shard(
                &[100, 199],
                vec![
                    // The dead former primary, not yet flagged failed, listed first;
                    // the promoted replica; a failed replica.
                    shard_node(3, "master", "online", &[]),
                    shard_node(2, "master", "online", &[]),
                    shard_node(6, "replica", "fail", &[]),
                    shard_node(7, "replica", "loading", &[]),
                    // Online but not in CLUSTER SLOTS' answer (it may be the
                    // demoted primary some nodes already list): left as SLOTS says.
                    shard_node(8, "replica", "online", &[]),
                ],
            ),
        ]);
        let entries = parse_cluster_shards(&shards, &asked, false).unwrap();
        let got = with_shards(parse_cluster_slots(&slots, &asked).unwrap(), &entries);
        let want = parse_cluster_slots(
            &Value::Array(vec![
                entry(0, 16383, vec![n("h", 1), n("h", 4), n("h", 5)]),
                entry(100, 199, vec![n("h", 2), n("h", 7)]),
            ]),
            &asked,
        )
        .unwrap()
        .view;
        // (The second entry overlaps the first on purpose: views compare by shard.)
        assert_eq!(got.view.shards[1], want.shards[1]);
        assert_eq!(got.view.shards[0].primary, Address::new("h", 1));
        assert_eq!(
            got.view.shards[0].replicas,
            vec![Address::new("h", 4), Address::new("h", 5)]
        );
        assert_eq!(got.view.shards[0].ranges, vec![(0, 99), (200, 16383)]);
        assert_eq!(
            got.zones.get(&Address::new("h", 4)).map(String::as_str),
            Some("az-4")
        );
    }

    #[test]
    fn shards_pick_ports_and_endpoints() {
        let asked = Address::new("seed", 1);
        let node = shard_node(
            7000,
            "master",
            "online",
            &[("tls-port", Value::Integer(7100)), ("endpoint", bulk("?"))],
        );
        let reply = Value::Array(vec![shard(&[0, 16383], vec![node])]);
        // An unknown endpoint ("?"): the IP is used.
        let plain = parse_cluster_shards(&reply, &asked, false).unwrap();
        assert_eq!(plain[0].nodes[0].addr, Address::new("10.0.0.1", 7000));
        let tls = parse_cluster_shards(&reply, &asked, true).unwrap();
        assert_eq!(tls[0].nodes[0].addr, Address::new("10.0.0.1", 7100));
        assert!(parse_cluster_shards(&bulk("x"), &asked, false).is_none());
        let odd = Value::Array(vec![shard(&[1], vec![])]);
        assert!(parse_cluster_shards(&odd, &asked, false).is_none());
    }

    #[test]
    fn rejects_garbage() {
        let asked = Address::new("h", 1);
        assert!(parse_cluster_slots(&bulk("x"), &asked).is_none());
        let bad = Value::Array(vec![entry(5, 2, vec![n("h", 1)])]);
        assert!(parse_cluster_slots(&bad, &asked).is_none());
        let empty = parse_cluster_slots(&Value::Array(vec![]), &asked).unwrap();
        assert_eq!(empty.view.covered_slots(), 0);
    }
}
