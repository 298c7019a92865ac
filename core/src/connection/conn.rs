//! The multiplexer: many callers, one connection, replies matched strictly by position.
//!
//! Invariant: the order of commands in `State::out` (and so on the wire) is the order of
//! entries in `State::pending`, because both are appended under the same lock. The
//! reader pops one pending entry per non-push reply frame. A request that times out (or
//! whose caller gives up) is completed early and its entry becomes `Responder::Discard`:
//! it keeps its place, and its late reply is dropped when it arrives. That is what keeps
//! a connection in sync after timeouts, the classic desync bug of multiplexed clients.
//!
//! Writes are coalesced: submitters append to `out`; whoever finds the socket idle
//! writes everything pending in one syscall (inline on the submitting thread for plain
//! TCP, on the writer task for TLS or when the socket is full).

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{oneshot, watch, Notify};
use tokio::time::Instant;

use super::stream::{ReadSide, WriteSide};
use crate::error::{Error, Result};
use crate::pubsub::{classify_push, Kind, PubSub, Push};
use crate::resp::{self, FrameKind, Scanner, Value};
use crate::sink::CompletionSink;

mod borrowed;
mod out_spare;
mod read_room;

/// Where a request's outcome goes.
pub(crate) enum Responder {
    /// The Rust API: a decoded value through a oneshot.
    Value(oneshot::Sender<Result<Value>>),
    /// An embedder's request: the raw frame goes to the client's sink with this token.
    Token(u64),
    /// Nobody waits any more (timed out); the reply will be dropped.
    Discard,
    /// A liveness probe (heartbeat): uncounted, told only whether a reply came.
    Probe(oneshot::Sender<bool>),
    /// A layer above the connection (the cluster client) looks at the outcome first:
    /// it may retry elsewhere (MOVED, ASK, TRYAGAIN …) instead of completing. The hook
    /// owns the request's in-flight slot, so completing it here does not release one.
    Hook(Box<dyn ReplyHook>),
}

/// Receives the outcome of a request submitted with [`Responder::Hook`]. Called on the
/// thread that completes the request (usually the connection's reader), never with a
/// connection or node lock held, so it may submit again; it must not block.
pub(crate) trait ReplyHook: Send + 'static {
    fn on_reply(self: Box<Self>, result: std::result::Result<&Bytes, &Error>);
}

/// Per-client state every connection of that client shares.
pub(crate) struct Shared {
    pub sink: Option<Arc<dyn CompletionSink>>,
    pub inflight: AtomicUsize,
    pub inflight_limit: usize,
    /// Blocking requests submitted with tokens, so the embedder can cancel them.
    pub blocking: crate::blocking::Registry,
    /// Pub/sub state, created on first use (`Client::pubsub`, a raw SUBSCRIBE …).
    pub pubsub: std::sync::OnceLock<Arc<PubSub>>,
    /// Counts outcomes and refuses requests while open; `None` when not configured.
    pub breaker: Option<crate::breaker::Breaker>,
}

impl Shared {
    pub(crate) fn new(sink: Option<Arc<dyn CompletionSink>>, inflight_limit: usize) -> Self {
        Shared {
            sink,
            inflight: AtomicUsize::new(0),
            inflight_limit,
            blocking: Default::default(),
            pubsub: std::sync::OnceLock::new(),
            breaker: None,
        }
    }

    /// Adds a circuit breaker over this client's requests.
    pub(crate) fn with_breaker(mut self, cfg: Option<crate::breaker::BreakerConfig>) -> Self {
        self.breaker = cfg.map(crate::breaker::Breaker::new);
        self
    }

    /// Tells the breaker (if any) how an admitted request ended: `None` for a reply
    /// (error replies included: the server answered), `Some(e)` for a failure.
    pub(crate) fn observe(&self, failure: Option<&Error>) {
        if let Some(b) = &self.breaker {
            b.record(failure.is_some_and(|e| b.counts(e)));
        }
    }

