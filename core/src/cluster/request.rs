//! One request's journey: sent to a node with a hook instead of a plain responder, so
//! that its reply is looked at before anyone sees it. A normal reply is handed on at
//! once (one byte compared); an error reply may be a redirection (MOVED, ASK) or a
//! transient state (TRYAGAIN, CLUSTERDOWN, LOADING …), and a failure may be a lost
//! connection: those send the request again — elsewhere, or after a pause — as long as
//! its deadline and retry budget allow. Every request ends in exactly one `finish`.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::frames::{self, Redirect};
use super::gather::Gather;
use super::inner::Inner;
use super::refresh::Force;
use super::stats::bump;
use super::topology::Intent;
use crate::connection::conn::ReplyHook;
use crate::connection::node::Route as NodeRoute;
use crate::connection::{Node, Responder};
use crate::error::{Error, Result};
use crate::resp::{self, Value};

/// ASKING as it goes on the wire.
const ASKING: &[u8] = b"*1\r\n$6\r\nASKING\r\n";

/// Where a request's outcome goes in the end.
pub(crate) enum Sink {
    /// An embedder's token: the raw frame goes to the client's completion sink.
    Token(u64),
    /// The Rust API: a decoded value.
    Value(oneshot::Sender<Result<Value>>),
    /// One part of a split or fanned-out request.
    Part(Arc<Gather>, usize),
    /// A step of a request the core runs itself (a cluster scan's node SCAN): the
    /// outcome goes to the driving task, and the in-flight slot stays with the
    /// request that task completes in the end.
    Step(oneshot::Sender<Done>),
}

/// A finished request's outcome.
pub(crate) enum Done {
    Frame(Bytes),
    /// One frame per node (`host:port`), for multi-node routes the tips do not combine.
    Multi(Vec<(String, Bytes)>),
    Err(Error),
}

/// Where a request should go each time it is (re)sent.
#[derive(Clone)]
pub(crate) enum Target {
    /// The slot's shard, the node picked by intent from the current table.
    Slot { slot: u16, intent: Intent },
    /// This node. `follow`: whether MOVED/ASK from it are followed (not for an
    /// explicit by-address route, whose caller asked for that node's answer).
    Node { node: Arc<Node>, follow: bool },
}

pub(crate) struct Req {
    pub inner: Arc<Inner>,
    pub cmd: Bytes,
    pub target: Target,
    pub sink: Sink,
    pub deadline: Option<Instant>,
    pub retries: u32,
    pub redirects: u32,
    /// The node it was last sent to (whose address a redirection is relative to).
    pub at: Option<Arc<Node>>,
    /// Part of a transaction pinned to one node: never redirected or retried alone
    /// (that would run it outside MULTI … EXEC); its reply is final.
    pub pinned: bool,
    /// Which failures may be retried (MOVED/ASK are followed regardless).
    pub retry: crate::client::RetryPolicy,
    /// Submission order across the client: a node's held batch requests go again in
    /// this order (`hold`).
    pub seq: u64,
    /// Released from a node's queue of held batch requests: written without joining
    /// that queue again (`hold`).
    pub released: bool,
}

impl Req {
    /// Sets what may be retried (builder style, before routing).
    pub fn with_retry(mut self: Box<Self>, retry: crate::client::RetryPolicy) -> Box<Self> {
        self.retry = retry;
        self
    }

    pub fn new(
        inner: Arc<Inner>,
        cmd: Bytes,
        target: Target,
        sink: Sink,
        deadline: Option<Instant>,
    ) -> Box<Req> {
        let seq = inner.holds.next_seq();
        Box::new(Req {
            inner,
            cmd,
            target,
            sink,
            deadline,
            retries: 0,
            redirects: 0,
            at: None,
            pinned: false,
            retry: crate::client::RetryPolicy::ALL,
            seq,
            released: false,
        })
    }

