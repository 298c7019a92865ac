//! Desired and actual subscriptions of one client, and the handle the APIs use.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{watch, Notify};
use tokio::time::Instant;

use super::messages::{MessageStream, Messages};
use super::{Kind, Message, Push, DEFAULT_RECONCILE_INTERVAL};
use crate::connection::conn::Conn;
use crate::error::{Error, Result};

pub(crate) type Sets = [BTreeSet<Bytes>; 3];

/// What one connection holds, as its server confirmed.
pub(crate) struct ConnSubs {
    pub conn: Weak<Conn>,
    pub sets: Sets,
}

#[derive(Default)]
pub(crate) struct St {
    pub desired: Sets,
    pub conns: HashMap<u64, ConnSubs>,
    /// Subscription commands in flight per connection: the reconciler sends nothing
    /// more to a connection until they are answered.
    pub busy: HashMap<u64, usize>,
    /// A round skipped a busy connection: the next answer starts another round.
    pub deferred: bool,
}

/// One client's pub/sub state (see the module doc of `pubsub`).
pub(crate) struct PubSub {
    st: Mutex<St>,
    /// Wakes the reconciler.
    pub(crate) wake: Notify,
    /// Bumped on every change of actual subscriptions: blocking calls wait on it.
    gen: watch::Sender<u64>,
    pub(crate) msgs: Arc<Messages>,
    interval: Mutex<Duration>,
    pub(crate) started: AtomicBool,
    /// Subscriber connections for RESP2 servers, by address.
    pub(crate) twins: Mutex<HashMap<crate::config::Address, Arc<crate::connection::Node>>>,
    /// The client's close signal: waits for confirmation end with it.
    pub(crate) closed: std::sync::OnceLock<watch::Receiver<bool>>,
}