    /// Claims an in-flight slot; fails fast at the limit instead of queueing without bound.
    pub(crate) fn acquire(&self) -> Result<()> {
        let prev = self.inflight.fetch_add(1, Ordering::AcqRel);
        if prev >= self.inflight_limit {
            self.inflight.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::InflightLimit(self.inflight_limit));
        }
        Ok(())
    }

    /// Gives back a slot taken with [`Shared::acquire`].
    pub(crate) fn release(&self) {
        self.inflight.fetch_sub(1, Ordering::AcqRel);
    }

    /// Completes a responder that holds an in-flight slot.
    pub(crate) fn complete(&self, r: Responder, result: std::result::Result<&Bytes, &Error>) {
        // The slot is given back *before* the caller hears of the outcome: a caller that
        // sends its next request as soon as it is woken must find its slot free.
        match r {
            Responder::Discard => {}
            Responder::Hook(h) => h.on_reply(result),
            Responder::Probe(tx) => {
                let _ = tx.send(result.is_ok());
            }
            Responder::Value(tx) => {
                self.observe(result.err());
                let v = match result {
                    Ok(frame) => resp::decode(frame.clone())
                        .map_err(Error::from)
                        .and_then(|v| match v {
                            Value::ServerError(e) => Err(Error::from(e)),
                            v => Ok(v),
                        }),
                    Err(e) => Err(e.clone()),
                };
                self.release();
                let _ = tx.send(v);
            }
            Responder::Token(t) => {
                self.observe(result.err());
                self.release();
                if let Some(s) = &self.sink {
                    match result {
                        Ok(frame) => s.complete_frame(t, frame),
                        Err(e) => s.complete(t, Err(e)),
                    }
                }
            }
        }
    }

    /// Completes a request that never claimed an in-flight slot (rejected before it
    /// was counted: malformed, over the limit).
    pub(crate) fn reject(&self, r: Responder, err: &Error) {
        match r {
            Responder::Token(t) => {
                if let Some(s) = &self.sink {
                    s.complete(t, Err(err));
                    s.flush();
                }
            }
            Responder::Value(tx) => {
                let _ = tx.send(Err(err.clone()));
            }
            Responder::Hook(h) => h.on_reply(Err(err)),
            Responder::Probe(tx) => {
                let _ = tx.send(false);
            }
            Responder::Discard => {}
        }
    }

    /// Tells the sink a batch of completions ended.
    pub(crate) fn flush_sink(&self) {
        if let Some(s) = &self.sink {
            s.flush();
        }
    }
}

pub(crate) struct Pending {
    responder: Responder,
    deadline: Option<Instant>,
    /// A subscription command: answered by this many confirmation pushes (of the kind
    /// `push_code` names) instead of a reply — or by one error reply.
    pushes: u32,
    push_code: u8,
}

/// Identifies a confirmation push: kind and direction.
pub(crate) fn push_code(kind: Kind, subscribe: bool) -> u8 {
    (kind as u8) * 2 + u8::from(subscribe)
}

/// Ids of connections, unique in the process: pub/sub records which one holds what.
static CONN_IDS: AtomicU64 = AtomicU64::new(1);

struct State {
    out: BytesMut,
    /// The write buffer's cleared twin, swapped in when `out` is taken (`out_spare.rs`).
    spare: BytesMut,
    pending: VecDeque<Pending>,
    /// The writer task owns the socket until `out` is drained; submitters only append.
    flushing: bool,
    closed: Option<Error>,
    /// The error that failed the connection, as given (for the log).
    cause: Option<Error>,
    /// When the sweeper will next look; earlier deadlines must wake it.
    sweep_at: Option<Instant>,
}

