//! Status codes: the C face of `valkite::Error`, one code per Go error type.

use valkite::Error;

/// Outcome of a call, or the error kind of a completion.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VkStatus {
    /// Success; for a completion, the payload is the reply frame as the server sent it.
    VkOk = 0,
    /// No connection could be made, or it broke with the request on it: the request
    /// may or may not have run.
    VkErrConnection = 1,
    /// The client was between connections and did not send the request.
    VkErrDisconnect = 2,
    /// The request timeout passed first; a late reply is dropped and the connection
    /// stays usable.
    VkErrTimeout = 3,
    /// The client is closed or closing.
    VkErrClosing = 4,
    /// The configuration was refused before anything connected; the message says why.
    VkErrConfiguration = 5,
    /// The server sent something that is not RESP; that connection was closed.
    VkErrProtocol = 6,
    /// Too many requests in flight; this one was not sent.
    VkErrInflightLimit = 7,
    /// The server aborted the transaction (EXECABORT).
    VkErrExecAbort = 8,
    /// A malformed argument or request, refused before anything was sent.
    VkErrInvalidArgument = 9,
    /// The server answered with an error reply.
    VkErrServer = 10,
    /// A bug inside valkite was caught at the boundary instead of unwinding into C.
    VkErrPanic = 11,
    /// The completion did not fit: `*needed` says how many bytes to offer.
    VkErrBufferTooSmall = 12,
    /// A completion carrying one reply per node (a multi-node route): the payload is
    /// records of `addr_len: u16, addr ("host:port"), frame_len: u32, frame`.
    VkOkMultiNode = 13,
    /// The last record of a closed client: every task of its connections has ended (its
    /// sockets are closed) and no completion for it follows. Token 0, empty payload.
    VkClientGone = 14,
    /// A reply handed over by reference instead of copied into the record (large
    /// replies): the payload is `data: u64` (address of the raw RESP frame), `len: u64`,
    /// `reply: u64` (a handle the host must give back to `vk_reply_free` exactly once,
    /// after which `data` is invalid). Otherwise it means what `VkOk` means.
    VkOkRef = 15,
    /// The client's circuit breaker is open: the request was refused unsent.
    VkErrCircuitOpen = 16,
}

pub(crate) fn status_of(e: &Error) -> VkStatus {
    match e {
        Error::Connection(_) => VkStatus::VkErrConnection,
        Error::Disconnect(_) => VkStatus::VkErrDisconnect,
        Error::Timeout => VkStatus::VkErrTimeout,
        Error::Closing => VkStatus::VkErrClosing,
        Error::Configuration(_) => VkStatus::VkErrConfiguration,
        Error::Protocol(_) => VkStatus::VkErrProtocol,
        Error::InflightLimit(_) => VkStatus::VkErrInflightLimit,
        Error::ExecAbort(_) => VkStatus::VkErrExecAbort,
        Error::InvalidRequest(_) => VkStatus::VkErrInvalidArgument,
        Error::Server(_) => VkStatus::VkErrServer,
        Error::CircuitOpen(_) => VkStatus::VkErrCircuitOpen,
    }
}
