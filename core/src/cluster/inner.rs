//! The state one cluster client's handles, requests and background tasks share.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;
use tokio::sync::watch;
use tokio::time::Instant;

use super::config::ClusterConfig;
use super::gather::{Combine, Gather};
use super::plan::{self, Fan, OwnedRoute, Plan};
use super::refresh::{Force, RefreshCtl};
use super::request::{to_value, Done, Outbox, Req, Sink, Target};
use super::stats::Stats;
use super::topology::{Intent, Moved, Topology};
use crate::config::Address;
use crate::connection::node::ClientCtx;
use crate::connection::Node;
use crate::error::Error;

/// One record of a transaction block: command, route, sink, deadline.
pub(crate) type TxRecord = (Bytes, OwnedRoute, Sink, Option<Instant>);

/// A request that arrived before the first topology (lazy connect).
pub(crate) struct Waiting {
    pub cmd: Bytes,
    pub route: OwnedRoute,
    pub sink: Sink,
    pub deadline: Option<Instant>,
    pub retry: crate::client::RetryPolicy,
}

pub(crate) struct Inner {
    /// Data connections: the client's sink, in-flight limit, close signal.
    pub ctx: Arc<ClientCtx>,
    /// Management connections (topology queries): no sink, their own limit.
    pub mgmt_ctx: Arc<ClientCtx>,
    pub cfg: ClusterConfig,
    pub rt: tokio::runtime::Handle,
    pub topo: RwLock<Topology>,
    /// Bumped whenever the table changes, so that retries waiting for a new owner of
    /// their slot go at once.
    pub topo_gen: watch::Sender<u64>,
    pub mgmt: Mutex<HashMap<Address, Arc<Node>>>,
    pub rr: AtomicUsize,
    pub closed: AtomicBool,
    pub stats: Stats,
    pub refresh: RefreshCtl,
    /// `Some` until the first topology is in place.
    pub waiting: Mutex<Option<Vec<Waiting>>>,
    /// A node refused `CLUSTER SHARDS` (an older server): topology comes from
    /// `CLUSTER SLOTS`.
    pub no_shards: AtomicBool,
    /// Batch commands that failed before being sent, waiting to go again in order.
    pub holds: super::hold::Holds,
    /// Its place in the process's live client count.
    pub live: crate::stats::Live,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Inner {
    pub fn read_topo(&self) -> RwLockReadGuard<'_, Topology> {
        self.topo.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn write_topo(&self) -> RwLockWriteGuard<'_, Topology> {
        self.topo.write().unwrap_or_else(|p| p.into_inner())
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// A data node not yet started (the caller sets it up, then starts it).
    pub fn new_data_node(&self, addr: &Address) -> Arc<Node> {
        Node::new(addr.clone(), self.ctx.clone())
    }

    /// Starts a node's manager: it connects now and keeps the node connected.
    pub fn start(&self, node: &Arc<Node>) {
        self.rt.spawn(node.clone().manage(None));
    }

    /// The management connection to `addr`, opened on first use.
    pub fn mgmt_node(&self, addr: &Address) -> Arc<Node> {
        let mut m = lock(&self.mgmt);
        if let Some(n) = m.get(addr) {
            return n.clone();
        }
        let n = Node::new(addr.clone(), self.mgmt_ctx.clone());
        m.insert(addr.clone(), n.clone());
        drop(m);
        if self.is_closed() {
            n.close();
        } else {
            self.start(&n);
        }
        n
    }

    /// Closes the management connections to nodes that are neither in `keep` nor seeds.
    pub fn prune_mgmt(&self, keep: &HashMap<Address, Arc<Node>>) {
        let seeds = &self.cfg.client.addresses;
        let gone: Vec<Arc<Node>> = {
            let mut m = lock(&self.mgmt);
            let drop_these: Vec<Address> = m
                .keys()
                .filter(|a| !keep.contains_key(*a) && !seeds.contains(a))
                .cloned()
                .collect();
            drop_these.iter().filter_map(|a| m.remove(a)).collect()
        };
        for n in gone {
            n.close();
        }
    }

    /// The node serving `slot` for `intent`.
    pub fn pick(&self, slot: u16, intent: Intent) -> Option<Arc<Node>> {
        self.read_topo()
            .pick(slot, intent, self.cfg.client.read_from, &self.rr)
    }

    /// The data node at `addr`, if the cluster has one there.
    pub fn data_node(&self, addr: &Address) -> Option<Arc<Node>> {
        let t = self.read_topo();
        t.nodes.get(addr).cloned().or_else(|| {
            // Callers may name 127.0.0.1 "localhost".
            if addr.host.eq_ignore_ascii_case("localhost") {
                t.nodes.get(&Address::new("127.0.0.1", addr.port)).cloned()
            } else {
                None
            }
        })
    }

    /// The node an ASK points to, created (outside any shard) if it is new.
    pub fn node_for_redirect(&self, addr: &Address) -> Arc<Node> {
        if let Some(n) = self.data_node(addr) {
            return n;
        }
        let mut t = self.write_topo();
        if let Some(n) = t.nodes.get(addr) {
            return n.clone();
        }
        let n = self.new_data_node(addr);
        t.nodes.insert(addr.clone(), n.clone());
        drop(t);
        self.start(&n);
        n
    }

    /// Patches the table for `MOVED slot addr` (see [`Topology::patch_moved`]),
    /// schedules a refresh, and returns the node to retry at. A migration is fully
    /// described by the patch, so its refresh waits for the throttle; a failover or a
    /// new node leaves replicas and roles unknown, so that refresh is forced.
    pub fn on_moved(self: &Arc<Self>, slot: u16, addr: &Address) -> Arc<Node> {
        if let Some(n) = self.unchanged_owner(slot, addr) {
            return n;
        }
        let az = self.cfg.client.client_az.clone();
        let (node, created, kind) = {
            let mut t = self.write_topo();
            t.patch_moved(slot, addr, az.as_deref(), |a| self.new_data_node(a))
        };
        if let Some(n) = created {
            self.start(&n);
        }
        match kind {
            Moved::Known => {}
            Moved::Migrated => {
                self.topo_gen.send_modify(|g| *g += 1);
                self.request_refresh(Force::No);
            }
            Moved::Failover | Moved::NewNode => {
                self.topo_gen.send_modify(|g| *g += 1);
                self.request_refresh(Force::Yes);
            }
        }
        node
    }

    /// The slot's primary when the table already names `addr` for it (no write lock
    /// needed: the common case when many requests hit the same MOVED).
    fn unchanged_owner(&self, slot: u16, addr: &Address) -> Option<Arc<Node>> {
        let t = self.read_topo();
        let s = *t.slots.get(usize::from(slot))?;
        let shard = t.shards.get(usize::from(s))?;
        (shard.primary.addr == *addr).then(|| shard.primary.clone())
    }

    /// Completes a request's final sink and gives back its in-flight slot.
    pub fn deliver(&self, sink: Sink, done: Done, flush: bool) {
        let shared = &self.ctx.shared;
        if !matches!(sink, Sink::Part(..)) {
            shared.observe(match &done {
                Done::Err(e) => Some(e),
                _ => None,
            });
        }
        match sink {
            Sink::Token(t) => {
                if let Some(s) = &shared.sink {
                    match &done {
                        // The frame is a view of the read buffer: a sink may keep it
                        // instead of copying (large replies cross the C ABI by reference).
                        Done::Frame(f) => s.complete_frame(t, f),
                        Done::Err(e) => s.complete(t, Err(e)),
                        Done::Multi(parts) => {
                            let v: Vec<(&str, &[u8])> =
                                parts.iter().map(|(a, f)| (a.as_str(), &f[..])).collect();
                            s.complete_multi(t, &v);
                        }
                    }
                    if flush {
                        s.flush();
                    }
                }
                shared.release();
            }
            Sink::Value(tx) => {
                let _ = tx.send(to_value(done));
                shared.release();
            }
            Sink::Part(g, i) => g.put(i, done, flush),
            Sink::Step(tx) => {
                let _ = tx.send(done);
            }
        }
    }

    /// Routes one request (already counted in flight) into `out`.
    pub fn dispatch(
        self: &Arc<Self>,
        cmd: Bytes,
        route: OwnedRoute,
        sink: Sink,
        deadline: Option<Instant>,
        retry: crate::client::RetryPolicy,
        out: &mut Outbox,
    ) {
        {
            let mut w = lock(&self.waiting);
            if let Some(list) = w.as_mut() {
                let first = list.is_empty();
                list.push(Waiting {
                    cmd,
                    route,
                    sink,
                    deadline,
                    retry,
                });
                drop(w);
                // The first waiter starts discovery; the others wait for the same one.
                if first {
                    self.request_refresh(Force::Now);
                }
                return;
            }
        }
        let fail = |sink: Sink, e: Error| self.deliver(sink, Done::Err(e), true);
        match plan::plan(&cmd, &route) {
            Plan::Fail(e) => fail(sink, e),
            Plan::Scan { allow_uncovered } => self.start_scan(cmd, allow_uncovered, sink, deadline),
            Plan::Slot(slot, intent) => Req::new(
                self.clone(),
                cmd,
                Target::Slot { slot, intent },
                sink,
                deadline,
            )
            .with_retry(retry)
            .route(out),
            Plan::RandomPrimary => match self.random_primary() {
                Some(node) => Req::new(
                    self.clone(),
                    cmd,
                    Target::Node { node, follow: true },
                    sink,
                    deadline,
                )
                .with_retry(retry)
                .route(out),
                None => fail(sink, Error::Disconnect("no primary known".into())),
            },
            Plan::Address(a) => match self.data_node(&a) {
                Some(node) => Req::new(
                    self.clone(),
                    cmd,
                    Target::Node {
                        node,
                        follow: false,
                    },
                    sink,
                    deadline,
                )
                .with_retry(retry)
                .route(out),
                None => self.clone().route_to_unknown(a, cmd, sink, deadline, retry),
            },
            Plan::Fan(fan, spec) => {
                let nodes = {
                    let t = self.read_topo();
                    match fan {
                        Fan::AllNodes => t.all_nodes(),
                        Fan::AllPrimaries => t.primaries(),
                    }
                };
                if nodes.is_empty() {
                    return fail(sink, Error::Disconnect("no node known".into()));
                }
                let combine = Combine::Nodes {
                    policy: spec.policy,
                    addrs: nodes.iter().map(|n| n.addr.to_string()).collect(),
                    first_non_nil: spec.first_non_nil,
                    concat: spec.concat,
                };
                let g = Gather::new(self.clone(), sink, nodes.len(), combine);
                for (i, node) in nodes.into_iter().enumerate() {
                    Req::new(
                        self.clone(),
                        cmd.clone(),
                        Target::Node { node, follow: true },
                        Sink::Part(g.clone(), i),
                        deadline,
                    )
                    .with_retry(retry)
                    .route(out);
                }
            }
            Plan::Split(parts, combine, intent) => {
                let g = Gather::new(self.clone(), sink, parts.len(), combine);
                for (i, (slot, part)) in parts.into_iter().enumerate() {
                    Req::new(
                        self.clone(),
                        part,
                        Target::Slot { slot, intent },
                        Sink::Part(g.clone(), i),
                        deadline,
                    )
                    .with_retry(retry)
                    .route(out);
                }
            }
        }
    }

    /// Routes a transaction (MULTI … EXEC submitted together) as one unit: every
    /// record to the same node — the one an explicit route of a record names (a
    /// replica route picks a replica of the slot, as it does for a single command),
    /// else the primary of the first key's slot, else any primary — back to back, and
    /// with no redirection or retry of single records (the server's MOVED/EXECABORT
    /// replies are the outcome).
    pub fn dispatch_transaction(self: &Arc<Self>, block: Vec<TxRecord>, out: &mut Outbox) {
        if let Some(why) = cross_slot(&block) {
            // No node could run it: the server would queue every command, then abort.
            // Refused whole, before anything is sent.
            let frame = Bytes::from(format!("-{why}\r\n"));
            for (_, _, sink, _) in block {
                self.deliver(sink, Done::Frame(frame.clone()), true);
            }
            return;
        }
        let not_ready = lock(&self.waiting).is_some();
        let node = if not_ready {
            self.request_refresh(Force::Now);
            None
        } else {
            let explicit = block.iter().find_map(|(_, route, _, _)| match route {
                OwnedRoute::Slot { slot, replica } => self.pick(
                    *slot,
                    if *replica {
                        Intent::Replica
                    } else {
                        Intent::Primary
                    },
                ),
                OwnedRoute::Address(a) => self.data_node(a),
                _ => None,
            });
            explicit
                .or_else(|| {
                    block
                        .iter()
                        .find_map(|(cmd, _, _, _)| plan::key_slot(cmd))
                        .and_then(|slot| self.pick(slot, Intent::Primary))
                })
                .or_else(|| self.random_primary())
        };
        let Some(node) = node else {
            for (_, _, sink, _) in block {
                self.deliver(
                    sink,
                    Done::Err(Error::Disconnect(
                        "the cluster topology is not known yet".into(),
                    )),
                    true,
                );
            }
            return;
        };
        for (cmd, _, sink, deadline) in block {
            let mut req = Req::new(
                self.clone(),
                cmd,
                Target::Node {
                    node: node.clone(),
                    follow: false,
                },
                sink,
                deadline,
            );
            req.pinned = true;
            out.push(node.clone(), req, false);
        }
    }

    /// A by-address route to a node the table does not know: the node may have joined
    /// since the last refresh, so one refresh (forced, but throttled like any forced
    /// refresh) is awaited, bounded by the request's deadline, before the address is
    /// looked up again. Still unknown, the request fails.
    fn route_to_unknown(
        self: Arc<Self>,
        a: Address,
        cmd: Bytes,
        sink: Sink,
        deadline: Option<Instant>,
        retry: crate::client::RetryPolicy,
    ) {
        let limit = Instant::now() + self.cfg.client.connection_timeout;
        let until = deadline.map_or(limit, |d| d.min(limit));
        let me = self.clone();
        self.rt.spawn(async move {
            me.refresh_and_wait(Force::Yes, until).await;
            match me.data_node(&a) {
                Some(node) => {
                    let mut out = Outbox::default();
                    Req::new(
                        me.clone(),
                        cmd,
                        Target::Node {
                            node,
                            follow: false,
                        },
                        sink,
                        deadline,
                    )
                    .with_retry(retry)
                    .route(&mut out);
                    out.flush();
                    me.ctx.shared.flush_sink();
                }
                None => me.deliver(
                    sink,
                    Done::Err(Error::InvalidRequest(format!(
                        "{a} is not a node of this cluster"
                    ))),
                    true,
                ),
            }
        });
    }

    fn random_primary(&self) -> Option<Arc<Node>> {
        let t = self.read_topo();
        let n = t.shards.len();
        if n == 0 {
            return None;
        }
        let start = rand::random::<usize>() % n;
        (0..n)
            .map(|k| &t.shards[(start + k) % n].primary)
            .find(|p| p.is_usable())
            .or(Some(&t.shards[start].primary))
            .cloned()
    }

    /// Sends the requests that waited for the first topology.
    pub fn release_waiting(self: &Arc<Self>) {
        let list = lock(&self.waiting).take();
        let Some(list) = list else { return };
        let mut out = Outbox::default();
        for w in list {
            self.dispatch(w.cmd, w.route, w.sink, w.deadline, w.retry, &mut out);
        }
        out.flush();
        self.ctx.shared.flush_sink();
    }

    /// Fails waiting requests whose deadline passed (or all of them, when closing).
    pub fn expire_waiting(&self, all: bool, why: &Error) {
        let now = Instant::now();
        let expired: Vec<Waiting> = {
            let mut w = lock(&self.waiting);
            let Some(list) = w.as_mut() else { return };
            let (gone, keep): (Vec<Waiting>, Vec<Waiting>) = std::mem::take(list)
                .into_iter()
                .partition(|r| all || r.deadline.is_some_and(|d| d <= now));
            *list = keep;
            gone
        };
        for r in expired {
            self.deliver(r.sink, Done::Err(why.clone()), true);
        }
    }

    /// Closes every connection; pending and later requests fail with `Closing`.
    pub fn close(&self) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        self.live.end();
        self.ctx.closed_tx.send_replace(true);
        self.mgmt_ctx.closed_tx.send_replace(true);
        let nodes: Vec<Arc<Node>> = self.read_topo().nodes.values().cloned().collect();
        for n in nodes {
            n.close();
        }
        let mgmt: Vec<Arc<Node>> = lock(&self.mgmt).values().cloned().collect();
        for n in mgmt {
            n.close();
        }
        self.expire_waiting(true, &Error::Closing);
    }
}

