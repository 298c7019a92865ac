//! Memory accounting: what the library holds, for leak hunting (the soak samples it).
//!
//! The static library's global allocator is the system allocator behind two counters:
//! bytes currently allocated by Rust code and the number of live allocations. They cost
//! two relaxed atomic additions per allocation and per free. [`vk_memory_stats`] reads
//! them together with the C allocator's own view (glibc's `mallinfo2`), which also covers
//! what the allocator keeps without handing it out (free chunks in its arenas), so a host
//! can tell a leak (live bytes grow) from an allocator that does not return memory (live
//! bytes flat, the allocator's free bytes or the RSS grow). The allocator's settings are
//! `alloc_tuning.rs`'s.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, Ordering};

struct Counting;

static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);
static LIVE_ALLOCS: AtomicI64 = AtomicI64::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments unchanged and
// only adjusts two counters, so `System`'s guarantees carry over.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
            LIVE_ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc_zeroed`'s contract.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
            LIVE_ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is; `ptr` came from this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size() as i64, Ordering::Relaxed);
        LIVE_ALLOCS.fetch_sub(1, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `realloc`'s contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What [`vk_memory_stats`] reports. Byte counts; zero where the platform has no figure.
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct VkMemoryStats {
    /// Bytes the library's Rust code has allocated and not freed.
    pub rust_live_bytes: u64,
    /// Allocations the library's Rust code holds.
    pub rust_live_allocs: u64,
    /// The C allocator: bytes handed out (from its arenas and by `mmap`), for the whole
    /// process (Rust's allocations included, Go's own heap not).
    pub malloc_in_use: u64,
    /// The C allocator: free bytes it keeps in its arenas (not returned to the system).
    pub malloc_free: u64,
    /// The C allocator: bytes of blocks it serves by `mmap` (part of `malloc_in_use`).
    pub malloc_mmapped: u64,
    /// Which allocator settings the library applied (see `ffi/src/alloc_tuning.rs`): bit 0,
    /// the tuning ran; bit 1, arenas capped; bit 2, `mmap` threshold fixed.
    pub allocator_tuning: u32,
}

/// Fills `*out` with the library's memory figures. Returns `VkErrInvalidArgument` for a
/// null `out`. Cheap enough to call every second; `malloc_*` walk the allocator's arenas
/// under their locks.
///
/// # Safety
/// `out` is null or valid for a write of one `VkMemoryStats`.
#[no_mangle]
pub unsafe extern "C" fn vk_memory_stats(out: *mut VkMemoryStats) -> crate::VkStatus {
    crate::handle::guard(|| {
        if out.is_null() {
            return crate::VkStatus::VkErrInvalidArgument;
        }
        let mut s = VkMemoryStats {
            rust_live_bytes: LIVE_BYTES.load(Ordering::Relaxed).max(0) as u64,
            rust_live_allocs: LIVE_ALLOCS.load(Ordering::Relaxed).max(0) as u64,
            allocator_tuning: crate::alloc_tuning::applied(),
            ..VkMemoryStats::default()
        };
        malloc_figures(&mut s);
        // SAFETY: checked non-null; the caller promises it is valid for one write.
        unsafe { out.write(s) };
        crate::VkStatus::VkOk
    })
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn malloc_figures(s: &mut VkMemoryStats) {
    // SAFETY: mallinfo2 takes no arguments and returns a plain struct by value.
    let mi = unsafe { libc::mallinfo2() };
    s.malloc_in_use = (mi.uordblks + mi.hblkhd) as u64;
    s.malloc_free = mi.fordblks as u64;
    s.malloc_mmapped = mi.hblkhd as u64;
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn malloc_figures(_: &mut VkMemoryStats) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats() -> VkMemoryStats {
        let mut s = VkMemoryStats::default();
        // SAFETY: `s` is a valid, writable VkMemoryStats.
        assert_eq!(unsafe { vk_memory_stats(&mut s) }, crate::VkStatus::VkOk);
        s
    }

    #[test]
    fn null_out_is_refused() {
        // SAFETY: null is allowed by the contract and must be refused.
        let st = unsafe { vk_memory_stats(std::ptr::null_mut()) };
        assert_eq!(st, crate::VkStatus::VkErrInvalidArgument);
    }

    /// The counters follow an allocation and its free. Other tests of this binary run
    /// in parallel threads and allocate too, so the check leaves them half the size.
    #[test]
    fn live_bytes_follow_allocations() {
        const SIZE: usize = 64 << 20;
        let before = stats();
        let block = vec![1u8; SIZE];
        let during = stats();
        assert!(
            during.rust_live_bytes >= before.rust_live_bytes + SIZE as u64 / 2,
            "{before:?} → {during:?}"
        );
        assert!(during.malloc_in_use >= SIZE as u64 / 2, "{during:?}");
        drop(std::hint::black_box(block));
        let after = stats();
        assert!(
            after.rust_live_bytes + (SIZE as u64) / 2 <= during.rust_live_bytes,
            "{during:?} → {after:?}"
        );
    }
}
