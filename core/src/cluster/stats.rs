//! Counters that make the cluster client's behaviour visible to tests and operators.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of [`ClusterClient::stats`](super::ClusterClient::stats).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    /// Times something asked for a refresh (MOVED, errors, periodic checks …).
    pub refresh_requests: u64,
    /// Full refreshes actually run: requests are coalesced and throttled into these.
    pub refreshes_started: u64,
    /// Full refreshes that finished, whether or not they adopted a view.
    pub refreshes_completed: u64,
    /// Refreshes that ended without adopting a view (no node answered, no consensus).
    pub refreshes_failed: u64,
    /// Refreshes that adopted a view different from the one in use.
    pub topology_changes: u64,
    /// Periodic checks run.
    pub periodic_checks: u64,
    /// MOVED replies seen (each patched the slot map).
    pub moved: u64,
    /// ASK replies seen.
    pub ask: u64,
    /// Requests re-sent after a pause (TRYAGAIN, CLUSTERDOWN, connection errors …).
    pub retries: u64,
}

#[derive(Default)]
pub(crate) struct Stats {
    pub refresh_requests: AtomicU64,
    pub refreshes_started: AtomicU64,
    pub refreshes_completed: AtomicU64,
    pub refreshes_failed: AtomicU64,
    pub topology_changes: AtomicU64,
    pub periodic_checks: AtomicU64,
    pub moved: AtomicU64,
    pub ask: AtomicU64,
    pub retries: AtomicU64,
}

pub(crate) fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl Stats {
    pub fn snapshot(&self) -> ClusterStats {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        ClusterStats {
            refresh_requests: g(&self.refresh_requests),
            refreshes_started: g(&self.refreshes_started),
            refreshes_completed: g(&self.refreshes_completed),
            refreshes_failed: g(&self.refreshes_failed),
            topology_changes: g(&self.topology_changes),
            periodic_checks: g(&self.periodic_checks),
            moved: g(&self.moved),
            ask: g(&self.ask),
            retries: g(&self.retries),
        }
    }
}
