//! Giving up on a blocking request from the host.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::handle::VkClient;

/// The host no longer waits for request `token` (its caller's context ended). If the
/// request is a blocking command running on a blocking connection (BLPOP, XREAD …
/// BLOCK, …), the core unblocks it on the server and returns 1: the token's completion
/// then comes promptly — with the reply the server had already sent (an element it
/// popped is never dropped), or with `VK_ERR_TIMEOUT`. For any other token it does
/// nothing and returns 0; the completion comes as it would have.
///
/// # Safety
/// `client` from [`vk_client_new`](crate::vk_client_new), not yet freed.
#[no_mangle]
pub unsafe extern "C" fn vk_cancel(client: *const VkClient, token: u64) -> u8 {
    // A misaligned pointer cannot be a client; dereferencing it would be undefined.
    if client.is_null() || !client.is_aligned() {
        return 0;
    }
    // SAFETY: live per the contract.
    let c = unsafe { &*client };
    catch_unwind(AssertUnwindSafe(|| c.cancel(token))).map_or(0, u8::from)
}
