//! Blocking commands: their deadlines, and connections of their own.
//!
//! On a multiplexed connection a BLPOP that waits ten seconds holds up every reply
//! queued behind it, since replies come back in order. So blocking pops and stream
//! reads with BLOCK (from typed methods, custom commands and raw submissions alike) run
//! on per-node connections that carry one command at a time ([`pool`]); the main
//! connection never waits on them. WAIT and WAITAOF stay on the main connection: they
//! wait for *that connection's* writes to replicate, which another connection has none
//! of. Commands inside a batch stay where the batch runs (its connection, its
//! timeout), as in GLIDE.
//!
//! - [`timeout`]: which argument holds the timeout; the request's deadline from it.
//! - [`pool`]: the connections, opened on demand, reused, bounded, closed when idle.
//! - [`ticket`]: one request's life, and aborting it (deadline, cancellation) with
//!   CLIENT UNBLOCK so that the server pops nothing for a caller that left.

pub(crate) mod pool;
pub(crate) mod ticket;
pub(crate) mod timeout;

use std::sync::Arc;

use bytes::Bytes;
use tokio::time::Instant;

pub(crate) use pool::{Job, Pool};
pub(crate) use ticket::{Registry, Ticket};

use crate::connection::{Node, Responder};
use crate::error::Error;

/// Runs `cmd` on one of `node`'s blocking connections; its outcome goes to `responder`.
/// `deadline` bounds the whole request, waiting for a connection included; when it
/// passes, the request is aborted (unblocked) and completes with a timeout — or with the
/// element the server had popped just before. `token`: the embedder's token, by which
/// the request can be cancelled ([`Registry::cancel`]).
pub(crate) fn submit(
    node: &Arc<Node>,
    cmd: Bytes,
    asking: bool,
    responder: Responder,
    deadline: Option<Instant>,
    token: Option<u64>,
) -> Arc<Ticket> {
    let ticket = Ticket::new(node.clone());
    if let Some(t) = token {
        node.ctx().shared.blocking.insert(t, ticket.clone());
    }
    if let Some(d) = deadline {
        let t = ticket.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep_until(d) => { t.abort(Error::Timeout); }
                _ = t.finished() => {}
            }
        });
    }
    node.blocking.submit(
        node,
        ticket.clone(),
        Job {
            cmd,
            asking,
            responder,
        },
    );
    ticket
}

/// Aborts a request when dropped before it finished: what makes the Rust API's futures
/// safe to drop while a blocking command waits.
pub(crate) struct AbortOnDrop(pub Arc<Ticket>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.0.is_done() {
            self.0.abort(Error::Timeout);
        }
    }
}

/// Whether the RESP-encoded `cmd` must run on a blocking connection; its timeout error
/// otherwise goes unnoticed here (the caller classified it already).
pub(crate) fn needs_own_connection(cmd: &[u8]) -> bool {
    match crate::commands::RespArgs::new(cmd) {
        Some(args) => timeout::classify(&args).is_ok_and(|k| k.needs_own_connection()),
        None => false,
    }
}

/// Where and until when one request runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    pub deadline: Option<Instant>,
    /// On a blocking connection of the node, not its main connection.
    pub own_connection: bool,
}

/// Plans the request `cmd` (RESP, named `name`). `timeout` is the caller's choice;
/// left to the default, a blocking command gets its own timeout plus half a second
/// (none for 0) and any other command `default`. In a batch (`in_batch`) blocking
/// commands are ordinary: the batch's timeout, the batch's connection. An impossible
/// timeout argument is an error: the request must not be sent.
pub(crate) fn plan(
    cmd: &[u8],
    name: &[u8],
    timeout: crate::client::RequestTimeout,
    in_batch: bool,
    default: Option<std::time::Duration>,
    now: Instant,
) -> Result<Plan, Error> {
    use crate::client::RequestTimeout as T;
    let kind = if in_batch || !crate::routing::is_blocking(name) {
        timeout::Kind::Ordinary
    } else {
        match crate::commands::RespArgs::new(cmd) {
            Some(args) => timeout::classify(&args)?,
            None => timeout::Kind::Ordinary,
        }
    };
    let deadline = match timeout {
        T::Never => None,
        T::After(d) => Some(now + d),
        T::Default => match kind.own_timeout() {
            Some(own) => own.map(|d| now + d),
            None => default.map(|d| now + d),
        },
    };
    Ok(Plan {
        deadline,
        own_connection: kind.needs_own_connection(),
    })
}
