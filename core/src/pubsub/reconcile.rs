//! The reconciler: one task per client that makes actual subscriptions equal desired.
//!
//! A round takes the desired sets, asks the client where each subscription belongs
//! ([`Placement`]: the primary for a standalone client; in a cluster the primary owning
//! the channel's slot, for every kind, so that sharded channels follow their slot and
//! the others spread over the shards), and compares with what each connection's server
//! confirmed. Missing ones are subscribed, ones held where they do not belong (or no
//! longer wanted) are unsubscribed. A connection with subscription commands still
//! unanswered is left alone until they are: their confirmations may be on the way.
//!
//! Rounds run when a wish changes, when a connection comes up or dies, after a topology
//! change (cluster), and every reconciliation interval.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::sync::watch;
use tokio::time::Instant;

use super::state::PubSub;
use super::{note_sync, Kind};
use crate::connection::conn::{Conn, ReplyHook, Responder};
use crate::connection::node::{Node, Route};
use crate::error::Error;
use crate::resp;

/// Where a client keeps a subscription.
pub(crate) trait Placement: Send + Sync + 'static {
    /// The node for `channel` of `kind`; `None` while unknown (no topology yet).
    fn node_for(&self, kind: Kind, channel: &[u8]) -> Option<Arc<Node>>;
    /// Ticks when the placement may have changed (a new cluster topology).
    fn changes(&self) -> Option<watch::Receiver<u64>> {
        None
    }
    /// A subscription command was answered `MOVED slot addr`: the placement is stale.
    fn moved(&self, _slot: u16, _addr: &crate::config::Address) {}
}

/// Reads `-MOVED <slot> <host:port>`.
fn parse_moved(frame: &[u8]) -> Option<(u16, crate::config::Address)> {
    let text = std::str::from_utf8(frame.strip_prefix(b"-MOVED ")?).ok()?;
    let mut parts = text.trim_end().split(' ');
    let slot = parts.next()?.parse().ok()?;
    let (host, port) = parts.next()?.rsplit_once(':')?;
    Some((slot, crate::config::Address::new(host, port.parse().ok()?)))
}

async fn changed(rx: &mut Option<watch::Receiver<u64>>) {
    match rx {
        Some(r) => {
            if r.changed().await.is_err() {
                *rx = None;
            }
        }
        None => std::future::pending().await,
    }
}

/// How many channels one (P)SUBSCRIBE carries at most.
const CHUNK: usize = 256;

/// How long a subscription command may wait for its confirmations.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);

/// Starts the client's reconciler (once).
pub(crate) fn spawn_reconciler(
    ps: &Arc<PubSub>,
    placement: Arc<dyn Placement>,
    mut closed: watch::Receiver<bool>,
) {
    if ps.started.swap(true, std::sync::atomic::Ordering::AcqRel) {
        return;
    }
    let ps = ps.clone();
    // The task ends when the client closes (its close signal), not before.
    let mut topo = placement.changes();
    tokio::spawn(async move {
        if *closed.borrow() {
            return;
        }
        loop {
            round(&ps, &placement);
            let every = ps.interval();
            let idle = ps.is_idle();
            tokio::select! {
                _ = tokio::time::sleep(every), if !idle => {}
                _ = ps.wake.notified() => {}
                _ = changed(&mut topo) => {}
                _ = closed.wait_for(|c| *c) => {
                    // The RESP2 subscriber nodes hold the client's context, which
                    // holds this state: let go of them so the client can be freed.
                    ps.twins.lock().unwrap_or_else(|p| p.into_inner()).clear();
                    return;
                }
            }
        }
    });
}

/// The RESP2 subscriber connection for `node`'s address.
fn twin(ps: &PubSub, node: &Arc<Node>) -> Arc<Node> {
    let mut twins = ps.twins.lock().unwrap_or_else(|p| p.into_inner());
    twins
        .entry(node.addr.clone())
        .or_insert_with(|| node.subscriber_twin())
        .clone()
}

#[derive(Default)]
struct Plan {
    conn: Option<Arc<Conn>>,
    sub: [Vec<Bytes>; 3],
    unsub: [Vec<Bytes>; 3],
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.sub.iter().all(Vec::is_empty) && self.unsub.iter().all(Vec::is_empty)
    }
}

