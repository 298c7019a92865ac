//! One error type for every way a request can fail. The variants map one-to-one onto the
//! Go client's error types (see the C ABI's `VkErrorKind`), so that a failure keeps its
//! meaning all the way to the user, whichever language they call from.

use crate::resp::{ProtocolError, ServerError};

/// Why a request (or a client) failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A connection could not be made, or it was lost with this request on it (the request
    /// may or may not have run on the server).
    #[error("connection error: {0}")]
    Connection(String),
    /// The client is between connections and did not send the request at all.
    #[error("disconnected: {0}")]
    Disconnect(String),
    /// The request timeout elapsed before the reply arrived. The reply, if it ever comes,
    /// is discarded: the connection stays in sync.
    #[error("request timed out")]
    Timeout,
    /// The client was closed before or while the request was pending.
    #[error("client is closed")]
    Closing,
    /// The configuration was rejected before any connection was made.
    #[error("configuration error: {0}")]
    Configuration(String),
    /// The server answered with an error reply.
    #[error("{0}")]
    Server(ServerError),
    /// The server sent bytes that are not valid RESP; the connection was closed.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// More requests were in flight than the configured limit; nothing was sent.
    #[error("too many requests in flight (limit {0}); request not sent")]
    InflightLimit(usize),
    /// A transaction was aborted by the server (EXECABORT).
    #[error("transaction aborted: {0}")]
    ExecAbort(String),
    /// The request itself was malformed (empty command, invalid encoding); nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The circuit breaker is open: the request was refused without being sent.
    #[error("{0}")]
    CircuitOpen(String),
}

impl From<ProtocolError> for Error {
    fn from(e: ProtocolError) -> Self {
        Error::Protocol(e.message().to_string())
    }
}

impl From<ServerError> for Error {
    fn from(e: ServerError) -> Self {
        if e.code() == "EXECABORT" {
            Error::ExecAbort(e.message().to_string())
        } else {
            Error::Server(e)
        }
    }
}

impl Error {
    /// True when retrying on a fresh connection could succeed (used by reconnect logic
    /// and, later, by cluster retries).
    pub fn is_connection_error(&self) -> bool {
        matches!(self, Error::Connection(_) | Error::Disconnect(_))
    }
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
