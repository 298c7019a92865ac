//! # The cluster client
//!
//! A [`ClusterClient`] keeps one multiplexed data connection per node of a Valkey
//! Cluster, knows which node serves each of the 16384 hash slots, and sends every
//! command where it belongs. It embeds exactly like the standalone [`Client`]
//! (`connect`, `connect_with_sink`, `send`, `submit_raw`, `close`, `inflight`).
//!
//! ## Design, and the trade-offs taken
//!
//! **Routing table.** A `RwLock<Topology>`: a 16384-entry slot → shard array, shards
//! (primary, replicas, the replicas in the client's AZ), and the node pool by address.
//! A request takes the read lock for a few nanoseconds to clone one `Arc<Node>`; all
//! waiting (connecting, asking nodes) happens outside it. Copy-on-write snapshots were
//! considered; a lock held this briefly is cheaper than cloning 32 KiB per patch.
//!
//! **Requests carry a hook, not a responder.** Each request is queued on its node's
//! connection with a hook responder (`Responder::Hook`, connection layer): the reply is
//! checked by its first byte; anything but an error frame goes straight to the sink,
//! so the healthy path costs one boxed request and one `Bytes` clone of the command
//! (all commands of a `submit_raw` batch share one buffer). Error replies are
//! classified: MOVED patches the table in place (slot migrated to a known primary;
//! failover — the target was a replica of the shard, now its primary; or a new node
//! heading a new shard) and retries at the target; ASK retries on the target with
//! ASKING written in the same submission, so nothing can come between; TRYAGAIN,
//! CLUSTERDOWN, LOADING, MASTERDOWN and READONLY, and connection errors, are retried
//! after 10–100 ms (jittered, or at once when the table changes), bounded by the
//! request's deadline and `max_retries`. Requests written before their connection
//! broke may have run; they are retried too (at-least-once, as GLIDE does) unless
//! `retry_in_flight` is off.
//!
//! **Splitting and fan-out** follow the server's own command tips from the generated
//! command table: MGET/MSET/MSETEX/DEL/EXISTS/UNLINK/TOUCH (and WATCH) split per slot,
//! each part retried on its own, then reassembled (arrays in key order, sums, first OK);
//! keyless `all_nodes`/`all_shards` commands fan out and combine by `response_policy`
//! (RANDOMKEY: the first non-nil), for default and explicit routes alike, with the
//! client's own policy where the server names none (`plan::client_policy`: SELECT,
//! SAVE, UNWATCH, CLIENT PAUSE are all-succeeded; KEYS-like lists concatenate); other
//! keyless commands go to a random primary (a
//! replica would refuse writes such as `EVAL … 0`); commands the table does not know
//! (modules) go by their first argument. Replies no policy combines (INFO, explicit
//! multi-node routes for most commands) come back as one frame per node
//! ([`CompletionSink::complete_multi`]).
//!
//! **Refreshes.** A full refresh asks up to 10 known nodes for their view in parallel
//! (`CLUSTER SHARDS`, which lists a replica as soon as it is attached; on servers
//! without it, `CLUSTER SLOTS`, which hides a replica until its primary has replicated
//! something to it)
//! over *management connections* — a second, lazily opened connection per node, so that
//! topology queries never queue behind a slow command or a deep pipeline on the data
//! connection, and a broken data connection does not blind the refresh. This doubles the
//! connection count; the alternative (sharing) would let head-of-line blocking delay
//! exactly the refresh that fixes the outage. Each answer is normalised (one entry per
//! primary, ranges merged and sorted, replicas sorted; zones kept aside), identical views
//! are grouped, and the most common is adopted if at least 20% of the asked nodes agree
//! (stopping early once a majority agrees); otherwise it retries twice with backoff.
//! Refreshes run one at a time in the background: a trigger while one runs joins it (a
//! forcing trigger makes it run once more afterwards); unforced triggers (a migration's
//! MOVED, already fully patched in; CLUSTERDOWN) wait until 15 s + 0–15 s jitter after
//! the last refresh — deferred rather than dropped, so the table converges; forced
//! triggers (an unreachable node, a slot nobody serves, a MOVED revealing a failover or
//! a new node, a replica refusing a write, a periodic check seeing a change, a request
//! routed by address to a node the table does not know — it waits for that refresh,
//! within its deadline, before it fails) go at once, but no closer together than a gap that starts at 50 ms and doubles while refreshes find
//! nothing new (a node that stays down costs ~10 refreshes in the first 30 s, then one
//! per 15 s). While the answering nodes disagree (a failover still spreading through
//! the cluster bus), up to 5 follow-up refreshes run at the shortest gap, so the client
//! converges as soon as the majority has; a node stuck with a stale view cannot make
//! that a storm. No request ever waits for a refresh: requests for a dead node's slots
//! fail fast, retry, and go to the new owner as soon as the table changes.
//!
//! **Periodic checks** (default every 60 s): ~log2(n) random nodes are asked for
//! their view, whose normalised fingerprint is compared with the table's; only a
//! difference (or silence) starts a full refresh.
//!
//! **Reads.** Replica connections send READONLY in their handshake (and on the live
//! connection of a node that becomes a replica). `ReadFrom::PreferReplica` round-robins
//! over connected replicas, falling back to the primary; `AzAffinity` prefers replicas in
//! the client's AZ, then any replica, then the primary; `AzAffinityReplicaAndPrimary`
//! prefers same-AZ replicas, then a same-AZ primary, then any replica. A node's zone
//! comes from the topology reply's metadata (where the server reports it), else its
//! HELLO, else
//! `CONFIG GET availability-zone`.
//!
//! **Transactions.** Records are routed one by one, except a `MULTI` … `EXEC` block
//! submitted in one `submit_raw` call: it goes whole to one node (an explicit route of
//! one of its records — a replica of the slot for a replica route —, else its first
//! key's primary), back to back on the connection, and its records are never
//! redirected or retried alone — that would run them outside the transaction. A MOVED
//! inside it is still learnt from (the map is patched), so the caller's retry of the
//! whole transaction goes to the right node. A block routed by its keys whose keys
//! span slots is refused whole before anything is sent (`CROSSSLOT`): no node could
//! run it.
//!
//! **Cluster SCAN** (`scan.rs`): the core walks the primaries one full SCAN pass at a
//! time, picking each from the slot map and confirming with the node itself, and the
//! cursor carries the covered slots and the pass in progress, so it survives failovers
//! and migrations and nothing is kept per scan.
//!
//! **Lazy connect**: `connect` returns at once; requests wait for the first topology
//! (bounded by their own timeouts) and trigger its discovery; nodes connect when first
//! used.
//!
//! [`Client`]: crate::Client