    /// Resolves the target against the current table and queues the request in `out`.
    /// A slot nobody serves (or a node gone from the cluster) counts as a connection
    /// error: retried while a refresh looks for the slot's owner.
    pub fn route(self: Box<Self>, out: &mut Outbox) {
        let node = match &self.target {
            Target::Slot { slot, intent } => self.inner.pick(*slot, *intent),
            Target::Node { node, .. } if !node.is_closed() => Some(node.clone()),
            Target::Node { node, .. } => self.inner.data_node(&node.addr),
        };
        match node {
            Some(n) => out.push(n, self, false),
            None => {
                let e = match &self.target {
                    Target::Slot { slot, .. } => {
                        Error::Disconnect(format!("no known node serves slot {slot}"))
                    }
                    Target::Node { node, .. } => {
                        Error::Disconnect(format!("{} is no longer part of the cluster", node.addr))
                    }
                };
                let ctx = self.inner.ctx.clone();
                ctx.fail_now(Responder::Hook(self), e);
            }
        }
    }

    /// Hands the outcome on; with `flush`, wakes the sink's consumer (callers that are
    /// not inside a connection's completion batch, which flushes by itself).
    pub fn finish(self, done: Done, flush: bool) {
        match self.sink {
            Sink::Part(g, i) => g.put(i, done, flush),
            sink => self.inner.deliver(sink, done, flush),
        }
    }

    fn follows(&self) -> bool {
        match &self.target {
            Target::Slot { .. } => true,
            Target::Node { follow, .. } => *follow,
        }
    }

    fn on_error_reply(mut self: Box<Self>, frame: &Bytes) {
        let Some(at) = self.at.clone() else {
            return self.finish(Done::Frame(frame.clone()), false);
        };
        match frames::redirect(frame, &at.addr) {
            Redirect::None => self.finish(Done::Frame(frame.clone()), false),
            Redirect::Moved { slot, addr } => {
                bump(&self.inner.stats.moved);
                crate::telemetry::count(crate::telemetry::Counter::Moved);
                if self.retry.span != 0 {
                    crate::telemetry::event(self.retry.span, "MOVED", Some(&addr.to_string()));
                }
                let node = self.inner.on_moved(slot, &addr);
                if !self.follows() || self.redirects >= self.inner.cfg.max_redirects {
                    return self.finish(Done::Frame(frame.clone()), false);
                }
                self.redirects += 1;
                let mut out = Outbox::default();
                out.push(node, self, false);
                out.flush();
            }
            Redirect::Ask { addr, .. } => {
                bump(&self.inner.stats.ask);
                if self.retry.span != 0 {
                    crate::telemetry::event(self.retry.span, "ASK", Some(&addr.to_string()));
                }
                if !self.follows() || self.redirects >= self.inner.cfg.max_redirects {
                    return self.finish(Done::Frame(frame.clone()), false);
                }
                self.redirects += 1;
                let node = self.inner.node_for_redirect(&addr);
                let mut out = Outbox::default();
                out.push(node, self, true);
                out.flush();
            }
            Redirect::Retry { refresh } => {
                if refresh {
                    self.inner.request_refresh(Force::No);
                }
                if !self.retry.server_errors {
                    return self.finish(Done::Frame(frame.clone()), false);
                }
                self.retry_later(Done::Frame(frame.clone()));
            }
            Redirect::ReadOnly => {
                self.inner.request_refresh(Force::Yes);
                if !self.retry.server_errors {
                    return self.finish(Done::Frame(frame.clone()), false);
                }
                self.retry_later(Done::Frame(frame.clone()));
            }
        }
    }

    fn on_failure(self: Box<Self>, e: &Error) {
        let retry = match e {
            Error::Disconnect(_) => true,
            Error::Connection(_) => self.inner.cfg.retry_in_flight && self.retry.connection_errors,
            // A node left the topology and was closed under this request.
            Error::Closing => !self.inner.is_closed(),
            _ => false,
        };
        if !retry {
            return self.finish(Done::Err(e.clone()), false);
        }
        self.inner.request_refresh(Force::Yes);
        // A batch command that never left: retried with the node's other held batch
        // commands, in submission order (`hold`).
        if let (Error::Disconnect(_), true, false, Some(at)) =
            (e, self.retry.in_batch, self.pinned, self.at.clone())
        {
            return self.hold(at.addr.clone(), Done::Err(e.clone()));
        }
        self.retry_later(Done::Err(e.clone()));
    }

