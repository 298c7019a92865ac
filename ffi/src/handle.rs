//! The entry points. Each validates its pointers, runs under `catch_unwind`, and maps
//! every failure to a [`VkStatus`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use valkite::{Client, ClusterClient, CompletionSink, Error, RawRequest, RequestTimeout, Route};

use crate::config::{to_any_config, Config, VkConfig};
use crate::engine::Engine;
use crate::error::{status_of, VkStatus};
use crate::queue::{ClientSink, Queue, Take};
use crate::ready::Polling;

/// A client. Opaque to C; create with [`vk_client_new`], close with [`vk_client_close`],
/// release with [`vk_client_free`] once no call on it is running any more.
///
/// Every client runs on the process's one engine (engine.rs): its completions arrive,
/// tagged with [`vk_client_id`], through the engine-wide [`vk_poll`]/[`vk_poll_ready`].
pub struct VkClient {
    pub(crate) engine: &'static Engine,
    pub(crate) sink: Arc<ClientSink>,
    pub(crate) client: AnyClient,
    pub(crate) closed: AtomicBool,
    /// Pub/sub message wake-ups (pubsub.rs), made on first use.
    pub(crate) pubsub_fd: std::sync::OnceLock<Option<Arc<std::os::fd::OwnedFd>>>,
}

/// Standalone or cluster: the C ABI is the same for both (`VkConfig::cluster` picks).
#[derive(Clone)]
pub(crate) enum AnyClient {
    Standalone(Client),
    Cluster(ClusterClient),
}

impl AnyClient {
    fn submit_raw<'a>(&self, requests: impl IntoIterator<Item = RawRequest<'a>>) {
        match self {
            AnyClient::Standalone(c) => c.submit_raw(requests),
            AnyClient::Cluster(c) => c.submit_raw(requests),
        }
    }

    fn close(&self) {
        match self {
            AnyClient::Standalone(c) => c.close(),
            AnyClient::Cluster(c) => c.close(),
        }
    }

    fn cancel(&self, token: u64) -> bool {
        match self {
            AnyClient::Standalone(c) => c.cancel(token),
            AnyClient::Cluster(c) => c.cancel(token),
        }
    }

    fn inflight(&self) -> usize {
        match self {
            AnyClient::Standalone(c) => c.inflight(),
            AnyClient::Cluster(c) => c.inflight(),
        }
    }
}

impl VkClient {
    /// Cancels a blocking request by token, inside the client's runtime (see
    /// `crate::cancel`).
    pub(crate) fn cancel(&self, token: u64) -> bool {
        if self.closed.load(Ordering::Acquire) {
            return false;
        }
        let _enter = self.engine.rt.enter();
        self.client.cancel(token)
    }
}

pub(crate) fn guard(f: impl FnOnce() -> VkStatus) -> VkStatus {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(VkStatus::VkErrPanic)
}

/// # Safety
/// `buf` must be valid for `cap` bytes and `len` writable, or null.
pub(crate) unsafe fn write_message(msg: &str, buf: *mut u8, cap: usize, len: *mut usize) {
    let n = msg.len().min(cap);
    if !buf.is_null() && n > 0 {
        // SAFETY: the caller promises `cap` writable bytes at `buf`; n ≤ cap.
        unsafe { std::ptr::copy_nonoverlapping(msg.as_ptr(), buf, n) };
    }
    if !len.is_null() && len.is_aligned() {
        // SAFETY: non-null and aligned, caller-provided out parameter.
        unsafe { *len = if buf.is_null() { 0 } else { n } };
    }
}

