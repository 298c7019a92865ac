//! Connections: one multiplexed connection per server, kept alive by a manager task.
//!
//! - [`stream`]: TCP or TLS, connected with a timeout.
//! - [`handshake`]: HELLO/AUTH/SELECT/SETNAME/SETINFO before the connection is shared.
//! - [`conn`]: the multiplexer — one ordered queue of pending requests, coalesced writes,
//!   a reader matching replies strictly by position, a sweeper expiring timed-out requests
//!   without giving up their slot.
//! - [`node`]: owns the current connection to one address, reconnects with backoff, and
//!   fails requests fast while disconnected.

pub(crate) mod conn;
pub(crate) mod handshake;
pub(crate) mod node;
pub(crate) mod stream;

pub(crate) use conn::Responder;
pub(crate) use node::Node;
