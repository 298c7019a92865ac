//! The configuration struct the host fills in. Plain C types only: pointers with explicit
//! lengths (no NUL-terminated strings, so hosts need not copy to add terminators) and
//! zero meaning "the core's default".

use std::time::Duration;

use valkite::{
    Address, BackoffStrategy, ClientConfig, ClusterConfig, Credentials, Error, ReadFrom, TlsConfig,
};

/// One seed address.
#[repr(C)]
pub struct VkAddress {
    /// Host name or IP literal, UTF-8, not NUL-terminated.
    pub host: *const u8,
    /// Length of `host` in bytes.
    pub host_len: usize,
    /// TCP port.
    pub port: u16,
}

/// Client configuration. Every pointer may be null when its length is 0.
#[repr(C)]
pub struct VkConfig {
    /// The servers (standalone) or the cluster's seeds.
    pub addresses: *const VkAddress,
    /// Number of entries at `addresses`; at least 1.
    pub addresses_len: usize,
    /// 1: the addresses are seeds of a Valkey Cluster (a cluster client); 0: standalone.
    pub cluster: u8,
    /// 1: every connection uses TLS; the TLS fields below count only then.
    pub use_tls: u8,
    /// 1: the server's certificate is not verified (testing only).
    pub tls_insecure: u8,
    /// PEM bundle of trusted roots; empty trusts the platform's roots.
    pub root_certs_pem: *const u8,
    /// Length of `root_certs_pem` in bytes.
    pub root_certs_pem_len: usize,
    /// 1: authenticate with `username` and `password` on every connection.
    pub has_credentials: u8,
    /// UTF-8; empty means the `default` user.
    pub username: *const u8,
    /// Length of `username` in bytes.
    pub username_len: usize,
    /// UTF-8; copied during the call, never logged.
    pub password: *const u8,
    /// Length of `password` in bytes.
    pub password_len: usize,
    /// Database selected on every connection (standalone).
    pub database_id: u32,
    /// CLIENT SETNAME on every connection; empty sets no name.
    pub client_name: *const u8,
    /// Length of `client_name` in bytes.
    pub client_name_len: usize,
    /// The client's availability zone, required by the AZ-affinity `read_from` values.
    pub client_az: *const u8,
    /// Length of `client_az` in bytes.
    pub client_az_len: usize,
    /// Microseconds; 0 = default (250 ms); `u64::MAX` = no timeout.
    pub request_timeout_us: u64,
    /// Microseconds; 0 = default (2 s).
    pub connection_timeout_us: u64,
    /// 0 = default (1000).
    pub inflight_limit: u32,
    /// 1: use the `reconnect_*` fields below instead of the default backoff.
    pub has_reconnect: u8,
    /// Reconnection attempts over which the delay grows; later ones reuse the last.
    pub reconnect_retries: u32,
    /// Delay multiplier in milliseconds.
    pub reconnect_factor_ms: u32,
    /// Base of the exponent the delay grows by.
    pub reconnect_exponent_base: u32,
    /// -1 = default (20%).
    pub reconnect_jitter_percent: i32,
    /// 0 Primary, 1 PreferReplica, 2 AzAffinity, 3 AzAffinityReplicaAndPrimary, 4 AllNodes.
    pub read_from: u8,
    /// 1: connect on the first request instead of during `vk_client_new`.
    pub lazy_connect: u8,
    /// 0 = RESP3 with fallback, 2 = RESP2 only.
    pub protocol: u8,
    /// Cluster only. Microseconds between periodic topology checks; 0 = default (60 s),
    /// `u64::MAX` = disabled.
    pub periodic_checks_us: u64,
    /// Cluster only. 1: every topology refresh asks the seed addresses instead of the
    /// nodes last known.
    pub refresh_from_seeds: u8,
    /// Library name for CLIENT SETINFO LIB-NAME; empty = `valkite`.
    pub lib_name: *const u8,
    /// Length of `lib_name` in bytes.
    pub lib_name_len: usize,
    /// Rewrites addresses before they are dialled; null = addresses as given. Called
    /// once per distinct address the client connects to (the answer is remembered),
    /// from whichever thread runs the client at that moment, with `resolver_ctx`.
    pub resolver: VkResolveFn,
    /// Passed back to `resolver` unchanged, to find the host's own state.
    pub resolver_ctx: usize,
    /// Standalone only. 1: the nodes are replicas; commands that write are refused.
    pub read_only: u8,
    /// Standalone only. 0 standard (the given nodes, roles asked), 1 static (the given
    /// nodes, the first is the primary), 2 discover all (primary and replicas found from
    /// any given node).
    pub node_discovery: u8,
    /// Mutual TLS from memory: a PEM certificate chain and its PEM private key.
    pub client_cert_pem: *const u8,
    /// Length of `client_cert_pem` in bytes.
    pub client_cert_pem_len: usize,
    /// The private key of `client_cert_pem`, PEM encoded.
    pub client_key_pem: *const u8,
    /// Length of `client_key_pem` in bytes.
    pub client_key_pem_len: usize,
    /// Mutual TLS from files (instead of the PEM fields): re-read every
    /// `client_cert_reload_secs` seconds (0 = default, one hour).
    pub client_cert_path: *const u8,
    /// Length of `client_cert_path` in bytes.
    pub client_cert_path_len: usize,
    /// Path of the PEM private key file.
    pub client_key_path: *const u8,
    /// Length of `client_key_path` in bytes.
    pub client_key_path_len: usize,
    /// Least seconds between two reads of the files; 0 = one hour.
    pub client_cert_reload_secs: u32,
    /// 1: a circuit breaker refuses requests while the server keeps failing. In the
    /// fields below, 0 means the default (10 s window, rate 0.5, 50 errors, 5 s open,
    /// 3 successes to close).
    pub circuit_breaker: u8,
    /// Milliseconds of outcomes the breaker counts over.
    pub cb_window_ms: u32,
    /// Share of failures in the window, in (0, 1], that opens the breaker.
    pub cb_failure_rate: f32,
    /// Failures the window must hold before the rate counts.
    pub cb_min_errors: u32,
    /// Milliseconds the breaker stays open before letting probes through.
    pub cb_open_timeout_ms: u32,
    /// 1: timeouts count as failures.
    pub cb_count_timeouts: u8,
    /// Successful probes in a row that close the breaker again.
    pub cb_consecutive_successes: u32,
}

