//! The entry points. Each validates its pointers, runs under `catch_unwind`, and maps
//! every failure to a [`VkStatus`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use valkite::{Client, ClusterClient, Error, RawRequest, RequestTimeout, Route};

use crate::config::{to_any_config, Config, VkConfig};
use crate::error::{status_of, VkStatus};
use crate::queue::{Queue, Take};
use crate::ready::Polling;

/// A client. Opaque to C; create with [`vk_client_new`], close with [`vk_client_close`],
/// release with [`vk_client_free`] once no call on it is running any more.
pub struct VkClient {
    pub(crate) rt: tokio::runtime::Runtime,
    pub(crate) client: AnyClient,
    pub(crate) queue: Arc<Queue>,
    pub(crate) closed: AtomicBool,
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

    fn inflight(&self) -> usize {
        match self {
            AnyClient::Standalone(c) => c.inflight(),
            AnyClient::Cluster(c) => c.inflight(),
        }
    }
}

pub(crate) fn guard(f: impl FnOnce() -> VkStatus) -> VkStatus {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(VkStatus::VkErrPanic)
}

/// # Safety
/// `buf` must be valid for `cap` bytes and `len` writable, or null.
unsafe fn write_message(msg: &str, buf: *mut u8, cap: usize, len: *mut usize) {
    let n = msg.len().min(cap);
    if !buf.is_null() && n > 0 {
        // SAFETY: the caller promises `cap` writable bytes at `buf`; n ≤ cap.
        unsafe { std::ptr::copy_nonoverlapping(msg.as_ptr(), buf, n) };
    }
    if !len.is_null() {
        // SAFETY: non-null, caller-provided out parameter.
        unsafe { *len = if buf.is_null() { 0 } else { n } };
    }
}

/// Creates a client and (unless lazy) connects it. On failure, writes a message of at
/// most `err_cap` bytes to `err_buf` and its length to `err_len`.
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
        // SAFETY: non-null; the caller promises a valid VkConfig.
        let config = match unsafe { to_any_config(&*cfg) } {
            Ok(c) => c,
            Err(e) => return fail(&e),
        };
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => return fail(&Error::Connection(format!("cannot start runtime: {e}"))),
        };
        let queue = Arc::new(Queue::default());
        let connected = match config {
            Config::Standalone(cfg) => rt
                .block_on(Client::connect_with_sink(cfg, queue.clone()))
                .map(AnyClient::Standalone),
            Config::Cluster(cfg) => rt
                .block_on(ClusterClient::connect_with_sink(cfg, queue.clone()))
                .map(AnyClient::Cluster),
        };
        let client = match connected {
            Ok(c) => c,
            Err(e) => return fail(&e),
        };
        let handle = Box::new(VkClient {
            rt,
            client,
            queue,
            closed: AtomicBool::new(false),
        });
        // SAFETY: `out` is non-null and writable per the contract.
        unsafe { *out = Box::into_raw(handle) };
        VkStatus::VkOk
    })
}

/// Fixed part of a submission record: token u64, timeout_us u64, command length u32,
/// route kind u8, route data length u16 (all LE).
const SUBMIT_HEADER: usize = 23;

/// Submits a batch of requests: records of `token: u64, timeout_us: u64, len: u32,
/// route: u8, route_len: u16, route_data[route_len], command[len]` (little-endian), each
/// command a complete RESP array of bulk strings. `timeout_us`: 0 = the client's default,
/// `u64::MAX` = none. `route`: see `valkite::route::code` (0 = by the command itself); its
/// two high bits restrict a cluster request's retries (`NO_RETRY_SERVER` 0x80,
/// `NO_RETRY_CONNECTION` 0x40).
///
/// Every token gets exactly one completion from [`vk_poll`] — unless this call returns
/// an error, in which case none of the batch was taken and no token will complete.
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
        if client.is_null() || (buf.is_null() && len > 0) {
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
            let r = u16::from_le_bytes([data[off + 21], data[off + 22]]) as usize;
            if data.len() - off - SUBMIT_HEADER < n + r {
                return VkStatus::VkErrInvalidArgument;
            }
            off += SUBMIT_HEADER + r + n;
        }
        let records = Records { data, off: 0 };
        // Entering the runtime lets the core spawn or arm timers from this thread.
        let _enter = c.rt.enter();
        c.client.submit_raw(records);
        VkStatus::VkOk
    })
}

struct Records<'a> {
    data: &'a [u8],
    off: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = RawRequest<'a>;
    fn next(&mut self) -> Option<RawRequest<'a>> {
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
        let retry = valkite::RetryPolicy::from_route_byte(kind_byte);
        let r = u16::from_le_bytes([d[o + 21], d[o + 22]]) as usize;
        let route_start = o + SUBMIT_HEADER;
        let route_data = d.get(route_start..route_start + r)?;
        let start = route_start + r;
        let command = d.get(start..start + n)?;
        self.off = start + n;
        // An undecodable route is reported on the request itself: the route is
        // replaced by an impossible one the client rejects with a clear message.
        let route =
            Route::decode(kind, route_data).unwrap_or(Route::ByAddress { host: "", port: 0 });
        Some(RawRequest {
            command,
            token,
            timeout,
            route,
            retry,
        })
    }
}