pub(crate) struct Conn {
    /// Unique in the process (see `CONN_IDS`).
    pub(crate) id: u64,
    /// A RESP2 subscriber connection: pub/sub arrays are pushes here (RESP2 has no
    /// push type), everything else is a reply.
    push_arrays: std::sync::atomic::AtomicBool,
    state: Mutex<State>,
    /// When the reader last got bytes, in ms since `born`: the heartbeat's evidence
    /// that a busy connection is alive.
    last_read_ms: std::sync::atomic::AtomicU64,
    /// Set by the heartbeat when the connection stayed idle for a whole interval: the
    /// reader lets its read blocks go at its next read (`read_room.rs`).
    trim_reads: std::sync::atomic::AtomicBool,
    born: std::time::Instant,
    writer: WriteSide,
    /// Write syscalls made on the socket (TCP): what coalescing saves, for tests.
    writes: AtomicU64,
    writer_wake: Notify,
    sweeper_wake: Notify,
    closed_tx: watch::Sender<bool>,
    shared: Arc<Shared>,
    /// The request timeout requests get unless they say otherwise.
    pub(crate) default_timeout: Option<Duration>,
    /// Its place in the process's live connection count, given back when it fails.
    live: crate::stats::Live,
}

/// A batch of submissions under one lock acquisition; flushed when dropped.
pub(crate) struct Submission<'a> {
    conn: &'a Conn,
    // Always Some until drop, which releases the lock before writing.
    st: Option<MutexGuard<'a, State>>,
    wake_sweeper: bool,
    /// Leave the write to the writer task when other requests are in flight (see
    /// [`Conn::begin_coalescing`]).
    coalesce: bool,
    pushed: usize,
    /// Large commands not copied into `out`: each with the length `out` had when it was
    /// pushed, i.e. where it belongs among the copied bytes. Written from the caller's
    /// memory before the submission's drop returns (`borrowed.rs`).
    borrowed: Vec<(usize, &'a [u8])>,
}

impl Submission<'_> {
    /// Appends one command (given as byte segments that concatenate to its RESP form)
    /// and registers its responder in the same order.
    pub(crate) fn push(
        &mut self,
        segments: &[&[u8]],
        responder: Responder,
        deadline: Option<Instant>,
    ) {
        let Some(st) = self.st.as_mut() else { return };
        for s in segments {
            st.out.extend_from_slice(s);
        }
        if let Some(d) = deadline {
            match st.sweep_at {
                Some(at) if at <= d => {}
                _ => {
                    st.sweep_at = Some(d);
                    self.wake_sweeper = true;
                }
            }
        }
        st.pending.push_back(Pending {
            responder,
            deadline,
            pushes: 0,
            push_code: 0,
        });
        self.pushed += 1;
    }

    /// Appends a subscription command whose `pushes` confirmation pushes (RESP3)
    /// answer it. Its entry keeps its place in the queue like any other, so replies to
    /// the requests around it still match by position.
    pub(crate) fn push_answered_by_pushes(
        &mut self,
        segments: &[&[u8]],
        responder: Responder,
        deadline: Option<Instant>,
        pushes: u32,
        push_code: u8,
    ) {
        self.push(segments, responder, deadline);
        if let Some(p) = self.st.as_mut().and_then(|st| st.pending.back_mut()) {
            p.pushes = pushes;
            p.push_code = push_code;
        }
    }
}