impl PubSub {
    pub(crate) fn new() -> PubSub {
        PubSub {
            st: Mutex::new(St::default()),
            wake: Notify::new(),
            gen: watch::channel(0).0,
            msgs: Arc::new(Messages::default()),
            interval: Mutex::new(DEFAULT_RECONCILE_INTERVAL),
            started: AtomicBool::new(false),
            twins: Mutex::new(HashMap::new()),
            closed: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, St> {
        self.st.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn interval(&self) -> Duration {
        *self.interval.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn bump(&self) {
        self.gen.send_modify(|g| *g += 1);
    }

    /// A connection's reader saw pushes: confirmations change the actual state,
    /// messages go to the queue (in order, one batch per read).
    pub(crate) fn on_pushes(&self, conn: &Arc<Conn>, pushes: Vec<Push>) {
        let mut msgs = Vec::new();
        let mut changed = false;
        for p in pushes {
            match p {
                Push::Message(m) => msgs.push(m),
                Push::Confirm {
                    kind,
                    subscribed,
                    channel,
                } => {
                    let Some(ch) = channel else { continue };
                    let mut st = self.lock();
                    let e = st.conns.entry(conn.id).or_insert_with(|| ConnSubs {
                        conn: Arc::downgrade(conn),
                        sets: Default::default(),
                    });
                    if subscribed {
                        e.sets[kind.idx()].insert(ch);
                    } else {
                        e.sets[kind.idx()].remove(&ch);
                        // A server dropping a sharded channel on its own (its slot
                        // moved away) needs a new home for it at once.
                        self.wake.notify_one();
                    }
                    changed = true;
                }
                Push::Other => {}
            }
        }
        if changed {
            self.bump();
        }
        if !msgs.is_empty() {
            self.msgs.push_all(msgs);
        }
    }

    /// A connection died: whatever it held is gone.
    pub(crate) fn conn_closed(&self, id: u64) {
        let had = self.lock().conns.remove(&id).is_some();
        if had {
            self.bump();
        }
        self.wake.notify_one();
    }

    /// Records a wish. `channels` empty on an unsubscribe means every channel of `kind`.
    pub(crate) fn want(&self, kind: Kind, channels: &[Bytes], subscribe: bool) {
        {
            let mut st = self.lock();
            let set = &mut st.desired[kind.idx()];
            if subscribe {
                set.extend(channels.iter().cloned());
            } else if channels.is_empty() {
                set.clear();
            } else {
                for c in channels {
                    set.remove(c);
                }
            }
        }
        self.bump();
        self.wake.notify_one();
    }

    /// Nothing wanted and nothing held: the periodic round would find nothing to do,
    /// so the reconciler waits for a change instead (an idle client's only timer
    /// stays its heartbeat).
    pub(crate) fn is_idle(&self) -> bool {
        let st = self.lock();
        st.desired.iter().all(BTreeSet::is_empty)
            && st
                .conns
                .values()
                .all(|c| c.sets.iter().all(BTreeSet::is_empty))
    }

    fn actual(&self) -> Sets {
        let st = self.lock();
        let mut out: Sets = Default::default();
        for cs in st.conns.values() {
            match cs.conn.upgrade() {
                Some(c) if !c.is_closed() => {}
                _ => continue,
            }
            for (o, set) in out.iter_mut().zip(cs.sets.iter()) {
                o.extend(set.iter().cloned());
            }
        }
        out
    }

    pub(crate) fn state(&self) -> PubSubState {
        let desired = self.lock().desired.clone();
        PubSubState {
            desired,
            actual: self.actual(),
        }
    }

    /// True when the wish about `channels` is what the servers have.
    fn confirmed(&self, kind: Kind, channels: &[Bytes], subscribe: bool) -> bool {
        let actual = self.actual();
        let set = &actual[kind.idx()];
        if subscribe {
            channels.iter().all(|c| set.contains(c))
        } else if channels.is_empty() {
            set.is_empty()
        } else {
            channels.iter().all(|c| !set.contains(c))
        }
    }

    /// Waits until the servers confirmed the wish about `channels`, or `deadline`.
    pub(crate) async fn wait_confirmed(
        &self,
        kind: Kind,
        channels: &[Bytes],
        subscribe: bool,
        deadline: Option<Instant>,
    ) -> Result<()> {
        let mut rx = self.gen.subscribe();
        let mut closed = self.closed.get().cloned();
        loop {
            rx.borrow_and_update();
            if self.confirmed(kind, channels, subscribe) {
                return Ok(());
            }
            let until = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            let client_closed = async {
                match closed.as_mut() {
                    Some(c) => {
                        let _ = c.wait_for(|c| *c).await;
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                r = rx.changed() => if r.is_err() { return Err(Error::Closing) },
                _ = until => return Err(Error::Timeout),
                _ = client_closed => return Err(Error::Closing),
            }
        }
    }
}

/// Desired and actual subscriptions, by kind (index: [`Kind`] as usize).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PubSubState {
    /// What the client was asked to be subscribed to.
    pub desired: [BTreeSet<Bytes>; 3],
    /// What the servers confirmed.
    pub actual: [BTreeSet<Bytes>; 3],
}

impl PubSubState {
    /// The desired set of one kind.
    pub fn desired(&self, kind: Kind) -> &BTreeSet<Bytes> {
        &self.desired[kind.idx()]
    }

    /// The confirmed set of one kind.
    pub fn actual(&self, kind: Kind) -> &BTreeSet<Bytes> {
        &self.actual[kind.idx()]
    }
}

/// Pub/sub on a client (`Client::pubsub`, `ClusterClient::pubsub`): subscriptions kept
/// in place across reconnects, failovers and slot moves, and the messages they bring.
/// Cheap to clone.
#[derive(Clone)]
pub struct PubSubHandle {
    pub(crate) ps: Arc<PubSub>,
}

fn to_bytes<I, C>(channels: I) -> Vec<Bytes>
where
    I: IntoIterator<Item = C>,
    C: AsRef<[u8]>,
{
    channels
        .into_iter()
        .map(|c| Bytes::copy_from_slice(c.as_ref()))
        .collect()
}

impl PubSubHandle {
    /// Adds subscriptions and returns at once; the client subscribes in the background.
    pub fn subscribe_lazy<I, C>(&self, kind: Kind, channels: I)
    where
        I: IntoIterator<Item = C>,
        C: AsRef<[u8]>,
    {
        self.ps.want(kind, &to_bytes(channels), true);
    }

    /// Removes subscriptions (none given: every one of `kind`) and returns at once.
    pub fn unsubscribe_lazy<I, C>(&self, kind: Kind, channels: I)
    where
        I: IntoIterator<Item = C>,
        C: AsRef<[u8]>,
    {
        self.ps.want(kind, &to_bytes(channels), false);
    }

    /// Adds subscriptions and waits until the servers confirmed them (`None`: no limit).
    /// On timeout the wish stays: the client keeps trying in the background.
    pub async fn subscribe<I, C>(
        &self,
        kind: Kind,
        channels: I,
        timeout: Option<Duration>,
    ) -> Result<()>
    where
        I: IntoIterator<Item = C>,
        C: AsRef<[u8]>,
    {
        let ch = to_bytes(channels);
        self.ps.want(kind, &ch, true);
        let deadline = timeout.map(|t| Instant::now() + t);
        self.ps.wait_confirmed(kind, &ch, true, deadline).await
    }

    /// Removes subscriptions (none given: every one of `kind`) and waits until the
    /// servers confirmed.
    pub async fn unsubscribe<I, C>(
        &self,
        kind: Kind,
        channels: I,
        timeout: Option<Duration>,
    ) -> Result<()>
    where
        I: IntoIterator<Item = C>,
        C: AsRef<[u8]>,
    {
        let ch = to_bytes(channels);
        self.ps.want(kind, &ch, false);
        let deadline = timeout.map(|t| Instant::now() + t);
        self.ps.wait_confirmed(kind, &ch, false, deadline).await
    }

    /// Waits until the servers confirmed `channels` of `kind` (empty and `subscribed`
    /// false: none of that kind left), without changing any wish.
    pub async fn wait_confirmed(
        &self,
        kind: Kind,
        channels: &[Bytes],
        subscribed: bool,
        deadline: Option<Instant>,
    ) -> Result<()> {
        self.ps
            .wait_confirmed(kind, channels, subscribed, deadline)
            .await
    }

    /// Desired and actual subscriptions now.
    pub fn state(&self) -> PubSubState {
        self.ps.state()
    }

    /// How often subscriptions are checked and repaired when nothing else triggers it.
    pub fn set_reconcile_interval(&self, every: Duration) {
        *self.ps.interval.lock().unwrap_or_else(|p| p.into_inner()) =
            every.max(Duration::from_millis(1));
        self.ps.wake.notify_one();
    }

    /// The client's messages as a stream.
    pub fn messages(&self) -> MessageStream {
        MessageStream {
            msgs: self.ps.msgs.clone(),
            pending: None,
        }
    }

    /// A message if one is queued.
    pub fn try_next_message(&self) -> Option<Message> {
        self.ps.msgs.pop()
    }

    /// Takes queued messages in order while `take` accepts them (the C ABI uses it
    /// to fill a buffer).
    pub fn drain_messages_while(&self, take: impl FnMut(&Message) -> bool) -> Vec<Message> {
        self.ps.msgs.drain_while(take)
    }

    /// Messages queued and not yet read, and the bytes they hold.
    pub fn queued(&self) -> (usize, usize) {
        (self.ps.msgs.len(), self.ps.msgs.bytes())
    }

    /// Calls `hook` after each batch of messages is queued (from the reader's thread;
    /// it must be quick). One hook per client; false if one was set already.
    pub fn set_message_hook(&self, hook: impl Fn() + Send + Sync + 'static) -> bool {
        self.ps.msgs.set_hook(Box::new(hook))
    }
}
