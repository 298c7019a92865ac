//! Keeping the slot map true: full refreshes by consensus, coalesced and throttled,
//! and cheap periodic checks that trigger one only when the cluster changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use rand::seq::SliceRandom;
use rand::Rng;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::inner::Inner;
use super::stats::bump;
use super::topology::{zone_of, Topology};
use super::view::{self, Parsed, View};
use crate::config::{Address, ReadFrom};
use crate::connection::{Node, Responder};
use crate::error::{Error, Result};
use crate::logging::limited_event;
use crate::resp::{self, Value};

/// How urgently a refresh is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Force {
    /// The map was already patched (MOVED) or the change is harmless: respect the
    /// throttle (15 s + jitter after the previous refresh).
    No,
    /// Something is broken (a node unreachable, a write refused by a replica): go
    /// soon, but no closer to the previous forced refresh than the current gap.
    Yes,
    /// A periodic check saw a different view, or the user asked: go now.
    Now,
}

struct State {
    running: bool,
    /// Strongest refresh asked for while one was running: run again after it.
    again: Option<Force>,
    /// When the armed timer fires (a deferred refresh), if one is armed.
    timer_at: Option<Instant>,
    next_allowed: Option<Instant>,
    last_start: Option<Instant>,
    forced_gap: Duration,
    /// Refreshes started so far; each run is known by its number.
    started: u64,
    /// Consecutive refreshes whose answers disagreed without changing the table.
    unsettled: u32,
    /// Consecutive refreshes that found nothing new.
    idle: u32,
}

pub(crate) struct RefreshCtl {
    st: Mutex<State>,
    /// Why the last refresh failed, if it did.
    last_error: Mutex<Option<String>>,
    /// Number of the last refresh that ended.
    done: watch::Sender<u64>,
}

