//! What one node says the cluster looks like (`CLUSTER SLOTS`), in a normal form.
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
    pub primary: Address,
    pub replicas: Vec<Address>,
    pub ranges: Vec<(u16, u16)>,
}

/// A cluster's slot map as one node sees it, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct View {
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
    // primary → (replicas, ranges)
    type Acc = (BTreeSet<(String, u16)>, Vec<(u16, u16)>);
    let mut by_primary: BTreeMap<(String, u16), Acc> = BTreeMap::new();
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
        let acc = by_primary.entry(key(&primary)).or_default();
        acc.1.push((start, end));
        for r in &items[3..] {
            let (replica, rz) = node(r, asked)?;
            if let Some(z) = rz {
                zones.insert(replica.clone(), z);
            }
            acc.0.insert(key(&replica));
        }
    }
    let mut shards: Vec<ShardView> = by_primary
        .into_iter()
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
    Some(Parsed {
        view: View { shards },
        zones,
    })
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
