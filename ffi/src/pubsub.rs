//! Pub/sub across the C ABI.
//!
//! Subscriptions ride the ordinary request path: a SUBSCRIBE-family command submitted
//! with [`vk_submit`](crate::vk_submit) is taken by the core as a wish and completes at
//! once (nil); a command named [`WAIT_COMMAND`] followed by a subscription command
//! records the wish and completes only once the servers confirmed it (or its timeout
//! passes, `VkErrTimeout`). So a host waits for confirmations exactly as it waits for
//! replies, and the completion path needs nothing new.
//!
//! Messages do not use the completion queue. The core keeps them in one queue per
//! client; [`vk_pubsub_fd`] is an eventfd that turns readable when messages were queued
//! (the host reads it to reset it, e.g. from its own event loop), and
//! [`vk_pubsub_take`] copies as many as fit, in order, into the host's buffer.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use valkite::pubsub::PubSubHandle;
use valkite::{RawRequest, RequestTimeout};

use crate::error::VkStatus;
use crate::handle::{AnyClient, VkClient};

/// The pseudo-command that waits for confirmation: `\0pubsub-wait`, then a
/// subscription command and its channels. Never sent to a server (a command name
/// cannot start with NUL).
pub(crate) const WAIT_COMMAND: &[u8] = b"\0pubsub-wait";

/// The pseudo-command that runs a PUBSUB introspection command (CHANNELS, NUMPAT,
/// NUMSUB, SHARDCHANNELS, SHARDNUMSUB) on every node of a cluster and combines the
/// replies (`valkite::pubsub::introspect`). Refused on a standalone client.
pub(crate) const CLUSTER_INTROSPECT: &[u8] = b"\0pubsub-cluster";

fn introspect(c: &VkClient, token: u64, args: Vec<Bytes>) {
    use valkite::CompletionSink;
    let queue = c.sink.clone();
    match &c.client {
        AnyClient::Cluster(cl) => {
            let cl = cl.clone();
            tokio::spawn(async move {
                match valkite::pubsub::introspect::cluster_introspect(&cl, &args).await {
                    Ok(frame) => queue.complete(token, Ok(&frame)),
                    Err(e) => queue.complete(token, Err(&e)),
                }
                queue.flush();
            });
        }
        AnyClient::Standalone(_) => {
            let e = valkite::Error::InvalidRequest(
                "cluster-wide PUBSUB introspection on a standalone client".into(),
            );
            queue.complete(token, Err(&e));
            queue.flush();
        }
    }
}

impl AnyClient {
    pub(crate) fn pubsub(&self) -> PubSubHandle {
        match self {
            AnyClient::Standalone(c) => c.pubsub(),
            AnyClient::Cluster(c) => c.pubsub(),
        }
    }
}

/// Takes a wait-for-confirmation record out of a submitted batch; false for any other
/// record. Runs inside the client's runtime (`vk_submit` entered it).
pub(crate) fn divert(c: &VkClient, r: &RawRequest<'_>) -> bool {
    // Every record of a batch passes here: look at the name alone before validating it all.
    match valkite::resp::CommandView::peek_name(r.command) {
        Some(n) if n == CLUSTER_INTROSPECT || n == WAIT_COMMAND => {}
        _ => return false,
    }
    let Ok(view) = valkite::resp::CommandView::parse(r.command) else {
        return false;
    };
    if view.name() == CLUSTER_INTROSPECT {
        introspect(
            c,
            r.token,
            view.args().skip(1).map(Bytes::copy_from_slice).collect(),
        );
        return true;
    }
    if view.name() != WAIT_COMMAND {
        return false;
    }
    let mut args = view.args().skip(1);
    let classified = args.next().and_then(valkite::pubsub::classify_command);
    let queue = c.sink.clone();
    let token = r.token;
    let Some((kind, subscribe)) = classified else {
        use valkite::CompletionSink;
        let e = valkite::Error::InvalidRequest("not a subscription command".into());
        queue.complete(token, Err(&e));
        queue.flush();
        return true;
    };
    let channels: Vec<Bytes> = args.map(Bytes::copy_from_slice).collect();
    let ps = c.client.pubsub();
    if subscribe {
        ps.subscribe_lazy(kind, &channels);
    } else {
        ps.unsubscribe_lazy(kind, &channels);
    }
    let deadline = match r.timeout {
        RequestTimeout::Never => None,
        RequestTimeout::After(d) => Some(tokio::time::Instant::now() + d),
        RequestTimeout::Default => Some(tokio::time::Instant::now() + Duration::from_secs(5)),
    };
    tokio::spawn(async move {
        use valkite::CompletionSink;
        let res = ps
            .wait_confirmed(kind, &channels, subscribe, deadline)
            .await;
        match res {
            Ok(()) => queue.complete(token, Ok(b"+OK\r\n")),
            Err(e) => queue.complete(token, Err(&e)),
        }
        queue.flush();
    });
    true
}

