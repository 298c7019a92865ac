//! Client configuration. Plain data with builder methods; `validate` runs before any
//! connection is attempted so that a bad configuration is an error at construction,
//! never a surprise at the first request.

use std::time::Duration;

use crate::backoff::BackoffStrategy;
use crate::error::{Error, Result};

/// A server address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    /// Host name or IP literal; an IPv6 literal goes without brackets.
    pub host: String,
    /// TCP port; 0 is rejected by validation.
    pub port: u16,
}

impl Address {
    /// An address from anything string-like, so literals and owned names both work.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        Address {
            host: host.into(),
            port,
        }
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// Username and password sent with HELLO (or AUTH on servers without HELLO).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `None` authenticates as the `default` user.
    pub username: Option<String>,
    /// Never printed: the `Debug` form shows it as redacted.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    // Passwords stay out of logs and panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// TLS settings. The server certificate is always verified unless `insecure` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsConfig {
    /// PEM bundle of trusted roots; `None` trusts the platform's roots.
    pub root_certs_pem: Option<Vec<u8>>,
    /// Skip certificate verification entirely (testing only).
    pub insecure: bool,
    /// A client certificate for servers that require one (mutual TLS).
    pub client_auth: Option<crate::tls_client_auth::ClientAuth>,
}

/// Where read-only commands go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadFrom {
    /// Always the primary: freshest data.
    #[default]
    Primary,
    /// Replicas in turn, the primary when none is reachable.
    PreferReplica,
    /// Replicas in the client's availability zone first.
    AzAffinity,
    /// Replicas, then the primary, in the client's availability zone first.
    AzAffinityReplicaAndPrimary,
    /// The primary and the replicas alike, in turn.
    AllNodes,
}

/// How a standalone client finds its nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NodeDiscovery {
    /// Only the configured addresses; their roles are asked (HELLO, else ROLE).
    #[default]
    Standard,
    /// Only the configured addresses, roles not asked: the first is the primary.
    Static,
    /// From any configured address, the primary and every replica it reports.
    DiscoverAll,
}

/// RESP version to speak. RESP3 is tried first either way; `Resp2` skips HELLO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// RESP2 without HELLO: for servers or proxies that mishandle it.
    Resp2,
    /// RESP3 through HELLO, falling back to RESP2 when the server does not know HELLO.
    #[default]
    Resp3,
}

/// Everything a standalone client needs.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where to connect; with node discovery these are also the starting points.
    pub addresses: Vec<Address>,
    /// `None` for plain TCP; every connection uses TLS otherwise.
    pub tls: Option<TlsConfig>,
    /// Sent during the handshake of every connection, reconnections included.
    pub credentials: Option<Credentials>,
    /// Database selected on every connection, so a reconnect keeps it.
    pub database_id: u32,
    /// CLIENT SETNAME on every connection, to tell this client apart in CLIENT LIST.
    pub client_name: Option<String>,
    /// `None` disables the timeout.
    pub request_timeout: Option<Duration>,
    /// Bound on each step of a connection attempt: opening the stream (TCP, TLS),
    /// then the handshake.
    pub connection_timeout: Duration,
    /// Most requests waiting for a reply at once; beyond it a request fails at once
    /// with [`Error::InflightLimit`] instead of queueing without bound.
    pub inflight_limit: usize,
    /// Delays between reconnection attempts after a connection is lost.
    pub reconnect: BackoffStrategy,
    /// Where read-only commands go.
    pub read_from: ReadFrom,
    /// The client's availability zone, needed by the AZ-affinity [`ReadFrom`] choices.
    pub client_az: Option<String>,
    /// Connect on the first request instead of in `connect`: construction cannot fail
    /// on an unreachable server, but the first request pays for the connection.
    pub lazy_connect: bool,
    /// RESP version to speak.
    pub protocol: Protocol,
    /// How often an idle connection is probed, so that a dead peer is found without
    /// waiting for a request to fail. `None` disables the probe.
    pub heartbeat_interval: Option<Duration>,
    /// Most connections per node that blocking commands (BLPOP, XREAD … BLOCK, …) run on,
    /// one command each. A blocking command that finds them all busy waits for one,
    /// within its deadline.
    pub blocking_connections: usize,
    /// How long a blocking connection may stay unused before it is closed.
    pub blocking_idle_timeout: Duration,
    /// Library name reported with CLIENT SETINFO LIB-NAME; `None` reports `valkite`.
    pub lib_name: Option<String>,
    /// Rewrites each address before it is dialled (see [`crate::resolve`]).
    pub address_resolver: Option<crate::resolve::AddressResolver>,
    /// Standalone: the nodes are replicas (no primary is needed) and commands that
    /// write are refused before they are sent.
    pub read_only: bool,
    /// Standalone: how nodes besides the configured ones are found.
    pub node_discovery: NodeDiscovery,
    /// Refuse requests at once while the server keeps failing (see [`crate::breaker`]).
    pub circuit_breaker: Option<crate::breaker::BreakerConfig>,
}

