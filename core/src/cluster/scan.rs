//! Cluster-wide SCAN. A cluster has no SCAN of its own: each primary iterates only its
//! own keys. So the scan walks the primaries one at a time, a full SCAN pass on each
//! (from "0" back to "0"), and the cursor remembers the slots already covered
//! ([`ScanState`]). The next primary is the one serving the lowest slot not yet
//! covered, taken from the client's slot map and confirmed by the node itself, so
//! slots that moved are followed to their new owner.
//!
//! A pass covers only the slots its node served, and was not migrating away, both
//! when the pass began and when it ended, as the node itself reported them
//! (`CLUSTER NODES`, "myself"), and only if its id and config epoch did not change in
//! between (a failover, or the node gaining slots, bumps the epoch). Slots that moved
//! during a pass are scanned again on their new owner.
//!
//! Guarantee: every key that exists from the first call to the last is returned at
//! least once. Keys may come more than once (a slot scanned on two nodes, a node's own
//! SCAN repeating keys while it rehashes); keys created or deleted meanwhile may or
//! may not appear. Each call returns one node's page, possibly empty. A call that
//! fails (mid-failover, say) can be repeated with the same cursor: if the node it
//! names is gone, its slots start again on their new primary.
//!
//! The request is `SCAN <cluster cursor> [MATCH p] [COUNT n] [TYPE t]` along the
//! cluster-scan route; the reply is shaped like a node's SCAN reply, with the next
//! cluster cursor ([`FINISHED_CURSOR`] at the end) in place of the node's.

use std::sync::Arc;

use bytes::{BufMut, Bytes, BytesMut};
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::frames;
use super::inner::Inner;
use super::refresh::Force;
use super::request::{Done, Outbox, Req, Sink, Target};
use super::scan_cursor::{parse_myself, NodeSelf, ScanNode, ScanState, SlotSet, FINISHED_CURSOR};
use super::topology::NO_SHARD;
use crate::commands::{RespArgs, SLOT_COUNT};
use crate::config::Address;
use crate::error::{Error, Result};
use crate::resp::{self, Value};

/// How often one call re-reads the slot map (after a refresh) while the node it names
/// for the next slot denies serving it.
const PICK_ATTEMPTS: usize = 3;

const CLUSTER_NODES: &[u8] = b"*2\r\n$7\r\nCLUSTER\r\n$5\r\nNODES\r\n";

/// The page reply: `[cursor, keys]`.
fn page(cursor: &str, keys: &[u8]) -> Done {
    let mut out = BytesMut::with_capacity(keys.len() + cursor.len() + 16);
    out.put_slice(b"*2\r\n$");
    out.put_slice(cursor.len().to_string().as_bytes());
    out.put_slice(b"\r\n");
    out.put_slice(cursor.as_bytes());
    out.put_slice(b"\r\n");
    out.put_slice(keys);
    Done::Frame(out.freeze())
}

const NO_KEYS: &[u8] = b"*0\r\n";

/// How one node's SCAN went.
enum NodePage {
    /// Its next cursor and the keys frame.
    Page(String, Bytes),
    /// It answered with an error reply.
    Refused(Bytes),
}

impl Inner {
    /// Runs one step of a cluster scan in the background and completes `sink` with the
    /// page, bounded by `deadline`.
    pub fn start_scan(
        self: &Arc<Self>,
        cmd: Bytes,
        allow_uncovered: bool,
        sink: Sink,
        deadline: Option<Instant>,
    ) {
        let me = self.clone();
        self.rt.spawn(async move {
            let step = me.scan_step(&cmd, allow_uncovered, deadline);
            let done = match deadline {
                Some(d) => tokio::time::timeout_at(d, step)
                    .await
                    .unwrap_or(Done::Err(Error::Timeout)),
                None => step.await,
            };
            me.deliver(sink, done, true);
        });
    }

