//! One server address: its current connection, and the manager task that reconnects it.
//!
//! The manager never sits on the request path. Requests look at the node's state under a
//! short lock: connected → submitted; still making the first (lazy) connection → parked
//! until it is up; disconnected → failed at once with `Disconnect`, so callers are never
//! stuck behind a reconnect. The manager reconnects with the configured backoff (jittered),
//! and probes idle connections so a dead peer is noticed without waiting for a request.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::conn::{Conn, Responder, Shared};
use super::handshake::{self, ServerHello};
use super::stream;
use crate::config::{Address, ClientConfig, Credentials};
use crate::error::{Error, Result};
use crate::logging::limited_event;
use crate::resp;

/// What every node of a client shares.
pub(crate) struct ClientCtx {
    pub config: ClientConfig,
    pub tls: Option<tokio_rustls::TlsConnector>,
    pub shared: Arc<Shared>,
    pub closed_tx: watch::Sender<bool>,
    /// The credentials the next handshake uses. Starts as `config.credentials`; a
    /// password update replaces it (shared by a cluster's data and management
    /// connections, so both reconnect with the new password).
    pub auth: Arc<RwLock<Option<Credentials>>>,
    /// The database the next handshake selects: the configured one until the
    /// application switches with SELECT (see `set_database`).
    pub database: AtomicU32,
}

impl ClientCtx {
    /// A context for `config`'s connections; `auth` is shared with sibling contexts
    /// (a cluster's management connections) or fresh from the configuration.
    pub(crate) fn new(
        config: ClientConfig,
        tls: Option<tokio_rustls::TlsConnector>,
        shared: Arc<Shared>,
        auth: Option<Arc<RwLock<Option<Credentials>>>>,
    ) -> ClientCtx {
        let auth = auth.unwrap_or_else(|| Arc::new(RwLock::new(config.credentials.clone())));
        ClientCtx {
            database: AtomicU32::new(config.database_id),
            config,
            tls,
            shared,
            closed_tx: watch::channel(false).0,
            auth,
        }
    }

    /// The credentials a handshake made now would use.
    pub(crate) fn credentials(&self) -> Option<Credentials> {
        self.auth.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the password used by later handshakes; `None` stops authenticating.
    /// The username stays (the `default` user when none was configured).
    pub(crate) fn set_password(&self, password: Option<String>) {
        let username = self
            .config
            .credentials
            .as_ref()
            .and_then(|c| c.username.clone());
        *self.auth.write().unwrap_or_else(|p| p.into_inner()) =
            password.map(|password| Credentials { username, password });
    }

    /// Admits one raw request (the embedding path of both clients): a well-formed,
    /// non-empty command that got an in-flight slot on an open client. Otherwise the
    /// token is completed with the reason and `None` returned; requests rejected before
    /// claiming a slot give none back.
    pub(crate) fn admit<'a>(
        &self,
        command: &'a [u8],
        token: u64,
        closed: bool,
    ) -> Option<crate::resp::CommandView<'a>> {
        let reject = |e: Error| {
            self.shared.reject(Responder::Token(token), &e);
            None
        };
        let view = match crate::resp::CommandView::parse(command) {
            Ok(v) if !v.is_empty() => v,
            Ok(_) => return reject(Error::InvalidRequest("empty command".into())),
            Err(e) => return reject(Error::InvalidRequest(format!("malformed command: {e}"))),
        };
        // SUBSCRIBE & co. are wishes, never sent as given: their confirmations are
        // pushes, which no request's reply slot may wait for (see `pubsub`).
        if !closed && crate::pubsub::take_raw_command(&self.shared, &view) {
            if let Some(s) = &self.shared.sink {
                s.complete(token, Ok(b"_\r\n"));
                s.flush();
            }
            return None;
        }
        // An open breaker refuses before anything is counted or sent.
        if let Some(Err(e)) = self.shared.breaker.as_ref().map(|b| b.admit()) {
            return reject(e);
        }
        if let Err(e) = self.shared.acquire() {
            return reject(e);
        }
        if closed {
            self.fail_now(Responder::Token(token), Error::Closing);
            return None;
        }
        Some(view)
    }

    /// Completes a request that could not be sent, and wakes the sink's consumer.
    pub(crate) fn fail_now(&self, r: Responder, err: Error) {
        self.shared.complete(r, Err(&err));
        if let Some(s) = &self.shared.sink {
            s.flush();
        }
    }
}

struct Parked {
    cmd: Vec<u8>,
    responder: Responder,
    deadline: Option<Instant>,
}