/// Defaults: a request fails after 250 ms, a connection attempt after 2 s, at most
/// 1000 requests are in flight per client, and an idle connection is checked every
/// 3 s. They match GLIDE's, so that code switching clients keeps its timing.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_millis(250);
/// Bound on each step of a connection attempt by default (the defaults are
/// explained on [`DEFAULT_REQUEST_TIMEOUT`]).
pub const DEFAULT_CONNECTION_TIMEOUT: Duration = Duration::from_millis(2000);
/// Requests in flight per client by default (the defaults are
/// explained on [`DEFAULT_REQUEST_TIMEOUT`]).
pub const DEFAULT_INFLIGHT_LIMIT: usize = 1000;
/// Idle-connection probe interval by default (the defaults are
/// explained on [`DEFAULT_REQUEST_TIMEOUT`]).
pub const DEFAULT_HEARTBEAT: Duration = Duration::from_secs(3);
/// Per node: enough for dozens of concurrent blocked callers, a bound on server clients.
pub const DEFAULT_BLOCKING_CONNECTIONS: usize = 64;
/// An unused blocking connection is closed after this long, so a burst of blocked
/// callers does not keep server clients open for good.
pub const DEFAULT_BLOCKING_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

impl ClientConfig {
    /// A configuration with the defaults above: no TLS, no credentials, database 0,
    /// RESP3, reads from the primary, eager connection.
    pub fn new(addresses: Vec<Address>) -> Self {
        ClientConfig {
            addresses,
            tls: None,
            credentials: None,
            database_id: 0,
            client_name: None,
            request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
            connection_timeout: DEFAULT_CONNECTION_TIMEOUT,
            inflight_limit: DEFAULT_INFLIGHT_LIMIT,
            reconnect: BackoffStrategy::default(),
            read_from: ReadFrom::Primary,
            client_az: None,
            lazy_connect: false,
            protocol: Protocol::Resp3,
            heartbeat_interval: Some(DEFAULT_HEARTBEAT),
            blocking_connections: DEFAULT_BLOCKING_CONNECTIONS,
            blocking_idle_timeout: DEFAULT_BLOCKING_IDLE_TIMEOUT,
            lib_name: None,
            address_resolver: None,
            read_only: false,
            node_discovery: NodeDiscovery::Standard,
            circuit_breaker: None,
        }
    }

