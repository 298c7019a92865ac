//! The client's message queue: every pushed message, in the order the readers saw them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::task::{Context, Poll};

use bytes::Bytes;
use tokio::sync::Notify;

use super::Kind;

/// One message a server pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Which kind of subscription delivered it.
    pub kind: Kind,
    /// The channel it was published on.
    pub channel: Bytes,
    /// The matching pattern, for a pattern subscription.
    pub pattern: Option<Bytes>,
    /// What was published.
    pub payload: Bytes,
}

impl Message {
    /// Bytes held for this message while queued.
    pub fn size(&self) -> usize {
        self.channel.len() + self.payload.len() + self.pattern.as_ref().map_or(0, |p| p.len())
    }
}

type Hook = Box<dyn Fn() + Send + Sync>;

/// Unbounded on purpose: a subscriber that stops reading must not make the client drop
/// messages silently or stall its connection's replies. What it holds is visible
/// ([`Messages::len`], [`Messages::bytes`]).
#[derive(Default)]
pub(crate) struct Messages {
    q: Mutex<VecDeque<Message>>,
    bytes: AtomicUsize,
    notify: Notify,
    /// Called after messages were appended (once per batch): the C ABI's wake-up.
    hook: OnceLock<Hook>,
}

impl Messages {
    fn lock(&self) -> MutexGuard<'_, VecDeque<Message>> {
        self.q.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn push_all(&self, msgs: impl IntoIterator<Item = Message>) {
        let mut n = 0;
        {
            let mut q = self.lock();
            for m in msgs {
                self.bytes.fetch_add(m.size(), Ordering::Relaxed);
                q.push_back(m);
                n += 1;
            }
        }
        if n > 0 {
            self.notify.notify_one();
            if let Some(h) = self.hook.get() {
                h();
            }
        }
    }

    pub(crate) fn set_hook(&self, h: Hook) -> bool {
        self.hook.set(h).is_ok()
    }

    pub(crate) fn pop(&self) -> Option<Message> {
        let m = self.lock().pop_front();
        if let Some(m) = &m {
            self.bytes.fetch_sub(m.size(), Ordering::Relaxed);
        }
        m
    }

    /// Takes messages from the front while `take` accepts them.
    pub(crate) fn drain_while(&self, mut take: impl FnMut(&Message) -> bool) -> Vec<Message> {
        let mut q = self.lock();
        let mut out = Vec::new();
        while let Some(m) = q.front() {
            if !take(m) {
                break;
            }
            if let Some(m) = q.pop_front() {
                self.bytes.fetch_sub(m.size(), Ordering::Relaxed);
                out.push(m);
            }
        }
        out
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    pub(crate) fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    pub(crate) async fn next(&self) -> Message {
        loop {
            let notified = self.notify.notified();
            if let Some(m) = self.pop() {
                return m;
            }
            notified.await;
        }
    }
}

/// The messages of one client as an asynchronous stream: a [`futures_core::Stream`]
/// (for `StreamExt` and friends), or `next().await` without any extra crate. Several
/// streams of one client share the queue: each message goes to one of them. The stream
/// never ends while the client lives.
pub struct MessageStream {
    pub(crate) msgs: Arc<Messages>,
    pub(crate) pending:
        Option<std::pin::Pin<Box<dyn std::future::Future<Output = Message> + Send>>>,
}

impl MessageStream {
    /// The next message, waiting for one.
    pub async fn next(&mut self) -> Option<Message> {
        Some(self.msgs.next().await)
    }

    /// A message if one is queued now.
    pub fn try_next(&mut self) -> Option<Message> {
        self.msgs.pop()
    }

    /// Messages waiting to be read, and the bytes they hold.
    pub fn queued(&self) -> (usize, usize) {
        (self.msgs.len(), self.msgs.bytes())
    }
}

impl futures_core::Stream for MessageStream {
    type Item = Message;

    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        let this = self.get_mut();
        if this.pending.is_none() {
            if let Some(m) = this.msgs.pop() {
                return Poll::Ready(Some(m));
            }
            let msgs = this.msgs.clone();
            this.pending = Some(Box::pin(async move { msgs.next().await }));
        }
        match this.pending.as_mut().map(|f| f.as_mut().poll(cx)) {
            Some(Poll::Ready(m)) => {
                this.pending = None;
                Poll::Ready(Some(m))
            }
            _ => Poll::Pending,
        }
    }
}