/// An address resolver: given `host` (`host_len` bytes, UTF-8) and `port`, writes the
/// host to connect to into `out_host` (at most `out_cap` bytes, its length into
/// `*out_len`) and the port into `*out_port`, and returns 1; returns 0 to keep the
/// address as it is. It must not unwind.
pub type VkResolveFn = Option<
    unsafe extern "C" fn(
        ctx: usize,
        host: *const u8,
        host_len: usize,
        port: u16,
        out_host: *mut u8,
        out_cap: usize,
        out_len: *mut usize,
        out_port: *mut u16,
    ) -> u8,
>;

/// Wraps the host's resolver function for the core.
fn resolver(
    f: unsafe extern "C" fn(
        usize,
        *const u8,
        usize,
        u16,
        *mut u8,
        usize,
        *mut usize,
        *mut u16,
    ) -> u8,
    ctx: usize,
) -> valkite::resolve::AddressResolver {
    valkite::resolve::AddressResolver::new(move |host, port| {
        let mut out = [0u8; 1024];
        let mut len = 0usize;
        let mut out_port = 0u16;
        // SAFETY: the host promised a function that honours this contract, and that
        // `ctx` stays valid while the client exists; every pointer passed is valid
        // for the length given.
        let rewritten = unsafe {
            f(
                ctx,
                host.as_ptr(),
                host.len(),
                port,
                out.as_mut_ptr(),
                out.len(),
                &mut len,
                &mut out_port,
            )
        };
        if rewritten != 1 || len == 0 || len > out.len() {
            return None;
        }
        let h = std::str::from_utf8(&out[..len]).ok()?.to_string();
        Some((h, out_port))
    })
}

/// What [`vk_client_new`](crate::vk_client_new) builds.
pub(crate) enum Config {
    Standalone(ClientConfig),
    Cluster(ClusterConfig),
}