    /// [`retry_later`](Self::retry_later) for a batch command that was never sent: the
    /// same budget and deadline checks, then it waits in `addr`'s queue of held batch
    /// commands instead of on a timer of its own.
    fn hold(mut self: Box<Self>, addr: crate::config::Address, last: Done) {
        let inner = self.inner.clone();
        if inner.is_closed() {
            return self.finish(Done::Err(Error::Closing), false);
        }
        if self.retries >= inner.cfg.max_retries {
            return self.finish(last, false);
        }
        let delay = retry_delay(self.retries);
        if let Some(d) = self.deadline {
            if Instant::now() + delay >= d {
                return self.finish(last, false);
            }
        }
        self.retries += 1;
        bump(&inner.stats.retries);
        super::hold::Holds::hold_failed(&inner, addr, self, delay);
    }

    /// Sends the request again after a pause, unless its retries or its deadline are
    /// used up, in which case `last` is its outcome. The pause ends early when the
    /// topology changes (a refresh found where the slot went).
    fn retry_later(mut self: Box<Self>, last: Done) {
        let inner = self.inner.clone();
        if inner.is_closed() {
            return self.finish(Done::Err(Error::Closing), false);
        }
        if self.retries >= inner.cfg.max_retries {
            return self.finish(last, false);
        }
        let delay = retry_delay(self.retries);
        if let Some(d) = self.deadline {
            if Instant::now() + delay >= d {
                return self.finish(last, false);
            }
        }
        self.retries += 1;
        bump(&inner.stats.retries);
        crate::telemetry::count(crate::telemetry::Counter::Retry);
        crate::telemetry::event(self.retry.span, "retry", None);
        let mut topo = inner.topo_gen.subscribe();
        topo.borrow_and_update();
        let mut closed = inner.ctx.closed_tx.subscribe();
        inner.clone().rt.spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = topo.changed() => {}
                _ = closed.wait_for(|c| *c) => {}
            }
            if inner.is_closed() {
                return self.finish(Done::Err(Error::Closing), true);
            }
            let mut out = Outbox::default();
            self.route(&mut out);
            out.flush();
            inner.ctx.shared.flush_sink();
        });
    }
}

/// Pause before retry `n` (0-based): 10 ms doubling to 100 ms, with jitter, short
/// enough that several fit in the default 250 ms request timeout.
pub(crate) fn retry_delay(n: u32) -> Duration {
    use rand::Rng;
    let ceiling = 10u64 << n.min(4);
    let ms = ceiling.min(100) as f64 * rand::thread_rng().gen_range(0.5..=1.0);
    Duration::from_micros((ms * 1000.0) as u64)
}

impl ReplyHook for Req {
    fn on_reply(self: Box<Self>, result: std::result::Result<&Bytes, &Error>) {
        if self.pinned {
            let done = match result {
                Ok(frame) => {
                    // Not followed, but learnt from: the next transaction goes right.
                    if let (true, Some(at)) = (frames::is_error(frame), &self.at) {
                        if let Redirect::Moved { slot, addr } = frames::redirect(frame, &at.addr) {
                            bump(&self.inner.stats.moved);
                            self.inner.on_moved(slot, &addr);
                        }
                    }
                    Done::Frame(frame.clone())
                }
                Err(e) => Done::Err(e.clone()),
            };
            return self.finish(done, false);
        }
        match result {
            Ok(frame) if !frames::is_error(frame) => self.finish(Done::Frame(frame.clone()), false),
            Ok(frame) => self.on_error_reply(frame),
            Err(e) => self.on_failure(e),
        }
    }
}

/// Requests on their way to nodes, grouped so that each node's share is written in
/// one go (one lock, one write), in submission order per node.
#[derive(Default)]
pub(crate) struct Outbox {
    items: Vec<(Arc<Node>, Box<Req>, bool)>,
}