impl Drop for Submission<'_> {
    fn drop(&mut self) {
        if let Some(st) = self.st.take() {
            if !self.borrowed.is_empty() {
                let parts = std::mem::take(&mut self.borrowed);
                self.conn.flush_borrowed(st, &parts);
            } else if self.coalesce && st.pending.len() > self.pushed {
                self.conn.hand_to_writer(st);
            } else {
                self.conn.flush(st);
            }
        }
        if self.wake_sweeper {
            self.conn.sweeper_wake.notify_one();
        }
    }
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding this lock would be a bug in this file; the state stays
    // consistent (every mutation is a single push/pop), so keep serving rather than
    // poisoning every later request.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Conn {
    /// Wraps a handshaken connection and starts its reader, writer and sweeper tasks.
    pub(crate) fn start(
        read: ReadSide,
        write: WriteSide,
        leftover: BytesMut,
        shared: Arc<Shared>,
        default_timeout: Option<Duration>,
    ) -> Arc<Conn> {
        let (closed_tx, _) = watch::channel(false);
        let conn = Arc::new(Conn {
            id: CONN_IDS.fetch_add(1, Ordering::Relaxed),
            push_arrays: std::sync::atomic::AtomicBool::new(false),
            last_read_ms: std::sync::atomic::AtomicU64::new(0),
            trim_reads: std::sync::atomic::AtomicBool::new(false),
            born: std::time::Instant::now(),
            state: Mutex::new(State {
                out: BytesMut::with_capacity(16 * 1024),
                spare: BytesMut::new(),
                pending: VecDeque::with_capacity(64),
                flushing: false,
                closed: None,
                cause: None,
                sweep_at: None,
            }),
            writer: write,
            writes: AtomicU64::new(0),
            writer_wake: Notify::new(),
            sweeper_wake: Notify::new(),
            closed_tx,
            shared,
            default_timeout,
            live: crate::stats::Live::new(crate::stats::Counted::Connection),
        });
        tokio::spawn(read_loop(conn.clone(), read, leftover));
        tokio::spawn(write_loop(conn.clone()));
        tokio::spawn(sweep_loop(conn.clone()));
        conn
    }

    /// Starts a batch of submissions, or says why the connection cannot take any.
    pub(crate) fn begin(&self) -> std::result::Result<Submission<'_>, Error> {
        let st = lock(&self.state);
        if let Some(e) = &st.closed {
            return Err(e.clone());
        }
        Ok(Submission {
            conn: self,
            st: Some(st),
            wake_sweeper: false,
            coalesce: false,
            pushed: 0,
            borrowed: Vec::new(),
        })
    }

    /// [`begin`](Self::begin) for one request of many concurrent tasks, each submitting
    /// on its own (the async API). Written inline, every such request would cost a write
    /// syscall; when others are already in flight the write goes to the writer task
    /// instead, which runs after the tasks that are ready now had their turn and sends
    /// what they all appended in one write. A request on an idle connection is still
    /// written at once: nobody else is coming to share the write with.
    pub(crate) fn begin_coalescing(&self) -> std::result::Result<Submission<'_>, Error> {
        let mut sub = self.begin()?;
        sub.coalesce = true;
        Ok(sub)
    }

    /// Hands the socket to the writer task. Its write happens when the runtime next runs,
    /// which for an embedder that drives the runtime by polling (the C ABI) means: when
    /// the host polls. A lone host caller waits for its reply's bytes, not for our write,
    /// so the sink is told to wake it (`CompletionSink::runtime_work`); without that, a
    /// TLS request (always written by the task) sat until the host's wait timed out.
    fn wake_writer(&self) {
        self.writer_wake.notify_one();
        if let Some(s) = &self.shared.sink {
            s.runtime_work();
        }
    }

    /// Gives the pending bytes to the writer task, unless someone already owns the socket.
    fn hand_to_writer(&self, mut st: MutexGuard<'_, State>) {
        if st.flushing || st.out.is_empty() || st.closed.is_some() {
            return;
        }
        st.flushing = true;
        drop(st);
        self.wake_writer();
    }

    /// Makes this a RESP2 subscriber connection (see `push_arrays`).
    pub(crate) fn set_push_arrays(&self) {
        self.push_arrays.store(true, Ordering::Release);
    }

    /// Requests on the wire without a reply yet.
    pub(crate) fn pending_len(&self) -> usize {
        lock(&self.state).pending.len()
    }

    /// True when the server has been silent for longer than `silence` past the point
    /// where silence stops being explained. Requests are waiting, every one of them has
    /// a deadline (no blocking command, which may legitimately keep the server silent),
    /// and nothing at all has been read for `silence` after both the last read and the
    /// deadline of the request at the head of the queue. That request is the one the
    /// server works on; while its own timeout runs, a long command (DEBUG SLEEP, a huge
    /// SADD, a slow script) is not mistaken for a dead peer. Once it has timed out and
    /// the server still says nothing, the peer is gone or hung.
    pub(crate) fn stalled(&self, silence: Duration) -> bool {
        let head_deadline = {
            let st = lock(&self.state);
            if st.pending.is_empty() || st.pending.iter().any(|p| p.deadline.is_none()) {
                return false;
            }
            st.pending.front().and_then(|p| p.deadline)
        };
        let last = Duration::from_millis(self.last_read_ms.load(Ordering::Relaxed));
        let last_read = Instant::from_std(self.born) + last;
        let quiet_since = head_deadline.map_or(last_read, |d| d.max(last_read));
        Instant::now().saturating_duration_since(quiet_since) > silence
    }

    /// A mark that changes whenever the reader gets bytes (ms since the connection was
    /// born): equal marks a heartbeat interval apart mean nothing was read in between.
    pub(crate) fn read_mark(&self) -> u64 {
        self.last_read_ms.load(Ordering::Relaxed)
    }

    /// Gives back the memory kept for bursts — the write spare, an empty write buffer
    /// grown past its usual size, and (at the reader's next read) its read blocks —
    /// once the connection has been idle for a whole heartbeat interval. Buffers kept
    /// for the next burst are what makes 64 KiB traffic cheap (`out_spare.rs`,
    /// `read_room.rs`); an idle connection should not keep them for good.
    pub(crate) fn release_idle_memory(&self) {
        lock(&self.state).trim_idle();
        self.trim_reads.store(true, Ordering::Relaxed);
    }

    fn note_read(&self) {
        let ms = self.born.elapsed().as_millis() as u64;
        self.last_read_ms.store(ms, Ordering::Relaxed);
    }

    /// The error that failed the connection, once one has.
    pub(crate) fn close_cause(&self) -> Option<Error> {
        lock(&self.state).cause.clone()
    }

    pub(crate) fn is_closed(&self) -> bool {
        *self.closed_tx.borrow()
    }

    /// Resolves once the connection has failed or been closed.
    pub(crate) async fn closed(&self) {
        let mut rx = self.closed_tx.subscribe();
        let _ = rx.wait_for(|c| *c).await;
    }

    /// Writes what is pending if nobody else is writing. Whoever sets `flushing` owns the
    /// socket until it clears it; submitters that find it set just append. For plain TCP
    /// the submitting thread writes inline — with the lock released, so the reader is
    /// never kept waiting on a syscall — and hands over to the writer task only when the
    /// socket is full or the others keep it busy. TLS always goes through the writer task.
    fn flush(&self, mut st: MutexGuard<'_, State>) {
        if st.flushing || st.out.is_empty() || st.closed.is_some() {
            return;
        }
        st.flushing = true;
        let WriteSide::Tcp(w) = &self.writer else {
            drop(st);
            self.wake_writer();
            return;
        };
        let mut buf = st.take_out();
        drop(st);
        // A few rounds inline; past that, the submitters are outpacing us and the writer
        // task is the better owner.
        for _ in 0..4 {
            let full = loop {
                self.writes.fetch_add(1, Ordering::Relaxed);
                match w.try_write(&buf) {
                    Ok(0) => break true,
                    Ok(n) => {
                        buf.advance(n);
                        if buf.is_empty() {
                            break false;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break true, // full socket or an error: the writer task sorts it out
                }
            };
            let mut st = lock(&self.state);
            if full {
                // What is left goes back in front of what others appended meanwhile.
                st.put_back_in_front(buf);
                drop(st);
                self.wake_writer();
                return;
            }
            if st.out.is_empty() || st.closed.is_some() {
                st.keep_spare(buf);
                st.flushing = false;
                return;
            }
            buf.clear();
            std::mem::swap(&mut buf, &mut st.out);
        }
        // Still busy after several rounds: let the writer task take over.
        let mut st = lock(&self.state);
        st.put_back_in_front(buf);
        drop(st);
        self.wake_writer();
    }

    /// Fails the connection: every pending request gets `err`, later submissions are
    /// refused, and the tasks wind down. Idempotent; the first error wins.
    pub(crate) fn fail(&self, err: Error) {
        let drained: Vec<Pending> = {
            let mut st = lock(&self.state);
            if st.closed.is_some() {
                return;
            }
            st.closed = Some(match &err {
                Error::Closing => Error::Closing,
                other => Error::Disconnect(format!("connection lost: {other}")),
            });
            st.cause = Some(err.clone());
            st.out.clear();
            st.pending.drain(..).collect()
        };
        self.live.end();
        for p in drained {
            self.shared.complete(p.responder, Err(&err));
        }
        self.shared.flush_sink();
        self.closed_tx.send_replace(true);
        if let Some(ps) = self.shared.pubsub.get() {
            ps.conn_closed(self.id);
        }
        self.writer_wake.notify_one();
        self.sweeper_wake.notify_one();
    }

    /// Completes, with a timeout, every request whose deadline has passed, and returns
    /// when to look again: the earliest deadline ahead or, with none pending, one default
    /// timeout from now — no request submitted later can expire before that, so ordinary
    /// submissions never need to wake the sweeper.
    fn expire(&self, now: Instant) -> Instant {
        let mut expired = Vec::new();
        let wake = {
            let mut st = lock(&self.state);
            let mut next: Option<Instant> = None;
            for p in st.pending.iter_mut() {
                if matches!(p.responder, Responder::Discard) {
                    continue;
                }
                if let Some(d) = p.deadline {
                    if d <= now {
                        expired.push(std::mem::replace(&mut p.responder, Responder::Discard));
                    } else if next.map_or(true, |n| d < n) {
                        next = Some(d);
                    }
                }
            }
            let wake = next
                .unwrap_or_else(|| now + self.default_timeout.unwrap_or(Duration::from_secs(3600)));
            st.sweep_at = Some(wake);
            wake
        };
        if !expired.is_empty() {
            for r in expired {
                crate::telemetry::count(crate::telemetry::Counter::Timeout);
                self.shared.complete(r, Err(&Error::Timeout));
            }
            self.shared.flush_sink();
        }
        wake
    }
}

/// Reads replies, delimits frames and hands each to the request at the head of the
/// queue. All frames found in one read are matched under a single lock acquisition.
async fn read_loop(conn: Arc<Conn>, mut rd: ReadSide, mut buf: BytesMut) {
    let mut closed = conn.closed_tx.subscribe();
    let mut scanner = Scanner::new();
    let mut frames: Vec<(usize, usize, FrameKind)> = Vec::with_capacity(64);
    let mut popped: Vec<Responder> = Vec::with_capacity(64);
    let mut room = read_room::ReadRoom::default();
    // Token replies of one read, handed to the sink together: (token, start, len).
    let mut run: Vec<(u64, usize, usize)> = Vec::with_capacity(64);
    let err = loop {
        // Delimit every complete frame already buffered.
        frames.clear();
        let mut offset = 0;
        let mut protocol_error = None;
        while offset < buf.len() {
            match scanner.scan(&buf[offset..]) {
                Ok(Some(info)) => {
                    scanner.reset();
                    room.saw_frame(info.len);
                    frames.push((offset, info.len, info.kind));
                    offset += info.len;
                }
                Ok(None) => break,
                Err(e) => {
                    protocol_error = Some(Error::from(e));
                    break;
                }
            }
        }
        if offset > 0
            && (frames.iter().any(|f| f.2 == FrameKind::Push)
                || conn.push_arrays.load(Ordering::Relaxed))
        {
            let chunk = buf.split_to(offset).freeze();
            if let Err(e) = with_pushes(&conn, &chunk, &frames) {
                break e;
            }
        } else if offset > 0 {
            let chunk = buf.split_to(offset).freeze();
            // The scanner keeps state relative to the start of the partial frame, which
            // is now the start of `buf`: consistent with the split above.
            let replies = frames.iter().filter(|f| f.2 != FrameKind::Push).count();
            {
                let mut st = lock(&conn.state);
                if st.closed.is_some() {
                    break Error::Closing;
                }
                if st.pending.len() < replies {
                    drop(st);
                    break Error::Protocol("reply received with no request waiting for it".into());
                }
                popped.extend(st.pending.drain(..replies).map(|p| p.responder));
            }
            let mut responders = popped.drain(..);
            let sink = conn.shared.sink.as_deref();
            for &(start, len, kind) in &frames {
                if kind == FrameKind::Push {
                    continue; // push frames never take a request's slot
                }
                match (responders.next(), sink) {
                    // Tokens' replies go to the sink together, after the loop; what
                    // `Shared::complete` does for a token besides is done here, the
                    // slot given back before the sink hears of the reply.
                    (Some(Responder::Token(t)), Some(_)) => {
                        conn.shared.observe(None);
                        conn.shared.release();
                        run.push((t, start, len));
                    }
                    (Some(r), _) => {
                        // Whatever answers other responders sees the replies before
                        // it in order.
                        if let Some(s) = sink.filter(|_| !run.is_empty()) {
                            s.complete_frames(&chunk, &run);
                            run.clear();
                        }
                        let frame = chunk.slice(start..start + len);
                        conn.shared.complete(r, Ok(&frame));
                    }
                    (None, _) => {}
                }
            }
            drop(responders);
            if let Some(s) = sink.filter(|_| !run.is_empty()) {
                s.complete_frames(&chunk, &run);
                run.clear();
            }
            conn.shared.flush_sink();
        }
        if let Some(e) = protocol_error {
            break e;
        }
        if conn.trim_reads.load(Ordering::Relaxed) {
            conn.trim_reads.store(false, Ordering::Relaxed);
            room.release(&mut buf);
        }
        // A large bulk reply (a GET of a big value) announces its size up front: make
        // room for all of it at once instead of growing the buffer, copy by copy, as it
        // arrives. Beyond what a server sends by default (512 MiB bulk strings), the
        // buffer grows as before: a bogus header must not reserve unbounded memory.
        let want = match bulk_frame_len(&buf) {
            Some(need) if need <= MAX_UPFRONT => need.saturating_sub(buf.len()),
            _ => 0,
        };
        room.make_room(&mut buf, want);
        tokio::select! {
            r = rd.read_buf(&mut buf) => match r {
                Ok(0) => break Error::Connection("connection closed by the server".into()),
                Ok(_) => conn.note_read(),
                Err(e) => break Error::Connection(format!("read: {e}")),
            },
            _ = closed.wait_for(|c| *c) => break Error::Closing,
        }
    };
    conn.fail(err);
}

/// The reader's path for a read that holds pushes (pub/sub messages, subscription
/// confirmations): frames are taken strictly in order, a confirmation answers the
/// subscription command at the head of the queue when it is one of its kind, and every
/// other push leaves the queue alone.
fn with_pushes(
    conn: &Arc<Conn>,
    chunk: &Bytes,
    frames: &[(usize, usize, FrameKind)],
) -> std::result::Result<(), Error> {
    let arrays = conn.push_arrays.load(Ordering::Relaxed);
    let decoded: Vec<Option<Push>> = frames
        .iter()
        .map(|&(start, len, kind)| {
            if kind != FrameKind::Push && !arrays {
                return None;
            }
            match resp::decode(chunk.slice(start..start + len)) {
                Ok(Value::Push(items)) => Some(classify_push(&items)),
                // RESP2 subscriber connection: a pub/sub array is a push, anything
                // else (PONG of a heartbeat, an error) answers a request.
                Ok(Value::Array(items)) => match classify_push(&items) {
                    Push::Other => None,
                    p => Some(p),
                },
                _ if kind == FrameKind::Push => Some(Push::Other),
                _ => None,
            }
        })
        .collect();
    // (frame index, responder) in frame order.
    let mut done: Vec<(usize, Responder)> = Vec::new();
    {
        let mut st = lock(&conn.state);
        if st.closed.is_some() {
            return Err(Error::Closing);
        }
        for (i, d) in decoded.iter().enumerate() {
            match d {
                None => match st.pending.pop_front() {
                    Some(p) => done.push((i, p.responder)),
                    None => {
                        return Err(Error::Protocol(
                            "reply received with no request waiting for it".into(),
                        ))
                    }
                },
                Some(Push::Confirm {
                    kind, subscribed, ..
                }) => {
                    let code = push_code(*kind, *subscribed);
                    let answered = match st.pending.front_mut() {
                        Some(p) if p.pushes > 0 && p.push_code == code => {
                            p.pushes -= 1;
                            p.pushes == 0
                        }
                        _ => false,
                    };
                    if answered {
                        if let Some(p) = st.pending.pop_front() {
                            done.push((i, p.responder));
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }
    let mut pushes = Vec::new();
    let mut done = done.into_iter().peekable();
    for (i, d) in decoded.into_iter().enumerate() {
        if let Some(p) = d {
            pushes.push(p);
        }
        // Confirmations reach the pub/sub state before the command they answer
        // completes: whoever it wakes finds them recorded.
        while let Some((j, _)) = done.peek() {
            if *j != i {
                break;
            }
            if !pushes.is_empty() {
                if let Some(ps) = conn.shared.pubsub.get() {
                    ps.on_pushes(conn, std::mem::take(&mut pushes));
                }
                pushes.clear();
            }
            if let Some((_, r)) = done.next() {
                let (start, len, _) = frames[i];
                conn.shared
                    .complete(r, Ok(&chunk.slice(start..start + len)));
            }
        }
    }
    if !pushes.is_empty() {
        if let Some(ps) = conn.shared.pubsub.get() {
            ps.on_pushes(conn, pushes);
        }
    }
    conn.shared.flush_sink();
    Ok(())
}

/// The largest frame the reader makes room for before it has arrived.
const MAX_UPFRONT: usize = 513 << 20;

/// The whole length of the bulk string frame (`$<len>\r\n…\r\n`) that `buf` starts
/// with, when its header is complete; `None` for anything else.
fn bulk_frame_len(buf: &[u8]) -> Option<usize> {
    if buf.first() != Some(&b'$') {
        return None;
    }
    let mut n: usize = 0;
    for (i, &b) in buf.iter().enumerate().skip(1).take(20) {
        match b {
            b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?,
            b'\r' if i > 1 => return (i + 2).checked_add(n)?.checked_add(2),
            _ => return None,
        }
    }
    None
}

/// Takes over writing when the socket was busy (or for TLS), until `out` is drained.
///
/// Ownership of the socket is explicit: whoever set `flushing` hands it over with
/// `writer_wake` (or the connection is closing). The task only ever clears `flushing`
/// after such a hand-off, so it cannot race an inline writer that owns the socket.
async fn write_loop(conn: Arc<Conn>) {
    loop {
        conn.writer_wake.notified().await;
        // Let the tasks that are ready now run first: those that submit meanwhile
        // append to what this write sends (see Conn::begin_coalescing).
        tokio::task::yield_now().await;
        // The buffer written last, handed back as the spare on the next take.
        let mut written: Option<BytesMut> = None;
        loop {
            let chunk: BytesMut = {
                let mut st = lock(&conn.state);
                if let Some(b) = written.take() {
                    st.keep_spare(b);
                }
                if st.closed.is_some() {
                    return;
                }
                if st.out.is_empty() {
                    st.flushing = false;
                    break;
                }
                st.take_out()
            };
            let res = match &conn.writer {
                WriteSide::Tcp(w) => write_tcp(w, &chunk, &conn.writes).await,
                WriteSide::Tls(w) => {
                    let mut w = w.lock().await;
                    match w.write_all(&chunk).await {
                        Ok(()) => w.flush().await,
                        Err(e) => Err(e),
                    }
                }
            };
            if let Err(e) = res {
                conn.fail(Error::Connection(format!("write: {e}")));
                return;
            }
            written = Some(chunk);
        }
    }
}

async fn write_tcp(
    w: &tokio::net::tcp::OwnedWriteHalf,
    mut data: &[u8],
    writes: &AtomicU64,
) -> io::Result<()> {
    while !data.is_empty() {
        w.writable().await?;
        writes.fetch_add(1, Ordering::Relaxed);
        match w.try_write(data) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Expires timed-out requests. One timer per connection instead of one per request: it
/// sleeps until the earliest deadline it knows, and submitters wake it only when they
/// bring an earlier one.
async fn sweep_loop(conn: Arc<Conn>) {
    loop {
        if conn.is_closed() {
            return;
        }
        let wake = conn.expire(Instant::now());
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {}
            _ = conn.sweeper_wake.notified() => {}
        }
    }
}

#[cfg(test)]
#[path = "conn_tests.rs"]
mod tests;