    async fn scan_step(
        self: &Arc<Self>,
        cmd: &[u8],
        allow_uncovered: bool,
        deadline: Option<Instant>,
    ) -> Done {
        let words: Vec<&[u8]> = RespArgs::new(cmd)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        if words.len() < 2 || !words[0].eq_ignore_ascii_case(b"SCAN") {
            return Done::Err(Error::InvalidRequest(
                "a cluster scan is SCAN <cursor> [MATCH pattern] [COUNT count] [TYPE type]".into(),
            ));
        }
        let Ok(cursor) = std::str::from_utf8(words[1]) else {
            return Done::Err(Error::InvalidRequest(
                "invalid cluster scan cursor: not text; start again from \"0\"".into(),
            ));
        };
        if cursor == FINISHED_CURSOR {
            return page(FINISHED_CURSOR, NO_KEYS);
        }
        let mut st = match ScanState::decode(cursor) {
            Ok(st) => st,
            Err(e) => return Done::Err(e),
        };
        let options = &words[2..];
        // The cursor names a node from an earlier call: if that fails, the node may
        // be gone, and its slots start again on their owner now.
        let mut carried = st.node.is_some();
        let (next, keys) = loop {
            if st.node.is_none() {
                match self.scan_pick(&mut st, allow_uncovered, deadline).await {
                    Ok(true) => {}
                    Ok(false) => return page(FINISHED_CURSOR, NO_KEYS),
                    Err(e) => return Done::Err(e),
                }
            }
            let Some(node) = st.node.as_ref() else {
                continue;
            };
            let outcome = self.scan_node(node, options, deadline).await;
            match outcome {
                Ok(NodePage::Page(next, keys)) => break (next, keys),
                Ok(NodePage::Refused(frame)) if !carried => return Done::Frame(frame),
                Err(e) if !carried || self.is_closed() => return Done::Err(e),
                _ => {}
            }
            carried = false;
            st.node = None;
        };
        if next != "0" {
            if let Some(n) = st.node.as_mut() {
                n.cursor = next;
            }
            return page(&st.encode(), &keys);
        }
        self.scan_finish_node(&mut st).await;
        if st.scanned.first_missing().is_none() {
            return page(FINISHED_CURSOR, &keys);
        }
        page(&st.encode(), &keys)
    }

    /// Starts a pass on the primary serving the lowest uncovered slot. `Ok(false)`
    /// when every slot is covered. With `allow_uncovered`, slots no shard serves count
    /// as covered.
    async fn scan_pick(
        self: &Arc<Self>,
        st: &mut ScanState,
        allow_uncovered: bool,
        deadline: Option<Instant>,
    ) -> Result<bool> {
        let mut last_err = Error::Disconnect("no node serves the next slot".into());
        for attempt in 0..PICK_ATTEMPTS {
            if attempt > 0 {
                // The slot map may be behind the cluster (a failover, a migration).
                let limit = Instant::now() + self.cfg.client.connection_timeout;
                let until = deadline.map_or(limit, |d| d.min(limit));
                self.refresh_and_wait(Force::Yes, until).await;
            }
            if allow_uncovered {
                st.scanned.union(&self.unserved_slots());
            }
            let Some(slot) = st.scanned.first_missing() else {
                return Ok(false);
            };
            let candidates = self.shard_addresses(slot);
            if candidates.is_empty() {
                last_err = Error::Disconnect(format!(
                    "cluster scan: no node serves slot {slot} (AllowNonCoveredSlots skips such slots)"
                ));
                continue;
            }
            last_err = Error::Disconnect(format!("cluster scan: no primary serves slot {slot}"));
            for a in candidates {
                match self.node_self(&a).await {
                    Ok(me) if me.primary && me.claimed.has(slot) => {
                        st.node = Some(ScanNode {
                            addr: a,
                            id: me.id,
                            epoch: me.epoch,
                            cursor: "0".into(),
                            owned: me.stable,
                        });
                        return Ok(true);
                    }
                    Ok(_) => {}
                    Err(Error::Closing) if self.is_closed() => return Err(Error::Closing),
                    Err(e) => last_err = e,
                }
            }
        }
        Err(last_err)
    }

