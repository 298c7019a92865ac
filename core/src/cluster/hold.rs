//! Ordered retries for batches. A pipeline's commands bound for a node that is down
//! fail fast, never sent (`Error::Disconnect`). Retried one by one, each after its own
//! jittered pause, they would reach the node in random order. Instead they wait here
//! together, one queue per node, and go again in submission order after one shared
//! pause; a batch command routed to a node while that node has a queue joins the
//! queue's tail instead of overtaking it. A command that was sent (and so may have
//! run) is not held: it keeps the ordinary retry rules.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use super::inner::Inner;
use super::request::{Done, Outbox, Req};
use crate::config::Address;
use crate::connection::Node;
use crate::error::Error;

/// The queues of one cluster client.
#[derive(Default)]
pub(crate) struct Holds {
    /// Queues present: lets routing skip the lock when nothing is held (the usual case).
    queues: AtomicUsize,
    map: Mutex<HashMap<Address, Queue>>,
    /// Submission order of requests, across the client.
    seq: AtomicU64,
}

#[derive(Default)]
struct Queue {
    // Boxed as they travel everywhere else (`route` and the reply hook take a box):
    // holding them costs no move in or out of a box.
    #[allow(clippy::vec_box)]
    reqs: Vec<Box<Req>>,
    /// Whether a request failed again since the queue was last released: the next
    /// release then waits a pause; otherwise it goes at once.
    failed: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Holds {
    /// The next submission sequence number.
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }

    /// Puts a batch request that is about to be written to `node` at the tail of the
    /// node's queue, if it has one; otherwise hands it back.
    pub fn join(&self, node: &Node, req: Box<Req>) -> Option<Box<Req>> {
        if self.queues.load(Ordering::Acquire) == 0 {
            return Some(req);
        }
        let mut map = lock(&self.map);
        match map.get_mut(&node.addr) {
            Some(q) => {
                q.reqs.push(req);
                None
            }
            None => Some(req),
        }
    }

    /// Queues a batch request that failed without being sent to `addr`; starts the
    /// queue's release task when it is the first. `pause` is how long the first
    /// release waits (shortened by a topology change).
    pub fn hold_failed(inner: &Arc<Inner>, addr: Address, mut req: Box<Req>, pause: Duration) {
        req.released = false;
        let holds = &inner.holds;
        let start = {
            let mut map = lock(&holds.map);
            let fresh = !map.contains_key(&addr);
            let q = map.entry(addr.clone()).or_default();
            q.reqs.push(req);
            q.failed = true;
            if fresh {
                holds.queues.fetch_add(1, Ordering::AcqRel);
            }
            fresh
        };
        if start {
            let inner = inner.clone();
            inner.clone().rt.spawn(release_loop(inner, addr, pause));
        }
    }
}

/// Releases a node's queue, in submission order, after each pause, until nothing is
/// left in it.
async fn release_loop(inner: Arc<Inner>, addr: Address, first_pause: Duration) {
    let mut pause = Some(first_pause);
    let mut round: u32 = 0;
    loop {
        if let Some(p) = pause {
            let mut topo = inner.topo_gen.subscribe();
            topo.borrow_and_update();
            let mut closed = inner.ctx.closed_tx.subscribe();
            tokio::select! {
                _ = tokio::time::sleep(p) => {}
                _ = topo.changed() => {}
                _ = closed.wait_for(|c| *c) => {}
            }
        }
        let mut batch = {
            let mut map = lock(&inner.holds.map);
            match map.get_mut(&addr) {
                Some(q) => {
                    q.failed = false;
                    std::mem::take(&mut q.reqs)
                }
                None => Vec::new(),
            }
        };
        // Stable: equal numbers cannot happen, but order within one submission is kept.
        batch.sort_by_key(|r| r.seq);
        let closed = inner.is_closed();
        let now = Instant::now();
        let mut out = Outbox::default();
        for mut req in batch {
            if closed {
                req.finish(Done::Err(Error::Closing), false);
            } else if req.deadline.is_some_and(|d| d <= now) {
                req.finish(Done::Err(Error::Timeout), false);
            } else {
                // Past the queue this once: it is the queue's own head going out.
                req.released = true;
                req.route(&mut out);
            }
        }
        // Requests that fail again while being written come back through
        // `hold_failed`, into the same queue (it still exists).
        out.flush();
        inner.ctx.shared.flush_sink();
        let again = {
            let mut map = lock(&inner.holds.map);
            match map.get(&addr) {
                Some(q) if q.reqs.is_empty() => {
                    map.remove(&addr);
                    inner.holds.queues.fetch_sub(1, Ordering::AcqRel);
                    None
                }
                Some(q) => Some(q.failed),
                None => None,
            }
        };
        match again {
            None => return,
            Some(failed) => {
                round = round.saturating_add(1);
                pause = failed.then(|| super::request::retry_delay(round));
            }
        }
    }
}
