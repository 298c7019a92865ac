//! One blocking request's life, and how a caller gives up on it without leaving a
//! connection in an unknown state or an element in nobody's hands.
//!
//! A ticket is `Queued` (waiting for a blocking connection), `Sent` (on one, the server
//! may be holding it) or `Done` (its reply was handed on). Giving up — the caller's
//! deadline passed, its context was cancelled, its future dropped — is an *abort*:
//!
//! - queued: it is taken out of the queue and completed with the reason; nothing was
//!   sent.
//! - sent: the node's main connection sends `CLIENT UNBLOCK <id>` for the blocking
//!   connection, repeated briefly in case the command had not reached the server yet.
//!   The server then answers the blocked command as if its timeout had passed (nil), so
//!   it pops nothing; the connection comes back clean and is reused. If the server had
//!   popped an element before the unblock arrived, that reply still comes — and is
//!   delivered to the caller as the command's result, not dropped. Only if no reply comes
//!   within [`UNBLOCK_GRACE`] (node unreachable, CLIENT UNBLOCK refused by an ACL) is the
//!   connection closed; a server that had popped an element in that very instant and
//!   whose reply was lost with the connection is the one case where an element can be
//!   lost (docs/blocking.md).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::pool::BConn;
use crate::connection::conn::Conn;
use crate::connection::{Node, Responder};
use crate::error::Error;

/// How long an aborted blocking request may take to be unblocked before its connection
/// is closed instead.
pub(crate) const UNBLOCK_GRACE: Duration = Duration::from_secs(2);

/// How long a finished ticket stays findable by token: a host that cancels just after
/// the reply was handed on (but before it saw it) must still learn that a reply is on
/// its way rather than drop it.
const KEEP_FINISHED: Duration = Duration::from_secs(10);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) enum Phase {
    Queued,
    Sent(BConn),
    Done(Instant),
}

struct State {
    phase: Phase,
    /// Why the caller gave up, once it did.
    abort: Option<Error>,
}

pub(crate) struct Ticket {
    pub(crate) node: Arc<Node>,
    st: Mutex<State>,
    done: watch::Sender<bool>,
}

impl Ticket {
    pub(crate) fn new(node: Arc<Node>) -> Arc<Ticket> {
        Arc::new(Ticket {
            node,
            st: Mutex::new(State {
                phase: Phase::Queued,
                abort: None,
            }),
            done: watch::channel(false).0,
        })
    }

    /// Marks the request sent on `b`; refused (with the abort reason) when the caller
    /// gave up while it was queued.
    pub(crate) fn begin(&self, b: &BConn) -> Result<(), Error> {
        let mut st = lock(&self.st);
        if let Some(e) = &st.abort {
            return Err(e.clone());
        }
        st.phase = Phase::Sent(b.clone());
        Ok(())
    }

    /// Back to the queue (its connection broke before the command was written).
    pub(crate) fn requeue(&self) {
        lock(&self.st).phase = Phase::Queued;
    }

    /// The reply (or failure) is being handed on; returns why the caller gave up, if it
    /// did.
    pub(crate) fn finish(&self) -> Option<Error> {
        let reason = {
            let mut st = lock(&self.st);
            st.phase = Phase::Done(Instant::now());
            st.abort.clone()
        };
        self.done.send_replace(true);
        reason
    }

    pub(crate) fn is_done(&self) -> bool {
        *self.done.borrow()
    }

    fn stale(&self, now: Instant) -> bool {
        matches!(lock(&self.st).phase, Phase::Done(at) if now.duration_since(at) > KEEP_FINISHED)
    }

    /// Resolves once the ticket is done.
    pub(crate) async fn finished(&self) {
        let mut rx = self.done.subscribe();
        let _ = rx.wait_for(|d| *d).await;
    }