/// # Safety
/// `client` must be live (from `vk_client_new`, not freed).
unsafe fn live<'a>(client: *const VkClient) -> Option<&'a VkClient> {
    if client.is_null() {
        return None;
    }
    // SAFETY: non-null and live per the caller's contract.
    Some(unsafe { &*client })
}

fn guard(f: impl FnOnce() -> VkStatus) -> VkStatus {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(VkStatus::VkErrPanic)
}

/// An eventfd that becomes readable when messages were queued for the client: read
/// its 8-byte counter to reset it, then call [`vk_pubsub_take`] until it returns
/// nothing. Owned by the client (do not close it), valid until `vk_client_free`; -1
/// when the kernel refused one.
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_pubsub_fd(client: *const VkClient) -> i32 {
    // SAFETY: forwarded contract.
    let Some(c) = (unsafe { live(client) }) else {
        return -1;
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let fd = c.pubsub_fd.get_or_init(|| {
            // SAFETY: plain syscall; the result is checked before it is wrapped.
            let raw = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
            if raw < 0 {
                return None;
            }
            // SAFETY: a fresh descriptor we own.
            let fd = Arc::new(unsafe { OwnedFd::from_raw_fd(raw) });
            let hook_fd = fd.clone();
            c.client.pubsub().set_message_hook(move || {
                let one: u64 = 1;
                // SAFETY: writes 8 bytes from a local to our own eventfd; a full
                // counter (EAGAIN) still leaves it readable.
                unsafe {
                    libc::write(
                        hook_fd.as_raw_fd(),
                        (&one as *const u64).cast(),
                        std::mem::size_of::<u64>(),
                    );
                }
            });
            Some(fd)
        });
        fd.as_ref().map_or(-1, |f| f.as_raw_fd())
    }))
    .unwrap_or(-1)
}

/// Size of a message record's header: kind u8, has_pattern u8, channel_len u32,
/// pattern_len u32, payload_len u32 (LE); then channel, pattern, payload.
pub(crate) const MESSAGE_HEADER: usize = 14;