    /// Records what the pass that just ended covered. A failure to ask the node only
    /// costs progress: its slots stay uncovered and are scanned again.
    async fn scan_finish_node(self: &Arc<Self>, st: &mut ScanState) {
        let Some(n) = st.node.take() else { return };
        if let Ok(me) = self.node_self(&n.addr).await {
            if me.primary && me.id == n.id && me.epoch == n.epoch {
                st.scanned.union(&n.owned.intersect(&me.stable));
            }
        }
    }

    /// One SCAN on the pass's node, as it is: not redirected, not retried (the scan
    /// decides what a failure means).
    async fn scan_node(
        self: &Arc<Self>,
        node: &ScanNode,
        options: &[&[u8]],
        deadline: Option<Instant>,
    ) -> Result<NodePage> {
        let Some(target) = self.data_node(&node.addr) else {
            return Err(Error::Disconnect(format!(
                "{} is no longer part of the cluster",
                node.addr
            )));
        };
        let mut words: Vec<&[u8]> = vec![b"SCAN", node.cursor.as_bytes()];
        words.extend_from_slice(options);
        let mut cmd = BytesMut::with_capacity(resp::encoded_len(&words));
        resp::encode_command(&mut cmd, &words);
        let (tx, rx) = oneshot::channel();
        let mut req = Req::new(
            self.clone(),
            cmd.freeze(),
            Target::Node {
                node: target,
                follow: false,
            },
            Sink::Step(tx),
            deadline,
        );
        req.pinned = true;
        let mut out = Outbox::default();
        req.route(&mut out);
        out.flush();
        let frame = match rx.await {
            Ok(Done::Frame(f)) => f,
            Ok(Done::Err(e)) => return Err(e),
            Ok(Done::Multi(_)) => return Err(Error::Protocol("SCAN: several replies".into())),
            Err(_) => return Err(Error::Closing),
        };
        if frames::is_error(&frame) {
            return Ok(NodePage::Refused(frame));
        }
        let bad = || Error::Protocol(format!("{}: unexpected SCAN reply", node.addr));
        let parts = frames::elements(&frame).ok_or_else(bad)?;
        let [cursor, keys] = <[Bytes; 2]>::try_from(parts).map_err(|_| bad())?;
        let next = match resp::decode(cursor).map_err(|_| bad())? {
            Value::BulkString(b) => String::from_utf8(b.to_vec()).map_err(|_| bad())?,
            Value::SimpleString(s) => s,
            _ => return Err(bad()),
        };
        Ok(NodePage::Page(next, keys))
    }

    /// What the node at `addr` says about itself, over its management connection.
    async fn node_self(&self, addr: &Address) -> Result<NodeSelf> {
        let text = match self.mgmt_query(addr, CLUSTER_NODES).await? {
            Value::BulkString(b) => String::from_utf8_lossy(&b).into_owned(),
            Value::VerbatimString { text, .. } => text,
            Value::SimpleString(s) => s,
            other => {
                return Err(Error::Protocol(format!(
                    "{addr}: unexpected CLUSTER NODES reply: {other:?}"
                )))
            }
        };
        parse_myself(&text)
    }

    /// The slot's shard as the slot map has it: its primary first, then its replicas
    /// (one of which may have taken over since the map was built).
    fn shard_addresses(&self, slot: u16) -> Vec<Address> {
        let t = self.read_topo();
        let Some(&s) = t.slots.get(usize::from(slot)) else {
            return Vec::new();
        };
        if s == NO_SHARD {
            return Vec::new();
        }
        t.shards.get(usize::from(s)).map_or_else(Vec::new, |shard| {
            std::iter::once(shard.primary.addr.clone())
                .chain(shard.replicas.iter().map(|r| r.addr.clone()))
                .collect()
        })
    }

    /// Slots no shard of the slot map serves.
    fn unserved_slots(&self) -> SlotSet {
        let t = self.read_topo();
        let mut out = SlotSet::default();
        for s in 0..SLOT_COUNT {
            if t.slots.get(usize::from(s)).map_or(true, |&i| i == NO_SHARD) {
                out.add(s);
            }
        }
        out
    }
}