fn round(ps: &Arc<PubSub>, placement: &Arc<dyn Placement>) {
    let desired = ps.lock().desired.clone();
    let mut complete = true;
    let mut plans: HashMap<u64, Plan> = HashMap::new();
    let mut wanted: HashSet<(u64, usize, Bytes)> = HashSet::new();
    // Where each desired subscription belongs (outside the state lock: placement
    // looks at nodes and the topology).
    let mut placed: Vec<(Arc<Conn>, Kind, Bytes)> = Vec::new();
    for kind in Kind::ALL {
        for ch in &desired[kind.idx()] {
            let Some(node) = placement.node_for(kind, ch) else {
                complete = false;
                continue;
            };
            let node = match node.hello() {
                Some(h) if h.protocol == 2 => twin(ps, &node),
                _ => node,
            };
            match node.route() {
                Route::Conn(c) if !c.is_closed() => placed.push((c, kind, ch.clone())),
                Route::Park => {
                    // A lazy client: this wish is what makes it connect.
                    let mut ping = BytesMut::new();
                    resp::encode_command(&mut ping, &[b"PING".as_slice()]);
                    node.park(ping.to_vec(), Responder::Discard, None);
                    complete = false;
                }
                _ => complete = false,
            }
        }
    }
    {
        let mut st = ps.lock();
        st.conns.retain(|_, cs| match cs.conn.upgrade() {
            Some(c) => !c.is_closed(),
            None => false,
        });
        for (c, kind, ch) in placed {
            let held = st
                .conns
                .get(&c.id)
                .is_some_and(|cs| cs.sets[kind.idx()].contains(&ch));
            wanted.insert((c.id, kind.idx(), ch.clone()));
            if !held {
                let p = plans.entry(c.id).or_default();
                p.conn.get_or_insert(c);
                p.sub[kind.idx()].push(ch);
            }
        }
        for (id, cs) in &st.conns {
            for kind in Kind::ALL {
                for ch in &cs.sets[kind.idx()] {
                    if wanted.contains(&(*id, kind.idx(), ch.clone())) {
                        continue;
                    }
                    let Some(c) = cs.conn.upgrade() else { continue };
                    let p = plans.entry(*id).or_default();
                    p.conn.get_or_insert(c);
                    p.unsub[kind.idx()].push(ch.clone());
                }
            }
        }
        plans.retain(|_, p| !p.is_empty());
        note_sync(complete && plans.is_empty());
        let mut deferred = false;
        plans.retain(|id, _| {
            let busy = st.busy.get(id).copied().unwrap_or(0) > 0;
            deferred |= busy;
            !busy
        });
        st.deferred = deferred;
        for (id, p) in &plans {
            *st.busy.entry(*id).or_default() += count_commands(p);
        }
    }
    for (id, p) in plans {
        if let Some(c) = p.conn.clone() {
            send(ps, id, &c, &p, placement);
        }
    }
}

fn commands(p: &Plan) -> Vec<(Kind, bool, Vec<Bytes>)> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for (subscribe, list) in [(false, &p.unsub[kind.idx()]), (true, &p.sub[kind.idx()])] {
            if list.is_empty() {
                continue;
            }
            // A sharded command must keep to one slot: one channel per command.
            let size = if kind == Kind::Sharded { 1 } else { CHUNK };
            for chunk in list.chunks(size) {
                out.push((kind, subscribe, chunk.to_vec()));
            }
        }
    }
    out
}

fn count_commands(p: &Plan) -> usize {
    commands(p).len()
}

/// Answers one subscription command: frees its connection for the next round.
struct Answered {
    ps: Weak<PubSub>,
    conn: u64,
    placement: Arc<dyn Placement>,
}

impl ReplyHook for Answered {
    fn on_reply(self: Box<Self>, result: std::result::Result<&Bytes, &Error>) {
        // MOVED (the slot moved or failed over) corrects the placement, which starts a
        // round through the topology change. Other errors (ACL refusal …) wait for the
        // next round: retrying at once could spin.
        if let Ok(frame) = result {
            if let Some((slot, addr)) = parse_moved(frame) {
                self.placement.moved(slot, &addr);
            }
        }
        let Some(ps) = self.ps.upgrade() else { return };
        let again = {
            let mut st = ps.lock();
            let left = match st.busy.get_mut(&self.conn) {
                Some(n) => {
                    *n = n.saturating_sub(1);
                    *n
                }
                None => 0,
            };
            if left == 0 {
                st.busy.remove(&self.conn);
            }
            left == 0 && std::mem::take(&mut st.deferred)
        };
        if again {
            ps.wake.notify_one();
        }
    }
}

fn send(ps: &Arc<PubSub>, id: u64, conn: &Arc<Conn>, p: &Plan, placement: &Arc<dyn Placement>) {
    let cmds = commands(p);
    let deadline = Some(Instant::now() + CONFIRM_TIMEOUT);
    let mut failed = 0;
    match conn.begin() {
        Ok(mut sub) => {
            for (kind, subscribe, chans) in &cmds {
                let name = if *subscribe {
                    kind.subscribe_cmd()
                } else {
                    kind.unsubscribe_cmd()
                };
                let mut args: Vec<&[u8]> = Vec::with_capacity(chans.len() + 1);
                args.push(name.as_bytes());
                args.extend(chans.iter().map(|c| c.as_ref()));
                let mut buf = BytesMut::new();
                resp::encode_command(&mut buf, &args);
                let hook = Responder::Hook(Box::new(Answered {
                    ps: Arc::downgrade(ps),
                    conn: id,
                    placement: placement.clone(),
                }));
                sub.push_answered_by_pushes(
                    &[&buf],
                    hook,
                    deadline,
                    chans.len() as u32,
                    crate::connection::conn::push_code(*kind, *subscribe),
                );
            }
        }
        Err(_) => failed = cmds.len(),
    }
    if failed > 0 {
        let mut st = ps.lock();
        st.busy.remove(&id);
    }
}
