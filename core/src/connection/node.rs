//! One server address: its current connection, and the manager task that reconnects it.
//!
//! The manager never sits on the request path. Requests look at the node's state under a
//! short lock: connected → submitted; still making the first (lazy) connection → parked
//! until it is up; disconnected → failed at once with `Disconnect`, so callers are never
//! stuck behind a reconnect. The manager reconnects with the configured backoff (jittered),
//! and probes idle connections so a dead peer is noticed without waiting for a request.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::conn::{Conn, Responder, Shared};
use super::handshake::{self, ServerHello};
use super::stream;
use crate::config::{Address, ClientConfig};
use crate::error::{Error, Result};
use crate::resp;

/// What every node of a client shares.
pub(crate) struct ClientCtx {
    pub config: ClientConfig,
    pub tls: Option<tokio_rustls::TlsConnector>,
    pub shared: Arc<Shared>,
    pub closed_tx: watch::Sender<bool>,
}

impl ClientCtx {
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
}

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
        })
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
            State::Down(reason) => Route::Fail(Error::Disconnect(format!(
                "{}: {reason}; reconnecting",
                self.addr
            ))),
            State::Closed => Route::Fail(Error::Closing),
        }
    }

    /// Submits one command (as RESP segments). The responder always gets an outcome.
    pub(crate) fn submit(
        &self,
        segments: &[&[u8]],
        responder: Responder,
        deadline: Option<Instant>,
    ) {
        match self.route() {
            Route::Conn(c) => match c.begin() {
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
            State::Connecting(parked) => parked.push(Parked {
                cmd,
                responder,
                deadline,
            }),
            _ => {
                drop(st);
                // The state moved on between route() and park(): go round again.
                self.submit(&[&cmd], responder, deadline);
            }
        }
    }

    /// Connects and handshakes a fresh connection.
    async fn open(&self) -> Result<Arc<Conn>> {
        let cfg = &self.ctx.config;
        let mut s =
            stream::connect(&self.addr, self.ctx.tls.as_ref(), cfg.connection_timeout).await?;
        let (hello, leftover) =
            match tokio::time::timeout(cfg.connection_timeout, handshake::handshake(&mut s, cfg))
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
        *lock(&self.hello) = Some(hello);
        let (r, w) = s.split();
        Ok(Conn::start(
            r,
            w,
            leftover,
            self.ctx.shared.clone(),
            cfg.request_timeout,
        ))
    }

    /// The first connection, made by the caller of `Client::connect` so that errors
    /// surface there.
    pub(crate) async fn connect_now(&self) -> Result<Arc<Conn>> {
        self.open().await
    }

    fn install(&self, conn: Arc<Conn>) {
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
            self.ctx.fail_now(
                p.responder,
                Error::Connection(format!("{}: {reason}", self.addr)),
            );
        }
    }

    /// Closes for good: pending and later requests get `Closing`.
    pub(crate) fn close(&self) {
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
        loop {
            if *closed.borrow() {
                return;
            }
            let conn = match first.take() {
                Some(c) => c,
                None => {
                    let res = tokio::select! {
                        r = self.open() => r,
                        _ = closed.wait_for(|c| *c) => return,
                    };
                    match res {
                        Ok(c) => c,
                        Err(e) => {
                            self.set_down(e.to_string());
                            let delay = backoff.delay(attempt);
                            attempt = attempt.saturating_add(1);
                            tokio::select! {
                                _ = tokio::time::sleep(delay) => {}
                                _ = closed.wait_for(|c| *c) => return,
                            }
                            continue;
                        }
                    }
                }
            };
            attempt = 0;
            self.install(conn.clone());
            let reason = self.watch(&conn, &mut closed).await;
            match reason {
                None => return, // client closed
                Some(r) => self.set_down(r),
            }
        }
    }

    /// Waits for the connection to die, probing it when the heartbeat is due. Returns
    /// `None` when the client closes.
    async fn watch(&self, conn: &Arc<Conn>, closed: &mut watch::Receiver<bool>) -> Option<String> {
        let every = self.ctx.config.heartbeat_interval;
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
            // A connection busy enough to be at its in-flight limit is evidently alive.
            if self.ctx.shared.acquire().is_err() {
                continue;
            }
            let (tx, rx) = oneshot::channel();
            match conn.begin() {
                Ok(mut sub) => {
                    let mut ping = bytes::BytesMut::new();
                    resp::encode_command(&mut ping, &[b"PING".as_slice()]);
                    sub.push(&[&ping], Responder::Value(tx), None);
                }
                Err(_) => {
                    self.ctx
                        .shared
                        .complete(Responder::Value(tx), Err(&Error::Closing));
                    continue;
                }
            }
            // Generous: a slow command ahead of the probe must not cost the connection.
            let limit = (every * 2).max(Duration::from_secs(5));
            tokio::select! {
                r = tokio::time::timeout(limit, rx) => {
                    if r.is_err() {
                        conn.fail(Error::Connection(format!("{}: no reply to heartbeat within {limit:?}", self.addr)));
                    }
                }
                _ = conn.closed() => return Some("connection lost".into()),
                _ = closed.wait_for(|c| *c) => { conn.fail(Error::Closing); return None; }
            }
        }
    }
}
