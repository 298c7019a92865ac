//! Reconnect delays. Exponential growth up to a cap, then constant, with jitter so that
//! many clients losing the same server do not come back in lock-step (a reconnect storm).

use std::time::Duration;

/// `delay(n) = rand(0 … factor × base^min(n, retries))` ms, then ±jitter% around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffStrategy {
    /// Attempts over which the delay grows; later attempts reuse the last delay.
    pub retries: u32,
    /// Multiplier in milliseconds.
    pub factor_ms: u32,
    /// Base of the exponent.
    pub exponent_base: u32,
    /// Jitter applied to each delay, in percent (0–100).
    pub jitter_percent: u32,
}

impl Default for BackoffStrategy {
    /// 5 growing steps, 100 ms factor, base 2, 20% jitter: GLIDE's defaults, so that
    /// reconnecting clients spread out the same way after a switch.
    fn default() -> Self {
        BackoffStrategy {
            retries: 5,
            factor_ms: 100,
            exponent_base: 2,
            jitter_percent: 20,
        }
    }
}

impl BackoffStrategy {
    /// The ceiling for attempt `n` (0-based), before randomisation.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let n = attempt.min(self.retries);
        let mut ms: u64 = self.factor_ms as u64;
        for _ in 0..n {
            ms = ms.saturating_mul(self.exponent_base.max(1) as u64);
            if ms > 3_600_000 {
                ms = 3_600_000; // an hour is plenty; also keeps the arithmetic bounded
                break;
            }
        }
        Duration::from_millis(ms)
    }

    /// The delay before attempt `n`: uniform in `[0, ceiling]`, then jittered by ±jitter%.
    /// The uniform draw spreads clients; the jitter keeps a constant tail from syncing up.
    pub fn delay(&self, attempt: u32) -> Duration {
        use rand::Rng;
        let ceiling = self.ceiling(attempt).as_millis() as f64;
        let mut rng = rand::thread_rng();
        let base = rng.gen_range(0.0..=ceiling.max(0.0));
        let j = (self.jitter_percent.min(100) as f64) / 100.0;
        let factor = if j > 0.0 {
            rng.gen_range(1.0 - j..=1.0 + j)
        } else {
            1.0
        };
        Duration::from_micros((base * factor * 1000.0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_grows_then_stays() {
        let b = BackoffStrategy {
            retries: 3,
            factor_ms: 10,
            exponent_base: 2,
            jitter_percent: 0,
        };
        let c: Vec<u128> = (0..6).map(|n| b.ceiling(n).as_millis()).collect();
        assert_eq!(c, vec![10, 20, 40, 80, 80, 80]);
    }

    #[test]
    fn delay_stays_within_jittered_ceiling() {
        let b = BackoffStrategy::default();
        for n in 0..20 {
            let max = b.ceiling(n).as_secs_f64() * 1.2 + 1e-6;
            for _ in 0..50 {
                assert!(b.delay(n).as_secs_f64() <= max);
            }
        }
    }

    #[test]
    fn huge_parameters_do_not_overflow() {
        let b = BackoffStrategy {
            retries: 1000,
            factor_ms: u32::MAX,
            exponent_base: u32::MAX,
            jitter_percent: 500,
        };
        assert_eq!(b.ceiling(1000), Duration::from_millis(3_600_000));
        let _ = b.delay(1000);
    }
}
