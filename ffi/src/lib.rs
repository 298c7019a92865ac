//! # valkite-ffi: the C ABI over the valkite core
//!
//! Built for throughput across the language boundary (see `ARCHITECTURE.md`):
//!
//! - **Submissions are batched.** [`vk_submit`] takes a buffer of any number of
//!   requests, each a complete RESP command plus a caller-chosen token. The command
//!   bytes are copied once, into the connection's write buffer; nothing of the caller's
//!   memory is kept after the call returns.
//! - **Completions are batched and flat.** [`vk_poll`] blocks until completions exist
//!   and copies as many as fit into the caller's buffer: `client, token, status, length,
//!   bytes` records where the bytes are the reply frame exactly as the server sent it.
//!   Large replies (≥ `VK_REPLY_BY_REF_MIN` bytes) are not copied: their record points at
//!   the frame where the connection read it, and the host frees it with
//!   `vk_reply_free`. No Rust thread ever calls into the host language; no reply
//!   tree is built.
//! - **One engine per process, driven by the poller.** Every client shares one
//!   single-threaded tokio runtime and one completion queue (records tagged with the
//!   client's id), and [`vk_poll`] runs that runtime: the thread waiting for completions
//!   is the thread that reads the sockets, so a reply reaches the host without a thread
//!   hand-off, and a process needs one poller however many clients it holds.
//! - **Or the host waits in its own event loop.** [`vk_ready_fd`] is an epoll
//!   descriptor over every client's sockets; when it turns readable, [`vk_poll_ready`]
//!   runs the I/O once without blocking. A Go host waits there while replies flow, so
//!   no thread sits blocked in a foreign call (see `ready.rs` for why that matters).
//! - **Nothing panics across the boundary.** Every entry point validates its inputs and
//!   runs under `catch_unwind`; a closed client answers with `VK_ERR_CLOSING`.

#![warn(missing_docs)]

mod auth;
mod cancel;
mod config;
mod engine;
mod error;
mod handle;
mod pubsub;
mod queue;
mod ready;
mod slot;
mod telemetry;
mod wire;

pub use auth::{vk_set_database, vk_update_password, VK_PASSWORD_IMMEDIATE, VK_PASSWORD_RESET};
pub use cancel::vk_cancel;
pub use config::{VkAddress, VkConfig, VkResolveFn};
pub use error::VkStatus;
pub use handle::{
    vk_client_close, vk_client_free, vk_client_id, vk_client_inflight, vk_client_new, vk_poll,
    vk_poll_interrupt, vk_poll_ready, vk_ready_fd, vk_submit, vk_version, VkClient,
    VK_SUBMIT_HEADER,
};
pub use pubsub::{
    vk_pubsub_fd, vk_pubsub_queued, vk_pubsub_set_interval, vk_pubsub_state, vk_pubsub_stats,
    vk_pubsub_take,
};
pub use queue::VK_COMPLETION_HEADER;
pub use slot::{vk_command_slot, VK_SLOT_CROSS, VK_SLOT_INVALID, VK_SLOT_NONE};
pub use telemetry::{
    vk_otel_init, vk_otel_live_spans, vk_otel_span_end, vk_otel_span_start, VkSpanParent,
    VK_OTEL_PARENT_LOCAL, VK_OTEL_PARENT_NONE, VK_OTEL_PARENT_REMOTE, VK_OTEL_SPAN_CLIENT,
    VK_OTEL_SPAN_INTERNAL,
};
pub use wire::*;