/// Creates a client on the process's engine and (unless lazy) connects it. On failure,
/// writes a message of at most `err_cap` bytes to `err_buf` and its length to `err_len`.
///
/// # Safety
/// `cfg` must point to a valid [`VkConfig`] whose pointers describe readable memory;
/// `out` must be writable; `err_buf` must have `err_cap` writable bytes or be null.
#[no_mangle]
pub unsafe extern "C" fn vk_client_new(
    cfg: *const VkConfig,
    out: *mut *mut VkClient,
    err_buf: *mut u8,
    err_cap: usize,
    err_len: *mut usize,
) -> VkStatus {
    guard(|| {
        let fail = |e: &Error| {
            // SAFETY: forwarded contract of this function.
            unsafe { write_message(&e.to_string(), err_buf, err_cap, err_len) };
            status_of(e)
        };
        if cfg.is_null() || out.is_null() {
            return fail(&Error::Configuration(
                "null configuration or output pointer".into(),
            ));
        }
        // A misaligned pointer cannot come from a correct host; dereferencing one is
        // undefined (and aborts in debug builds), so refuse before touching it.
        if !cfg.is_aligned() || !out.is_aligned() || !err_len.is_aligned() {
            return fail(&Error::Configuration(
                "misaligned configuration or output pointer".into(),
            ));
        }
        // SAFETY: non-null; the caller promises a valid VkConfig.
        let config = match unsafe { to_any_config(&*cfg) } {
            Ok(c) => c,
            Err(e) => return fail(&e),
        };
        let engine = match Engine::get() {
            Ok(e) => e,
            Err(msg) => return fail(&Error::Connection(msg.into())),
        };
        let sink = Arc::new(ClientSink {
            id: engine.next_id(),
            queue: engine.queue.clone(),
        });
        let dyn_sink: Arc<dyn CompletionSink> = sink.clone();
        let connected = match config {
            Config::Standalone(cfg) => engine
                .rt
                .block_on(Client::connect_with_sink(cfg, dyn_sink))
                .map(AnyClient::Standalone),
            Config::Cluster(cfg) => engine
                .rt
                .block_on(ClusterClient::connect_with_sink(cfg, dyn_sink))
                .map(AnyClient::Cluster),
        };
        let client = match connected {
            Ok(c) => c,
            Err(e) => return fail(&e),
        };
        let handle = Box::new(VkClient {
            engine,
            sink,
            client,
            closed: AtomicBool::new(false),
            pubsub_fd: std::sync::OnceLock::new(),
        });
        // SAFETY: `out` is non-null and writable per the contract.
        unsafe { *out = Box::into_raw(handle) };
        VkStatus::VkOk
    })
}

/// Fixed part of a submission record: token u64, timeout_us u64, command length u32,
/// route kind u8, route data length u16 (all LE).
pub const VK_SUBMIT_HEADER: usize = 23;
const SUBMIT_HEADER: usize = VK_SUBMIT_HEADER;
/// A traced record (`VK_ROUTE_TRACED` in its route byte) carries its span id, u64 LE,
/// between the route data and the command.
const SPAN_LEN: usize = 8;

/// Submits a batch of requests: records of `token: u64, timeout_us: u64, len: u32,
/// route: u8, route_len: u16, route_data[route_len], command[len]` (little-endian), each
/// command a complete RESP array of bulk strings. `timeout_us`: 0 = the client's default,
/// `u64::MAX` = none. `route`: see `valkite::route::code` (0 = by the command itself); its
/// two high bits restrict a cluster request's retries (`NO_RETRY_SERVER` 0x80,
/// `NO_RETRY_CONNECTION` 0x40); `TRACED` (0x10) says a span id (u64) follows the route
/// data.
///
/// Every token gets exactly one completion from [`vk_poll`] — unless this call returns
/// an error, in which case none of the batch was taken and no token will complete. A
/// record whose route cannot be decoded completes at once with
/// `VkErrInvalidArgument` and a message saying why; the others go ahead.
///
/// # Safety
/// `client` must come from [`vk_client_new`] and not be freed; `buf` valid for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn vk_submit(
    client: *const VkClient,
    buf: *const u8,
    len: usize,
) -> VkStatus {
    guard(|| {
        if client.is_null() || !client.is_aligned() || (buf.is_null() && len > 0) {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: non-null, live per the contract.
        let c = unsafe { &*client };
        if c.closed.load(Ordering::Acquire) {
            return VkStatus::VkErrClosing;
        }
        if len == 0 {
            return VkStatus::VkOk;
        }
        // SAFETY: non-null, `len` readable bytes per the contract.
        let data = unsafe { std::slice::from_raw_parts(buf, len) };
        // Validate the framing of the whole batch before taking any of it.
        let mut off = 0;
        while off < data.len() {
            if data.len() - off < SUBMIT_HEADER {
                return VkStatus::VkErrInvalidArgument;
            }
            let n = u32::from_le_bytes([
                data[off + 16],
                data[off + 17],
                data[off + 18],
                data[off + 19],
            ]) as usize;
            let mut r = u16::from_le_bytes([data[off + 21], data[off + 22]]) as usize;
            if data[off + 20] & valkite::route::code::TRACED != 0 {
                r += SPAN_LEN;
            }
            if data.len() - off - SUBMIT_HEADER < n + r {
                return VkStatus::VkErrInvalidArgument;
            }
            off += SUBMIT_HEADER + r + n;
        }
        let mut records = Records {
            data,
            off: 0,
            sink: &c.sink,
            refused: false,
        };
        // Entering the runtime lets the core spawn or arm timers from this thread.
        let _enter = c.engine.rt.enter();
        c.client
            .submit_raw((&mut records).filter(|r| !crate::pubsub::divert(c, r)));
        if records.refused {
            c.sink.flush();
        }
        VkStatus::VkOk
    })
}

struct Records<'a> {
    data: &'a [u8],
    off: usize,
    /// Where a record with an undecodable route is failed.
    sink: &'a ClientSink,
    /// Some record was failed here (its completion still needs a wake-up).
    refused: bool,
}

