//! The core's log records, queued for the host.
//!
//! The core logs through `tracing` and installs no subscriber. A host that wants the
//! records (Go's `SetLogger`) calls [`vk_log_set_level`], which installs, once per
//! process, a subscriber that encodes each record the level lets through and appends
//! it to a bounded queue. The thread that logs — a connection task on the engine's
//! runtime — never calls into the host and never waits for it: it takes a short lock,
//! appends, and writes an eventfd ([`vk_log_fd`]) that the host waits on in its own
//! event loop (Go's netpoller); the host drains with [`vk_log_take`]. When the host
//! falls behind, new records are dropped and counted, and the count is handed over
//! with the next records taken.
//!
//! Record layout (little-endian): `level u8 | n_fields u8 | time_ms u64 | target_len
//! u16 | message_len u32 | target | message`, then per field `key_len u8 | kind u8 |
//! value_len u32 | key | value`. Kinds: [`VK_LOG_STR`] (UTF-8), [`VK_LOG_U64`],
//! [`VK_LOG_I64`] (8 bytes), [`VK_LOG_BOOL`] (1 byte), [`VK_LOG_F64`] (8 bytes).
//! Levels: [`VK_LOG_ERROR`] … [`VK_LOG_TRACE`]; [`VK_LOG_OFF`] collects nothing.

use std::collections::VecDeque;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

use crate::error::VkStatus;

/// Level: nothing is collected.
pub const VK_LOG_OFF: u8 = 0;
/// Level: errors only.
pub const VK_LOG_ERROR: u8 = 1;
/// Level: warnings and errors.
pub const VK_LOG_WARN: u8 = 2;
/// Level: informational records and above.
pub const VK_LOG_INFO: u8 = 3;
/// Level: debugging records and above.
pub const VK_LOG_DEBUG: u8 = 4;
/// Level: everything.
pub const VK_LOG_TRACE: u8 = 5;

/// Field kind: UTF-8 text.
pub const VK_LOG_STR: u8 = 0;
/// Field kind: unsigned 64-bit integer.
pub const VK_LOG_U64: u8 = 1;
/// Field kind: signed 64-bit integer.
pub const VK_LOG_I64: u8 = 2;
/// Field kind: boolean (one byte, 0 or 1).
pub const VK_LOG_BOOL: u8 = 3;
/// Field kind: 64-bit float.
pub const VK_LOG_F64: u8 = 4;

/// Bytes before a record's target: level, field count, time, target and message lengths.
pub const VK_LOG_HEADER: usize = 16;

/// Records the queue holds before it drops new ones.
pub const VK_LOG_QUEUE_RECORDS: usize = 1024;

/// Longest text kept for a message or a field value; longer ones are cut (on a
/// character boundary) so one record cannot hold much memory.
const MAX_TEXT: usize = 1024;

static LEVEL: AtomicU8 = AtomicU8::new(VK_LOG_OFF);
static DROPPED: AtomicU64 = AtomicU64::new(0);
static QUEUE: Mutex<VecDeque<Vec<u8>>> = Mutex::new(VecDeque::new());
static FD: OnceLock<Option<OwnedFd>> = OnceLock::new();
static INSTALLED: OnceLock<bool> = OnceLock::new();

fn queue() -> MutexGuard<'static, VecDeque<Vec<u8>>> {
    QUEUE.lock().unwrap_or_else(|p| p.into_inner())
}

fn level_code(l: &Level) -> u8 {
    match *l {
        Level::ERROR => VK_LOG_ERROR,
        Level::WARN => VK_LOG_WARN,
        Level::INFO => VK_LOG_INFO,
        Level::DEBUG => VK_LOG_DEBUG,
        Level::TRACE => VK_LOG_TRACE,
    }
}

fn event_fd() -> Option<&'static OwnedFd> {
    FD.get_or_init(|| {
        // SAFETY: plain syscall; the result is checked before it is wrapped.
        let raw = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
        if raw < 0 {
            return None;
        }
        // SAFETY: a fresh descriptor we own.
        Some(unsafe { OwnedFd::from_raw_fd(raw) })
    })
    .as_ref()
}

fn wake() {
    if let Some(fd) = event_fd() {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes from a local to our own eventfd; a full counter
        // (EAGAIN) still leaves it readable.
        unsafe {
            libc::write(
                fd.as_raw_fd(),
                (&one as *const u64).cast(),
                std::mem::size_of::<u64>(),
            );
        }
    }
}

