//! Per node: the connections blocking commands run on, one command at a time each.
//!
//! Opened on demand with the node's own set-up (the same handshake as its main
//! connection: credentials, database, client name, TLS, READONLY on a replica), reused
//! while they stay clean, closed after [`ClientConfig::blocking_idle_timeout`] unused,
//! and at most [`ClientConfig::blocking_connections`] at a time. A request that finds
//! them all busy waits in line (within its deadline; it can be aborted there too).
//!
//! [`ClientConfig::blocking_idle_timeout`]: crate::ClientConfig::blocking_idle_timeout
//! [`ClientConfig::blocking_connections`]: crate::ClientConfig::blocking_connections

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use bytes::Bytes;
use tokio::time::Instant;

use super::ticket::Ticket;
use crate::connection::conn::{Conn, ReplyHook};
use crate::connection::{Node, Responder};
use crate::error::Error;
use crate::resp;

/// ASKING as it goes on the wire.
const ASKING: &[u8] = b"*1\r\n$6\r\nASKING\r\n";

/// One blocking connection and the server's id for it (what CLIENT UNBLOCK names).
#[derive(Clone)]
pub(crate) struct BConn {
    pub conn: Arc<Conn>,
    pub id: Option<i64>,
}

/// What to run: the command, whether ASKING goes first (a cluster ASK redirection), and
/// where its outcome goes.
pub(crate) struct Job {
    pub cmd: Bytes,
    pub asking: bool,
    pub responder: Responder,
}

struct Queued {
    ticket: Arc<Ticket>,
    job: Job,
}

#[derive(Default)]
struct State {
    idle: Vec<(BConn, Instant)>,
    /// Connections that exist or are being opened: idle, busy or connecting.
    open: usize,
    queue: VecDeque<Queued>,
    closed: bool,
    reaping: bool,
    /// Every connection opened, busy ones included: closing the node closes them all,
    /// so that no blocked command outlives its client.
    all: Vec<Weak<Conn>>,
}