enum State {
    /// First connection under way (lazy connect): requests wait for it.
    Connecting(Vec<Parked>),
    Up(Arc<Conn>),
    /// Lost and reconnecting: requests fail fast.
    Down(String),
    Closed,
}

/// Where a request for this node should go right now.
pub(crate) enum Route {
    Conn(Arc<Conn>),
    Park,
    Fail(Error),
}

pub(crate) struct Node {
    pub addr: Address,
    ctx: Arc<ClientCtx>,
    state: Mutex<State>,
    hello: Mutex<Option<ServerHello>>,
    /// Send READONLY on every connection (a cluster replica serving reads).
    readonly: AtomicBool,
    /// Signalled by the first parked request: a lazy client connects only then.
    first_request: tokio::sync::Notify,
    /// The connections blocking commands run on (`crate::blocking`).
    pub(crate) blocking: crate::blocking::Pool,
    /// Carries only pub/sub on a RESP2 server (see `Conn::set_push_arrays`).
    subscriber: AtomicBool,
}

/// READONLY as it goes on the wire.
const READONLY: &[u8] = b"*1\r\n$8\r\nREADONLY\r\n";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Node {
    pub(crate) fn new(addr: Address, ctx: Arc<ClientCtx>) -> Arc<Node> {
        Arc::new(Node {
            addr,
            ctx,
            state: Mutex::new(State::Connecting(Vec::new())),
            hello: Mutex::new(None),
            readonly: AtomicBool::new(false),
            first_request: tokio::sync::Notify::new(),
            blocking: Default::default(),
            subscriber: AtomicBool::new(false),
        })
    }

    /// A node for the same address that carries only subscriptions: RESP2 has no push
    /// type, and a RESP2 connection that subscribed takes no other command, so pub/sub
    /// on such a server needs a connection of its own. Started here; it reconnects
    /// like any node and closes with the client.
    pub(crate) fn subscriber_twin(&self) -> Arc<Node> {
        let n = Node::new(self.addr.clone(), self.ctx.clone());
        n.subscriber.store(true, Ordering::Release);
        tokio::spawn(n.clone().manage(None));
        n
    }

    /// Marks this node as a cluster replica whose connections must allow reads
    /// (READONLY). Switching it on for a live connection sends READONLY on it, in
    /// order with other requests, so no reconnect is needed.
    pub(crate) fn set_readonly(&self, on: bool) {
        if self.readonly.swap(on, Ordering::AcqRel) == on || !on {
            return;
        }
        if let Route::Conn(c) = self.route() {
            if let Ok(mut sub) = c.begin() {
                sub.push(&[READONLY], Responder::Discard, None);
            }
        }
    }

    /// Connected, or making its first connection (a request sent now waits for it):
    /// worth choosing. A node that lost its connection is not.
    pub(crate) fn is_usable(&self) -> bool {
        matches!(&*lock(&self.state), State::Up(_) | State::Connecting(_))
    }

    /// Still making its first connection.
    pub(crate) fn is_connecting(&self) -> bool {
        matches!(&*lock(&self.state), State::Connecting(_))
    }

    pub(crate) fn is_closed(&self) -> bool {
        matches!(&*lock(&self.state), State::Closed)
    }

    /// Submits several commands so that they go out back to back on the same
    /// connection, nothing of anyone else's between them (ASKING + the command).
    pub(crate) fn submit_all(&self, items: Vec<(&[u8], Responder, Option<Instant>)>) {
        match self.route() {
            Route::Conn(c) => match c.begin() {
                Ok(mut sub) => {
                    for (cmd, r, d) in items {
                        sub.push(&[cmd], r, d);
                    }
                }
                Err(e) => {
                    for (_, r, _) in items {
                        self.ctx.fail_now(r, e.clone());
                    }
                }
            },
            Route::Park => {
                let mut st = lock(&self.state);
                if let State::Connecting(parked) = &mut *st {
                    for (cmd, responder, deadline) in items {
                        parked.push(Parked {
                            cmd: cmd.to_vec(),
                            responder,
                            deadline,
                        });
                    }
                    self.first_request.notify_one();
                } else {
                    drop(st);
                    self.submit_all(items);
                }
            }
            Route::Fail(e) => {
                for (_, r, _) in items {
                    self.ctx.fail_now(r, e.clone());
                }
            }
        }
    }

    /// Authenticates the live connection now with `creds` (AUTH, in order with the
    /// requests already queued on it). `None` when the node has no live connection:
    /// its next handshake uses the new credentials anyway.
    pub(crate) fn reauth(
        &self,
        creds: &Credentials,
    ) -> Option<oneshot::Receiver<Result<resp::Value>>> {
        let Route::Conn(c) = self.route() else {
            return None;
        };
        let user = creds.username.as_deref().unwrap_or("default");
        let mut cmd = bytes::BytesMut::new();
        resp::encode_command(
            &mut cmd,
            &[
                b"AUTH".as_slice(),
                user.as_bytes(),
                creds.password.as_bytes(),
            ],
        );
        let (tx, rx) = oneshot::channel();
        if self.ctx.shared.acquire().is_err() {
            // At the in-flight limit: go over it rather than skip a connection.
            self.ctx.shared.inflight.fetch_add(1, Ordering::AcqRel);
        }
        let deadline = Instant::now() + self.ctx.config.connection_timeout;
        match c.begin() {
            Ok(mut sub) => sub.push(&[&cmd], Responder::Value(tx), Some(deadline)),
            Err(e) => self.ctx.fail_now(Responder::Value(tx), e),
        }
        Some(rx)
    }

    /// What the server said in the handshake of the current connection.
    pub(crate) fn hello(&self) -> Option<ServerHello> {
        lock(&self.hello).clone()
    }

    pub(crate) fn is_up(&self) -> bool {
        matches!(&*lock(&self.state), State::Up(_))
    }

    pub(crate) fn route(&self) -> Route {
        match &*lock(&self.state) {
            State::Up(c) => Route::Conn(c.clone()),
            State::Connecting(_) => Route::Park,
            State::Down(reason) => {
                let addr = self.addr.to_string();
                Route::Fail(Error::Disconnect(if reason.contains(&addr) {
                    format!("{reason}; reconnecting")
                } else {
                    format!("{addr}: {reason}; reconnecting")
                }))
            }
            State::Closed => Route::Fail(Error::Closing),
        }
    }

    /// Submits one command (as RESP segments) from an async task; concurrent ones share
    /// writes (see `Conn::begin_coalescing`). The responder always gets an outcome.
    pub(crate) fn submit(
        &self,
        segments: &[&[u8]],
        responder: Responder,
        deadline: Option<Instant>,
    ) {
        match self.route() {
            Route::Conn(c) => match c.begin_coalescing() {
                Ok(mut sub) => sub.push(segments, responder, deadline),
                Err(e) => self.ctx.fail_now(responder, e),
            },
            Route::Park => self.park(segments.concat(), responder, deadline),
            Route::Fail(e) => self.ctx.fail_now(responder, e),
        }
    }

    /// Holds a request until the first connection is made (or fails).
    pub(crate) fn park(&self, cmd: Vec<u8>, responder: Responder, deadline: Option<Instant>) {
        let mut st = lock(&self.state);
        match &mut *st {
            State::Connecting(parked) => {
                parked.push(Parked {
                    cmd,
                    responder,
                    deadline,
                });
                self.first_request.notify_one();
            }
            _ => {
                drop(st);
                // The state moved on between route() and park(): go round again.
                self.submit(&[&cmd], responder, deadline);
            }
        }
    }

    /// What every node of this client shares.
    pub(crate) fn ctx(&self) -> &Arc<ClientCtx> {
        &self.ctx
    }

    /// Connects and handshakes a fresh connection and makes it the node's view of the
    /// server.
    async fn open(&self) -> Result<Arc<Conn>> {
        let (conn, hello) = self.open_extra().await?;
        *lock(&self.hello) = Some(hello);
        if self.subscriber.load(Ordering::Acquire) {
            conn.set_push_arrays();
        }
        Ok(conn)
    }

    /// Connects and handshakes a connection with the same set-up as the node's own,
    /// without touching the node's state (blocking connections).
    pub(crate) async fn open_extra(&self) -> Result<(Arc<Conn>, ServerHello)> {
        let cfg = &self.ctx.config;
        let target = match &cfg.address_resolver {
            Some(r) => std::borrow::Cow::Owned(r.resolve(&self.addr)),
            None => std::borrow::Cow::Borrowed(&self.addr),
        };
        let mut s = stream::connect(&target, self.ctx.tls.as_ref(), cfg.connection_timeout).await?;
        let extra: &[&[u8]] = if self.readonly.load(Ordering::Acquire) {
            &[b"READONLY"]
        } else {
            &[]
        };
        let (hello, leftover) = match tokio::time::timeout(
            cfg.connection_timeout,
            handshake::handshake(
                &mut s,
                cfg,
                self.ctx.credentials().as_ref(),
                self.ctx.database.load(Ordering::Acquire),
                extra,
            ),
        )
        .await
        {
            Ok(r) => r?,
            Err(_) => {
                return Err(Error::Connection(format!(
                    "{}: handshake timed out after {:?}",
                    self.addr, cfg.connection_timeout
                )))
            }
        };
        #[cfg(unix)]
        if let Some(sink) = &self.ctx.shared.sink {
            sink.connected(s.raw_fd());
        }
        let (r, w) = s.split();
        let conn = Conn::start(r, w, leftover, self.ctx.shared.clone(), cfg.request_timeout);
        Ok((conn, hello))
    }

    /// The first connection, made by the caller of `Client::connect` so that errors
    /// surface there.
    pub(crate) async fn connect_now(&self) -> Result<Arc<Conn>> {
        self.open().await
    }

    /// Fails parked requests whose deadline has passed; returns the next deadline.
    fn expire_parked(&self, now: Instant) -> Option<Instant> {
        let mut expired = Vec::new();
        let next = {
            let mut st = lock(&self.state);
            let State::Connecting(parked) = &mut *st else {
                return None;
            };
            let mut next: Option<Instant> = None;
            let mut i = 0;
            while i < parked.len() {
                match parked[i].deadline {
                    Some(d) if d <= now => expired.push(parked.remove(i)),
                    Some(d) => {
                        next = Some(next.map_or(d, |n: Instant| n.min(d)));
                        i += 1;
                    }
                    None => i += 1,
                }
            }
            next
        };
        for p in expired {
            self.ctx.fail_now(p.responder, Error::Timeout);
        }
        next
    }

    pub(crate) fn install(&self, conn: Arc<Conn>) {
        let parked = {
            let mut st = lock(&self.state);
            if matches!(&*st, State::Closed) {
                drop(st);
                conn.fail(Error::Closing);
                return;
            }
            match std::mem::replace(&mut *st, State::Up(conn.clone())) {
                State::Connecting(p) => p,
                _ => Vec::new(),
            }
        };
        // A new connection holds no subscriptions yet: the reconciler puts back
        // whatever belongs here.
        if let Some(ps) = self.ctx.shared.pubsub.get() {
            ps.wake.notify_one();
        }
        if !parked.is_empty() {
            match conn.begin() {
                Ok(mut sub) => {
                    for p in parked {
                        sub.push(&[&p.cmd], p.responder, p.deadline);
                    }
                }
                Err(e) => {
                    for p in parked {
                        self.ctx.fail_now(p.responder, e.clone());
                    }
                }
            }
        }
    }

    fn set_down(&self, reason: String) {
        let parked = {
            let mut st = lock(&self.state);
            if matches!(&*st, State::Closed) {
                return;
            }
            match std::mem::replace(&mut *st, State::Down(reason.clone())) {
                State::Connecting(p) => p,
                _ => Vec::new(),
            }
        };
        for p in parked {
            self.ctx
                .fail_now(p.responder, Error::Connection(reason.clone()));
        }
    }

    /// Closes for good: pending and later requests get `Closing`.
    pub(crate) fn close(&self) {
        self.blocking.close();
        let old = std::mem::replace(&mut *lock(&self.state), State::Closed);
        match old {
            State::Up(c) => c.fail(Error::Closing),
            State::Connecting(parked) => {
                for p in parked {
                    self.ctx.fail_now(p.responder, Error::Closing);
                }
            }
            _ => {}
        }
    }

    /// Keeps this node connected until the client closes. `first` is the connection the
    /// constructor already made, if any.
    pub(crate) async fn manage(self: Arc<Self>, first: Option<Arc<Conn>>) {
        let mut closed = self.ctx.closed_tx.subscribe();
        let backoff = self.ctx.config.reconnect;
        let mut first = first;
        let mut attempt: u32 = 0;
        // The previous connection died (not closed by the client), or connecting
        // failed: the next connection restores it.
        let mut lost = false;
        // Lazy connect: nothing is dialled until a request needs this node.
        if first.is_none() && self.ctx.config.lazy_connect {
            tokio::select! {
                _ = self.first_request.notified() => {}
                _ = closed.wait_for(|c| *c) => return,
            }
        }
        loop {
            // The client closed, or this node alone was closed (a cluster node that
            // left the topology).
            if *closed.borrow() || self.is_closed() {
                if let Some(c) = first.take() {
                    c.fail(Error::Closing);
                }
                return;
            }
            let conn = match first.take() {
                Some(c) => c,
                None => {
                    let open = self.open();
                    tokio::pin!(open);
                    // While connecting, parked requests still honour their deadlines.
                    let res = loop {
                        let next = self.expire_parked(Instant::now());
                        tokio::select! {
                            r = &mut open => break r,
                            _ = closed.wait_for(|c| *c) => return,
                            _ = sleep_until_opt(next) => {}
                        }
                    };
                    match res {
                        Ok(c) => c,
                        Err(e) => {
                            self.set_down(e.to_string());
                            let delay = backoff.delay(attempt);
                            attempt = attempt.saturating_add(1);
                            limited_event!(
                                tracing::Level::WARN,
                                address = %self.addr,
                                attempt,
                                retry_in_ms = delay.as_millis() as u64,
                                error = %e,
                                "reconnect failed"
                            );
                            tokio::select! {
                                _ = tokio::time::sleep(delay) => {}
                                _ = closed.wait_for(|c| *c) => return,
                            }
                            continue;
                        }
                    }
                }
            };
            if lost || attempt > 0 {
                limited_event!(
                    tracing::Level::INFO,
                    address = %self.addr,
                    attempts = attempt,
                    "connection restored"
                );
            }
            attempt = 0;
            self.install(conn.clone());
            let reason = self.watch(&conn, &mut closed).await;
            match reason {
                None => return, // client closed
                Some(r) => self.set_down(r),
            }
            lost = self.note_lost(&conn);
        }
    }

    /// Logs why a connection went away; false when it was closed on purpose (the
    /// client, or the node leaving the topology), which is no loss.
    fn note_lost(&self, conn: &Conn) -> bool {
        match conn.close_cause() {
            None | Some(Error::Closing) => false,
            Some(Error::Protocol(why)) => {
                limited_event!(
                    tracing::Level::ERROR,
                    address = %self.addr,
                    error = %why,
                    "protocol error: connection dropped"
                );
                true
            }
            Some(e) => {
                limited_event!(
                    tracing::Level::WARN,
                    address = %self.addr,
                    error = %e,
                    "connection lost"
                );
                true
            }
        }
    }

    /// Waits for the connection to die, probing it when the heartbeat is due. Returns
    /// `None` when the client closes.
    async fn watch(&self, conn: &Arc<Conn>, closed: &mut watch::Receiver<bool>) -> Option<String> {
        let every = self.ctx.config.heartbeat_interval;
        // The reader's mark right after the last probe's reply: unchanged at the next
        // tick means nothing but that probe was read for a whole interval.
        let mut idle_mark = None;
        loop {
            let tick = async {
                match every {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = conn.closed() => return Some("connection lost".into()),
                _ = closed.wait_for(|c| *c) => { conn.fail(Error::Closing); return None; }
                _ = tick => {}
            }
            let Some(every) = every else { continue };
            // Probe only an idle connection. With requests pending, their own timeouts
            // speak for the connection, and a probe queued behind a long blocking
            // command (BLPOP … 0) would wrongly find it dead.
            let limit = (every * 2).max(Duration::from_millis(100));
            if conn.pending_len() > 0 {
                idle_mark = None;
                // Busy: the replies themselves are the heartbeat. The request the
                // server works on may take as long as its own timeout allows; silence
                // for two more intervals after that means a dead or hung peer.
                if conn.stalled(limit) {
                    conn.fail(Error::Connection(format!(
                        "no reply from the server within {limit:?}"
                    )));
                }
                continue;
            }
            if idle_mark.is_some_and(|m| m == conn.read_mark()) {
                conn.release_idle_memory();
            }
            let (tx, rx) = oneshot::channel();
            match conn.begin() {
                Ok(mut sub) => {
                    let mut ping = bytes::BytesMut::new();
                    resp::encode_command(&mut ping, &[b"PING".as_slice()]);
                    // Uncounted: a probe must never take a slot a user request needs.
                    sub.push(&[&ping], Responder::Probe(tx), None);
                }
                Err(_) => continue,
            }
            tokio::select! {
                r = tokio::time::timeout(limit, rx) => {
                    if r.is_err() {
                        conn.fail(Error::Connection(format!("no reply to heartbeat within {limit:?}")));
                    }
                    idle_mark = Some(conn.read_mark());
                }
                _ = conn.closed() => return Some("connection lost".into()),
                _ = closed.wait_for(|c| *c) => { conn.fail(Error::Closing); return None; }
            }
        }
    }
}

/// Sleeps until `at`, or forever when there is nothing to wait for.
async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}