/// Cuts `s` to at most `MAX_TEXT` bytes on a character boundary.
fn clip(s: &str) -> &str {
    if s.len() <= MAX_TEXT {
        return s;
    }
    let mut end = MAX_TEXT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Encodes one event's fields.
struct Encoder {
    message: String,
    fields: Vec<u8>,
    n: u8,
}

impl Encoder {
    fn field(&mut self, f: &Field, kind: u8, value: &[u8]) {
        if self.n == u8::MAX {
            return;
        }
        let key = f.name().as_bytes();
        let key = &key[..key.len().min(u8::MAX as usize)];
        self.fields.push(key.len() as u8);
        self.fields.push(kind);
        self.fields
            .extend_from_slice(&(value.len() as u32).to_le_bytes());
        self.fields.extend_from_slice(key);
        self.fields.extend_from_slice(value);
        self.n += 1;
    }
}

impl Visit for Encoder {
    fn record_debug(&mut self, f: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if f.name() == "message" {
            self.message = clip(&text).to_string();
        } else {
            self.field(f, VK_LOG_STR, clip(&text).as_bytes());
        }
    }
    fn record_str(&mut self, f: &Field, value: &str) {
        if f.name() == "message" {
            self.message = clip(value).to_string();
        } else {
            self.field(f, VK_LOG_STR, clip(value).as_bytes());
        }
    }
    fn record_u64(&mut self, f: &Field, value: u64) {
        self.field(f, VK_LOG_U64, &value.to_le_bytes());
    }
    fn record_i64(&mut self, f: &Field, value: i64) {
        self.field(f, VK_LOG_I64, &value.to_le_bytes());
    }
    fn record_bool(&mut self, f: &Field, value: bool) {
        self.field(f, VK_LOG_BOOL, &[value as u8]);
    }
    fn record_f64(&mut self, f: &Field, value: f64) {
        self.field(f, VK_LOG_F64, &value.to_le_bytes());
    }
}

fn encode(event: &Event<'_>) -> Vec<u8> {
    let meta = event.metadata();
    let mut enc = Encoder {
        message: String::new(),
        fields: Vec::new(),
        n: 0,
    };
    event.record(&mut enc);
    let target = meta.target().as_bytes();
    let target = &target[..target.len().min(u16::MAX as usize)];
    let time_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let mut rec =
        Vec::with_capacity(VK_LOG_HEADER + target.len() + enc.message.len() + enc.fields.len());
    rec.push(level_code(meta.level()));
    rec.push(enc.n);
    rec.extend_from_slice(&time_ms.to_le_bytes());
    rec.extend_from_slice(&(target.len() as u16).to_le_bytes());
    rec.extend_from_slice(&(enc.message.len() as u32).to_le_bytes());
    rec.extend_from_slice(target);
    rec.extend_from_slice(enc.message.as_bytes());
    rec.extend_from_slice(&enc.fields);
    rec
}

/// Queues the records of the valkite crates the host's level lets through. Spans are
/// not followed (the core logs events only).
struct HostRoute;

impl Subscriber for HostRoute {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // The level changes at run time: ask `enabled` every time (an atomic load).
        Interest::sometimes()
    }
    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.target().starts_with("valkite")
            && level_code(meta.level()) <= LEVEL.load(Ordering::Relaxed)
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let rec = encode(event);
        let was_empty = {
            let mut q = queue();
            if q.len() >= VK_LOG_QUEUE_RECORDS {
                DROPPED.fetch_add(1, Ordering::Relaxed);
                return;
            }
            q.push_back(rec);
            q.len() == 1
        };
        if was_empty {
            wake();
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Sets the level of records queued for the host (`VK_LOG_OFF` … `VK_LOG_TRACE`).
/// The first call with a level above `VK_LOG_OFF` installs the process's `tracing`
/// subscriber; if the process already has one (a Rust host's own), records go there
/// and nothing is queued: `VK_ERR_INVALID_ARGUMENT` says so.
#[no_mangle]
pub extern "C" fn vk_log_set_level(level: u8) -> VkStatus {
    std::panic::catch_unwind(|| {
        let level = level.min(VK_LOG_TRACE);
        if level == VK_LOG_OFF {
            LEVEL.store(VK_LOG_OFF, Ordering::Relaxed);
            return VkStatus::VkOk;
        }
        let installed =
            *INSTALLED.get_or_init(|| tracing::subscriber::set_global_default(HostRoute).is_ok());
        if !installed {
            return VkStatus::VkErrInvalidArgument;
        }
        LEVEL.store(level, Ordering::Relaxed);
        VkStatus::VkOk
    })
    .unwrap_or(VkStatus::VkErrPanic)
}

/// An eventfd that turns readable when records are queued, or -1 when the kernel
/// refused one. Owned by the core for the life of the process.
#[no_mangle]
pub extern "C" fn vk_log_fd() -> i32 {
    std::panic::catch_unwind(|| event_fd().map_or(-1, |fd| fd.as_raw_fd())).unwrap_or(-1)
}

/// Moves as many queued records as fit into `buf`, writing their total size to `*n`
/// and the count of records dropped since the last call to `*dropped`. When not even
/// the first record fits, answers `VK_ERR_BUFFER_TOO_SMALL` with its size in `*n`.
///
/// # Safety
/// `buf` points to `cap` writable bytes (or is null with `cap` 0); `n` and `dropped`
/// are writable.
#[no_mangle]
pub unsafe extern "C" fn vk_log_take(
    buf: *mut u8,
    cap: usize,
    n: *mut usize,
    dropped: *mut u64,
) -> VkStatus {
    if n.is_null() || dropped.is_null() || (buf.is_null() && cap > 0) {
        return VkStatus::VkErrInvalidArgument;
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut written = 0usize;
        let mut q = queue();
        while let Some(rec) = q.front() {
            if written + rec.len() > cap {
                if written == 0 {
                    // SAFETY: writable per the contract.
                    unsafe { *n = rec.len() };
                    return VkStatus::VkErrBufferTooSmall;
                }
                break;
            }
            // SAFETY: `buf` has `cap` writable bytes and written + len ≤ cap.
            unsafe {
                std::ptr::copy_nonoverlapping(rec.as_ptr(), buf.add(written), rec.len());
            }
            written += rec.len();
            q.pop_front();
        }
        drop(q);
        // SAFETY: writable per the contract.
        unsafe {
            *n = written;
            *dropped = DROPPED.swap(0, Ordering::Relaxed);
        }
        VkStatus::VkOk
    }))
    .unwrap_or(VkStatus::VkErrPanic)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field as taken: name, kind, value bytes.
    type Taken = (String, u8, Vec<u8>);
    /// A record as taken: level, target, message, fields.
    type Rec = (u8, String, String, Vec<Taken>);

    /// Takes everything queued, returning the records (split by their layout) and the
    /// dropped count.
    fn take_all() -> (Vec<Rec>, u64) {
        let mut out = Vec::new();
        let mut dropped_total = 0;
        let mut buf = vec![0u8; 64];
        loop {
            let (mut n, mut dropped) = (0usize, 0u64);
            // SAFETY: buf has buf.len() writable bytes; n and dropped are locals.
            let st = unsafe { vk_log_take(buf.as_mut_ptr(), buf.len(), &mut n, &mut dropped) };
            if st == VkStatus::VkErrBufferTooSmall {
                assert!(n > buf.len());
                buf = vec![0u8; n];
                continue;
            }
            assert_eq!(st, VkStatus::VkOk);
            dropped_total += dropped;
            if n == 0 {
                return (out, dropped_total);
            }
            let mut b = &buf[..n];
            while !b.is_empty() {
                let level = b[0];
                let nf = b[1] as usize;
                let tl = u16::from_le_bytes([b[10], b[11]]) as usize;
                let ml = u32::from_le_bytes([b[12], b[13], b[14], b[15]]) as usize;
                b = &b[VK_LOG_HEADER..];
                let target = String::from_utf8_lossy(&b[..tl]).into_owned();
                let msg = String::from_utf8_lossy(&b[tl..tl + ml]).into_owned();
                b = &b[tl + ml..];
                let mut fields = Vec::new();
                for _ in 0..nf {
                    let kl = b[0] as usize;
                    let kind = b[1];
                    let vl = u32::from_le_bytes([b[2], b[3], b[4], b[5]]) as usize;
                    let key = String::from_utf8_lossy(&b[6..6 + kl]).into_owned();
                    fields.push((key, kind, b[6 + kl..6 + kl + vl].to_vec()));
                    b = &b[6 + kl + vl..];
                }
                out.push((level, target, msg, fields));
            }
        }
    }

    // Other tests of this binary may log too: only records of this test's own target
    // are looked at.
    #[test]
    fn records_round_trip_levels_filter_and_a_full_queue_drops() {
        assert_eq!(vk_log_set_level(VK_LOG_WARN), VkStatus::VkOk);
        assert!(vk_log_fd() >= 0);
        take_all();
        tracing::event!(target: "valkite_log_test", Level::INFO, "dropped by the level");
        tracing::event!(
            target: "valkite_log_test",
            Level::WARN,
            address = "127.0.0.1:1",
            attempt = 3u64,
            delta = -2i64,
            ok = true,
            "kept"
        );
        let (recs, _) = take_all();
        let mine: Vec<_> = recs
            .into_iter()
            .filter(|r| r.1 == "valkite_log_test")
            .collect();
        assert_eq!(mine.len(), 1, "{mine:?}");
        let (level, _, msg, fields) = &mine[0];
        assert_eq!((*level, msg.as_str()), (VK_LOG_WARN, "kept"));
        let names: Vec<_> = fields.iter().map(|f| (f.0.as_str(), f.1)).collect();
        assert_eq!(
            names,
            [
                ("address", VK_LOG_STR),
                ("attempt", VK_LOG_U64),
                ("delta", VK_LOG_I64),
                ("ok", VK_LOG_BOOL)
            ]
        );
        assert_eq!(fields[0].2, b"127.0.0.1:1");
        assert_eq!(fields[1].2, 3u64.to_le_bytes());

        for i in 0..VK_LOG_QUEUE_RECORDS + 10 {
            tracing::event!(target: "valkite_log_test", Level::ERROR, i, "flood");
        }
        let (recs, dropped) = take_all();
        assert!(dropped >= 10, "dropped {dropped}");
        assert!(recs.len() <= VK_LOG_QUEUE_RECORDS);
        assert_eq!(vk_log_set_level(VK_LOG_OFF), VkStatus::VkOk);
        tracing::event!(target: "valkite_log_test", Level::ERROR, "off");
        let (recs, _) = take_all();
        assert!(recs.iter().all(|r| r.1 != "valkite_log_test"));
    }
}
