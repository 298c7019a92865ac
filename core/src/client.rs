//! The standalone client: one or more addresses (a primary and, optionally, its
//! replicas), one multiplexed connection to each.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::blocking;
use crate::cmd::Cmd;
use crate::config::{ClientConfig, NodeDiscovery, ReadFrom};
use crate::connection::conn::Shared;
use crate::connection::node::{ClientCtx, Route};
use crate::connection::{Node, Responder};
use crate::error::{Error, Result};
use crate::resp::Value;
use crate::routing;
use crate::sink::CompletionSink;

/// How long a raw request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestTimeout {
    /// The client's configured request timeout (none for blocking commands, whose own
    /// timeout argument governs them).
    Default,
    /// No timeout: the caller will cancel on its own terms.
    Never,
    /// This request's own timeout.
    After(Duration),
}

/// Which failures the cluster client may retry for one request. MOVED and ASK are
/// always followed, and a request that was never sent is always retried; these cover
/// the rest. A standalone client does not retry and ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// TRYAGAIN, CLUSTERDOWN, LOADING, READONLY: retried with backoff within the deadline.
    pub server_errors: bool,
    /// The connection broke after the request was written: retrying may run it twice.
    pub connection_errors: bool,
    /// Not a retry setting, but carried the same way: the request is part of a batch,
    /// so a blocking command in it runs on the batch's connection under the batch's
    /// timeout instead of on a blocking connection of its own (`route::code::IN_BATCH`).
    pub in_batch: bool,
    /// Not a retry setting either, carried the same way: the telemetry span of a traced
    /// request (`route::code::TRACED`; 0 = not traced). The core records on it the node
    /// that served the request, and redirections and retries as events.
    pub span: u64,
}

impl RetryPolicy {
    /// Every retry allowed: the default for single requests.
    pub const ALL: RetryPolicy = RetryPolicy {
        server_errors: true,
        connection_errors: true,
        in_batch: false,
        span: 0,
    };

    /// Decodes the two high bits of a C ABI route byte.
    pub fn from_route_byte(b: u8) -> RetryPolicy {
        RetryPolicy {
            server_errors: b & crate::route::code::NO_RETRY_SERVER == 0,
            connection_errors: b & crate::route::code::NO_RETRY_CONNECTION == 0,
            in_batch: b & crate::route::code::IN_BATCH != 0,
            span: 0,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::ALL
    }
}

/// One request submitted by an embedder: a complete RESP command and the token its
/// completion will carry.
#[derive(Debug, Clone, Copy)]
pub struct RawRequest<'a> {
    /// One complete RESP command; copied into the write buffer, not kept.
    pub command: &'a [u8],
    /// Opaque to the client: handed back with the completion so the embedder can
    /// match it to its caller.
    pub token: u64,
    /// How long to wait for the reply.
    pub timeout: RequestTimeout,
    /// Explicit route; a standalone client sends everything to its primary (or a
    /// replica for reads) and ignores it.
    pub route: crate::route::Route<'a>,
    /// What a cluster client may retry for this request.
    pub retry: RetryPolicy,
}

/// The error a read-only client gives a command that writes, before sending it.
fn read_only_refusal(name: &[u8]) -> Error {
    Error::InvalidRequest(format!(
        "{} writes, and the client is read-only (WithReadOnly): not sent",
        String::from_utf8_lossy(name).to_ascii_uppercase()
    ))
}

/// A connected standalone client. Cheap to clone; all clones share the connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    ctx: Arc<ClientCtx>,
    nodes: Vec<Arc<Node>>,
    primary: AtomicUsize,
    replicas: RwLock<Vec<usize>>,
    rr: AtomicUsize,
    closed: AtomicBool,
    /// Its place in the process's live client count.
    live: crate::stats::Live,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // send_replace: stored even while no manager has subscribed yet.
        self.ctx.closed_tx.send_replace(true);
        for n in &self.nodes {
            n.close();
        }
    }
}

impl Client {
    /// Connects to every configured address (unless `lazy_connect` is set) and finds the
    /// primary. Must be called within a tokio runtime.
    pub async fn connect(config: ClientConfig) -> Result<Client> {
        Self::build(config, None).await
    }