/// Why a transaction routed by its keys cannot run on one node: its commands' keys
/// hash to different slots. `None` when they share one (or a record names its node
/// explicitly: the caller chose, and that node's answer is the outcome).
fn cross_slot(block: &[TxRecord]) -> Option<String> {
    if block
        .iter()
        .any(|(_, route, _, _)| !matches!(route, OwnedRoute::Default))
    {
        return None;
    }
    let mut first: Option<u16> = None;
    // Record 0 is MULTI: commands are numbered from 0 after it, as the caller queued them.
    for (i, (cmd, _, _, _)) in block.iter().enumerate().skip(1) {
        let name = || {
            crate::commands::RespArgs::new(cmd)
                .and_then(|a| {
                    crate::commands::ArgList::arg(&a, 0)
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                })
                .unwrap_or_default()
        };
        match crate::commands::command_slot(cmd) {
            crate::commands::CommandSlot::Cross => {
                return Some(format!(
                    "CROSSSLOT Keys in request don't hash to the same slot (command {}, {})",
                    i - 1,
                    name()
                ))
            }
            crate::commands::CommandSlot::Slot(s) => match first {
                None => first = Some(s),
                Some(f) if f != s => {
                    return Some(format!(
                        "CROSSSLOT Keys in request don't hash to the same slot (command {}, {}: slot {s}, earlier keys: slot {f})",
                        i - 1,
                        name()
                    ))
                }
                _ => {}
            },
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(words: &[&str], route: OwnedRoute) -> TxRecord {
        let mut b = bytes::BytesMut::new();
        crate::resp::encode_command(&mut b, words);
        (b.freeze(), route, Sink::Token(0), None)
    }

    #[test]
    fn transactions_across_slots_are_refused_unless_routed() {
        let block = |second: &[&str], route: OwnedRoute| {
            vec![
                rec(&["MULTI"], OwnedRoute::Default),
                rec(&["SET", "{a}1", "x"], OwnedRoute::Default),
                rec(second, route),
                rec(&["EXEC"], OwnedRoute::Default),
            ]
        };
        assert_eq!(
            cross_slot(&block(&["GET", "{a}2"], OwnedRoute::Default)),
            None
        );
        assert_eq!(cross_slot(&block(&["PING"], OwnedRoute::Default)), None);
        let why = cross_slot(&block(&["GET", "b"], OwnedRoute::Default)).unwrap();
        assert!(
            why.starts_with("CROSSSLOT") && why.contains("command 1, GET"),
            "{why}"
        );
        let why = cross_slot(&block(&["MGET", "x", "y"], OwnedRoute::Default)).unwrap();
        assert!(why.contains("command 1, MGET"), "{why}");
        // An explicit route: the caller picked the node; its answer is the outcome.
        let routed = OwnedRoute::Slot {
            slot: 1,
            replica: false,
        };
        assert_eq!(cross_slot(&block(&["GET", "b"], routed)), None);
    }
}