/// Copies queued messages, oldest first, as whole records into `buf` and stores the
/// byte count in `*written` (0: none queued). `VkErrBufferTooSmall` with the size
/// needed in `*written` when the first message does not fit.
///
/// # Safety
/// `client` live; `buf` valid for `cap` writable bytes; `written` writable.
#[no_mangle]
pub unsafe extern "C" fn vk_pubsub_take(
    client: *const VkClient,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> VkStatus {
    guard(|| {
        // SAFETY: forwarded contract.
        let Some(c) = (unsafe { live(client) }) else {
            return VkStatus::VkErrInvalidArgument;
        };
        if buf.is_null() || written.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: `cap` writable bytes per the contract.
        let out = unsafe { std::slice::from_raw_parts_mut(buf, cap) };
        let ps = c.client.pubsub();
        let mut used = 0usize;
        let mut first_size = 0usize;
        let taken = ps.drain_messages_while(|m| {
            let size = MESSAGE_HEADER + m.size();
            if used + size > cap {
                if used == 0 {
                    first_size = size;
                }
                return false;
            }
            used += size;
            true
        });
        let mut off = 0;
        for m in &taken {
            let pattern: &[u8] = m.pattern.as_deref().unwrap_or_default();
            out[off] = m.kind as u8;
            out[off + 1] = u8::from(m.pattern.is_some());
            out[off + 2..off + 6].copy_from_slice(&(m.channel.len() as u32).to_le_bytes());
            out[off + 6..off + 10].copy_from_slice(&(pattern.len() as u32).to_le_bytes());
            out[off + 10..off + 14].copy_from_slice(&(m.payload.len() as u32).to_le_bytes());
            off += MESSAGE_HEADER;
            for part in [&m.channel[..], pattern, &m.payload[..]] {
                out[off..off + part.len()].copy_from_slice(part);
                off += part.len();
            }
        }
        if taken.is_empty() && first_size > 0 {
            // SAFETY: writable per the contract.
            unsafe { *written = first_size };
            return VkStatus::VkErrBufferTooSmall;
        }
        // SAFETY: writable per the contract.
        unsafe { *written = off };
        VkStatus::VkOk
    })
}

/// Messages queued and not yet taken (`count`) and the bytes they hold (`bytes`).
///
/// # Safety
/// `client` live; `count` and `bytes` writable or null.
#[no_mangle]
pub unsafe extern "C" fn vk_pubsub_queued(
    client: *const VkClient,
    count: *mut u64,
    bytes: *mut u64,
) -> VkStatus {
    guard(|| {
        // SAFETY: forwarded contract.
        let Some(c) = (unsafe { live(client) }) else {
            return VkStatus::VkErrInvalidArgument;
        };
        let (n, b) = c.client.pubsub().queued();
        if !count.is_null() {
            // SAFETY: non-null, writable per the contract.
            unsafe { *count = n as u64 };
        }
        if !bytes.is_null() {
            // SAFETY: non-null, writable per the contract.
            unsafe { *bytes = b as u64 };
        }
        VkStatus::VkOk
    })
}

/// Writes the desired and then the actual subscriptions: for each, for each kind
/// (exact, pattern, sharded), `count: u32` then `len: u32, name` per channel (LE).
/// `VkErrBufferTooSmall` with the size needed in `*written` when `cap` is short.
///
/// # Safety
/// `client` live; `buf` valid for `cap` writable bytes (or null with `cap` 0);
/// `written` writable.
#[no_mangle]
pub unsafe extern "C" fn vk_pubsub_state(
    client: *const VkClient,
    buf: *mut u8,
    cap: usize,
    written: *mut usize,
) -> VkStatus {
    guard(|| {
        // SAFETY: forwarded contract.
        let Some(c) = (unsafe { live(client) }) else {
            return VkStatus::VkErrInvalidArgument;
        };
        if written.is_null() || (buf.is_null() && cap > 0) {
            return VkStatus::VkErrInvalidArgument;
        }
        let st = c.client.pubsub().state();
        let mut v = Vec::new();
        for sets in [&st.desired, &st.actual] {
            for set in sets.iter() {
                v.extend_from_slice(&(set.len() as u32).to_le_bytes());
                for ch in set {
                    v.extend_from_slice(&(ch.len() as u32).to_le_bytes());
                    v.extend_from_slice(ch);
                }
            }
        }
        if v.len() > cap {
            // SAFETY: writable per the contract.
            unsafe { *written = v.len() };
            return VkStatus::VkErrBufferTooSmall;
        }
        // SAFETY: `cap` ≥ v.len() writable bytes at `buf` per the contract.
        unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), buf, v.len()) };
        // SAFETY: writable per the contract.
        unsafe { *written = v.len() };
        VkStatus::VkOk
    })
}

/// Sets how often the client checks and repairs its subscriptions when nothing else
/// triggers it (`interval_ms` 0: the default, 3 s).
///
/// # Safety
/// `client` live.
#[no_mangle]
pub unsafe extern "C" fn vk_pubsub_set_interval(
    client: *const VkClient,
    interval_ms: u64,
) -> VkStatus {
    guard(|| {
        // SAFETY: forwarded contract.
        let Some(c) = (unsafe { live(client) }) else {
            return VkStatus::VkErrInvalidArgument;
        };
        let every = if interval_ms == 0 {
            valkite::pubsub::DEFAULT_RECONCILE_INTERVAL
        } else {
            Duration::from_millis(interval_ms)
        };
        c.client.pubsub().set_reconcile_interval(every);
        VkStatus::VkOk
    })
}
