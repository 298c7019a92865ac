//! Pub/sub: what the user wants to be subscribed to, what the servers confirmed, and
//! the messages they push.
//!
//! The two sets are kept apart on purpose. *Desired* subscriptions change only when the
//! user asks (configuration, subscribe/unsubscribe calls, or SUBSCRIBE & co. given as a
//! raw command, which is taken as a wish and never sent as such). *Actual*
//! subscriptions change only when a server confirms (a `subscribe`/`unsubscribe` push)
//! or a connection dies (everything it held is gone). A background task, the
//! reconciler (`reconcile.rs`), sends whatever makes actual equal desired: on start,
//! when a wish changes, after any connection comes up, and every reconciliation
//! interval. So a reconnect, a failover or a slot move is repaired without the user
//! doing anything, and a subscription is never reported as live before a server said so.
//!
//! Subscription commands are sent only by the reconciler, each with an explicit list of
//! channels, on the ordinary (RESP3) connection. Their confirmations are pushes, so the
//! request entry of such a command is answered by its `n` confirmation pushes — or by a
//! single error reply — and never takes another request's reply (see
//! `connection::conn`, `Pending::pushes`).
//!
//! Messages are appended, in the order each connection's reader sees them, to one
//! queue per client (`messages.rs`); the Rust API reads it as a stream
//! ([`MessageStream`]) and the C ABI drains it in batches. Per-channel order is therefore the server's order.

pub mod introspect;
mod messages;
mod reconcile;
mod state;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;

pub use messages::{Message, MessageStream};
pub(crate) use reconcile::{spawn_reconciler, Placement};
pub(crate) use state::PubSub;
pub use state::{PubSubHandle, PubSubState};

/// The three kinds of subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// SUBSCRIBE: one channel by name.
    Exact = 0,
    /// PSUBSCRIBE: every channel matching a glob pattern.
    Pattern = 1,
    /// SSUBSCRIBE: a channel of the shard that owns its slot (cluster).
    Sharded = 2,
}

impl Kind {
    /// All kinds, in index order.
    pub const ALL: [Kind; 3] = [Kind::Exact, Kind::Pattern, Kind::Sharded];

    /// The kind for a wire code (0, 1, 2).
    pub fn from_code(c: u8) -> Option<Kind> {
        match c {
            0 => Some(Kind::Exact),
            1 => Some(Kind::Pattern),
            2 => Some(Kind::Sharded),
            _ => None,
        }
    }

    pub(crate) fn idx(self) -> usize {
        self as usize
    }

    pub(crate) fn subscribe_cmd(self) -> &'static str {
        match self {
            Kind::Exact => "SUBSCRIBE",
            Kind::Pattern => "PSUBSCRIBE",
            Kind::Sharded => "SSUBSCRIBE",
        }
    }

    pub(crate) fn unsubscribe_cmd(self) -> &'static str {
        match self {
            Kind::Exact => "UNSUBSCRIBE",
            Kind::Pattern => "PUNSUBSCRIBE",
            Kind::Sharded => "SUNSUBSCRIBE",
        }
    }
}

/// A subscription command given as a raw command, recognised by name: which kind, and
/// whether it subscribes.
pub fn classify_command(name: &[u8]) -> Option<(Kind, bool)> {
    let is = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
    Some(if is("SUBSCRIBE") {
        (Kind::Exact, true)
    } else if is("PSUBSCRIBE") {
        (Kind::Pattern, true)
    } else if is("SSUBSCRIBE") {
        (Kind::Sharded, true)
    } else if is("UNSUBSCRIBE") {
        (Kind::Exact, false)
    } else if is("PUNSUBSCRIBE") {
        (Kind::Pattern, false)
    } else if is("SUNSUBSCRIBE") {
        (Kind::Sharded, false)
    } else {
        return None;
    })
}

/// What one push frame means to pub/sub.
pub(crate) enum Push {
    Message(Message),
    /// A server confirmed (un)subscribing one channel on the connection that read it.
    Confirm {
        kind: Kind,
        subscribed: bool,
        channel: Option<Bytes>,
    },
    /// Something else (client tracking invalidations …): not ours.
    Other,
}

fn bulk(v: &crate::Value) -> Option<Bytes> {
    match v {
        crate::Value::BulkString(b) => Some(b.clone()),
        crate::Value::SimpleString(s) => Some(Bytes::from(s.clone().into_bytes())),
        _ => None,
    }
}