impl<'a> Iterator for &mut Records<'a> {
    type Item = RawRequest<'a>;
    fn next(&mut self) -> Option<RawRequest<'a>> {
        loop {
            match self.next_record()? {
                Ok(r) => return Some(r),
                Err((token, e)) => {
                    self.sink.complete(token, Err(&e));
                    self.refused = true;
                }
            }
        }
    }
}

impl<'a> Records<'a> {
    /// The next record, or its token and why its route cannot be used.
    fn next_record(&mut self) -> Option<Result<RawRequest<'a>, (u64, Error)>> {
        let d = self.data;
        let o = self.off;
        if d.len() < o + SUBMIT_HEADER {
            return None;
        }
        let le8 = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&d[i..i + 8]);
            u64::from_le_bytes(b)
        };
        let token = le8(o);
        let timeout = match le8(o + 8) {
            0 => RequestTimeout::Default,
            u64::MAX => RequestTimeout::Never,
            us => RequestTimeout::After(Duration::from_micros(us)),
        };
        let n = u32::from_le_bytes([d[o + 16], d[o + 17], d[o + 18], d[o + 19]]) as usize;
        let kind_byte = d[o + 20];
        let kind = kind_byte & valkite::route::code::KIND_MASK;
        let mut retry = valkite::RetryPolicy::from_route_byte(kind_byte);
        let r = u16::from_le_bytes([d[o + 21], d[o + 22]]) as usize;
        let route_start = o + SUBMIT_HEADER;
        let route_data = d.get(route_start..route_start + r)?;
        let mut start = route_start + r;
        if kind_byte & valkite::route::code::TRACED != 0 {
            d.get(start..start + SPAN_LEN)?;
            retry.span = le8(start);
            start += SPAN_LEN;
        }
        let command = d.get(start..start + n)?;
        self.off = start + n;
        // An undecodable route fails its own request, with the decoder's reason.
        let route = match Route::decode(kind, route_data) {
            Ok(r) => r,
            Err(Error::InvalidRequest(m)) => {
                let why = Error::InvalidRequest(format!("undecodable route: {m}"));
                return Some(Err((token, why)));
            }
            Err(e) => return Some(Err((token, e))),
        };
        Some(Ok(RawRequest {
            command,
            token,
            timeout,
            route,
            retry,
        }))
    }
}