    /// Like [`Client::connect`], for embedders: requests submitted with
    /// [`Client::submit_raw`] complete into `sink` as raw reply frames.
    pub async fn connect_with_sink(
        config: ClientConfig,
        sink: Arc<dyn CompletionSink>,
    ) -> Result<Client> {
        Self::build(config, Some(sink)).await
    }

    async fn build(config: ClientConfig, sink: Option<Arc<dyn CompletionSink>>) -> Result<Client> {
        let client = Self::build_nodes(config, sink).await?;
        client.pubsub();
        Ok(client)
    }

    /// Pub/sub on this client: subscriptions kept in place across reconnects, and the
    /// messages they bring.
    pub fn pubsub(&self) -> crate::pubsub::PubSubHandle {
        crate::pubsub::attach(
            &self.inner.ctx.shared,
            Arc::new(PrimaryPlacement(Arc::downgrade(&self.inner))),
            self.inner.ctx.closed_tx.subscribe(),
        )
    }

    async fn build_nodes(
        mut config: ClientConfig,
        sink: Option<Arc<dyn CompletionSink>>,
    ) -> Result<Client> {
        config.validate()?;
        if config.node_discovery == NodeDiscovery::DiscoverAll {
            config.addresses = crate::discovery::discover_all(&config).await?;
        }
        let tls = config.tls.as_ref().map(crate::tls::connector).transpose()?;
        let shared =
            Arc::new(Shared::new(sink, config.inflight_limit).with_breaker(config.circuit_breaker));
        let ctx = Arc::new(ClientCtx::new(config, tls, shared, None));
        let nodes: Vec<Arc<Node>> = ctx
            .config
            .addresses
            .iter()
            .map(|a| Node::new(a.clone(), ctx.clone()))
            .collect();
        let client = Client {
            inner: Arc::new(Inner {
                ctx: ctx.clone(),
                nodes,
                primary: AtomicUsize::new(0),
                replicas: RwLock::new(Vec::new()),
                rr: AtomicUsize::new(0),
                closed: AtomicBool::new(false),
                live: crate::stats::Live::new(crate::stats::Counted::Client),
            }),
        };
        let nodes = &client.inner.nodes;
        let fixed = client.fixed_roles();
        if ctx.config.lazy_connect {
            for n in nodes {
                tokio::spawn(n.clone().manage(None));
            }
            if nodes.len() > 1 && !fixed {
                let weak = Arc::downgrade(&client.inner);
                tokio::spawn(async move {
                    // Wait for the connections the first command triggers, then learn roles.
                    for _ in 0..100 {
                        let Some(inner) = weak.upgrade() else { return };
                        if inner.nodes.iter().any(|n| n.is_up()) {
                            let _ = (Client { inner }).discover_roles().await;
                            return;
                        }
                        drop(inner);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                });
            }
            return Ok(client);
        }
        let mut set = tokio::task::JoinSet::new();
        for (i, n) in nodes.iter().enumerate() {
            let n = n.clone();
            set.spawn(async move { (i, n.connect_now().await) });
        }
        let mut first = vec![None; nodes.len()];
        let mut last_err = None;
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok((i, Ok(conn))) => first[i] = Some(conn),
                Ok((_, Err(e))) => last_err = Some(e),
                Err(e) => last_err = Some(Error::Connection(format!("connect task: {e}"))),
            }
        }
        if first.iter().all(Option::is_none) {
            return Err(
                last_err.unwrap_or_else(|| Error::Connection("no address reachable".into()))
            );
        }
        for (n, c) in nodes.iter().zip(first) {
            // Installed here, not only in the manager task, so that role discovery
            // below sees every node that connected.
            if let Some(conn) = &c {
                n.install(conn.clone());
            }
            tokio::spawn(n.clone().manage(c));
        }
        if nodes.len() > 1 && !fixed {
            client.discover_roles().await?;
        } else if ctx.config.read_only {
            // No primary: requests that have no replica to go to use the first node up.
            if let Some(i) = nodes.iter().position(|n| n.is_up()) {
                client.inner.primary.store(i, Ordering::Release);
            }
        }
        Ok(client)
    }

    /// Roles the configuration fixes, so nobody asks the servers: in read-only mode
    /// every node is a read target; with static discovery the first address is the
    /// primary and the rest are replicas. Returns whether it set them.
    fn fixed_roles(&self) -> bool {
        let inner = &self.inner;
        let n = inner.nodes.len();
        let replicas: Vec<usize> = if inner.ctx.config.read_only {
            (0..n).collect()
        } else if inner.ctx.config.node_discovery == NodeDiscovery::Static {
            (1..n).collect()
        } else {
            return false;
        };
        inner.primary.store(0, Ordering::Release);
        *inner.replicas.write().unwrap_or_else(|e| e.into_inner()) = replicas;
        true
    }

    /// The addresses of the client's nodes, in configuration order.
    pub(crate) fn addresses(&self) -> Vec<crate::config::Address> {
        self.inner.nodes.iter().map(|n| n.addr.clone()).collect()
    }

    /// Sends a command to one node by its position in [`addresses`](Self::addresses).
    pub(crate) async fn send_to_index(&self, node: usize, cmd: Cmd) -> Result<Value> {
        if node >= self.inner.nodes.len() {
            return Err(Error::InvalidRequest("no such node".into()));
        }
        self.send_to(node, cmd).await
    }

    /// Finds which address is the primary and which are replicas: from the HELLO reply
    /// where the server reported its role, otherwise with ROLE.
    async fn discover_roles(&self) -> Result<()> {
        let inner = &self.inner;
        let mut primary = None;
        let mut replicas = Vec::new();
        for (i, n) in inner.nodes.iter().enumerate() {
            if !n.is_up() {
                continue;
            }
            let role = match n.hello().and_then(|h| h.role) {
                Some(r) => r,
                None => match self.send_to(i, crate::cmd(["ROLE"])).await {
                    Ok(Value::Array(items)) | Ok(Value::Push(items)) => match items.first() {
                        Some(Value::BulkString(b)) => String::from_utf8_lossy(b).into_owned(),
                        Some(Value::SimpleString(s)) => s.clone(),
                        _ => continue,
                    },
                    _ => continue,
                },
            };
            if role == "master" || role == "primary" {
                primary.get_or_insert(i);
            } else {
                replicas.push(i);
            }
        }
        let Some(p) = primary else {
            return Err(Error::Connection(
                "none of the configured addresses is a primary".into(),
            ));
        };
        inner.primary.store(p, Ordering::Release);
        *inner.replicas.write().unwrap_or_else(|e| e.into_inner()) = replicas;
        Ok(())
    }

    /// Which node a command goes to: the primary, or a replica in turn for read-only
    /// commands under `PreferReplica`-like strategies. `readonly` answers whether the
    /// command is read-only; it is asked only when replicas may serve reads.
    fn pick(&self, readonly: impl FnOnce() -> bool) -> usize {
        let inner = &self.inner;
        let primary = inner.primary.load(Ordering::Acquire);
        let cfg = &inner.ctx.config;
        if (cfg.read_from == ReadFrom::Primary && !cfg.read_only) || inner.nodes.len() == 1 {
            return primary;
        }
        if !readonly() {
            return primary;
        }
        if cfg.read_from == ReadFrom::AllNodes {
            let n = inner.nodes.len();
            let start = inner.rr.fetch_add(1, Ordering::Relaxed);
            return (0..n)
                .map(|k| (start + k) % n)
                .find(|&i| inner.nodes[i].is_up())
                .unwrap_or(primary);
        }
        let replicas = inner.replicas.read().unwrap_or_else(|e| e.into_inner());
        let n = replicas.len();
        for k in 0..n {
            let i = replicas[(inner.rr.fetch_add(1, Ordering::Relaxed) + k) % n];
            if inner.nodes[i].is_up() {
                return i;
            }
        }
        primary
    }

    /// Sends a command and waits for its reply. A server error reply is `Err(Error::Server)`.
    /// SUBSCRIBE & co. are taken as wishes ([`pubsub`](Self::pubsub)'s lazy calls) and
    /// answer nil at once.
    pub async fn send(&self, cmd: impl Into<Cmd>) -> Result<Value> {
        let cmd = cmd.into();
        if cmd.is_empty() {
            return Err(Error::InvalidRequest("empty command".into()));
        }
        if crate::pubsub::classify_command(cmd.name().as_bytes()).is_some() {
            return crate::pubsub::take_cmd(&self.pubsub(), &cmd);
        }
        if self.inner.ctx.config.read_only && routing::is_write(cmd.name().as_bytes()) {
            return Err(read_only_refusal(cmd.name().as_bytes()));
        }
        let node = self.pick(|| routing::is_readonly(&cmd.to_resp()));
        self.send_to(node, cmd).await
    }

    async fn send_to(&self, node: usize, cmd: Cmd) -> Result<Value> {
        if self.inner.closed.load(Ordering::Acquire) {
            return Err(Error::Closing);
        }
        if let Some(b) = &self.inner.ctx.shared.breaker {
            b.admit()?;
        }
        let default = self.inner.ctx.config.request_timeout;
        let now = Instant::now();
        if routing::is_blocking(cmd.name().as_bytes()) {
            let resp = cmd.to_resp();
            let plan = blocking::plan(
                &resp,
                cmd.name().as_bytes(),
                RequestTimeout::Default,
                false,
                default,
                now,
            )?;
            if plan.own_connection {
                self.inner.ctx.shared.acquire()?;
                let (tx, rx) = oneshot::channel();
                let ticket = blocking::submit(
                    &self.inner.nodes[node],
                    resp.into(),
                    false,
                    Responder::Value(tx),
                    plan.deadline,
                    None,
                );
                // Dropping this future while the server holds the command unblocks it.
                let _abort = blocking::AbortOnDrop(ticket);
                return rx.await.map_err(|_| Error::Closing)?;
            }
            self.inner.ctx.shared.acquire()?;
            let (tx, rx) = oneshot::channel();
            let header = cmd.header();
            self.inner.nodes[node].submit(
                &[&header, cmd.body()],
                Responder::Value(tx),
                plan.deadline,
            );
            return rx.await.map_err(|_| Error::Closing)?;
        }
        self.inner.ctx.shared.acquire()?;
        let (tx, rx) = oneshot::channel();
        let deadline = default.map(|d| now + d);
        let header = cmd.header();
        self.inner.nodes[node].submit(&[&header, cmd.body()], Responder::Value(tx), deadline);
        rx.await.map_err(|_| Error::Closing)?
    }

    /// Cancels the blocking request submitted with `token` (see
    /// [`submit_raw`](Self::submit_raw)): the server is told to unblock it, so it pops
    /// nothing, and the request completes promptly — with the reply the server had
    /// already sent, if any, else with a timeout. False when `token` is no blocking
    /// request of this client (nothing is done then).
    pub fn cancel(&self, token: u64) -> bool {
        self.inner.ctx.shared.blocking.cancel(token)
    }

    /// Submits requests whose completions go to the sink given at construction. Every
    /// token gets exactly one completion, errors included (invalid command, in-flight
    /// limit, disconnected, closed). Commands bound for the same connection are written
    /// together.
    pub fn submit_raw<'a>(&self, requests: impl IntoIterator<Item = RawRequest<'a>>) {
        let inner = &self.inner;
        let ctx = &inner.ctx;
        let closed = inner.closed.load(Ordering::Acquire);
        let now = Instant::now();
        let primary = inner.primary.load(Ordering::Acquire);
        let read_only = inner.ctx.config.read_only;
        let routed_reads =
            (inner.ctx.config.read_from != ReadFrom::Primary || read_only) && inner.nodes.len() > 1;
        let mut in_tx = false;
        let default = ctx.config.request_timeout;
        // (node, command, token, deadline) for the requests that can go out.
        let mut ready: Vec<(usize, &'a [u8], u64, Option<Instant>)> = Vec::new();
        for r in requests {
            let Some(view) = ctx.admit(r.command, r.token, closed) else {
                continue;
            };
            let name = view.name();
            if read_only && routing::is_write(name) {
                ctx.fail_now(Responder::Token(r.token), read_only_refusal(name));
                continue;
            }
            // A transaction (MULTI … EXEC/DISCARD submitted together) stays on the
            // primary as a whole: a read sent to a replica would run outside it, and a
            // blocking command in it must not leave for a connection of its own.
            if view.name_is("MULTI") {
                in_tx = true;
            }
            let node = if routed_reads && !in_tx {
                self.pick(|| routing::is_readonly(r.command))
            } else {
                primary
            };
            if r.retry.span != 0 {
                crate::telemetry::served_by(r.retry.span, &inner.nodes[node].addr);
            }
            let tx_member = in_tx;
            if view.name_is("EXEC") || view.name_is("DISCARD") {
                in_tx = false;
            }
            let plan = match blocking::plan(
                r.command,
                name,
                r.timeout,
                r.retry.in_batch || tx_member,
                default,
                now,
            ) {
                Ok(p) => p,
                Err(e) => {
                    ctx.fail_now(Responder::Token(r.token), e);
                    continue;
                }
            };
            if plan.own_connection {
                blocking::submit(
                    &inner.nodes[node],
                    bytes::Bytes::copy_from_slice(r.command),
                    false,
                    Responder::Token(r.token),
                    plan.deadline,
                    Some(r.token),
                );
                continue;
            }
            ready.push((node, r.command, r.token, plan.deadline));
        }
        let mut i = 0;
        while i < ready.len() {
            let node_idx = ready[i].0;
            let mut j = i;
            while j < ready.len() && ready[j].0 == node_idx {
                j += 1;
            }
            let node = &inner.nodes[node_idx];
            match node.route() {
                Route::Conn(c) => match c.begin() {
                    Ok(mut sub) => {
                        // A large command is written from the submitter's memory
                        // before `sub` is dropped, not copied (connection/conn/borrowed.rs).
                        for &(_, cmd, token, dl) in &ready[i..j] {
                            sub.push_borrowed(cmd, Responder::Token(token), dl);
                        }
                    }
                    Err(e) => {
                        for &(_, _, token, _) in &ready[i..j] {
                            ctx.fail_now(Responder::Token(token), e.clone());
                        }
                    }
                },
                Route::Park => {
                    for &(_, cmd, token, dl) in &ready[i..j] {
                        node.park(cmd.to_vec(), Responder::Token(token), dl);
                    }
                }
                Route::Fail(e) => {
                    for &(_, _, token, _) in &ready[i..j] {
                        ctx.fail_now(Responder::Token(token), e.clone());
                    }
                }
            }
            i = j;
        }
    }

    /// Closes every connection. Pending requests and later ones fail with
    /// [`Error::Closing`]. Idempotent.
    pub fn close(&self) {
        if self.inner.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        self.inner.live.end();
        self.inner.ctx.closed_tx.send_replace(true);
        for n in &self.inner.nodes {
            n.close();
        }
        self.inner.ctx.shared.blocking.clear();
    }

    /// Connections blocking commands hold open now, over all nodes (diagnostics).
    pub fn blocking_connections(&self) -> usize {
        self.inner
            .nodes
            .iter()
            .map(|n| n.blocking.open_count())
            .sum()
    }

    /// Replaces the password every later (re)connection authenticates with; `None`
    /// stops authenticating. With `immediate`, every live connection also sends AUTH
    /// now; a refusal is returned, but the connections keep their earlier
    /// authentication and the new password stays in place for reconnections.
    pub async fn update_password(&self, password: Option<String>, immediate: bool) -> Result<()> {
        crate::auth::check_update(password.as_deref(), immediate)?;
        let ctx = &self.inner.ctx;
        ctx.set_password(password);
        match ctx.credentials() {
            Some(creds) if immediate => {
                crate::auth::reauth_all(self.inner.nodes.clone(), &creds).await
            }
            _ => Ok(()),
        }
    }

    /// Makes later (re)connections select database `db`, after the application
    /// switched the live connections with SELECT.
    pub fn set_database(&self, db: u32) {
        self.inner.ctx.database.store(db, Ordering::Release);
    }

    /// Requests currently in flight (submitted, not yet completed).
    pub fn inflight(&self) -> usize {
        self.inner.ctx.shared.inflight.load(Ordering::Acquire)
    }

    /// The address requests go to by default.
    pub fn primary_address(&self) -> &crate::config::Address {
        &self.inner.nodes[self.inner.primary.load(Ordering::Acquire)].addr
    }
}

/// A standalone client keeps every subscription on its primary.
struct PrimaryPlacement(std::sync::Weak<Inner>);

impl crate::pubsub::Placement for PrimaryPlacement {
    fn node_for(&self, _kind: crate::pubsub::Kind, _channel: &[u8]) -> Option<Arc<Node>> {
        let inner = self.0.upgrade()?;
        let primary = inner.primary.load(Ordering::Acquire);
        inner.nodes.get(primary).cloned()
    }
}