/// Converts and validates, for either kind of client.
///
/// # Safety
/// As [`to_config`].
pub(crate) unsafe fn to_any_config(c: &VkConfig) -> Result<Config, Error> {
    // SAFETY: forwarded contract.
    let client = unsafe { to_config(c)? };
    if c.cluster == 0 {
        return Ok(Config::Standalone(client));
    }
    let mut cfg = ClusterConfig::from_client(client);
    cfg.periodic_checks = match c.periodic_checks_us {
        0 => Some(valkite::cluster::DEFAULT_PERIODIC_CHECKS),
        u64::MAX => None,
        us => Some(Duration::from_micros(us)),
    };
    cfg.refresh_from_seeds = c.refresh_from_seeds != 0;
    cfg.validate()?;
    Ok(Config::Cluster(cfg))
}

/// # Safety
/// `ptr` must be valid for `len` bytes (or `len` must be 0).
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::Configuration(
            "null pointer with a non-zero length".into(),
        ));
    }
    // SAFETY: non-null, and the caller promises `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// # Safety
/// As [`bytes`].
unsafe fn text(ptr: *const u8, len: usize, what: &str) -> Result<String, Error> {
    // SAFETY: forwarded contract.
    let b = unsafe { bytes(ptr, len)? };
    String::from_utf8(b.to_vec())
        .map_err(|_| Error::Configuration(format!("{what} is not valid UTF-8")))
}

/// The client certificate for mutual TLS, if the host gave one.
///
/// # Safety
/// As [`bytes`], for every client certificate field of `c`.
unsafe fn client_auth(c: &VkConfig) -> Result<Option<valkite::tls_client_auth::ClientAuth>, Error> {
    use valkite::tls_client_auth::{ClientAuth, DEFAULT_RELOAD};
    // SAFETY: forwarded contract (four times).
    let (cert, key, cert_path, key_path) = unsafe {
        (
            bytes(c.client_cert_pem, c.client_cert_pem_len)?,
            bytes(c.client_key_pem, c.client_key_pem_len)?,
            text(
                c.client_cert_path,
                c.client_cert_path_len,
                "client certificate path",
            )?,
            text(c.client_key_path, c.client_key_path_len, "client key path")?,
        )
    };
    let from_memory = !cert.is_empty() || !key.is_empty();
    let from_files = !cert_path.is_empty() || !key_path.is_empty();
    match (from_memory, from_files) {
        (false, false) => Ok(None),
        (true, true) => Err(Error::Configuration(
            "client certificate given both in memory and as files".into(),
        )),
        (true, false) if cert.is_empty() || key.is_empty() => Err(Error::Configuration(
            "mutual TLS needs both a client certificate and its key".into(),
        )),
        (true, false) => Ok(Some(ClientAuth::Pem {
            cert: cert.to_vec(),
            key: key.to_vec(),
        })),
        (false, true) if cert_path.is_empty() || key_path.is_empty() => Err(Error::Configuration(
            "mutual TLS needs both a client certificate file and a key file".into(),
        )),
        (false, true) => Ok(Some(ClientAuth::Files {
            cert: cert_path.into(),
            key: key_path.into(),
            reload: match c.client_cert_reload_secs {
                0 => DEFAULT_RELOAD,
                s => Duration::from_secs(u64::from(s)),
            },
        })),
    }
}