/// Reads a decoded push (RESP3 `>`, or a RESP2 array on a subscriber connection).
pub(crate) fn classify_push(items: &[crate::Value]) -> Push {
    let Some(head) = items.first().and_then(bulk) else {
        return Push::Other;
    };
    let h = head.as_ref();
    let eq = |s: &str| h.eq_ignore_ascii_case(s.as_bytes());
    let arg = |i: usize| items.get(i).and_then(bulk);
    if eq("message") || eq("smessage") {
        let (Some(channel), Some(payload)) = (arg(1), arg(2)) else {
            return Push::Other;
        };
        let kind = if eq("message") {
            Kind::Exact
        } else {
            Kind::Sharded
        };
        return Push::Message(Message {
            kind,
            channel,
            pattern: None,
            payload,
        });
    }
    if eq("pmessage") {
        let (Some(pattern), Some(channel), Some(payload)) = (arg(1), arg(2), arg(3)) else {
            return Push::Other;
        };
        return Push::Message(Message {
            kind: Kind::Pattern,
            channel,
            pattern: Some(pattern),
            payload,
        });
    }
    match classify_command(h) {
        Some((kind, subscribed)) => Push::Confirm {
            kind,
            subscribed,
            channel: arg(1),
        },
        None => Push::Other,
    }
}

/// Process-wide statistics, as GLIDE reports them.
static OUT_OF_SYNC: AtomicU64 = AtomicU64::new(0);
static LAST_SYNC_MS: AtomicU64 = AtomicU64::new(0);

/// Reconciliation rounds, over every client of this process, that found desired and
/// actual subscriptions apart.
pub fn out_of_sync_count() -> u64 {
    OUT_OF_SYNC.load(Ordering::Relaxed)
}

/// When (ms since the Unix epoch) some client of this process last found its
/// subscriptions in sync; 0 if none has yet.
pub fn last_sync_timestamp_ms() -> u64 {
    LAST_SYNC_MS.load(Ordering::Relaxed)
}

pub(crate) fn note_sync(in_sync: bool) {
    if in_sync {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_millis() as u64;
        LAST_SYNC_MS.store(ms, Ordering::Relaxed);
    } else {
        OUT_OF_SYNC.fetch_add(1, Ordering::Relaxed);
    }
}

/// The default reconciliation interval.
pub const DEFAULT_RECONCILE_INTERVAL: Duration = Duration::from_secs(3);

/// Takes a raw SUBSCRIBE-family command as a wish (like the lazy calls); false if
/// `view` is some other command.
pub(crate) fn take_raw_command(
    shared: &crate::connection::conn::Shared,
    view: &crate::resp::CommandView<'_>,
) -> bool {
    let Some((kind, subscribe)) = classify_command(view.name()) else {
        return false;
    };
    let ps = shared
        .pubsub
        .get_or_init(|| std::sync::Arc::new(PubSub::new()));
    let channels: Vec<Bytes> = view.args().skip(1).map(Bytes::copy_from_slice).collect();
    ps.want(kind, &channels, subscribe);
    true
}

/// Gives a client its pub/sub state and starts its reconciler.
pub(crate) fn attach(
    shared: &crate::connection::conn::Shared,
    placement: std::sync::Arc<dyn Placement>,
    closed: tokio::sync::watch::Receiver<bool>,
) -> PubSubHandle {
    let ps = shared
        .pubsub
        .get_or_init(|| std::sync::Arc::new(PubSub::new()))
        .clone();
    let _ = ps.closed.set(closed.clone());
    spawn_reconciler(&ps, placement, closed);
    PubSubHandle { ps }
}

/// The Rust API's `send` of a SUBSCRIBE-family command: a lazy wish, answered nil.
pub(crate) fn take_cmd(h: &PubSubHandle, cmd: &crate::Cmd) -> crate::Result<crate::Value> {
    let wire = cmd.to_resp();
    let view = crate::resp::CommandView::parse(&wire)
        .map_err(|e| crate::Error::InvalidRequest(format!("malformed command: {e}")))?;
    if let Some((kind, subscribe)) = classify_command(view.name()) {
        let channels: Vec<Bytes> = view.args().skip(1).map(Bytes::copy_from_slice).collect();
        h.ps.want(kind, &channels, subscribe);
    }
    Ok(crate::Value::Nil)
}
