//! What the core logs, and how often.
//!
//! Records go through the `tracing` crate under targets starting with `valkite`; the
//! core never installs a subscriber (an application chooses its own, as with any
//! library). The events are the ones an operator needs when something is wrong:
//! a connection lost and restored, a reconnect that failed (with the backoff before the
//! next), a cluster topology change, a topology refresh skipped because another just
//! ran, a protocol error. None is on the request path, and no record carries a
//! password, a key or a value: only addresses, counts, durations and error texts the
//! core wrote itself.
//!
//! Every event site is rate-limited on its own ([`RateLimit`]): a flapping server or a
//! refresh storm yields at most [`BURST`] records per [`WINDOW`] from one site, and
//! the next record after a quiet spell says how many were suppressed
//! (`suppressed = K`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The interval over which one event site may log [`BURST`] records.
pub const WINDOW: Duration = Duration::from_secs(10);
/// Records one event site may log per [`WINDOW`].
pub const BURST: u64 = 5;

fn now_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_millis() as u64 + 1
}

/// One event site's budget: [`BURST`] records per [`WINDOW`], and a count of the
/// records it held back. Lock-free; a race at a window boundary may let one record
/// more through, never fewer.
pub struct RateLimit {
    window_start_ms: AtomicU64,
    in_window: AtomicU64,
    suppressed: AtomicU64,
}

impl RateLimit {
    /// A limiter with an empty window (const, so a call site can keep it in a `static`).
    #[allow(clippy::new_without_default)] // a const constructor for statics
    pub const fn new() -> RateLimit {
        RateLimit {
            window_start_ms: AtomicU64::new(0),
            in_window: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
        }
    }

    /// `Some(k)` when a record may go out now, `k` being how many this site held back
    /// since its last record; `None` when it is held back (and counted).
    pub fn admit(&self) -> Option<u64> {
        self.admit_at(now_ms())
    }

    fn admit_at(&self, now: u64) -> Option<u64> {
        let start = self.window_start_ms.load(Ordering::Acquire);
        if now.saturating_sub(start) >= WINDOW.as_millis() as u64
            && self
                .window_start_ms
                .compare_exchange(start, now, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            self.in_window.store(0, Ordering::Release);
        }
        if self.in_window.fetch_add(1, Ordering::AcqRel) < BURST {
            Some(self.suppressed.swap(0, Ordering::AcqRel))
        } else {
            self.suppressed.fetch_add(1, Ordering::AcqRel);
            None
        }
    }
}

/// `tracing::event!` behind a per-site [`RateLimit`], with the count of records held
/// back as the field `suppressed`. A record nobody listens for uses no budget.
macro_rules! limited_event {
    ($lvl:expr, $($rest:tt)+) => {{
        static LIMIT: $crate::logging::RateLimit = $crate::logging::RateLimit::new();
        if ::tracing::enabled!($lvl) {
            if let Some(suppressed) = LIMIT.admit() {
                ::tracing::event!($lvl, suppressed, $($rest)+);
            }
        }
    }};
}
pub(crate) use limited_event;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_gets_its_burst_then_counts_what_it_holds_back() {
        let limit = RateLimit::new();
        let w = WINDOW.as_millis() as u64;
        let t0 = w; // the first call opens a window
        for _ in 0..BURST {
            assert_eq!(limit.admit_at(t0), Some(0));
        }
        for i in 0..7 {
            assert_eq!(limit.admit_at(t0 + i), None);
        }
        // Still the same window just before it ends.
        assert_eq!(limit.admit_at(t0 + w - 1), None);
        // A new window: the next record reports the eight held back, once.
        assert_eq!(limit.admit_at(t0 + w), Some(8));
        assert_eq!(limit.admit_at(t0 + w), Some(0));
    }
}
