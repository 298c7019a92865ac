//! # valkite
//!
//! A Valkey (and Redis OSS) client built for many concurrent callers on few
//! connections: one multiplexed connection per server, replies matched strictly by
//! position, coalesced writes, background reconnection with jittered backoff, request
//! timeouts that never desynchronise a connection, TLS through rustls.
//!
//! It is both a Rust library in its own right and the core behind valkite's C ABI
//! (`valkite-ffi`) and Go client.
//!
//! ```no_run
//! # async fn demo() -> valkite::Result<()> {
//! use valkite::{Address, Client, ClientConfig};
//! let client = Client::connect(ClientConfig::new(vec![Address::new("127.0.0.1", 6379)])).await?;
//! client.send(valkite::cmd(["SET", "greeting", "hello"])).await?;
//! let v = client.send(valkite::cmd(["GET", "greeting"])).await?;
//! assert_eq!(v.as_str(), Some("hello"));
//! # Ok(()) }
//! ```
//!
//! ## Layout
//!
//! - [`resp`]: the protocol. A resumable [`resp::Scanner`] delimits frames without
//!   allocating (the hot path forwards raw frames); [`resp::decode`] builds [`Value`]s
//!   for the Rust API; commands are encoded as arrays of bulk strings.
//! - [`config`]: what a client needs, validated before anything connects.
//! - `connection`: a stream (TCP/TLS) → handshake (HELLO, AUTH, SELECT, SETNAME,
//!   SETINFO) → the multiplexer (ordered pending queue, coalesced writes, reader,
//!   timeout sweeper) → the node manager (reconnects, heartbeats, fails fast while down).
//! - `blocking`: blocking commands (BLPOP, XREAD … BLOCK, …) — their deadline from
//!   their own timeout argument, per-node connections of their own so they never hold up
//!   other replies, and CLIENT UNBLOCK when a caller gives up.
//! - [`client`]: the standalone client — addresses, primary discovery, read routing.
//! - [`cluster`]: the cluster client — slot map by consensus, redirections, retries,
//!   multi-slot splitting and fan-out by the server's command tips.
//! - [`pubsub`]: desired vs actual subscriptions, the reconciler, the message queue.
//! - [`sink`]: how embedders receive completions as raw frames, batched.
//! - [`commands`]: the server's command metadata (flags, keys, routing tips), generated
//!   from a checked-in snapshot.
//! - [`route`]: explicit routes (cluster mode) as the C ABI carries them.
//! - [`script`]: scripts by digest, with a process-wide store and reload on `NOSCRIPT`.
//! - [`backoff`], [`tls`], [`error`], [`cmd`](mod@cmd): the small pieces those rely on.

#![warn(missing_docs)]

mod auth;
pub mod backoff;
mod blocking;
pub mod breaker;
pub mod client;
pub mod cluster;
pub mod cmd;
pub mod commands;
pub mod config;
mod connection;
mod discovery;
pub mod error;
pub mod pubsub;
pub mod resolve;
pub mod resp;
pub mod route;
mod routing;
pub mod script;
pub mod sink;
pub mod telemetry;
pub mod tls;
pub mod tls_client_auth;

pub use backoff::BackoffStrategy;
pub use client::{Client, RawRequest, RequestTimeout, RetryPolicy};
pub use cluster::{ClusterClient, ClusterConfig, ClusterStats};
pub use cmd::{cmd, Cmd};
pub use config::{
    Address, ClientConfig, Credentials, NodeDiscovery, Protocol, ReadFrom, TlsConfig,
};
pub use error::{Error, Result};
pub use resp::{ServerError, Value};
pub use route::Route;
pub use script::Script;
pub use sink::CompletionSink;

// The crate README's examples are compiled with the doctests, so the page crates.io
// shows cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
