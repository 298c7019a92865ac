//! Process-wide client statistics in one crossing: the host passes an array of
//! `u64` and gets every counter at the index the `VK_STAT_*` constants name, so the
//! host never spells the counter order itself.

use valkite::stats;

/// Index of live connections to servers (every kind a client opens).
pub const VK_STAT_TOTAL_CONNECTIONS: usize = 0;
/// Index of live clients (standalone and cluster).
pub const VK_STAT_TOTAL_CLIENTS: usize = 1;
/// Index of values compressed (always 0: no compression).
pub const VK_STAT_TOTAL_VALUES_COMPRESSED: usize = 2;
/// Index of values decompressed (always 0: no compression).
pub const VK_STAT_TOTAL_VALUES_DECOMPRESSED: usize = 3;
/// Index of bytes before compression (always 0: no compression).
pub const VK_STAT_TOTAL_ORIGINAL_BYTES: usize = 4;
/// Index of bytes after compression (always 0: no compression).
pub const VK_STAT_TOTAL_BYTES_COMPRESSED: usize = 5;
/// Index of bytes decompressed (always 0: no compression).
pub const VK_STAT_TOTAL_BYTES_DECOMPRESSED: usize = 6;
/// Index of values left uncompressed (always 0: no compression).
pub const VK_STAT_COMPRESSION_SKIPPED_COUNT: usize = 7;
/// Index of reconciliation rounds that found subscriptions out of sync.
pub const VK_STAT_SUBSCRIPTION_OUT_OF_SYNC_COUNT: usize = 8;
/// Index of the last time (ms since the Unix epoch) subscriptions were found in sync.
pub const VK_STAT_SUBSCRIPTION_LAST_SYNC_TIMESTAMP: usize = 9;
/// How many counters [`vk_statistics`] fills.
pub const VK_STAT_COUNT: usize = 10;

/// Copies the process-wide counters into `out` (up to `len` of them, at the
/// `VK_STAT_*` indices) and returns how many counters there are (`VK_STAT_COUNT`), so a
/// host built against an older header still reads the ones it knows.
///
/// # Safety
/// `out` is null (nothing is written) or points to `len` writable `u64`s.
#[no_mangle]
pub unsafe extern "C" fn vk_statistics(out: *mut u64, len: usize) -> usize {
    let values = std::panic::catch_unwind(|| stats::snapshot().entries());
    let Ok(values) = values else { return 0 };
    if !out.is_null() {
        // SAFETY: non-null and `len` writable u64s per the contract.
        let dst = unsafe { std::slice::from_raw_parts_mut(out, len) };
        for (d, (_, v)) in dst.iter_mut().zip(values.iter()) {
            *d = *v;
        }
    }
    VK_STAT_COUNT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indices name the core's counters in the core's order.
    #[test]
    fn indices_follow_the_core_order() {
        let names = stats::snapshot().entries().map(|(n, _)| n);
        assert_eq!(names.len(), VK_STAT_COUNT);
        let expect = [
            (VK_STAT_TOTAL_CONNECTIONS, "total_connections"),
            (VK_STAT_TOTAL_CLIENTS, "total_clients"),
            (VK_STAT_TOTAL_VALUES_COMPRESSED, "total_values_compressed"),
            (
                VK_STAT_TOTAL_VALUES_DECOMPRESSED,
                "total_values_decompressed",
            ),
            (VK_STAT_TOTAL_ORIGINAL_BYTES, "total_original_bytes"),
            (VK_STAT_TOTAL_BYTES_COMPRESSED, "total_bytes_compressed"),
            (VK_STAT_TOTAL_BYTES_DECOMPRESSED, "total_bytes_decompressed"),
            (
                VK_STAT_COMPRESSION_SKIPPED_COUNT,
                "compression_skipped_count",
            ),
            (
                VK_STAT_SUBSCRIPTION_OUT_OF_SYNC_COUNT,
                "subscription_out_of_sync_count",
            ),
            (
                VK_STAT_SUBSCRIPTION_LAST_SYNC_TIMESTAMP,
                "subscription_last_sync_timestamp",
            ),
        ];
        for (i, name) in expect {
            assert_eq!(names[i], name);
        }
        let mut short = [u64::MAX; 2];
        // SAFETY: two writable u64s.
        let n = unsafe { vk_statistics(short.as_mut_ptr(), short.len()) };
        assert_eq!(n, VK_STAT_COUNT);
        assert_ne!(short[0], u64::MAX);
        // SAFETY: null is allowed.
        assert_eq!(
            unsafe { vk_statistics(std::ptr::null_mut(), 5) },
            VK_STAT_COUNT
        );
    }
}
