//! Status codes: the C face of `valkite::Error`, one code per Go error type.

use valkite::Error;

/// Outcome of a call, or the error kind of a completion.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VkStatus {
    VkOk = 0,
    VkErrConnection = 1,
    VkErrDisconnect = 2,
    VkErrTimeout = 3,
    VkErrClosing = 4,
    VkErrConfiguration = 5,
    VkErrProtocol = 6,
    VkErrInflightLimit = 7,
    VkErrExecAbort = 8,
    VkErrInvalidArgument = 9,
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
