//! The live routing table: slot → shard → node, read by every request and changed
//! by refreshes (a whole new table) and MOVED replies (a patch in place).
//!
//! Requests hold the read lock only long enough to clone one `Arc<Node>`; nothing that
//! waits (connecting, asking nodes) happens under the lock, so a refresh never blocks
//! requests for healthy slots.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::view::View;
use crate::commands::SLOT_COUNT;
use crate::config::{Address, ReadFrom};
use crate::connection::Node;

/// What a MOVED revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moved {
    /// The table already said so (another request patched it first).
    Known,
    /// The slot went to another known primary: a migration.
    Migrated,
    /// A replica took over its shard: roles changed.
    Failover,
    /// A node the table did not know heads the slot.
    NewNode,
}

/// Slot not served by any known shard.
pub(crate) const NO_SHARD: u16 = u16::MAX;

/// What a request needs from a slot's shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    /// Writes (and reads under `ReadFrom::Primary`).
    Primary,
    /// A read-only command: the configured read strategy decides.
    Read,
    /// An explicit replica route: any replica, the primary when none is up.
    Replica,
}

pub(crate) struct Shard {
    pub primary: Arc<Node>,
    pub replicas: Vec<Arc<Node>>,
    /// Replicas in the client's availability zone.
    pub local_replicas: Vec<Arc<Node>>,
    pub primary_local: bool,
}

pub(crate) struct Topology {
    /// `slots[s]`: index into `shards`, or [`NO_SHARD`].
    pub slots: Vec<u16>,
    pub shards: Vec<Shard>,
    /// Every data node by address (those of the view, plus any a MOVED revealed).
    pub nodes: HashMap<Address, Arc<Node>>,
    /// The view this table was built from, and its fingerprint (0: none yet).
    pub view: View,
    pub fingerprint: u64,
    pub zones: HashMap<Address, String>,
}

impl Default for Topology {
    fn default() -> Self {
        Topology {
            slots: vec![NO_SHARD; usize::from(SLOT_COUNT)],
            shards: Vec::new(),
            nodes: HashMap::new(),
            view: View::default(),
            fingerprint: 0,
            zones: HashMap::new(),
        }
    }
}

/// Round-robin over the nodes of `list` that are usable (connected, or connecting for
/// the first time: a lazy client's replicas connect when first chosen); `None` if none is.
fn rr_up(list: &[Arc<Node>], rr: &AtomicUsize) -> Option<Arc<Node>> {
    let n = list.len();
    if n == 0 {
        return None;
    }
    let start = rr.fetch_add(1, Ordering::Relaxed);
    (0..n)
        .map(|k| &list[(start + k) % n])
        .find(|node| node.is_usable())
        .cloned()
}

impl Shard {
    fn new(primary: Arc<Node>) -> Shard {
        Shard {
            primary,
            replicas: Vec::new(),
            local_replicas: Vec::new(),
            primary_local: false,
        }
    }

    fn place(&mut self, zones: &HashMap<Address, String>, client_az: Option<&str>) {
        let local = |n: &Arc<Node>| match client_az {
            Some(az) => zone_of(n, zones).as_deref() == Some(az),
            None => false,
        };
        self.local_replicas = self.replicas.iter().filter(|n| local(n)).cloned().collect();
        self.primary_local = local(&self.primary);
    }

    fn pick(&self, intent: Intent, read_from: ReadFrom, rr: &AtomicUsize) -> Arc<Node> {
        let strategy = match intent {
            Intent::Primary => return self.primary.clone(),
            Intent::Replica => ReadFrom::PreferReplica,
            Intent::Read => read_from,
        };
        let chosen = match strategy {
            ReadFrom::Primary => None,
            ReadFrom::PreferReplica => rr_up(&self.replicas, rr),
            ReadFrom::AzAffinity => {
                rr_up(&self.local_replicas, rr).or_else(|| rr_up(&self.replicas, rr))
            }
            ReadFrom::AzAffinityReplicaAndPrimary => rr_up(&self.local_replicas, rr)
                .or_else(|| {
                    (self.primary_local && self.primary.is_usable()).then(|| self.primary.clone())
                })
                .or_else(|| rr_up(&self.replicas, rr)),
            ReadFrom::AllNodes => {
                let i = rr.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                    % (self.replicas.len() + 1);
                self.replicas.get(i).filter(|n| n.is_usable()).cloned()
            }
        };
        chosen.unwrap_or_else(|| self.primary.clone())
    }
}

/// A node's zone: what the cluster reported, else what the node said in HELLO.
pub(crate) fn zone_of(node: &Node, zones: &HashMap<Address, String>) -> Option<String> {
    zones
        .get(&node.addr)
        .cloned()
        .or_else(|| node.hello().and_then(|h| h.availability_zone))
}

