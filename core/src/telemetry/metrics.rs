//! Counters the core keeps for the metrics exporter. Counting is one relaxed atomic
//! add, whether or not metrics were configured; the exporter reads the totals through
//! observable counters at each export.

use std::sync::atomic::{AtomicU64, Ordering};

use opentelemetry::metrics::MeterProvider as _;
use opentelemetry_sdk::metrics::SdkMeterProvider;

/// What the core counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// A request timed out.
    Timeout,
    /// A cluster request was sent again after a failure (TRYAGAIN, a broken connection …).
    Retry,
    /// A MOVED redirection was followed.
    Moved,
}

static TIMEOUTS: AtomicU64 = AtomicU64::new(0);
static RETRIES: AtomicU64 = AtomicU64::new(0);
static MOVED: AtomicU64 = AtomicU64::new(0);

fn cell(c: Counter) -> &'static AtomicU64 {
    match c {
        Counter::Timeout => &TIMEOUTS,
        Counter::Retry => &RETRIES,
        Counter::Moved => &MOVED,
    }
}

/// Counts one occurrence.
#[inline]
pub fn count(c: Counter) {
    cell(c).fetch_add(1, Ordering::Relaxed);
}

/// The total so far (for tests and the exporter).
pub fn total(c: Counter) -> u64 {
    cell(c).load(Ordering::Relaxed)
}

/// Registers the observable counters on the meter provider.
pub(crate) fn register(p: &SdkMeterProvider) {
    let meter = p.meter("valkite");
    for (name, what, c) in [
        (
            "valkite.request.timeouts",
            "requests that timed out",
            Counter::Timeout,
        ),
        (
            "valkite.request.retries",
            "cluster requests sent again after a failure",
            Counter::Retry,
        ),
        (
            "valkite.request.moved",
            "MOVED redirections followed",
            Counter::Moved,
        ),
    ] {
        let _ = meter
            .u64_observable_counter(name)
            .with_description(what)
            .with_callback(move |o| o.observe(total(c), &[]))
            .build();
    }
    // Pub/sub reconciliation, read from the process-wide statistics that
    // `GetStatistics` reports too, so the two can never disagree.
    let _ = meter
        .u64_observable_counter("valkite.subscription.out_of_sync")
        .with_description("reconciliation rounds that found subscriptions out of sync")
        .with_callback(|o| o.observe(crate::stats::subscription_out_of_sync_count(), &[]))
        .build();
    let _ = meter
        .u64_observable_gauge("valkite.subscription.last_sync_timestamp")
        .with_description(
            "when subscriptions were last found in sync (ms since the Unix epoch; 0: never)",
        )
        .with_unit("ms")
        .with_callback(|o| o.observe(crate::stats::subscription_last_sync_timestamp(), &[]))
        .build();
}
