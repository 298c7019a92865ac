package valkite

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// The core's own memory (what vk_memory_stats counts: every byte Rust allocated and did
// not free) must come back to where it was once the clients that used it are gone:
// whatever a client, a request, a cancelled request or a large reply held is released.
// The soak showed the process's RSS growing; this is the check that it was not the core
// holding on to something (docs/hardening.md, "Soak").

// coreMemoryRound churns clients through what costs the core memory: large values
// written and read (replies handed over by reference), requests abandoned while their
// large reply is on the way, pipelines, the server killing the connections, and a Close
// with requests still in flight.
//
// Errors are expected (the kills cause them) and not the point; the round fails only
// when no large reply came back at all.
func coreMemoryRound(t *testing.T, s *testserver.Server, clients int) {
	t.Helper()
	big := strings.Repeat("0123456789abcdef", (2<<20)/16) // 2 MiB
	var wg sync.WaitGroup
	var bigReplies atomic.Int64
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := NewClient(cfgFor(s))
			if err != nil {
				// Another goroutine's CLIENT KILL can close this connection in the
				// middle of its handshake: one of the expected errors.
				return
			}
			defer c.Close() // with requests abandoned below possibly unanswered
			ctx := context.Background()
			key := fmt.Sprintf("{mem}:%d", i)
			if _, err := c.Set(ctx, key, big); err != nil {
				return
			}
			if r, err := c.Get(ctx, key); err == nil && r.Value() == big {
				bigReplies.Add(1)
			}
			for j := 0; j < 4; j++ {
				_, _ = c.Get(newAbandonCtx(), key) // the 2 MiB reply arrives for nobody
			}
			b := pipeline.NewStandaloneBatch(false)
			for j := 0; j < 20; j++ {
				b.Echo(fmt.Sprintf("e%d", j)).Get(key)
			}
			_, _ = c.Exec(ctx, *b, false)
			if i%4 == 0 {
				_, _ = s.Exec("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
			}
			_, _ = c.Get(newAbandonCtx(), key)
		}(i)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the client churn")
	if bigReplies.Load() == 0 {
		t.Fatalf("none of %d clients got its 2 MiB value back", clients)
	}
}

// coreQuiet waits until every client the engine knew is forgotten (its connections'
// tasks have ended) and every reply handed over by reference is back.
func coreQuiet(t *testing.T) {
	t.Helper()
	pollUntil(t, "the engine to forget every closed client", 20*time.Second, func() bool {
		return len(*eng.clients.Load()) == 0 && cRepliesHeld() == 0
	})
}