impl Topology {
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty()
    }

    /// The node for `slot`, or `None` when no shard serves it.
    pub fn pick(
        &self,
        slot: u16,
        intent: Intent,
        read_from: ReadFrom,
        rr: &AtomicUsize,
    ) -> Option<Arc<Node>> {
        let s = *self.slots.get(usize::from(slot))?;
        let shard = self.shards.get(usize::from(s))?;
        Some(shard.pick(intent, read_from, rr))
    }

    pub fn primaries(&self) -> Vec<Arc<Node>> {
        self.shards.iter().map(|s| s.primary.clone()).collect()
    }

    /// Primaries, then replicas.
    pub fn all_nodes(&self) -> Vec<Arc<Node>> {
        let mut v = self.primaries();
        v.extend(self.shards.iter().flat_map(|s| s.replicas.iter().cloned()));
        v
    }

    /// Builds a table from `view`. Nodes already in `old` are reused (their
    /// connections stay); `make` creates the others. Returns the table and the nodes
    /// of `old` it no longer uses.
    pub fn build(
        view: View,
        zones: HashMap<Address, String>,
        old: &HashMap<Address, Arc<Node>>,
        client_az: Option<&str>,
        mut make: impl FnMut(&Address) -> Arc<Node>,
    ) -> (Topology, Vec<Arc<Node>>) {
        let mut t = Topology {
            fingerprint: view.fingerprint(),
            ..Topology::default()
        };
        let mut node = |a: &Address, t: &mut Topology| -> Arc<Node> {
            if let Some(n) = t.nodes.get(a) {
                return n.clone();
            }
            let n = old.get(a).cloned().unwrap_or_else(|| make(a));
            t.nodes.insert(a.clone(), n.clone());
            n
        };
        for sv in &view.shards {
            let primary = node(&sv.primary, &mut t);
            let mut shard = Shard::new(primary);
            for r in &sv.replicas {
                let n = node(r, &mut t);
                shard.replicas.push(n);
            }
            shard.place(&zones, client_az);
            let idx = t.shards.len() as u16;
            for &(a, b) in &sv.ranges {
                for s in a..=b {
                    t.slots[usize::from(s)] = idx;
                }
            }
            t.shards.push(shard);
        }
        let removed = old
            .iter()
            .filter(|(a, _)| !t.nodes.contains_key(*a))
            .map(|(_, n)| n.clone())
            .collect();
        t.view = view;
        t.zones = zones;
        (t, removed)
    }

    /// Applies `MOVED slot addr`: the slot now belongs to the node at `addr`. If that
    /// node is a known primary, the slot moves to its shard (migration); if it is a
    /// known replica, it took over its shard (failover) and becomes its primary; if it
    /// is unknown, it heads a new shard. `make` creates an unknown node; it is returned
    /// so the caller can start it outside the lock. Returns the target node and what
    /// kind of change it was.
    pub fn patch_moved(
        &mut self,
        slot: u16,
        addr: &Address,
        client_az: Option<&str>,
        make: impl FnOnce(&Address) -> Arc<Node>,
    ) -> (Arc<Node>, Option<Arc<Node>>, Moved) {
        let slot_idx = usize::from(slot);
        if let Some(i) = self.shards.iter().position(|s| s.primary.addr == *addr) {
            let kind = if self.slots[slot_idx] != i as u16 {
                self.slots[slot_idx] = i as u16;
                Moved::Migrated
            } else {
                Moved::Known
            };
            return (self.shards[i].primary.clone(), None, kind);
        }
        if let Some(i) = self
            .shards
            .iter()
            .position(|s| s.replicas.iter().any(|r| r.addr == *addr))
        {
            let zones = std::mem::take(&mut self.zones);
            let shard = &mut self.shards[i];
            let pos = shard
                .replicas
                .iter()
                .position(|r| r.addr == *addr)
                .unwrap_or(0);
            let promoted = shard.replicas.remove(pos);
            let old = std::mem::replace(&mut shard.primary, promoted.clone());
            // Most likely the old primary comes back as a replica; if it is down,
            // read selection skips it until the next refresh says otherwise.
            old.set_readonly(true);
            shard.replicas.push(old);
            shard.place(&zones, client_az);
            self.zones = zones;
            self.slots[slot_idx] = i as u16;
            return (promoted, None, Moved::Failover);
        }
        let (node, new) = match self.nodes.get(addr) {
            Some(n) => (n.clone(), None),
            None => {
                let n = make(addr);
                self.nodes.insert(addr.clone(), n.clone());
                (n.clone(), Some(n))
            }
        };
        let mut shard = Shard::new(node.clone());
        shard.place(&self.zones, client_az);
        self.slots[slot_idx] = self.shards.len() as u16;
        self.shards.push(shard);
        (node, new, Moved::NewNode)
    }
}