    /// The caller gives up (see the module doc). Returns false when the request had
    /// already finished: its reply is with the caller, or on its way.
    pub(crate) fn abort(self: &Arc<Self>, reason: Error) -> bool {
        let sent = {
            let mut st = lock(&self.st);
            if matches!(st.phase, Phase::Done(_)) {
                return false;
            }
            if st.abort.is_some() {
                return true; // already being unblocked
            }
            st.abort = Some(reason.clone());
            match &st.phase {
                Phase::Sent(b) => Some(b.clone()),
                _ => None,
            }
        };
        match sent {
            None => {
                // Queued: whoever holds the job completes it — we, if it is still in
                // the queue; otherwise the pool, which finds the abort in begin().
                if let Some(job) = self.node.blocking.remove_queued(self) {
                    self.finish();
                    self.node.ctx().fail_now(job.responder, reason);
                }
            }
            Some(b) => match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    let t = self.clone();
                    rt.spawn(async move { t.unblock(b).await });
                }
                // Outside the runtime (a future dropped on another thread): no way to
                // wait for an answer, so close instead.
                Err(_) => close(&b.conn, "a blocked command was abandoned"),
            },
        }
        true
    }

    /// Unblocks the command on `b` from the node's main connection, or closes `b`.
    async fn unblock(self: Arc<Self>, b: BConn) {
        let end = Instant::now() + UNBLOCK_GRACE;
        if let Some(id) = b.id {
            let cmd = unblock_command(id);
            while !self.is_done() && Instant::now() < end {
                let (tx, rx) = oneshot::channel();
                let sent = match self.node.route() {
                    crate::connection::node::Route::Conn(c) => match c.begin() {
                        Ok(mut sub) => {
                            // Uncounted, like a heartbeat: it must not take a user's slot.
                            sub.push(&[&cmd], Responder::Probe(tx), Some(end));
                            true
                        }
                        Err(_) => false,
                    },
                    _ => false,
                };
                if !sent {
                    break;
                }
                // The unblocked command's reply leaves the server before the answer to
                // CLIENT UNBLOCK; a short wait after it covers the two sockets' race.
                tokio::select! {
                    _ = self.finished() => return,
                    _ = tokio::time::sleep_until(end) => break,
                    r = rx => if r.is_err() { break },
                }
                tokio::select! {
                    _ = self.finished() => return,
                    _ = tokio::time::sleep(Duration::from_millis(20)) => {}
                }
            }
        }
        if !self.is_done() {
            close(&b.conn, "a blocked command could not be unblocked in time");
        }
    }
}

fn close(conn: &Conn, why: &str) {
    conn.fail(Error::Connection(why.into()));
}

/// `CLIENT UNBLOCK <id>` as it goes on the wire.
fn unblock_command(id: i64) -> Vec<u8> {
    let id = id.to_string();
    let mut b = bytes::BytesMut::new();
    crate::resp::encode_command(&mut b, &[b"CLIENT".as_slice(), b"UNBLOCK", id.as_bytes()]);
    b.to_vec()
}

/// The tickets of a client's blocking requests submitted with tokens (the C ABI), so
/// that a host can cancel one by its token.
#[derive(Default)]
pub(crate) struct Registry {
    map: Mutex<HashMap<u64, Arc<Ticket>>>,
}

impl Registry {
    pub(crate) fn insert(&self, token: u64, t: Arc<Ticket>) {
        let mut m = lock(&self.map);
        if m.len() >= 64 && m.len().is_power_of_two() {
            let now = Instant::now();
            m.retain(|_, t| !t.stale(now));
        }
        m.insert(token, t);
    }

    /// Aborts the request with `token`. True when it is (or just was) a blocking
    /// request of this client: its completion comes promptly, carrying either what the
    /// server had already answered or the abort.
    pub(crate) fn cancel(&self, token: u64) -> bool {
        let t = lock(&self.map).get(&token).cloned();
        match t {
            Some(t) => {
                t.abort(Error::Timeout);
                true
            }
            None => false,
        }
    }

    /// Forgets every ticket (the client closed).
    pub(crate) fn clear(&self) {
        lock(&self.map).clear();
    }
}