impl Outbox {
    pub fn push(&mut self, node: Arc<Node>, mut req: Box<Req>, asking: bool) {
        req.at = Some(node.clone());
        if req.retry.span != 0 {
            crate::telemetry::served_by(req.retry.span, &node.addr);
        }
        self.items.push((node, req, asking));
    }

    pub fn flush(mut self) {
        if self.items.len() > 1 {
            // Stable: requests for one node keep their order.
            self.items.sort_by_key(|(n, _, _)| Arc::as_ptr(n) as usize);
        }
        let mut items = self.items.into_iter().peekable();
        while let Some((node, req, asking)) = items.next() {
            let mut group = vec![(req, asking)];
            while let Some((next, _, _)) = items.peek() {
                if !Arc::ptr_eq(next, &node) {
                    break;
                }
                if let Some((_, r, a)) = items.next() {
                    group.push((r, a));
                }
            }
            send_group(&node, group);
        }
    }
}

fn send_group(node: &Arc<Node>, group: Vec<(Box<Req>, bool)>) {
    // Blocking commands go to the node's blocking connections (crate::blocking), unless
    // they belong to a batch or a transaction.
    let group: Vec<(Box<Req>, bool)> = group
        .into_iter()
        .filter_map(|(mut req, asking)| {
            // A batch command does not overtake the node's held batch commands.
            if req.retry.in_batch && !req.pinned {
                if req.released {
                    req.released = false;
                } else {
                    let inner = req.inner.clone();
                    req = inner.holds.join(node, req)?;
                }
            }
            if req.pinned || req.retry.in_batch || !crate::blocking::needs_own_connection(&req.cmd)
            {
                return Some((req, asking));
            }
            let token = match &req.sink {
                Sink::Token(t) => Some(*t),
                _ => None,
            };
            let (cmd, deadline) = (req.cmd.clone(), req.deadline);
            crate::blocking::submit(node, cmd, asking, Responder::Hook(req), deadline, token);
            None
        })
        .collect();
    if group.is_empty() {
        return;
    }
    match node.route() {
        NodeRoute::Conn(c) => match c.begin() {
            Ok(mut sub) => {
                for (req, asking) in group {
                    let cmd = req.cmd.clone();
                    let deadline = req.deadline;
                    if asking {
                        sub.push(&[ASKING], Responder::Discard, None);
                    }
                    sub.push(&[&cmd], Responder::Hook(req), deadline);
                }
            }
            Err(e) => {
                // The connection closed under us: nothing of the group was written, so
                // it is retried as never sent (in order, for a batch).
                let e = match e {
                    Error::Closing => Error::Closing,
                    e => Error::Disconnect(format!("{}: {e}; reconnecting", node.addr)),
                };
                for (req, _) in group {
                    let ctx = req.inner.ctx.clone();
                    ctx.fail_now(Responder::Hook(req), e.clone());
                }
            }
        },
        NodeRoute::Park => {
            for (req, asking) in group {
                let cmd = req.cmd.clone();
                let deadline = req.deadline;
                let mut items: Vec<(&[u8], Responder, Option<Instant>)> = Vec::with_capacity(2);
                if asking {
                    items.push((ASKING, Responder::Discard, None));
                }
                items.push((&cmd, Responder::Hook(req), deadline));
                node.submit_all(items);
            }
        }
        NodeRoute::Fail(e) => {
            for (req, _) in group {
                let ctx = req.inner.ctx.clone();
                ctx.fail_now(Responder::Hook(req), e.clone());
            }
        }
    }
}

/// Turns an outcome into what the Rust API returns.
pub(crate) fn to_value(done: Done) -> Result<Value> {
    fn one(frame: Bytes) -> Result<Value> {
        match resp::decode(frame)? {
            Value::ServerError(e) => Err(Error::from(e)),
            v => Ok(v),
        }
    }
    match done {
        Done::Frame(f) => one(f),
        Done::Err(e) => Err(e),
        Done::Multi(parts) => {
            let mut map = Vec::with_capacity(parts.len());
            for (addr, f) in parts {
                map.push((Value::BulkString(Bytes::from(addr)), one(f)?));
            }
            Ok(Value::Map(map))
        }
    }
}
