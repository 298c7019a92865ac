//! The client-side circuit breaker: while too many requests fail (connection errors,
//! and timeouts when asked), requests are refused at once, before they take an
//! in-flight slot or reach a connection, so a struggling server is not buried under
//! retries and callers do not wait for failures they can predict.
//!
//! Closed: outcomes are counted over a sliding window; once it holds at least
//! `min_errors` failures making up at least `failure_rate` of the outcomes, the breaker
//! opens. Open: every request is refused with [`Error::CircuitOpen`] until
//! `open_timeout` has passed. Half-open: requests go through as probes; after
//! `consecutive_successes` successes in a row it closes, a failure opens it again.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::Error;

/// Settings; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerConfig {
    /// How far back outcomes are counted while closed (default 10 s).
    pub window: Duration,
    /// Share of failed outcomes in the window that opens the breaker, in (0, 1]
    /// (default 0.5).
    pub failure_rate: f32,
    /// Failures the window must hold before the rate counts, so a handful of
    /// errors on a quiet client does not open it (default 50).
    pub min_errors: u32,
    /// How long the breaker stays open before probing (default 5 s).
    pub open_timeout: Duration,
    /// Count request timeouts as failures, not only connection errors (default off:
    /// a slow command is not a sick server).
    pub count_timeouts: bool,
    /// Successful probes in a row that close a half-open breaker (default 3).
    pub consecutive_successes: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            window: Duration::from_secs(10),
            failure_rate: 0.5,
            min_errors: 50,
            open_timeout: Duration::from_secs(5),
            count_timeouts: false,
            consecutive_successes: 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Closed,
    Open(Instant),
    HalfOpen(u32),
}

struct State {
    phase: Phase,
    /// (when, failed) for the outcomes inside the window.
    outcomes: VecDeque<(Instant, bool)>,
    failures: u32,
}

pub(crate) struct Breaker {
    cfg: BreakerConfig,
    state: Mutex<State>,
}

impl Breaker {
    pub(crate) fn new(cfg: BreakerConfig) -> Breaker {
        Breaker {
            cfg,
            state: Mutex::new(State {
                phase: Phase::Closed,
                outcomes: VecDeque::new(),
                failures: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// May a request go now?
    pub(crate) fn admit(&self) -> Result<(), Error> {
        let mut st = self.lock();
        if let Phase::Open(since) = st.phase {
            let left = self.cfg.open_timeout.saturating_sub(since.elapsed());
            if !left.is_zero() {
                return Err(Error::CircuitOpen(format!(
                    "circuit breaker open after repeated failures; retry in {} ms",
                    left.as_millis().max(1)
                )));
            }
            st.phase = Phase::HalfOpen(0);
        }
        Ok(())
    }

    /// Whether an outcome counts as a failure of the server.
    pub(crate) fn counts(&self, e: &Error) -> bool {
        match e {
            Error::Connection(_) | Error::Disconnect(_) => true,
            Error::Timeout => self.cfg.count_timeouts,
            _ => false,
        }
    }

    /// Records the outcome of a request that was admitted.
    pub(crate) fn record(&self, failed: bool) {
        let now = Instant::now();
        let mut st = self.lock();
        match st.phase {
            Phase::Open(_) => {}
            Phase::HalfOpen(n) => {
                if failed {
                    st.phase = Phase::Open(now);
                } else if n + 1 >= self.cfg.consecutive_successes.max(1) {
                    st.phase = Phase::Closed;
                    st.outcomes.clear();
                    st.failures = 0;
                } else {
                    st.phase = Phase::HalfOpen(n + 1);
                }
            }
            Phase::Closed => {
                st.outcomes.push_back((now, failed));
                st.failures += u32::from(failed);
                while let Some(&(t, f)) = st.outcomes.front() {
                    if now.duration_since(t) <= self.cfg.window {
                        break;
                    }
                    st.outcomes.pop_front();
                    st.failures -= u32::from(f);
                }
                let total = st.outcomes.len() as f32;
                if failed
                    && st.failures >= self.cfg.min_errors.max(1)
                    && st.failures as f32 / total >= self.cfg.failure_rate
                {
                    st.phase = Phase::Open(now);
                    st.outcomes.clear();
                    st.failures = 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_rejects_then_recovers() {
        let b = Breaker::new(BreakerConfig {
            min_errors: 2,
            open_timeout: Duration::from_millis(20),
            consecutive_successes: 2,
            ..Default::default()
        });
        b.record(false);
        b.record(true);
        assert!(b.admit().is_ok(), "one failure of two is below min_errors");
        b.record(true);
        assert!(matches!(b.admit(), Err(Error::CircuitOpen(_))));
        std::thread::sleep(Duration::from_millis(25));
        assert!(b.admit().is_ok(), "half-open lets a probe through");
        b.record(true);
        assert!(b.admit().is_err(), "a failed probe opens it again");
        std::thread::sleep(Duration::from_millis(25));
        assert!(b.admit().is_ok());
        b.record(false);
        b.record(false);
        for _ in 0..5 {
            b.record(true); // closed again: counting starts over
            if b.admit().is_err() {
                return;
            }
        }
        panic!("never reopened");
    }
}
