//! Settings for the C allocator, from what the soak found (docs/hardening.md, "RSS
//! growth after the 2026-12-07 merges"): with glibc's defaults, the 1–3 MiB values a
//! client moves make the C allocator keep ever more freed memory. Two things add up. Every thread that allocates gets an arena of its own, up to
//! eight per core, and Go runs its calls into the library on any of its threads; freed
//! chunks stay in the arena they came from. And the threshold above which a block is
//! served by `mmap` (and returned to the system on free) starts at 128 KiB but rises to
//! the size of every larger block freed, up to 32 MiB: after the first few large values,
//! every later one comes from the arenas and fragments them. The library therefore caps
//! the arenas at two and fixes the threshold at 256 KiB when it is loaded.

use std::sync::atomic::{AtomicU32, Ordering};

/// Arenas the C allocator may create (see the module doc).
const ARENA_MAX: i32 = 2;
/// Blocks from this size on are served by `mmap` and returned to the system when freed.
const MMAP_THRESHOLD: i32 = 256 << 10;

/// Whether [`tune_allocator`] has run, and which settings it applied.
static TUNED: AtomicU32 = AtomicU32::new(0);
const TUNED_RAN: u32 = 1;
const TUNED_ARENA_MAX: u32 = 2;
const TUNED_MMAP_THRESHOLD: u32 = 4;

/// Applies the allocator settings of the module doc, once per process, unless the host
/// asked otherwise: `VALKITE_MALLOC_TUNING=off` leaves the allocator alone, and a
/// setting the host made through glibc's own variables (`MALLOC_ARENA_MAX`,
/// `MALLOC_MMAP_THRESHOLD_`, `GLIBC_TUNABLES`) is never overridden.
///
/// It runs when the library is loaded (below), before the host starts threads that
/// would each get an arena, and again, as a no-op, when the engine starts, for a
/// linker that dropped the load-time hook.
#[inline(never)] // keeps the load-time hook's object linked wherever this is called
pub(crate) fn tune_allocator() {
    if TUNED.fetch_or(TUNED_RAN, Ordering::AcqRel) & TUNED_RAN != 0 {
        return;
    }
    if std::env::var_os("VALKITE_MALLOC_TUNING").is_some_and(|v| v == "off" || v == "0") {
        return;
    }
    let tunables = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
    if std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && !tunables.contains("malloc.arena_max")
        && set_malloc_option(MallocOption::ArenaMax, ARENA_MAX)
    {
        TUNED.fetch_or(TUNED_ARENA_MAX, Ordering::AcqRel);
    }
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none()
        && !tunables.contains("malloc.mmap_threshold")
        && set_malloc_option(MallocOption::MmapThreshold, MMAP_THRESHOLD)
    {
        TUNED.fetch_or(TUNED_MMAP_THRESHOLD, Ordering::AcqRel);
    }
}

/// The load-time hook: an entry of the ELF initialisers, run by the dynamic loader (or
/// the C runtime of a static binary) before `main`, so before a Go host's runtime starts
/// its threads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".init_array"]
static TUNE_AT_LOAD: extern "C" fn() = tune_at_load;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn tune_at_load() {
    // Nothing may unwind out of an initialiser.
    let _ = std::panic::catch_unwind(tune_allocator);
}

enum MallocOption {
    ArenaMax,
    MmapThreshold,
}

/// True when the allocator took the setting.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set_malloc_option(option: MallocOption, value: i32) -> bool {
    let param = match option {
        MallocOption::ArenaMax => libc::M_ARENA_MAX,
        MallocOption::MmapThreshold => libc::M_MMAP_THRESHOLD,
    };
    // SAFETY: mallopt takes two integers and changes allocator parameters only; glibc
    // applies them under its own lock. On a refused value (0) the defaults stay.
    unsafe { libc::mallopt(param, value) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set_malloc_option(_: MallocOption, _: i32) -> bool {
    false
}

/// The settings applied so far: bit 0, the tuning ran; bit 1, arenas capped; bit 2,
/// `mmap` threshold fixed.
pub(crate) fn applied() -> u32 {
    TUNED.load(Ordering::Acquire)
}