mod config;
mod frames;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzz;
mod gather;
mod hold;
mod inner;
mod plan;
mod pubsub;
mod refresh;
mod request;
mod scan;
mod scan_cursor;
mod stats;
mod topology;
mod view;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

pub use config::{
    ClusterConfig, DEFAULT_CONSENSUS_NODES, DEFAULT_CONSENSUS_PERCENT, DEFAULT_PERIODIC_CHECKS,
    DEFAULT_REFRESH_JITTER, DEFAULT_REFRESH_THROTTLE,
};
pub use scan_cursor::FINISHED_CURSOR as SCAN_FINISHED;
pub use stats::ClusterStats;
pub use view::{ShardView, View};

use crate::client::{RawRequest, RequestTimeout};
use crate::cmd::Cmd;
use crate::config::Address;
use crate::connection::conn::Shared;
use crate::connection::node::ClientCtx;
use crate::error::{Error, Result};
use crate::resp::Value;
use crate::route::Route;
use crate::sink::CompletionSink;
use inner::Inner;
use plan::OwnedRoute;
use refresh::RefreshCtl;
use request::{Outbox, Sink};
use topology::{Intent, Topology};

/// Closes the client when the last handle goes (requests in flight keep `Inner`
/// alive, but must not keep the connections open).
struct Handle(Arc<Inner>);

impl Drop for Handle {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// A connected cluster client. Cheap to clone; all clones share the connections.
#[derive(Clone)]
pub struct ClusterClient {
    inner: Arc<Inner>,
    _handle: Arc<Handle>,
}

impl ClusterClient {
    /// Discovers the cluster from its seeds and (unless `lazy_connect`) connects to
    /// every node. Must be called within a tokio runtime.
    pub async fn connect(config: ClusterConfig) -> Result<ClusterClient> {
        Self::build(config, None).await
    }

