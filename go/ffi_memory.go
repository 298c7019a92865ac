package valkite

/*
#include "valkite.h"
*/
import "C"

// memoryStats is the core's memory as vk_memory_stats reports it (for tests: the soak
// samples it to tell a leak from an allocator that keeps freed memory).
type memoryStats struct {
	rustLiveBytes, rustLiveAllocs          uint64
	mallocInUse, mallocFree, mallocMmapped uint64
	allocatorTuning                        uint32 // bits: 1 ran, 2 arenas capped, 4 mmap threshold fixed
}

func cMemoryStats() memoryStats {
	var s C.VkMemoryStats
	if C.vk_memory_stats(&s) != C.VK_OK {
		return memoryStats{}
	}
	return memoryStats{
		rustLiveBytes: uint64(s.rust_live_bytes), rustLiveAllocs: uint64(s.rust_live_allocs),
		mallocInUse: uint64(s.malloc_in_use), mallocFree: uint64(s.malloc_free),
		mallocMmapped: uint64(s.malloc_mmapped), allocatorTuning: uint32(s.allocator_tuning),
	}
}