/// Converts and validates.
///
/// # Safety
/// Every pointer/length pair in `c` must describe readable memory.
pub(crate) unsafe fn to_config(c: &VkConfig) -> Result<ClientConfig, Error> {
    if c.cluster > 1 {
        return Err(Error::Configuration(format!(
            "unknown cluster flag {}",
            c.cluster
        )));
    }
    if c.addresses_len == 0 || c.addresses.is_null() {
        return Err(Error::Configuration(
            "at least one address is required".into(),
        ));
    }
    if c.addresses_len > 1024 {
        return Err(Error::Configuration("too many addresses".into()));
    }
    if !c.addresses.is_aligned() {
        return Err(Error::Configuration("misaligned address list".into()));
    }
    // SAFETY: non-null and the caller promises `addresses_len` elements.
    let addrs = unsafe { std::slice::from_raw_parts(c.addresses, c.addresses_len) };
    let mut addresses = Vec::with_capacity(addrs.len());
    for a in addrs {
        // SAFETY: forwarded contract.
        let host = unsafe { text(a.host, a.host_len, "host")? };
        addresses.push(Address::new(host, a.port));
    }
    let mut cfg = ClientConfig::new(addresses);
    if c.use_tls != 0 {
        // SAFETY: forwarded contract.
        let pem = unsafe { bytes(c.root_certs_pem, c.root_certs_pem_len)? };
        cfg.tls = Some(TlsConfig {
            root_certs_pem: (!pem.is_empty()).then(|| pem.to_vec()),
            insecure: c.tls_insecure != 0,
            // SAFETY: forwarded contract.
            client_auth: unsafe { client_auth(c)? },
        });
    }
    if c.has_credentials != 0 {
        // SAFETY: forwarded contract.
        let user = unsafe { text(c.username, c.username_len, "username")? };
        // SAFETY: forwarded contract.
        let password = unsafe { text(c.password, c.password_len, "password")? };
        cfg.credentials = Some(Credentials {
            username: (!user.is_empty()).then_some(user),
            password,
        });
    }
    cfg.database_id = c.database_id;
    // SAFETY: forwarded contract.
    let name = unsafe { text(c.client_name, c.client_name_len, "client name")? };
    cfg.client_name = (!name.is_empty()).then_some(name);
    // SAFETY: forwarded contract.
    let az = unsafe { text(c.client_az, c.client_az_len, "client AZ")? };
    cfg.client_az = (!az.is_empty()).then_some(az);
    cfg.request_timeout = match c.request_timeout_us {
        0 => Some(valkite::config::DEFAULT_REQUEST_TIMEOUT),
        u64::MAX => None,
        us => Some(Duration::from_micros(us)),
    };
    if c.connection_timeout_us != 0 {
        cfg.connection_timeout = Duration::from_micros(c.connection_timeout_us);
    }
    if c.inflight_limit != 0 {
        cfg.inflight_limit = c.inflight_limit as usize;
    }
    if c.has_reconnect != 0 {
        let d = BackoffStrategy::default();
        cfg.reconnect = BackoffStrategy {
            retries: c.reconnect_retries,
            factor_ms: c.reconnect_factor_ms,
            exponent_base: c.reconnect_exponent_base,
            jitter_percent: if c.reconnect_jitter_percent < 0 {
                d.jitter_percent
            } else {
                c.reconnect_jitter_percent as u32
            },
        };
    }
    cfg.read_from = match c.read_from {
        0 => ReadFrom::Primary,
        1 => ReadFrom::PreferReplica,
        2 => ReadFrom::AzAffinity,
        3 => ReadFrom::AzAffinityReplicaAndPrimary,
        4 => ReadFrom::AllNodes,
        x => return Err(Error::Configuration(format!("unknown read_from value {x}"))),
    };
    cfg.lazy_connect = c.lazy_connect != 0;
    // SAFETY: forwarded contract.
    let lib = unsafe { text(c.lib_name, c.lib_name_len, "library name")? };
    cfg.lib_name = (!lib.is_empty()).then_some(lib);
    cfg.address_resolver = c.resolver.map(|f| resolver(f, c.resolver_ctx));
    cfg.read_only = c.read_only != 0;
    if c.circuit_breaker != 0 {
        let d = valkite::breaker::BreakerConfig::default();
        let or = |v: u32, d: u32| if v == 0 { d } else { v };
        let ms = |v: u32, d: Duration| {
            if v == 0 {
                d
            } else {
                Duration::from_millis(u64::from(v))
            }
        };
        cfg.circuit_breaker = Some(valkite::breaker::BreakerConfig {
            window: ms(c.cb_window_ms, d.window),
            failure_rate: if c.cb_failure_rate == 0.0 {
                d.failure_rate
            } else {
                c.cb_failure_rate
            },
            min_errors: or(c.cb_min_errors, d.min_errors),
            open_timeout: ms(c.cb_open_timeout_ms, d.open_timeout),
            count_timeouts: c.cb_count_timeouts != 0,
            consecutive_successes: or(c.cb_consecutive_successes, d.consecutive_successes),
        });
    }
    cfg.node_discovery = match c.node_discovery {
        0 => valkite::NodeDiscovery::Standard,
        1 => valkite::NodeDiscovery::Static,
        2 => valkite::NodeDiscovery::DiscoverAll,
        x => {
            return Err(Error::Configuration(format!(
                "unknown node discovery mode {x}"
            )))
        }
    };
    cfg.protocol = match c.protocol {
        0 | 3 => valkite::Protocol::Resp3,
        2 => valkite::Protocol::Resp2,
        x => return Err(Error::Configuration(format!("unknown protocol {x}"))),
    };
    cfg.validate()?;
    Ok(cfg)
}
