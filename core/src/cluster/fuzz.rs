//! Entry points for the coverage-guided fuzz targets in `fuzz/` (cargo feature
//! `fuzzing`, off by default): they reach the cluster code's parsers of peer bytes,
//! which are crate-private, through a surface that hides the private types. Not API:
//! nothing here is stable or meant for users.

use bytes::Bytes;

use super::frames;
use super::gather::{self, Combine};
use super::plan::{self, OwnedRoute, Plan};
use super::request::Done;
use super::view::{self, View};
use crate::commands::ResponsePolicy;
use crate::config::Address;
use crate::resp::Value;
use crate::route::Route;

/// The node a fuzzed reply claims to come from.
fn asked() -> Address {
    Address::new("127.0.0.1", 7000)
}

/// `CLUSTER SLOTS` parsing of one decoded reply; `None` when it is not shaped like one.
pub fn cluster_slots(reply: &Value) -> Option<View> {
    view::parse_cluster_slots(reply, &asked()).map(|p| p.view)
}

/// A MOVED/ASK error's slot and target, as the redirect logic reads it.
pub fn redirect(frame: &[u8]) -> Option<(u16, Address)> {
    match frames::redirect(frame, &asked()) {
        frames::Redirect::Moved { slot, addr } | frames::Redirect::Ask { slot, addr } => {
            Some((slot, addr))
        }
        _ => None,
    }
}

/// The raw-frame readers the cluster client uses on replies it looks into.
pub fn elements(frame: Bytes) -> Option<Vec<Bytes>> {
    frames::elements(&frame)
}

/// An integer reply's value, as the aggregations read it.
pub fn int(frame: &[u8]) -> Option<i64> {
    frames::int(frame)
}

/// An error reply's text.
pub fn error_text(frame: &[u8]) -> &[u8] {
    frames::error_text(frame)
}

const POLICIES: [ResponsePolicy; 9] = [
    ResponsePolicy::Default,
    ResponsePolicy::OneSucceeded,
    ResponsePolicy::AllSucceeded,
    ResponsePolicy::AggLogicalAnd,
    ResponsePolicy::AggLogicalOr,
    ResponsePolicy::AggMin,
    ResponsePolicy::AggMax,
    ResponsePolicy::AggSum,
    ResponsePolicy::Special,
];

/// Combines the replies of a split or fanned-out command as the cluster client does.
/// `policy` picks a response policy (modulo their number); `keys` are used for a split
/// command (`split == true`); `concat` joins the nodes' arrays (KEYS-like lists).
/// Returns the combined frame, or `None` for an error or a per-node result.
pub fn combine(
    policy: u8,
    split: bool,
    first_non_nil: bool,
    concat: bool,
    parts: Vec<Bytes>,
    keys: Vec<(u32, u32)>,
) -> Option<Bytes> {
    let policy = POLICIES[usize::from(policy) % POLICIES.len()];
    let how = if split {
        Combine::Slots { policy, keys }
    } else {
        Combine::Nodes {
            policy,
            addrs: (0..parts.len()).map(|i| format!("h:{i}")).collect(),
            first_non_nil,
            concat,
        }
    };
    match gather::combine(&how, parts.into_iter().map(Done::Frame).collect()) {
        Done::Frame(f) => Some(f),
        _ => None,
    }
}

/// Plans a command (routing by its keys, or by the explicit route `kind`/`data` as the
/// C ABI carries it). Returns the parts of a split command, if it was split.
pub fn plan(cmd: &[u8], kind: u8, data: &[u8]) -> Option<Vec<(u16, Bytes)>> {
    let route = match Route::decode(kind, data) {
        Ok(r) => OwnedRoute::from(r),
        Err(_) => OwnedRoute::Default,
    };
    let _ = plan::key_slot(cmd);
    match plan::plan(cmd, &route) {
        Plan::Split(parts, _, _) => Some(parts),
        _ => None,
    }
}