    /// Like [`ClusterClient::connect`], for embedders: requests submitted with
    /// [`ClusterClient::submit_raw`] complete into `sink` as raw reply frames.
    pub async fn connect_with_sink(
        config: ClusterConfig,
        sink: Arc<dyn CompletionSink>,
    ) -> Result<ClusterClient> {
        Self::build(config, Some(sink)).await
    }

    async fn build(cfg: ClusterConfig, sink: Option<Arc<dyn CompletionSink>>) -> Result<Self> {
        cfg.validate()?;
        let tls = cfg
            .client
            .tls
            .as_ref()
            .map(crate::tls::connector)
            .transpose()?;
        let ctx = Arc::new(ClientCtx::new(
            cfg.client.clone(),
            tls.clone(),
            Arc::new(
                Shared::new(sink, cfg.client.inflight_limit)
                    .with_breaker(cfg.client.circuit_breaker),
            ),
            None,
        ));
        // Topology queries: their own connections, no heartbeat (periodic checks and
        // refreshes exercise them), a bounded wait per query.
        let mut mgmt_cfg = cfg.client.clone();
        mgmt_cfg.heartbeat_interval = None;
        mgmt_cfg.request_timeout = Some(cfg.client.connection_timeout);
        mgmt_cfg.inflight_limit = 1 << 16;
        let mgmt_ctx = Arc::new(ClientCtx::new(
            mgmt_cfg,
            tls,
            Arc::new(Shared::new(None, 1 << 16)),
            Some(ctx.auth.clone()),
        ));
        let lazy = cfg.client.lazy_connect;
        let periodic = cfg.periodic_checks;
        let inner = Arc::new(Inner {
            ctx,
            mgmt_ctx,
            rt: tokio::runtime::Handle::current(),
            topo: RwLock::new(Topology::default()),
            topo_gen: watch::channel(0).0,
            mgmt: Mutex::new(HashMap::new()),
            rr: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            stats: Default::default(),
            refresh: RefreshCtl::new(cfg.forced_refresh_gap),
            waiting: Mutex::new(Some(Vec::new())),
            no_shards: AtomicBool::new(false),
            holds: Default::default(),
            live: crate::stats::Live::new(crate::stats::Counted::Client),
            cfg,
        });
        let client = ClusterClient {
            _handle: Arc::new(Handle(inner.clone())),
            inner: inner.clone(),
        };
        if !lazy {
            inner.refresh_now().await;
            if inner.read_topo().is_empty() {
                let why = inner
                    .last_refresh_error()
                    .unwrap_or_else(|| "no seed answered the topology query".into());
                inner.close();
                return Err(Error::Connection(format!(
                    "cluster discovery failed: {why}"
                )));
            }
            client.wait_connected().await;
        }
        if let Some(every) = periodic {
            inner
                .rt
                .spawn(refresh::periodic_checks(Arc::downgrade(&inner), every));
        }
        client.pubsub();
        Ok(client)
    }