impl RefreshCtl {
    pub fn new(gap: Duration) -> Self {
        RefreshCtl {
            st: Mutex::new(State {
                running: false,
                again: None,
                timer_at: None,
                next_allowed: None,
                last_start: None,
                forced_gap: gap,
                started: 0,
                unsettled: 0,
                idle: 0,
            }),
            last_error: Mutex::new(None),
            done: watch::channel(0).0,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Follow-up refreshes at the shortest gap while nodes disagree (a failover or a
/// migration still spreading through the cluster); past that, the gap grows again so
/// that one node stuck with a stale view cannot cause a refresh storm.
const MAX_UNSETTLED: u32 = 5;

/// What a refresh found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
    /// The table changed.
    pub changed: bool,
    /// Not every answering node reported the elected view.
    pub disagreed: bool,
}

const CLUSTER_SLOTS: &[u8] = b"*2\r\n$7\r\nCLUSTER\r\n$5\r\nSLOTS\r\n";
const CLUSTER_SHARDS: &[u8] = b"*2\r\n$7\r\nCLUSTER\r\n$6\r\nSHARDS\r\n";

impl Inner {
    /// Asks for a refresh. Never waits: runs one in the background now, arms a timer
    /// for when the throttle allows it, or joins the one running.
    pub fn request_refresh(self: &Arc<Self>, force: Force) {
        bump(&self.stats.refresh_requests);
        if self.is_closed() {
            return;
        }
        let mut st = self.refresh.lock();
        if st.running {
            if force > Force::No {
                st.again = st.again.max(Some(force));
            }
            return;
        }
        let now = Instant::now();
        let at = match force {
            Force::Now => now,
            Force::Yes => st.last_start.map_or(now, |t| t + st.forced_gap),
            Force::No => st.next_allowed.unwrap_or(now),
        };
        if at <= now {
            st.running = true;
            st.timer_at = None;
            drop(st);
            let me = self.clone();
            self.rt.spawn(async move { me.run_refresh().await });
        } else if st.timer_at.map_or(true, |t| at < t) {
            st.timer_at = Some(at);
            drop(st);
            limited_event!(
                tracing::Level::INFO,
                delay_ms = (at - now).as_millis() as u64,
                "cluster topology refresh deferred: one ran recently (refresh storm avoided)"
            );
            let weak = Arc::downgrade(self);
            let mut closed = self.ctx.closed_tx.subscribe();
            self.rt.spawn(async move {
                tokio::select! {
                    _ = tokio::time::sleep_until(at) => {}
                    _ = closed.wait_for(|c| *c) => return,
                }
                let Some(me) = weak.upgrade() else { return };
                {
                    let mut st = me.refresh.lock();
                    // Superseded by an earlier timer, or a refresh already covers it.
                    if st.timer_at != Some(at) || st.running {
                        return;
                    }
                    st.timer_at = None;
                    st.running = true;
                }
                me.run_refresh().await;
            });
        }
    }

    pub fn last_refresh_error(&self) -> Option<String> {
        self.refresh
            .last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Forces a refresh and waits until one that started after this call has ended.
    pub async fn refresh_now(self: &Arc<Self>) {
        let target = {
            let st = self.refresh.lock();
            st.started + 1
        };
        let mut done = self.refresh.done.subscribe();
        self.request_refresh(Force::Now);
        let mut closed = self.ctx.closed_tx.subscribe();
        tokio::select! {
            _ = done.wait_for(|d| *d >= target) => {}
            _ = closed.wait_for(|c| *c) => {}
        }
    }

    /// Asks for a refresh and waits until one that started after this call has
    /// ended, or until `until`.
    pub async fn refresh_and_wait(self: &Arc<Self>, force: Force, until: Instant) {
        let target = self.refresh.lock().started + 1;
        let mut done = self.refresh.done.subscribe();
        self.request_refresh(force);
        let mut closed = self.ctx.closed_tx.subscribe();
        tokio::select! {
            _ = done.wait_for(|d| *d >= target) => {}
            _ = closed.wait_for(|c| *c) => {}
            _ = tokio::time::sleep_until(until) => {}
        }
    }

    /// One refresh (the caller set `running`), then the bookkeeping that throttles the
    /// next one.
    async fn run_refresh(self: Arc<Self>) {
        let number = {
            let mut st = self.refresh.lock();
            st.started += 1;
            st.last_start = Some(Instant::now());
            st.started
        };
        bump(&self.stats.refreshes_started);
        let result = self.refresh_once().await;
        bump(&self.stats.refreshes_completed);
        *self
            .refresh
            .last_error
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = result.as_ref().err().map(|e| e.to_string());
        let outcome = match &result {
            Ok(o) => *o,
            Err(e) => {
                bump(&self.stats.refreshes_failed);
                if !matches!(e, Error::Closing) {
                    limited_event!(tracing::Level::WARN, error = %e, "cluster topology refresh failed");
                }
                self.expire_waiting(false, e);
                Outcome {
                    changed: false,
                    disagreed: false,
                }
            }
        };
        let (again, follow_up) = {
            let mut st = self.refresh.lock();
            st.running = false;
            let cfg = &self.cfg;
            let jitter_ms = cfg.refresh_jitter.as_millis() as u64;
            let jitter = if jitter_ms > 0 {
                Duration::from_millis(rand::thread_rng().gen_range(0..=jitter_ms))
            } else {
                Duration::ZERO
            };
            st.next_allowed = Some(Instant::now() + cfg.refresh_throttle + jitter);
            let unsettled = !outcome.changed && outcome.disagreed;
            st.unsettled = if unsettled { st.unsettled + 1 } else { 0 };
            let follow_up = unsettled && st.unsettled <= MAX_UNSETTLED;
            // Consecutive refreshes that found nothing: the first costs nothing (a
            // failover is often a few ms behind the error that revealed it), then the
            // gap doubles.
            st.idle = if outcome.changed || follow_up {
                0
            } else {
                st.idle.saturating_add(1)
            };
            let base = cfg.forced_refresh_gap;
            let doubled = base.saturating_mul(1 << st.idle.saturating_sub(1).min(16));
            st.forced_gap = doubled.min(cfg.refresh_throttle.max(base));
            (st.again.take(), follow_up)
        };
        self.refresh.done.send_replace(number);
        let still_waiting = self
            .waiting
            .lock()
            .map(|w| w.as_ref().is_some_and(|l| !l.is_empty()))
            .unwrap_or(false);
        match again {
            Some(f) => self.request_refresh(f),
            None if still_waiting || follow_up => self.request_refresh(Force::Yes),
            None => {}
        }
    }

    /// Asks up to `consensus_nodes` nodes for their view in parallel and adopts the
    /// most common one if enough of them agree, retrying a few times otherwise.
    pub async fn refresh_once(self: &Arc<Self>) -> Result<Outcome> {
        let mut last_err = Error::Connection(
            "no node answered the topology query (CLUSTER SHARDS / SLOTS)".into(),
        );
        for attempt in 0..3u32 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
            }
            if self.is_closed() {
                return Err(Error::Closing);
            }
            let candidates = self.candidates();
            let mut answers = self.ask_views(&candidates).await;
            if answers.iter().all(|a| a.is_err()) && !self.cfg.refresh_from_seeds {
                // The nodes we knew are gone (or we knew none): back to the seeds.
                let seeds: Vec<Address> = self
                    .cfg
                    .client
                    .addresses
                    .iter()
                    .filter(|a| !candidates.contains(a))
                    .cloned()
                    .collect();
                if !seeds.is_empty() {
                    answers.extend(self.ask_views(&seeds).await);
                }
            }
            match elect(answers, self.cfg.consensus_percent) {
                Ok((best, zones, disagreed)) => {
                    let changed = self.adopt(best, zones).await;
                    return Ok(Outcome { changed, disagreed });
                }
                Err(e) => last_err = e,
            }
        }
        Err(last_err)
    }

    /// Nodes to ask: a random sample of the known ones, or the seeds.
    fn candidates(&self) -> Vec<Address> {
        let mut known: Vec<Address> = if self.cfg.refresh_from_seeds {
            Vec::new()
        } else {
            self.read_topo().view.addresses().cloned().collect()
        };
        if known.is_empty() {
            known = self.cfg.client.addresses.clone();
        }
        known.dedup();
        known.shuffle(&mut rand::thread_rng());
        known.truncate(self.cfg.consensus_nodes);
        known
    }

    /// Each address's view over its management connection, in parallel.
    /// Stops early once a majority of the asked nodes agree: nothing the others say can
    /// change the outcome.
    async fn ask_views(self: &Arc<Self>, addrs: &[Address]) -> Vec<Result<Parsed>> {
        let mut set = JoinSet::new();
        for a in addrs {
            let me = self.clone();
            let a = a.clone();
            set.spawn(async move { me.ask_view(&a).await });
        }
        let total = addrs.len();
        let mut out: Vec<Result<Parsed>> = Vec::with_capacity(total);
        while let Some(r) = set.join_next().await {
            out.push(r.unwrap_or_else(|e| Err(Error::Connection(format!("query task: {e}")))));
            let mut counts: Vec<(&View, usize)> = Vec::new();
            for p in out.iter().flatten() {
                match counts.iter_mut().find(|(v, _)| **v == p.view) {
                    Some(c) => c.1 += 1,
                    None => counts.push((&p.view, 1)),
                }
            }
            if counts.iter().any(|(_, n)| n * 2 > total) {
                break;
            }
        }
        // Unanswered queries count as asked: they did not agree.
        while out.len() < total {
            out.push(Err(Error::Timeout));
        }
        out
    }

    /// One node's view: `CLUSTER SLOTS` (which node serves which slots), completed
    /// with `CLUSTER SHARDS` (replicas that have not replicated anything yet, which
    /// `CLUSTER SLOTS` hides; zones), both asked at once. A server without `CLUSTER
    /// SHARDS` (Redis before 7) is asked only `CLUSTER SLOTS` from then on; a shards
    /// query that fails otherwise leaves the view as `CLUSTER SLOTS` gave it.
    pub(crate) async fn ask_view(&self, addr: &Address) -> Result<Parsed> {
        let use_shards = !self.no_shards.load(std::sync::atomic::Ordering::Relaxed);
        let shards = async {
            if use_shards {
                Some(self.mgmt_query(addr, CLUSTER_SHARDS).await)
            } else {
                None
            }
        };
        let (slots, shards) = tokio::join!(self.mgmt_query(addr, CLUSTER_SLOTS), shards);
        let v = slots?;
        let parsed = view::parse_cluster_slots(&v, addr).ok_or_else(|| {
            Error::Protocol(format!("{addr}: unexpected CLUSTER SLOTS reply: {v:?}"))
        })?;
        match shards {
            Some(Ok(s)) => {
                let tls = self.cfg.client.tls.is_some();
                match view::parse_cluster_shards(&s, addr, tls) {
                    Some(entries) => Ok(view::with_shards(parsed, &entries)),
                    None => Err(Error::Protocol(format!(
                        "{addr}: unexpected CLUSTER SHARDS reply: {s:?}"
                    ))),
                }
            }
            Some(Err(Error::Server(e))) if unknown_command(&e.to_string()) => {
                self.no_shards
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                Ok(parsed)
            }
            _ => Ok(parsed),
        }
    }

    /// One command over the management connection to `addr`, bounded by the
    /// connection timeout (it is a few bytes on an idle connection).
    pub async fn mgmt_query(&self, addr: &Address, cmd: &[u8]) -> Result<Value> {
        let node = self.mgmt_node(addr);
        self.mgmt_ctx.shared.acquire()?;
        let (tx, rx) = oneshot::channel();
        let limit = self.cfg.client.connection_timeout;
        node.submit(&[cmd], Responder::Value(tx), Some(Instant::now() + limit));
        match tokio::time::timeout(limit + Duration::from_millis(100), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(Error::Closing),
            Err(_) => Err(Error::Timeout),
        }
    }

    /// Zones the cluster did not report, asked of the nodes themselves, when a read
    /// strategy needs them.
    async fn fill_zones(self: &Arc<Self>, view: &View, zones: &mut HashMap<Address, String>) {
        if !matches!(
            self.cfg.client.read_from,
            ReadFrom::AzAffinity | ReadFrom::AzAffinityReplicaAndPrimary
        ) {
            return;
        }
        let missing: Vec<Address> = {
            let t = self.read_topo();
            let mut missing = Vec::new();
            for a in view.addresses() {
                if zones.contains_key(a) {
                    continue;
                }
                // Known from an earlier refresh, or from the node's HELLO.
                match t.nodes.get(a).and_then(|n| zone_of(n, &t.zones)) {
                    Some(z) => {
                        zones.insert(a.clone(), z);
                    }
                    None => missing.push(a.clone()),
                }
            }
            missing
        };
        let mut set = JoinSet::new();
        for a in missing {
            let me = self.clone();
            set.spawn(async move {
                let mut cmd = bytes::BytesMut::new();
                resp::encode_command(&mut cmd, &["CONFIG", "GET", "availability-zone"]);
                let z = match me.mgmt_query(&a, &cmd).await {
                    Ok(Value::Array(items)) => items.get(1).and_then(text),
                    Ok(Value::Map(pairs)) => pairs.first().and_then(|(_, v)| text(v)),
                    _ => None,
                };
                (a, z)
            });
        }
        while let Some(Ok((a, Some(z)))) = set.join_next().await {
            if !z.is_empty() {
                zones.insert(a, z);
            }
        }
    }

    /// Installs `view` unless the table already reflects it. Returns whether the
    /// table changed.
    async fn adopt(self: &Arc<Self>, view: View, mut zones: HashMap<Address, String>) -> bool {
        self.fill_zones(&view, &mut zones).await;
        let fp = view.fingerprint();
        {
            let t = self.read_topo();
            // The same view as the table's: nothing to do. MOVED patches made since are
            // newer than what a refresh that started before them could see, so they stay.
            if !t.is_empty() && t.fingerprint == fp && t.zones == zones {
                return false;
            }
        }
        let az = self.cfg.client.client_az.clone();
        let mut created = Vec::new();
        let (replicas, removed, keep, first) = {
            let mut t = self.write_topo();
            let first = t.is_empty();
            let (new, removed) = Topology::build(view, zones, &t.nodes, az.as_deref(), |a| {
                let n = self.new_data_node(a);
                created.push(n.clone());
                n
            });
            *t = new;
            let replicas: Vec<Arc<Node>> = t
                .shards
                .iter()
                .flat_map(|s| s.replicas.iter().cloned())
                .collect();
            (replicas, removed, t.nodes.clone(), first)
        };
        if !first {
            limited_event!(
                tracing::Level::INFO,
                nodes = keep.len() as u64,
                added = created.len() as u64,
                removed = removed.len() as u64,
                "cluster topology changed"
            );
        }
        // READONLY before a new replica's first connection; on the live connection of
        // a node that became a replica.
        for r in &replicas {
            r.set_readonly(true);
        }
        if !self.is_closed() {
            for n in &created {
                self.start(n);
            }
        }
        self.retire(removed);
        self.prune_mgmt(&keep);
        bump(&self.stats.topology_changes);
        self.topo_gen.send_modify(|g| *g += 1);
        self.release_waiting();
        true
    }

    /// Closes nodes that left the cluster, after their in-flight requests had time to
    /// complete (they retry elsewhere if the close cuts them off).
    fn retire(&self, nodes: Vec<Arc<Node>>) {
        if nodes.is_empty() {
            return;
        }
        let grace = self
            .cfg
            .client
            .request_timeout
            .unwrap_or(Duration::from_secs(5))
            .max(Duration::from_secs(1))
            * 2;
        self.rt.spawn(async move {
            tokio::time::sleep(grace).await;
            for n in nodes {
                n.close();
            }
        });
    }
}

/// Groups the answers by identical (normalised) view and elects the most common one,
/// if at least `percent`% of the asked nodes (answered or not) reported it. Among
/// equally common views, the one covering more slots wins. Zones are merged from every
/// answer. The flag says whether the answering nodes disagreed.
pub(crate) fn elect(
    answers: Vec<Result<Parsed>>,
    percent: u32,
) -> Result<(View, HashMap<Address, String>, bool)> {
    let asked = answers.len();
    let mut last_err =
        Error::Connection("no node answered the topology query (CLUSTER SHARDS / SLOTS)".into());
    let mut zones: HashMap<Address, String> = HashMap::new();
    let mut groups: Vec<(View, usize)> = Vec::new();
    for a in answers {
        match a {
            Ok(p) => {
                for (k, v) in p.zones {
                    zones.entry(k).or_insert(v);
                }
                match groups.iter_mut().find(|(v, _)| *v == p.view) {
                    Some(g) => g.1 += 1,
                    None => groups.push((p.view, 1)),
                }
            }
            Err(e) => last_err = e,
        }
    }
    groups.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.0.covered_slots().cmp(&a.0.covered_slots()))
    });
    let disagreed = groups.len() > 1;
    let Some((best, votes)) = groups.into_iter().next() else {
        return Err(last_err);
    };
    if best.shards.is_empty() {
        return Err(Error::Connection(
            "the cluster reports no slots served".into(),
        ));
    }
    if votes * 100 < percent as usize * asked {
        return Err(Error::Connection(format!(
            "no consensus on the topology: the most common view has {votes} of {asked} nodes"
        )));
    }
    Ok((best, zones, disagreed))
}