// engineToItself waits for the clients earlier tests closed to wind down, and skips
// the test when one stays open: the engine's memory would not be this test's alone.
func engineToItself(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(*eng.clients.Load()) != 0 {
		if time.Now().After(deadline) {
			t.Skipf("%d clients of earlier tests are still open: the engine's memory is not this test's alone", len(*eng.clients.Load()))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// tuningAtInit is read while the test binary initialises its packages, before any
// client exists: the library's load-time hook must have tuned the allocator by then.
var tuningAtInit = cMemoryStats().allocatorTuning

func TestAllocatorTunedAtLoad(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the allocator settings are glibc's")
	}
	if tuningAtInit&1 == 0 {
		t.Fatalf("the allocator tuning had not run when the process started (bits %b)", tuningAtInit)
	}
	if asanBuild {
		t.Skipf("AddressSanitizer's allocator ignores mallopt (tuning bits %b)", tuningAtInit)
	}
	if os.Getenv("VALKITE_MALLOC_TUNING") != "" || os.Getenv("MALLOC_ARENA_MAX") != "" ||
		os.Getenv("MALLOC_MMAP_THRESHOLD_") != "" || os.Getenv("GLIBC_TUNABLES") != "" {
		t.Skipf("the environment sets the allocator itself (tuning bits %b)", tuningAtInit)
	}
	if tuningAtInit != 7 {
		t.Fatalf("tuning bits %b, want 111 (ran, arenas capped, mmap threshold fixed)", tuningAtInit)
	}
}

func TestCoreMemoryReturnsToBaseline(t *testing.T) {
	s := testserver.StartValkey(t)
	engineStarted(t)
	engineToItself(t)
	// A first round of the same size brings the engine's own buffers (the completion
	// queue, the runtime's tables), which grow with the most clients and requests ever
	// in flight at once, to their working size; the baseline is taken after it.
	const clients = 48
	coreMemoryRound(t, s, clients)
	coreQuiet(t)
	base := cMemoryStats()
	if base.rustLiveBytes == 0 {
		t.Skip("vk_memory_stats reports no figures on this platform")
	}

	coreMemoryRound(t, s, clients)
	during := cMemoryStats()
	coreQuiet(t)

	// 48 clients moved about 48 × 8 × 2 MiB: a leak of one large reply, one read buffer
	// or one client's state would stand out against the 1 MiB allowed here for
	// allocator-internal rounding and tokio's lazily grown structures.
	const slack = 1 << 20
	var after memoryStats
	pollUntil(t, "the core's live bytes to return to the baseline", 10*time.Second, func() bool {
		after = cMemoryStats()
		return after.rustLiveBytes <= base.rustLiveBytes+slack
	})
	t.Logf("core live bytes: %d at baseline, %d mid-run, %d after (allocations %d → %d); C allocator in use %d → %d, free %d → %d",
		base.rustLiveBytes, during.rustLiveBytes, after.rustLiveBytes, base.rustLiveAllocs, after.rustLiveAllocs,
		base.mallocInUse, after.mallocInUse, base.mallocFree, after.mallocFree)
	if after.rustLiveAllocs > base.rustLiveAllocs+256 {
		t.Errorf("the core holds %d more allocations than at the baseline", after.rustLiveAllocs-base.rustLiveAllocs)
	}
}

// TestIdleClientGivesBackBurstMemory: a connection keeps the buffers a burst of 64 KiB
// values grew (its spare write buffer, its read blocks) so the next burst finds its
// memory mapped; once the client has been idle for a heartbeat interval, that memory
// goes back, with the client still open.
func TestIdleClientGivesBackBurstMemory(t *testing.T) {
	s := testserver.StartValkey(t)
	engineStarted(t)
	engineToItself(t)
	c, err := NewClient(cfgFor(s))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	base := cMemoryStats()
	if base.rustLiveBytes == 0 {
		t.Skip("vk_memory_stats reports no figures on this platform")
	}

	value := strings.Repeat("v", 64<<10)
	var wg sync.WaitGroup
	for g := 0; g < 128; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				key := fmt.Sprintf("burst:%d:%d", g, i)
				if _, err := c.Set(ctx, key, value); err != nil {
					t.Error(err)
					return
				}
				if r, err := c.Get(ctx, key); err != nil || r.Value() != value {
					t.Errorf("GET %s: %d bytes, %v", key, len(r.Value()), err)
					return
				}
			}
		}(g)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the burst")
	if t.Failed() {
		return
	}
	kept := cMemoryStats().rustLiveBytes - base.rustLiveBytes
	if kept < 1<<20 {
		t.Skipf("the burst left only %d bytes with the core: nothing to give back here", kept)
	}
	// Two heartbeat intervals (3 s each): one to see the connection idle, one to find
	// nothing was read since.
	const slack = 1 << 20
	var after memoryStats
	pollUntil(t, "the idle client's burst buffers to be let go", 15*time.Second, func() bool {
		after = cMemoryStats()
		return after.rustLiveBytes <= base.rustLiveBytes+slack
	})
	t.Logf("core live bytes: %d before the burst, %d more after it, %d once idle", base.rustLiveBytes, kept, after.rustLiveBytes)
	if _, err := c.Get(ctx, "burst:0:0"); err != nil {
		t.Fatalf("the client after letting its buffers go: %v", err)
	}
}
