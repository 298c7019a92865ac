//! Cluster-only settings, on top of the [`ClientConfig`] every client shares.

use std::time::Duration;

use crate::config::{Address, ClientConfig};
use crate::error::{Error, Result};

/// Defaults (see the module docs for what each bounds): a periodic check every 60 s,
/// refreshes no closer than 15 s + up to 15 s of jitter unless forced, consensus among
/// up to 10 nodes of which 20% must agree. The timing matches GLIDE's.
pub const DEFAULT_PERIODIC_CHECKS: Duration = Duration::from_secs(60);
/// Least time between two unforced refreshes by default (the defaults are
/// explained on [`DEFAULT_PERIODIC_CHECKS`]).
pub const DEFAULT_REFRESH_THROTTLE: Duration = Duration::from_secs(15);
/// Most random delay added to the throttle by default (the defaults are
/// explained on [`DEFAULT_PERIODIC_CHECKS`]).
pub const DEFAULT_REFRESH_JITTER: Duration = Duration::from_secs(15);
/// Nodes a full refresh asks by default (the defaults are
/// explained on [`DEFAULT_PERIODIC_CHECKS`]).
pub const DEFAULT_CONSENSUS_NODES: usize = 10;
/// Share of asked nodes that must agree by default, in percent (see above).
pub const DEFAULT_CONSENSUS_PERCENT: u32 = 20;

/// Everything a cluster client needs. `client.addresses` are the seeds: any one
/// reachable node of the cluster is enough.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Connection settings shared with the standalone client (TLS, credentials,
    /// timeouts, read strategy, client AZ …); its addresses are the seeds.
    pub client: ClientConfig,
    /// How often a few nodes are asked whether the slot map changed. `None` disables
    /// the check: the map then changes only when a redirection or error reveals it.
    pub periodic_checks: Option<Duration>,
    /// A refresh that nothing forces (a MOVED already patched into the map) waits at
    /// least this long after the previous one …
    pub refresh_throttle: Duration,
    /// … plus a random part up to this, so that many clients do not refresh together.
    pub refresh_jitter: Duration,
    /// First gap between two forced refreshes (a node unreachable, a periodic check
    /// that saw a change); it doubles while refreshes find nothing new, up to
    /// `refresh_throttle`, and resets when one does.
    pub forced_refresh_gap: Duration,
    /// Nodes asked in parallel by a full refresh.
    pub consensus_nodes: usize,
    /// Share of the asked nodes (percent) that must report the same view for it to
    /// be adopted.
    pub consensus_percent: u32,
    /// Ask the seeds, not the nodes last known, on every refresh (seeds behind a
    /// stable DNS name or load balancer).
    pub refresh_from_seeds: bool,
    /// MOVED/ASK redirections one request may follow.
    pub max_redirects: u32,
    /// Retries (TRYAGAIN, CLUSTERDOWN, LOADING, connection errors …) one request may
    /// make; the request timeout bounds them as well.
    pub max_retries: u32,
    /// Retry a request whose connection broke after it was written (it may have run:
    /// at-least-once). Requests that were never written are always retried.
    pub retry_in_flight: bool,
}

impl ClusterConfig {
    /// Client and cluster defaults with these seeds.
    pub fn new(seeds: Vec<Address>) -> Self {
        Self::from_client(ClientConfig::new(seeds))
    }

    /// Cluster defaults around an existing client configuration.
    pub fn from_client(client: ClientConfig) -> Self {
        ClusterConfig {
            client,
            periodic_checks: Some(DEFAULT_PERIODIC_CHECKS),
            refresh_throttle: DEFAULT_REFRESH_THROTTLE,
            refresh_jitter: DEFAULT_REFRESH_JITTER,
            forced_refresh_gap: Duration::from_millis(50),
            consensus_nodes: DEFAULT_CONSENSUS_NODES,
            consensus_percent: DEFAULT_CONSENSUS_PERCENT,
            refresh_from_seeds: false,
            max_redirects: 16,
            max_retries: 32,
            retry_in_flight: true,
        }
    }

    /// How often the slot map is checked for changes; `None` relies on
    /// redirections and errors alone.
    pub fn with_periodic_checks(mut self, every: Option<Duration>) -> Self {
        self.periodic_checks = every;
        self
    }
    /// Least time between unforced refreshes, plus up to `jitter` at random.
    pub fn with_refresh_throttle(mut self, min: Duration, jitter: Duration) -> Self {
        self.refresh_throttle = min;
        self.refresh_jitter = jitter;
        self
    }
    /// Refresh from the seeds rather than from the nodes last known.
    pub fn with_refresh_from_seeds(mut self, on: bool) -> Self {
        self.refresh_from_seeds = on;
        self
    }
    /// Whether a request whose connection broke after it was written is sent again
    /// (at-least-once) or fails (at-most-once).
    pub fn with_retry_in_flight(mut self, on: bool) -> Self {
        self.retry_in_flight = on;
        self
    }

    /// Rejects what cannot work, with a message that says what to change.
    pub fn validate(&self) -> Result<()> {
        self.client.validate()?;
        let bad = |m: &str| Err(Error::Configuration(m.to_string()));
        if let Some(p) = self.periodic_checks {
            if p < Duration::from_millis(10) {
                return bad("periodic checks interval below 10ms: use None to disable them");
            }
        }
        if self.consensus_nodes == 0 {
            return bad("consensus needs at least one node");
        }
        if self.consensus_percent == 0 || self.consensus_percent > 100 {
            return bad("consensus percent must be 1–100");
        }
        if self.forced_refresh_gap.is_zero() {
            return bad("forced refresh gap must be above zero");
        }
        Ok(())
    }
}
