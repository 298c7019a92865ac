//! RESP2 and RESP3 wire format.
//!
//! Two consumers read replies, and they want different things, so reading is split in two:
//!
//! * [`Scanner`] only finds where a frame ends (and whether it is an error or a push). The hot path
//!   hands the raw bytes of each reply straight across the C ABI to Go, which decodes them itself;
//!   building Rust values there would be wasted work. The scanner is resumable and never allocates
//!   per frame, so a reply that trickles in over many reads costs time proportional to its size,
//!   and a large bulk string is not looked at until all of it has arrived.
//! * [`decode`] turns one frame the scanner delimited into a [`Value`] for the Rust API
//!   (handshake, cluster topology, tests). Bulk strings are slices of the frame, not copies.
//!
//! Both share the same validation code, so a frame the scanner accepts always decodes, and bytes the
//! scanner rejects never decode.
//!
//! Writing is simpler: clients only send commands, which are arrays of bulk strings
//! ([`encode_command`]). [`CommandView`] checks such an array coming from Go before it is queued,
//! so a malformed request fails on its own instead of desynchronising a shared connection.

mod command;
mod decode;
mod encode;
mod error;
mod lex;
mod scanner;
mod value;

#[cfg(test)]
mod tests;

pub use command::{Args, CommandName, CommandView};
pub use decode::decode;
pub use encode::{encode_command, encoded_len};
pub use error::{ProtocolError, ServerError};
pub use scanner::{FrameInfo, FrameKind, Scanner};
pub use value::{ConversionError, Value};

/// Largest bulk string, blob error or verbatim string payload accepted, in bytes (512 MiB).
///
/// This matches the server's default `proto-max-bulk-len`; anything larger from a peer is far more
/// likely a desynchronised stream than real data, and trusting it would let one header make us wait
/// for (or reserve) an absurd amount of memory.
pub const MAX_BULK_LEN: usize = 512 * 1024 * 1024;

/// Largest element count of one aggregate (array, set, push, map pairs, attribute pairs).
///
/// The server cannot produce more than `i32::MAX` elements in one reply; a larger count means the
/// stream is corrupt.
pub const MAX_AGGREGATE_LEN: usize = i32::MAX as usize;

/// Deepest nesting of aggregates in one frame (an attribute counts as one level).
///
/// Decoding recurses once per level, so an unbounded depth would let a peer exhaust the stack.
/// Real replies nest a handful of levels at most.
pub const MAX_DEPTH: usize = 512;