/// Whether an error reply says the server does not know the (sub)command.
fn unknown_command(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    m.contains("unknown subcommand") || m.contains("unknown command")
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::SimpleString(s) => Some(s.clone()),
        _ => None,
    }
}

/// Every `every`, asks ~log2(n) random nodes for their view and compares its
/// fingerprint with the table's; a difference (or no answer at all) forces a refresh.
pub(crate) async fn periodic_checks(weak: Weak<Inner>, every: Duration) {
    let mut closed = match weak.upgrade() {
        Some(i) => i.ctx.closed_tx.subscribe(),
        None => return,
    };
    loop {
        let jitter = Duration::from_millis(
            rand::thread_rng().gen_range(0..=every.as_millis().min(1000) as u64 / 10),
        );
        tokio::select! {
            _ = tokio::time::sleep(every + jitter) => {}
            _ = closed.wait_for(|c| *c) => return,
        }
        let Some(inner) = weak.upgrade() else { return };
        if inner.is_closed() {
            return;
        }
        bump(&inner.stats.periodic_checks);
        let (mut addrs, fp) = {
            let t = inner.read_topo();
            (
                t.view.addresses().cloned().collect::<Vec<_>>(),
                t.fingerprint,
            )
        };
        if addrs.is_empty() {
            inner.request_refresh(Force::Yes);
            continue;
        }
        let n = addrs.len();
        let k = ((usize::BITS - n.leading_zeros()) as usize).clamp(1, n);
        addrs.shuffle(&mut rand::thread_rng());
        addrs.truncate(k);
        let mut set = JoinSet::new();
        for a in addrs {
            let me = inner.clone();
            set.spawn(async move { me.ask_view(&a).await.map(|p| p.view.fingerprint()) });
        }
        let mut answered = 0;
        let mut differs = false;
        while let Some(r) = set.join_next().await {
            if let Ok(Ok(f)) = r {
                answered += 1;
                differs |= f != fp;
            }
        }
        if differs || answered == 0 {
            inner.request_refresh(Force::Now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::view::ShardView;

    fn view(owner: u16) -> Parsed {
        Parsed {
            view: View {
                shards: vec![ShardView {
                    primary: Address::new("h", owner),
                    replicas: vec![],
                    ranges: vec![(0, 16383)],
                }],
            },
            zones: HashMap::new(),
        }
    }

    fn down() -> Result<Parsed> {
        Err(Error::Timeout)
    }

    #[test]
    fn most_common_view_wins_when_enough_agree() {
        let answers = vec![Ok(view(1)), Ok(view(2)), Ok(view(2)), down()];
        let (v, _, disagreed) = elect(answers, 20).unwrap();
        assert_eq!(v.shards[0].primary.port, 2);
        assert!(disagreed);
        // 2 of 10 is 20%: enough.
        let mut answers: Vec<Result<Parsed>> = (0..8).map(|_| down()).collect();
        answers.extend([Ok(view(3)), Ok(view(3))]);
        assert!(!elect(answers, 20).unwrap().2);
        // 1 of 10 is not.
        let mut answers: Vec<Result<Parsed>> = (0..9).map(|_| down()).collect();
        answers.push(Ok(view(3)));
        assert!(elect(answers, 20).is_err());
        // Nobody answered.
        assert!(elect(vec![down(), down()], 20).is_err());
    }

    #[test]
    fn ties_prefer_the_view_covering_more_slots() {
        let mut partial = view(4);
        partial.view.shards[0].ranges = vec![(0, 100)];
        let (v, _, _) = elect(vec![Ok(partial), Ok(view(5))], 20).unwrap();
        assert_eq!(v.shards[0].primary.port, 5);
    }
}