/// Blocks until completions are available, then copies whole records —
/// `token: u64, status: u8, len: u32, payload[len]` (LE) — into `buf` and stores the
/// byte count in `*written`. `status` 0 means `payload` is the raw RESP reply; otherwise it
/// is a [`VkStatus`] and `payload` a UTF-8 message.
///
/// Returns `VkErrBufferTooSmall` with the needed size in `*written` when the next record
/// does not fit, and `VkErrClosing` once the client is closed and every completion has
/// been handed out. While a thread is in here, it runs the client's I/O.
///
/// # Safety
/// `client` live; `buf` valid for `cap` writable bytes; `written` writable.
#[no_mangle]
pub unsafe extern "C" fn vk_poll(
    client: *const VkClient,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> VkStatus {
    // SAFETY: forwarded contract of this function.
    unsafe {
        poll_with(client, buf, cap, written, |c, out| {
            let queue = &c.queue;
            c.rt.block_on(async {
                // One turn of the runtime first, as in vk_poll_ready: queued completions
                // must not keep the connection work from running.
                tokio::task::yield_now().await;
                loop {
                    match queue.take(out) {
                        Take::Empty => queue.ready().await,
                        other => return other,
                    }
                }
            })
        })
    }
}

/// What both poll entry points share: argument checks, the panic guard, the marker
/// that this thread is polling, and turning the queue's answer into a status.
///
/// # Safety
/// As for [`vk_poll`].
unsafe fn poll_with(
    client: *const VkClient,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
    f: impl FnOnce(&VkClient, &mut [u8]) -> Take,
) -> VkStatus {
    guard(|| {
        if client.is_null() || buf.is_null() || written.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: live per the contract.
        let c = unsafe { &*client };
        // SAFETY: `cap` writable bytes per the contract.
        let out = unsafe { std::slice::from_raw_parts_mut(buf, cap) };
        let _polling = Polling::enter();
        let took = f(c, out);
        // SAFETY: non-null, writable per the contract.
        unsafe { finish(&c.queue, took, written) }
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
        Take::Closed => (VkStatus::VkErrClosing, 0),
    };
    // SAFETY: writable per the contract.
    unsafe { *written = n };
    status
}

/// [`vk_poll`] without the wait: runs the client's I/O once — what the sockets have
/// ready, tasks woken since the last poll, timers due — and copies whatever completions
/// exist, possibly none (`VkOk` with `*written == 0`). For hosts that wait on
/// [`vk_client_ready_fd`] in their own event loop instead of blocking a thread in here.
///
/// # Safety
/// As for [`vk_poll`].
#[no_mangle]
pub unsafe extern "C" fn vk_poll_ready(
    client: *const VkClient,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> VkStatus {
    // SAFETY: forwarded contract of this function.
    unsafe {
        poll_with(client, buf, cap, written, |c, out| {
            let queue = &c.queue;
            if let Some(r) = &queue.ready {
                r.drain();
            }
            // Always run the runtime at least once, even with completions already queued:
            // a host that polls only when completions appear (requests failing fast while
            // a node reconnects) must still move the connection work along. The first
            // yield resumes only after the I/O driver and timers ran; the second, when
            // nothing completed yet, lets the readers they woke run before this returns.
            c.rt.block_on(async {
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
/// do: a connection's socket has bytes, or completions appeared outside a poll. It is
/// level-triggered, owned by the client (do not close it; duplicate it if the host
/// needs its own), and valid until [`vk_client_free`]. It does not fire for timers, so
/// a host waiting on it must still call a poll function every so often; -1 when the
/// kernel refused one (keep to [`vk_poll`] then).
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_client_ready_fd(client: *const VkClient) -> i32 {
    if client.is_null() {
        return -1;
    }
    // SAFETY: live per the contract.
    let c = unsafe { &*client };
    c.queue.ready.as_ref().map_or(-1, |r| r.fd())
}

/// Closes the client: pending requests complete with `VkErrClosing`, later submissions
/// are refused, and [`vk_poll`] returns `VkErrClosing` once drained. Idempotent.
///
/// # Safety
/// `client` from [`vk_client_new`], not yet freed.
#[no_mangle]
pub unsafe extern "C" fn vk_client_close(client: *const VkClient) -> VkStatus {
    guard(|| {
        if client.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: live per the contract.
        let c = unsafe { &*client };
        if c.closed.swap(true, Ordering::AcqRel) {
            return VkStatus::VkOk;
        }
        c.client.close();
        c.queue.close();
        VkStatus::VkOk
    })
}

/// Releases the client. Call after [`vk_client_close`] and once no other call on this
/// client is running (in particular, after the poller has seen `VkErrClosing`).
///
/// # Safety
/// `client` from [`vk_client_new`]; it must not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn vk_client_free(client: *mut VkClient) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if client.is_null() {
            return;
        }
        // SAFETY: came from Box::into_raw in vk_client_new; ownership returns here once.
        let c = unsafe { Box::from_raw(client) };
        c.client.close();
        drop(c);
    }));
}

/// Requests submitted and not yet completed (for tests and diagnostics).
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_client_inflight(client: *const VkClient) -> u64 {
    if client.is_null() {
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