    /// Waits (up to the connection timeout) until every node's first connection
    /// attempt has finished, so that an eager client starts with its connections up.
    async fn wait_connected(&self) {
        let deadline = Instant::now() + self.inner.cfg.client.connection_timeout;
        loop {
            let pending = self
                .inner
                .read_topo()
                .nodes
                .values()
                .any(|n| n.is_connecting());
            if !pending || Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Deadline of one request; blocking commands get theirs from their own timeout
    /// (see `crate::blocking::plan`, which also refuses impossible timeouts).
    fn deadline(
        &self,
        cmd: &[u8],
        name: &[u8],
        t: RequestTimeout,
        in_batch: bool,
        now: Instant,
    ) -> Result<Option<Instant>> {
        let default = self.inner.cfg.client.request_timeout;
        crate::blocking::plan(cmd, name, t, in_batch, default, now).map(|p| p.deadline)
    }

    /// Cancels the blocking request submitted with `token`; see
    /// [`Client::cancel`](crate::Client::cancel).
    pub fn cancel(&self, token: u64) -> bool {
        self.inner.ctx.shared.blocking.cancel(token)
    }

    /// Connections blocking commands hold open now, over all nodes (diagnostics).
    pub fn blocking_connections(&self) -> usize {
        self.inner
            .read_topo()
            .nodes
            .values()
            .map(|n| n.blocking.open_count())
            .sum()
    }

    /// Sends a command where its keys (or the server's command tips) say, and waits for
    /// the reply. A server error reply is `Err(Error::Server)`. Commands that ran on
    /// several nodes without a combining tip return a map from `host:port` to reply.
    pub async fn send(&self, cmd: impl Into<Cmd>) -> Result<Value> {
        self.send_routed(cmd, Route::Default).await
    }

    /// [`send`](Self::send) along an explicit route.
    pub async fn send_routed(&self, cmd: impl Into<Cmd>, route: Route<'_>) -> Result<Value> {
        let cmd = cmd.into();
        if cmd.is_empty() {
            return Err(Error::InvalidRequest("empty command".into()));
        }
        if self.inner.is_closed() {
            return Err(Error::Closing);
        }
        if crate::pubsub::classify_command(cmd.name().as_bytes()).is_some() {
            return crate::pubsub::take_cmd(&self.pubsub(), &cmd);
        }
        if let Some(b) = &self.inner.ctx.shared.breaker {
            b.admit()?;
        }
        let resp = Bytes::from(cmd.to_resp());
        let deadline = self.deadline(
            &resp,
            cmd.name().as_bytes(),
            RequestTimeout::Default,
            false,
            Instant::now(),
        )?;
        self.inner.ctx.shared.acquire()?;
        let (tx, rx) = oneshot::channel();
        let mut out = Outbox::default();
        self.inner.dispatch(
            resp,
            OwnedRoute::from(route),
            Sink::Value(tx),
            deadline,
            crate::client::RetryPolicy::ALL,
            &mut out,
        );
        out.flush();
        rx.await.map_err(|_| Error::Closing)?
    }

    /// Submits requests whose completions go to the sink given at construction. Every
    /// token gets exactly one completion, errors included. Requests bound for the same
    /// node are written together, in submission order.
    ///
    /// A transaction — `MULTI`, its commands, `EXEC` (or `DISCARD`) — must be submitted
    /// in one call: its records then go to one node back to back (see
    /// `dispatch_transaction`) and are never redirected one by one.
    pub fn submit_raw<'a>(&self, requests: impl IntoIterator<Item = RawRequest<'a>>) {
        let inner = &self.inner;
        let ctx = &inner.ctx;
        let closed = inner.is_closed();
        let now = Instant::now();
        let requests: Vec<RawRequest<'a>> = requests.into_iter().collect();
        // One buffer for the whole batch: each request keeps a slice of it (to resend
        // on redirection) without an allocation of its own.
        let mut arena = BytesMut::with_capacity(requests.iter().map(|r| r.command.len()).sum());
        let mut out = Outbox::default();
        // An open transaction (MULTI seen, EXEC/DISCARD not yet): its records travel
        // together.
        let mut block: Option<Vec<inner::TxRecord>> = None;
        for r in requests {
            // Rejected before claiming an in-flight slot: completed without giving one
            // back (as in the standalone client).
            let Some(view) = ctx.admit(r.command, r.token, closed) else {
                continue;
            };
            // In a batch, or inside a MULTI block: a blocking command is ordinary.
            let in_batch = r.retry.in_batch || block.is_some() || view.name_is("MULTI");
            let deadline = match self.deadline(r.command, view.name(), r.timeout, in_batch, now) {
                Ok(d) => d,
                Err(e) => {
                    ctx.fail_now(crate::connection::Responder::Token(r.token), e);
                    continue;
                }
            };
            arena.extend_from_slice(r.command);
            let cmd = arena.split().freeze();
            let route = OwnedRoute::from(r.route);
            let sink = Sink::Token(r.token);
            if block.is_none() && view.name_is("MULTI") {
                block = Some(Vec::new());
            }
            match block.as_mut() {
                Some(b) => {
                    b.push((cmd, route, sink, deadline));
                    if view.name_is("EXEC") || view.name_is("DISCARD") {
                        if let Some(b) = block.take() {
                            inner.dispatch_transaction(b, &mut out);
                        }
                    }
                }
                None => inner.dispatch(cmd, route, sink, deadline, r.retry, &mut out),
            }
        }
        if let Some(b) = block.take() {
            inner.dispatch_transaction(b, &mut out);
        }
        out.flush();
    }

    /// Closes every connection. Pending requests and later ones fail with
    /// [`Error::Closing`]. Idempotent.
    pub fn close(&self) {
        self.inner.close();
        self.inner.ctx.shared.blocking.clear();
    }

    /// Pub/sub on this client: every subscription lives on the primary owning its
    /// channel's slot and follows it across failovers and slot moves.
    pub fn pubsub(&self) -> crate::pubsub::PubSubHandle {
        crate::pubsub::attach(
            &self.inner.ctx.shared,
            Arc::new(pubsub::SlotPlacement(Arc::downgrade(&self.inner))),
            self.inner.ctx.closed_tx.subscribe(),
        )
    }

    /// Replaces the password every later (re)connection authenticates with, data and
    /// management connections alike; `None` stops authenticating. With `immediate`,
    /// every live connection also sends AUTH now; a refusal is returned, but the
    /// connections keep their earlier authentication.
    pub async fn update_password(&self, password: Option<String>, immediate: bool) -> Result<()> {
        crate::auth::check_update(password.as_deref(), immediate)?;
        let inner = &self.inner;
        inner.ctx.set_password(password);
        let Some(creds) = inner.ctx.credentials().filter(|_| immediate) else {
            return Ok(());
        };
        let mut nodes: Vec<Arc<crate::connection::Node>> =
            inner.read_topo().nodes.values().cloned().collect();
        nodes.extend(
            inner
                .mgmt
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .values()
                .cloned(),
        );
        crate::auth::reauth_all(nodes, &creds).await
    }

    /// Makes later (re)connections to every node select database `db`, after the
    /// application switched the live connections with SELECT.
    pub fn set_database(&self, db: u32) {
        self.inner.ctx.database.store(db, Ordering::Release);
    }

    /// Requests currently in flight (submitted, not yet completed).
    pub fn inflight(&self) -> usize {
        self.inner.ctx.shared.inflight.load(Ordering::Acquire)
    }

    /// Counters: refreshes, redirections, retries.
    pub fn stats(&self) -> ClusterStats {
        self.inner.stats.snapshot()
    }

    /// One page of a scan over every key of the cluster: start from `"0"`, call again
    /// with the cursor each page returns until it is [`SCAN_FINISHED`]. `options` are
    /// SCAN's own (`MATCH p`, `COUNT n` — per node call —, `TYPE t`). With
    /// `allow_non_covered_slots`, slots no node serves are skipped instead of failing
    /// the call. The cursor carries the whole state, so the scan survives failovers
    /// and slot migrations (see the `scan` module); an unreadable cursor is
    /// [`Error::InvalidRequest`].
    pub async fn scan(
        &self,
        cursor: &str,
        options: &[&str],
        allow_non_covered_slots: bool,
    ) -> Result<(String, Vec<Value>)> {
        let cmd = crate::cmd::cmd(["SCAN", cursor].into_iter().chain(options.iter().copied()));
        let reply = self
            .send_routed(
                cmd,
                Route::ClusterScan {
                    allow_non_covered_slots,
                },
            )
            .await?;
        let bad = || Error::Protocol("cluster scan: unexpected reply shape".into());
        let Value::Array(parts) = reply else {
            return Err(bad());
        };
        let [cursor, keys] = <[Value; 2]>::try_from(parts).map_err(|_| bad())?;
        let cursor = match cursor {
            Value::BulkString(b) => String::from_utf8(b.to_vec()).map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        match keys {
            Value::Array(keys) => Ok((cursor, keys)),
            _ => Err(bad()),
        }
    }

    /// Refreshes the topology now (consensus of up to 10 nodes) and waits for it.
    pub async fn refresh_topology(&self) {
        self.inner.refresh_now().await;
    }

    /// The view the slot map was last built from (MOVED patches since then are not
    /// in it; [`slot_owner`](Self::slot_owner) reflects them).
    pub fn view(&self) -> View {
        self.inner.read_topo().view.clone()
    }

    /// The primary the client sends `slot`'s writes to right now.
    pub fn slot_owner(&self, slot: u16) -> Option<Address> {
        self.inner
            .read_topo()
            .pick(
                slot,
                Intent::Primary,
                crate::config::ReadFrom::Primary,
                &self.inner.rr,
            )
            .map(|n| n.addr.clone())
    }
}
