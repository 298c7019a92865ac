//! Connection state the host changes after creation: the password and the database.
//!
//! Password rotation across the C ABI. The update itself runs on the client's runtime
//! and answers through the completion queue with the caller's token, like a command:
//! the host waits for it exactly as for a reply, and no thread blocks in this call.

use std::sync::atomic::Ordering;

use valkite::CompletionSink;

use crate::handle::{guard, AnyClient, VkClient};
use crate::VkStatus;

/// `flags` bit: send AUTH on every live connection now, not only on reconnection.
pub const VK_PASSWORD_IMMEDIATE: u32 = 1;
/// `flags` bit: drop the password (later connections do not authenticate); the
/// password arguments are ignored.
pub const VK_PASSWORD_RESET: u32 = 2;

/// Replaces the password the client authenticates with on every later connection
/// (and, with [`VK_PASSWORD_IMMEDIATE`], on the live ones now). The outcome arrives
/// through [`vk_poll`](crate::vk_poll) as a completion for `token`: `+OK` or an error
/// status whose message never contains the password. Returns `VkErrClosing` on a
/// closed client and `VkErrInvalidArgument` for bad pointers or flags, in which case
/// no completion follows.
///
/// # Safety
/// `client` must be a live client; `password` must be valid for `password_len` bytes
/// (or `password_len` 0).
#[no_mangle]
pub unsafe extern "C" fn vk_update_password(
    client: *const VkClient,
    token: u64,
    password: *const u8,
    password_len: usize,
    flags: u32,
) -> VkStatus {
    guard(|| {
        if client.is_null() || flags & !(VK_PASSWORD_IMMEDIATE | VK_PASSWORD_RESET) != 0 {
            return VkStatus::VkErrInvalidArgument;
        }
        if password_len > 0 && password.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: live per the contract.
        let c = unsafe { &*client };
        if c.closed.load(Ordering::Acquire) {
            return VkStatus::VkErrClosing;
        }
        let new = if flags & VK_PASSWORD_RESET != 0 {
            None
        } else {
            let bytes = if password_len == 0 {
                &[][..]
            } else {
                // SAFETY: non-null and the caller promises `password_len` bytes.
                unsafe { std::slice::from_raw_parts(password, password_len) }
            };
            match String::from_utf8(bytes.to_vec()) {
                Ok(p) => Some(p),
                Err(_) => return VkStatus::VkErrInvalidArgument,
            }
        };
        let immediate = flags & VK_PASSWORD_IMMEDIATE != 0;
        let sink = c.sink.clone();
        let fut = {
            let client = c.client.clone();
            async move {
                let r = match client {
                    AnyClient::Standalone(s) => s.update_password(new, immediate).await,
                    AnyClient::Cluster(s) => s.update_password(new, immediate).await,
                };
                match r {
                    Ok(()) => sink.complete(token, Ok(b"+OK\r\n")),
                    Err(e) => sink.complete(token, Err(&e)),
                }
                sink.flush();
            }
        };
        c.engine.rt.spawn(fut);
        // The task runs when the host next drives the runtime: make sure it does.
        c.sink.runtime_work();
        VkStatus::VkOk
    })
}

/// Makes later (re)connections select database `db`. The host calls it after a SELECT
/// it sent succeeded, so that a reconnection does not fall back to the configured
/// database. Returns at once; nothing is sent.
///
/// # Safety
/// `client` must be a live client.
#[no_mangle]
pub unsafe extern "C" fn vk_set_database(client: *const VkClient, db: u32) -> VkStatus {
    guard(|| {
        if client.is_null() {
            return VkStatus::VkErrInvalidArgument;
        }
        // SAFETY: live per the contract.
        let c = unsafe { &*client };
        match &c.client {
            AnyClient::Standalone(s) => s.set_database(db),
            AnyClient::Cluster(s) => s.set_database(db),
        }
        VkStatus::VkOk
    })
}
