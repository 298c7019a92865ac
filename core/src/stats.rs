//! Process-wide client statistics: plain atomics, never a lock, so counting costs the
//! paths that count (connect, close, a reconciliation round) one relaxed add.
//!
//! What is counted, over every client of the process:
//!
//! - **connections**: live sockets to servers that completed their handshake, of every
//!   kind a client opens — the multiplexed data connection per node, blocking-command
//!   connections, RESP2 subscriber connections, a cluster's management (topology)
//!   connections and the short-lived probes of node discovery. A connection counts
//!   from the end of its handshake until it is failed or closed (whichever comes
//!   first); a connect or handshake that fails never counts.
//! - **clients**: standalone and cluster clients from construction until `close` (or
//!   their last handle is dropped). The embedders' helper clients (the C ABI's second
//!   core for SCRIPT KILL, a discovery probe while it lives) are clients too.
//! - **subscription sync**: every reconciliation round of every client either finds
//!   actual subscriptions equal to desired ones (the last such moment is kept, in ms
//!   since the Unix epoch) or not (counted).
//! - **compression**: valkite does not compress values; those counters stay 0 and are
//!   here so a snapshot has every key callers expect.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

static CONNECTIONS: AtomicU64 = AtomicU64::new(0);
static CLIENTS: AtomicU64 = AtomicU64::new(0);
static OUT_OF_SYNC: AtomicU64 = AtomicU64::new(0);
static LAST_SYNC_MS: AtomicU64 = AtomicU64::new(0);

/// Live connections to servers, over every client of the process.
pub fn total_connections() -> u64 {
    CONNECTIONS.load(Ordering::Relaxed)
}

/// Live clients (standalone and cluster) of the process.
pub fn total_clients() -> u64 {
    CLIENTS.load(Ordering::Relaxed)
}

/// Values compressed: always 0 (no compression in valkite).
pub fn total_values_compressed() -> u64 {
    0
}

/// Values decompressed: always 0 (no compression in valkite).
pub fn total_values_decompressed() -> u64 {
    0
}

/// Bytes before compression: always 0 (no compression in valkite).
pub fn total_original_bytes() -> u64 {
    0
}

/// Bytes after compression: always 0 (no compression in valkite).
pub fn total_bytes_compressed() -> u64 {
    0
}

/// Bytes decompressed: always 0 (no compression in valkite).
pub fn total_bytes_decompressed() -> u64 {
    0
}

/// Values left uncompressed: always 0 (no compression in valkite).
pub fn compression_skipped_count() -> u64 {
    0
}

/// Reconciliation rounds, over every client of the process, that found desired and
/// actual subscriptions apart.
pub fn subscription_out_of_sync_count() -> u64 {
    OUT_OF_SYNC.load(Ordering::Relaxed)
}

/// When (ms since the Unix epoch) some client of the process last found its
/// subscriptions in sync; 0 if none has yet.
pub fn subscription_last_sync_timestamp() -> u64 {
    LAST_SYNC_MS.load(Ordering::Relaxed)
}

/// Every counter at once, each read on its own (no cross-counter consistency: they
/// move independently anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Statistics {
    /// Live connections to servers, all kinds, counted from handshake to close.
    pub total_connections: u64,
    /// Live clients (standalone and cluster), from construction to close.
    pub total_clients: u64,
    /// Always 0: valkite does not compress values.
    pub total_values_compressed: u64,
    /// Always 0: valkite does not compress values.
    pub total_values_decompressed: u64,
    /// Always 0: valkite does not compress values.
    pub total_original_bytes: u64,
    /// Always 0: valkite does not compress values.
    pub total_bytes_compressed: u64,
    /// Always 0: valkite does not compress values.
    pub total_bytes_decompressed: u64,
    /// Always 0: valkite does not compress values.
    pub compression_skipped_count: u64,
    /// Reconciliation rounds that found subscriptions out of sync.
    pub subscription_out_of_sync_count: u64,
    /// Last time (ms since the Unix epoch) subscriptions were found in sync; 0 if never.
    pub subscription_last_sync_timestamp: u64,
}

/// The counters now.
pub fn snapshot() -> Statistics {
    Statistics {
        total_connections: total_connections(),
        total_clients: total_clients(),
        total_values_compressed: total_values_compressed(),
        total_values_decompressed: total_values_decompressed(),
        total_original_bytes: total_original_bytes(),
        total_bytes_compressed: total_bytes_compressed(),
        total_bytes_decompressed: total_bytes_decompressed(),
        compression_skipped_count: compression_skipped_count(),
        subscription_out_of_sync_count: subscription_out_of_sync_count(),
        subscription_last_sync_timestamp: subscription_last_sync_timestamp(),
    }
}

impl Statistics {
    /// The counters as (name, value) pairs, names as callers of `GetStatistics`
    /// know them, in a fixed order (the C ABI's array follows it).
    pub fn entries(&self) -> [(&'static str, u64); 10] {
        [
            ("total_connections", self.total_connections),
            ("total_clients", self.total_clients),
            ("total_values_compressed", self.total_values_compressed),
            ("total_values_decompressed", self.total_values_decompressed),
            ("total_original_bytes", self.total_original_bytes),
            ("total_bytes_compressed", self.total_bytes_compressed),
            ("total_bytes_decompressed", self.total_bytes_decompressed),
            ("compression_skipped_count", self.compression_skipped_count),
            (
                "subscription_out_of_sync_count",
                self.subscription_out_of_sync_count,
            ),
            (
                "subscription_last_sync_timestamp",
                self.subscription_last_sync_timestamp,
            ),
        ]
    }
}

/// Records one reconciliation round's verdict.
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

/// Which live count a [`Live`] holds a place in.
#[derive(Clone, Copy)]
pub(crate) enum Counted {
    Connection,
    Client,
}

impl Counted {
    fn counter(self) -> &'static AtomicU64 {
        match self {
            Counted::Connection => &CONNECTIONS,
            Counted::Client => &CLIENTS,
        }
    }
}

/// One place in a live count: taken when made, given back exactly once — by
/// [`Live::end`] (a close that should show at once) or, failing that, on drop.
pub(crate) struct Live {
    what: Counted,
    live: AtomicBool,
}

impl Live {
    pub(crate) fn new(what: Counted) -> Live {
        what.counter().fetch_add(1, Ordering::Relaxed);
        Live {
            what,
            live: AtomicBool::new(true),
        }
    }

    /// Gives the place back; later calls do nothing.
    pub(crate) fn end(&self) {
        if self.live.swap(false, Ordering::AcqRel) {
            self.what.counter().fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The counters are process-wide and other unit tests open connections, so only
    // what this test alone controls is asserted: its own place comes and goes once.
    #[test]
    fn a_place_is_given_back_once() {
        let a = Live::new(Counted::Client);
        let with = total_clients();
        assert!(with >= 1);
        a.end();
        a.end();
        drop(a);
        let b = Live::new(Counted::Client);
        drop(b);
        assert_eq!(snapshot().total_values_compressed, 0);
        assert_eq!(snapshot().entries()[1].0, "total_clients");
    }
}