/// Blocks until completions are available, then copies whole records —
/// `client: u32, token: u64, status: u8, len: u32, payload[len]` (LE;
/// `VK_COMPLETION_HEADER` bytes before the payload) — into `buf` and stores the byte
/// count in `*written`. The records are those of every client of the process; `client`
/// is the [`vk_client_id`] of the one it belongs to. `status` 0 means `payload` is the
/// raw RESP reply; otherwise it is a [`VkStatus`] and `payload` a UTF-8 message, or,
/// for `VkClientGone`, empty: that client's last record.
///
/// Returns `VkErrBufferTooSmall` with the needed size in `*written` when the next record
/// does not fit. Returns `VkOk` with nothing written after [`vk_poll_interrupt`]. While a
/// thread is in here, it runs the engine: every client's I/O and timers.
///
/// # Safety
/// `buf` valid for `cap` writable bytes; `written` writable.
#[no_mangle]
pub unsafe extern "C" fn vk_poll(buf: *mut u8, cap: usize, written: *mut usize) -> VkStatus {
    // SAFETY: forwarded contract of this function.
    unsafe {
        poll_with(buf, cap, written, |e, out| {
            let queue = &e.queue;
            e.rt.block_on(async {
                // One turn of the runtime first, as in vk_poll_ready: queued completions
                // must not keep the connection work from running.
                tokio::task::yield_now().await;
                loop {
                    match queue.take(out) {
                        Take::Empty => {
                            queue.ready().await;
                            if !queue.has_work() {
                                return Take::Empty; // interrupted
                            }
                        }
                        other => return other,
                    }
                }
            })
        })
    }
}

/// Makes a thread blocked in [`vk_poll`] return (with nothing, if nothing completed);
/// if none is, the next [`vk_poll`] returns at once. For a host that wants its poller
/// back, e.g. to stop it once it holds no client.
#[no_mangle]
pub extern "C" fn vk_poll_interrupt() {
    let _ = catch_unwind(|| {
        if let Some(e) = Engine::existing() {
            e.queue.interrupt();
        }
    });
}

/// What both poll entry points share: argument checks, the panic guard, the marker
/// that this thread is polling, and turning the queue's answer into a status.
///
/// # Safety
/// As for [`vk_poll`].
unsafe fn poll_with(
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
    f: impl FnOnce(&Engine, &mut [u8]) -> Take,
) -> VkStatus {
    guard(|| {
        if buf.is_null() || written.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        if !written.is_aligned() {
            return VkStatus::VkErrInvalidArgument;
        }
        let Ok(e) = Engine::get() else {
            return VkStatus::VkErrConnection;
        };
        // SAFETY: `cap` writable bytes per the contract.
        let out = unsafe { std::slice::from_raw_parts_mut(buf, cap) };
        let _polling = Polling::enter();
        let took = f(e, out);
        // SAFETY: non-null, writable per the contract.
        unsafe { finish(&e.queue, took, written) }
    })
}

/// Maps a queue take to the poll's status and byte count. Records left behind (the
/// host's buffer was full) keep the readiness descriptor readable, so a host waiting
/// on it comes straight back for them.
///
/// # Safety
/// `written` must be writable.
unsafe fn finish(queue: &Queue, took: Take, written: *mut usize) -> VkStatus {
    if matches!(took, Take::Wrote(_) | Take::Needs(_)) && queue.has_work() {
        if let Some(r) = &queue.ready {
            r.signal();
        }
    }
    let (status, n) = match took {
        Take::Wrote(n) => (VkStatus::VkOk, n),
        Take::Empty => (VkStatus::VkOk, 0),
        Take::Needs(n) => (VkStatus::VkErrBufferTooSmall, n),
    };
    // SAFETY: writable per the contract.
    unsafe { *written = n };
    status
}