#[derive(Default)]
pub(crate) struct Pool {
    st: Mutex<State>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Pool {
    /// Runs `job` on a free connection of `node`'s, opening one if the limit allows,
    /// else queues it.
    pub(crate) fn submit(&self, node: &Arc<Node>, ticket: Arc<Ticket>, job: Job) {
        let limit = node.ctx().config.blocking_connections.max(1);
        let mut st = lock(&self.st);
        if st.closed {
            drop(st);
            ticket.finish();
            node.ctx().fail_now(job.responder, Error::Closing);
            return;
        }
        while let Some((b, _)) = st.idle.pop() {
            if b.conn.is_closed() {
                st.open = st.open.saturating_sub(1);
                continue;
            }
            drop(st);
            start(node, ticket, job, b);
            return;
        }
        st.queue.push_back(Queued { ticket, job });
        if st.open < limit {
            st.open += 1;
            drop(st);
            tokio::spawn(open_one(node.clone()));
        }
    }

    /// Takes `ticket`'s job out of the queue, if it is still there.
    pub(crate) fn remove_queued(&self, ticket: &Arc<Ticket>) -> Option<Job> {
        let mut st = lock(&self.st);
        let i = st
            .queue
            .iter()
            .position(|q| Arc::ptr_eq(&q.ticket, ticket))?;
        st.queue.remove(i).map(|q| q.job)
    }

    /// A connection is free again: it goes to the first request in line, or idles.
    fn release(&self, node: &Arc<Node>, b: BConn) {
        let mut st = lock(&self.st);
        if st.closed {
            st.open = st.open.saturating_sub(1);
            drop(st);
            b.conn.fail(Error::Closing);
            return;
        }
        if b.conn.is_closed() {
            st.open = st.open.saturating_sub(1);
            self.refill(node, st);
            return;
        }
        if let Some(q) = st.queue.pop_front() {
            drop(st);
            start(node, q.ticket, q.job, b);
            return;
        }
        st.idle.push((b, Instant::now()));
        if !st.reaping {
            st.reaping = true;
            drop(st);
            tokio::spawn(reap(Arc::downgrade(node)));
        }
    }

    /// A connection is gone (broken, or closed because it could not be unblocked).
    fn discard(&self, node: &Arc<Node>) {
        let mut st = lock(&self.st);
        st.open = st.open.saturating_sub(1);
        self.refill(node, st);
    }

    /// Opens a connection for the queue when a place became free.
    fn refill(&self, node: &Arc<Node>, mut st: MutexGuard<'_, State>) {
        let limit = node.ctx().config.blocking_connections.max(1);
        if !st.closed && !st.queue.is_empty() && st.open < limit {
            st.open += 1;
            drop(st);
            tokio::spawn(open_one(node.clone()));
        }
    }

    /// Closes every connection and fails what waits (the node was closed).
    pub(crate) fn close(&self) {
        let (all, queue) = {
            let mut st = lock(&self.st);
            st.closed = true;
            st.open = st.open.saturating_sub(st.idle.len());
            st.idle.clear();
            (std::mem::take(&mut st.all), std::mem::take(&mut st.queue))
        };
        for c in all.iter().filter_map(Weak::upgrade) {
            c.fail(Error::Closing);
        }
        for q in queue {
            q.ticket.finish();
            q.ticket
                .node
                .ctx()
                .fail_now(q.job.responder, Error::Closing);
        }
    }

    /// Connections open now, busy or idle (for tests and diagnostics).
    pub(crate) fn open_count(&self) -> usize {
        lock(&self.st).open
    }
}

/// Opens one connection and hands it to the queue.
async fn open_one(node: Arc<Node>) {
    match node.open_extra().await {
        Ok((conn, hello)) => {
            let id = match hello.client_id {
                Some(id) => Some(id),
                None => client_id(&conn).await,
            };
            {
                let mut st = lock(&node.blocking.st);
                st.all.retain(|w| w.strong_count() > 0);
                st.all.push(Arc::downgrade(&conn));
            }
            node.blocking.release(&node, BConn { conn, id });
        }
        Err(e) => {
            let failed = {
                let mut st = lock(&node.blocking.st);
                st.open = st.open.saturating_sub(1);
                st.queue.pop_front()
            };
            if let Some(q) = failed {
                q.ticket.finish();
                // Never sent: a cluster request may retry it anywhere.
                node.ctx().fail_now(
                    q.job.responder,
                    Error::Disconnect(format!("blocking connection to {}: {e}", node.addr)),
                );
            }
        }
    }
}

/// Asks a connection for its id (servers without HELLO, or RESP2 configured).
async fn client_id(conn: &Arc<Conn>) -> Option<i64> {
    struct Reply(tokio::sync::oneshot::Sender<Option<i64>>);
    impl ReplyHook for Reply {
        fn on_reply(self: Box<Self>, result: Result<&Bytes, &Error>) {
            let id = result.ok().and_then(|f| match resp::decode(f.clone()) {
                Ok(resp::Value::Integer(i)) => Some(i),
                _ => None,
            });
            let _ = self.0.send(id);
        }
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut cmd = bytes::BytesMut::new();
    resp::encode_command(&mut cmd, &[b"CLIENT".as_slice(), b"ID"]);
    conn.begin()
        .ok()?
        .push(&[&cmd], Responder::Hook(Box::new(Reply(tx))), None);
    rx.await.ok().flatten()
}

/// Sends the job on `b`, unless its caller gave up meanwhile.
fn start(node: &Arc<Node>, ticket: Arc<Ticket>, job: Job, b: BConn) {
    if let Err(reason) = ticket.begin(&b) {
        node.blocking.release(node, b);
        ticket.finish();
        node.ctx().fail_now(job.responder, reason);
        return;
    }
    let mut sub = match b.conn.begin() {
        Ok(s) => s,
        Err(_) => {
            // Broke while idle: try another.
            node.blocking.discard(node);
            ticket.requeue();
            node.blocking.submit(node, ticket, job);
            return;
        }
    };
    if job.asking {
        sub.push(&[ASKING], Responder::Discard, None);
    }
    let hook = Running {
        ticket,
        b: b.clone(),
        responder: job.responder,
    };
    // No deadline on the connection: the ticket's own timer aborts it properly
    // (blocking::submit), which a plain timeout could not do without leaving the
    // server blocked.
    sub.push(&[&job.cmd], Responder::Hook(Box::new(hook)), None);
}

/// The outcome of a request on a blocking connection.
struct Running {
    ticket: Arc<Ticket>,
    b: BConn,
    responder: Responder,
}

impl ReplyHook for Running {
    fn on_reply(self: Box<Self>, result: Result<&Bytes, &Error>) {
        let Running {
            ticket,
            b,
            responder,
        } = *self;
        let node = ticket.node.clone();
        let aborted = ticket.finish();
        // A reply leaves the connection with nothing pending: reusable. A failure
        // means it is gone.
        match result {
            Ok(_) => node.blocking.release(&node, b),
            Err(_) => node.blocking.discard(&node),
        }
        let shared = &node.ctx().shared;
        match (result, aborted) {
            // Unblocked (nil), or an error reply nobody will act on (a MOVED followed
            // now would block again for a caller that left): the caller's reason stands.
            (Ok(frame), Some(reason)) if is_null(frame) || is_error(frame) => {
                shared.complete(responder, Err(&reason))
            }
            // Anything the server answered — an element it popped included — is the
            // command's result, even for a caller that gave up.
            (Ok(frame), _) => shared.complete(responder, Ok(frame)),
            (Err(_), Some(reason)) => shared.complete(responder, Err(&reason)),
            (Err(e), None) => shared.complete(responder, Err(e)),
        }
    }
}

/// An error reply: `-` or RESP3's blob error `!`.
fn is_error(frame: &[u8]) -> bool {
    matches!(frame.first(), Some(b'-') | Some(b'!'))
}

/// A null reply: RESP3 `_`, or RESP2's null bulk string / null array.
fn is_null(frame: &[u8]) -> bool {
    frame.starts_with(b"_") || frame.starts_with(b"*-1") || frame.starts_with(b"$-1")
}

/// Closes connections idle for longer than the configured time; stops when none is
/// left idle.
async fn reap(node: Weak<Node>) {
    loop {
        let Some(n) = node.upgrade() else { return };
        let idle_for = n.ctx().config.blocking_idle_timeout;
        drop(n);
        tokio::time::sleep(idle_for / 2).await;
        let Some(n) = node.upgrade() else { return };
        let now = Instant::now();
        let expired: Vec<BConn> = {
            let mut st = lock(&n.blocking.st);
            let mut out = Vec::new();
            st.idle.retain(|(b, since)| {
                let keep = now.duration_since(*since) < idle_for && !b.conn.is_closed();
                if !keep {
                    out.push(b.clone());
                }
                keep
            });
            st.open = st.open.saturating_sub(out.len());
            if st.idle.is_empty() {
                st.reaping = false;
            }
            out
        };
        let stop = !lock(&n.blocking.st).reaping;
        for b in expired {
            b.conn.fail(Error::Closing);
        }
        if stop {
            return;
        }
    }
}