    /// Use TLS on every connection.
    pub fn with_tls(mut self, tls: TlsConfig) -> Self {
        self.tls = Some(tls);
        self
    }
    /// Authenticate every connection; `None` as the username means the `default` user.
    pub fn with_credentials(mut self, username: Option<&str>, password: &str) -> Self {
        self.credentials = Some(Credentials {
            username: username.map(str::to_string),
            password: password.to_string(),
        });
        self
    }
    /// Select database `id` on every connection.
    pub fn with_database(mut self, id: u32) -> Self {
        self.database_id = id;
        self
    }
    /// Name every connection (CLIENT SETNAME).
    pub fn with_client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = Some(name.into());
        self
    }
    /// How long a request may wait for its reply; `None` waits for ever.
    pub fn with_request_timeout(mut self, t: Option<Duration>) -> Self {
        self.request_timeout = t;
        self
    }
    /// Bound on opening a connection and, separately, on its handshake.
    pub fn with_connection_timeout(mut self, t: Duration) -> Self {
        self.connection_timeout = t;
        self
    }
    /// Most requests in flight before new ones fail fast.
    pub fn with_inflight_limit(mut self, n: usize) -> Self {
        self.inflight_limit = n;
        self
    }
    /// Delays between reconnection attempts.
    pub fn with_reconnect(mut self, b: BackoffStrategy) -> Self {
        self.reconnect = b;
        self
    }
    /// Where read-only commands go.
    pub fn with_read_from(mut self, r: ReadFrom) -> Self {
        self.read_from = r;
        self
    }
    /// The availability zone this client runs in, for AZ-affinity reads.
    pub fn with_client_az(mut self, az: impl Into<String>) -> Self {
        self.client_az = Some(az.into());
        self
    }
    /// Defer connecting until the first request.
    pub fn with_lazy_connect(mut self, lazy: bool) -> Self {
        self.lazy_connect = lazy;
        self
    }
    /// RESP version to speak.
    pub fn with_protocol(mut self, p: Protocol) -> Self {
        self.protocol = p;
        self
    }
    /// Library name reported with CLIENT SETINFO, for wrappers that want their own.
    pub fn with_lib_name(mut self, name: impl Into<String>) -> Self {
        self.lib_name = Some(name.into());
        self
    }
    /// How often an idle connection is probed; `None` turns the probe off.
    pub fn with_heartbeat(mut self, every: Option<Duration>) -> Self {
        self.heartbeat_interval = every;
        self
    }
    /// Limit and idle time of the per-node connections blocking commands run on.
    pub fn with_blocking_connections(mut self, per_node: usize, idle_timeout: Duration) -> Self {
        self.blocking_connections = per_node;
        self.blocking_idle_timeout = idle_timeout;
        self
    }

    /// Rejects what cannot work, with a message that says what to change.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Configuration(m));
        if self.addresses.is_empty() {
            return bad("at least one address is required".into());
        }
        for a in &self.addresses {
            if a.host.is_empty() {
                return bad("address host is empty".into());
            }
            if a.port == 0 {
                return bad(format!("address {} has port 0", a.host));
            }
        }
        if let Some(t) = self.request_timeout {
            if t.is_zero() {
                return bad("request timeout of zero: use None to disable it".into());
            }
            if t < Duration::from_millis(1) {
                return bad(format!(
                    "request timeout {t:?} is below 1ms; a timeout in milliseconds was probably meant"
                ));
            }
        }
        if self.connection_timeout < Duration::from_millis(1) {
            return bad(format!(
                "connection timeout {:?} is below 1ms",
                self.connection_timeout
            ));
        }
        if self.blocking_connections == 0 {
            return bad("blocking connections per node must be at least 1".into());
        }
        if self.blocking_idle_timeout < Duration::from_millis(1) {
            return bad("blocking connection idle timeout must be at least 1ms".into());
        }
        if self.inflight_limit == 0 {
            return bad("inflight limit must be at least 1".into());
        }
        if self.reconnect.jitter_percent > 100 {
            return bad("reconnect jitter must be 0–100%".into());
        }
        if matches!(
            self.read_from,
            ReadFrom::AzAffinity | ReadFrom::AzAffinityReplicaAndPrimary
        ) && self.client_az.as_deref().unwrap_or("").is_empty()
        {
            return bad("AZ affinity needs the client's availability zone".into());
        }
        if self.read_only && self.node_discovery == NodeDiscovery::DiscoverAll {
            return bad("read-only mode is not compatible with DISCOVER_ALL node discovery".into());
        }
        if self.read_only
            && matches!(
                self.read_from,
                ReadFrom::AzAffinity | ReadFrom::AzAffinityReplicaAndPrimary
            )
        {
            return bad(
                "read-only mode cannot be combined with an AZ affinity read strategy".into(),
            );
        }
        if let Some(b) = &self.circuit_breaker {
            if !(b.failure_rate > 0.0 && b.failure_rate <= 1.0) {
                return bad("circuit breaker failure rate must be in (0, 1]".into());
            }
        }
        if let Some(lib) = &self.lib_name {
            if lib.is_empty() || !lib.bytes().all(|b| (b'!'..=b'~').contains(&b)) {
                return bad(
                    "library name must be printable ASCII without spaces (CLIENT SETINFO)".into(),
                );
            }
        }
        if let Some(tls) = &self.tls {
            if let Some(pem) = &tls.root_certs_pem {
                crate::tls::parse_roots(pem)?;
            }
        }
        Ok(())
    }
}