/// [`vk_poll`] without the wait: runs the engine once — what the sockets have ready,
/// tasks woken since the last poll, timers due — and copies whatever completions exist,
/// possibly none (`VkOk` with `*written == 0`). For hosts that wait on [`vk_ready_fd`]
/// in their own event loop instead of blocking a thread in here.
///
/// # Safety
/// As for [`vk_poll`].
#[no_mangle]
pub unsafe extern "C" fn vk_poll_ready(buf: *mut u8, cap: usize, written: *mut usize) -> VkStatus {
    // SAFETY: forwarded contract of this function.
    unsafe {
        poll_with(buf, cap, written, |e, out| {
            let queue = &e.queue;
            if let Some(r) = &queue.ready {
                r.drain();
            }
            // Always run the runtime at least once, even with completions already queued:
            // a host that polls only when completions appear (requests failing fast while
            // a node reconnects) must still move the connection work along. The first
            // yield resumes only after the I/O driver and timers ran; the second, when
            // nothing completed yet, lets the readers they woke run before this returns.
            e.rt.block_on(async {
                for i in 0..2 {
                    if i > 0 && queue.has_work() {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
            });
            queue.take(out)
        })
    }
}

/// A descriptor that becomes readable when [`vk_poll_ready`] may have something to
/// do: a socket of some client has bytes, or completions appeared outside a poll. It is
/// level-triggered, owned by the engine (do not close it; duplicate it if the host needs
/// its own), and valid for the life of the process. It does not fire for timers, so a
/// host waiting on it must still call a poll function every so often; -1 when the
/// kernel refused one (keep to [`vk_poll`] then) or no client was ever created.
#[no_mangle]
pub extern "C" fn vk_ready_fd() -> i32 {
    catch_unwind(|| {
        Engine::existing()
            .and_then(|e| e.queue.ready.as_ref())
            .map_or(-1, |r| r.fd())
    })
    .unwrap_or(-1)
}

/// The client's id: the `client` field of its completion records. Unique for the life
/// of the process (never 0).
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_client_id(client: *const VkClient) -> u32 {
    if client.is_null() || !client.is_aligned() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe { &*client }.sink.id
}

/// Closes the client: pending requests complete with `VkErrClosing`, later submissions
/// are refused, and once every task of its connections has ended (its sockets are
/// closed) the engine hands out one `VkClientGone` record for it. Other clients are not
/// affected. Idempotent.
///
/// # Safety
/// `client` from [`vk_client_new`], not yet freed.
#[no_mangle]
pub unsafe extern "C" fn vk_client_close(client: *const VkClient) -> VkStatus {
    guard(|| {
        if client.is_null() || !client.is_aligned() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: live per the contract.
        let c = unsafe { &*client };
        if c.closed.swap(true, Ordering::AcqRel) {
            return VkStatus::VkOk;
        }
        c.client.close();
        // The closed connections' tasks only wind down when the engine runs: make a
        // host waiting on the readiness descriptor poll.
        c.sink.flush();
        c.sink.runtime_work();
        VkStatus::VkOk
    })
}

/// Releases the client handle. Call after [`vk_client_close`] and once no other call on
/// this client is running. Completions of the client may still be handed out by the
/// engine's polls afterwards, up to its `VkClientGone` record.
///
/// # Safety
/// `client` from [`vk_client_new`]; it must not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn vk_client_free(client: *mut VkClient) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if client.is_null() || !client.is_aligned() {
            return;
        }
        // SAFETY: came from Box::into_raw in vk_client_new; ownership returns here once.
        let c = unsafe { Box::from_raw(client) };
        c.client.close();
        drop(c);
    }));
}

/// Releases a reply handed over by reference (a `VkOkRef` completion's `reply` handle).
/// Call exactly once per such record, whether or not its data was read; 0 is ignored.
///
/// # Safety
/// `reply` is a handle from a `VkOkRef` record not freed before.
#[no_mangle]
pub unsafe extern "C" fn vk_reply_free(reply: u64) {
    if reply == 0 {
        return;
    }
    let _ = catch_unwind(|| {
        // SAFETY: the handle came from Box::into_raw in queue::by_ref and,
        // per the contract, ownership returns here once.
        drop(unsafe { Box::from_raw(reply as usize as *mut crate::queue::Reply) });
    });
}

/// Replies handed over by reference (`VkOkRef`) and not yet given back with
/// [`vk_reply_free`], across the process (for tests and diagnostics: a host that frees
/// every reply once sees it return to 0 when nothing is in flight).
#[no_mangle]
pub extern "C" fn vk_replies_held() -> u64 {
    crate::queue::REPLIES_HELD.load(std::sync::atomic::Ordering::Relaxed)
}

/// Requests submitted and not yet completed (for tests and diagnostics).
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_client_inflight(client: *const VkClient) -> u64 {
    if client.is_null() || !client.is_aligned() {
        return 0;
    }
    // SAFETY: live per the contract.
    let c = unsafe { &*client };
    c.client.inflight() as u64
}

/// The library version, NUL-terminated, static.
#[no_mangle]
pub extern "C" fn vk_version() -> *const u8 {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr()
}
