package valkite

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Leaks: requests whose callers gave up must still give their waiter slot back, and a
// closed client must leave nothing behind — no goroutine, no file descriptor (socket,
// or the Rust runtime's epoll), no reference that keeps it alive.

// openFDs counts this process's open file descriptors (Linux), or -1.
func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// engineStarted makes sure the process's engine exists — its runtime and readiness
// descriptors are created by the first client and kept for the life of the process —
// and waits until the client that started it is forgotten, so that a baseline taken
// next counts only what a test's own clients add and leave behind.
func engineStarted(t *testing.T) {
	t.Helper()
	c, err := NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 1}).WithLazyConnect(true))
	requireNoErr(t, "NewClient(lazy)", err)
	id := c.core.id
	c.Close()
	pollUntil(t, "the engine to forget the closed client", 10*time.Second, func() bool {
		_, ok := (*eng.clients.Load())[id]
		return !ok
	})
}

// slotStats reports how many waiter slots the client has ever created and how many
// of them are currently free.
func slotStats(c *Client) (total, free int) {
	c.core.mu.Lock()
	defer c.core.mu.Unlock()
	return len(c.core.slots), len(c.core.free)
}

// idleSlots reports whether every waiter slot is back in the free list.
func idleSlots(c *Client) bool {
	total, free := slotStats(c)
	return total == free
}

// hammer sends n requests from the given number of goroutines; every other one is
// abandoned right after submission, some others get deadlines of microseconds. Every
// reply that is delivered is checked.
func hammer(t *testing.T, c *Client, goroutines, n int) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	per := n / goroutines
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				payload := fmt.Sprintf("%d/%d", g, i)
				var ctx context.Context = context.Background()
				var cancel context.CancelFunc = func() {}
				switch i % 4 {
				case 1, 3:
					ctx = newAbandonCtx()
				case 2:
					ctx, cancel = context.WithTimeout(ctx, time.Duration(i%50)*time.Microsecond)
				}
				r, err := c.Echo(ctx, payload)
				cancel()
				if err == nil && r.Value() != payload {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("Echo(%q) = %q", payload, r.Value()))
					mu.Unlock()
				} else if err != nil && ctx.Err() == nil {
					mu.Lock()
					bad = append(bad, fmt.Sprintf("Echo(%q): %v", payload, err))
					mu.Unlock()
				}
			}
		}(g)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the request storm")
	for i, b := range bad {
		if i == 10 {
			break
		}
		t.Error(b)
	}
}

// TestAbandonedRequestsRecycleSlots: after 10k requests, half of them abandoned right
// after submission, the number of waiter slots stays within what was ever in flight at
// once, every slot returns to the free list once the replies are in, and a second storm
// reuses them instead of growing.
func TestAbandonedRequestsRecycleSlots(t *testing.T) {
	s := sharedValkey.get(t)
	c := openClient(t, cfgFor(s))
	const goroutines = 50
	hammer(t, c, goroutines, 10_000)
	pollUntil(t, "every abandoned request's reply to come back", 10*time.Second, func() bool { return idleSlots(c) })
	first, _ := slotStats(c)
	// Each goroutine has one request of its own in flight plus the abandoned ones the
	// core has not answered yet, which the default in-flight limit (1000) caps.
	if limit := 1000 + 2*goroutines; first > limit {
		t.Fatalf("%d waiter slots after 10k requests from %d goroutines; want at most %d", first, goroutines, limit)
	}
	t.Logf("waiter slots after the first storm: %d", first)

	hammer(t, c, goroutines, 10_000)
	pollUntil(t, "the second storm's replies", 10*time.Second, func() bool { return idleSlots(c) })
	second, _ := slotStats(c)
	t.Logf("waiter slots after the second storm: %d", second)
	if second > first+first/2+goroutines {
		t.Fatalf("slots grew from %d to %d in an identical second storm: abandoned slots are not reused", first, second)
	}

	// One caller at a time needs one slot, whatever came before.
	for i := 0; i < 1000; i++ {
		if _, err := c.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if third, _ := slotStats(c); third != second {
		t.Fatalf("sequential requests grew the slots from %d to %d", second, third)
	}
}

// TestCloseLeavesNothingBehind: clients that served storms of abandoned requests and
// were closed leave no goroutine, no file descriptor and no server connection, and
// become collectable.
func TestCloseLeavesNothingBehind(t *testing.T) {
	s := testserver.StartValkey(t)
	serverClients := func() int {
		n, _ := strconv.Atoi(s.Info(t, "clients")["connected_clients"])
		return n - 1 // the INFO connection itself
	}
	engineStarted(t)
	runtime.GC()
	baseGoroutines := runtime.NumGoroutine()
	baseFDs := openFDs()

	collected := make(chan struct{}, 16)
	clients := 8
	for i := 0; i < clients; i++ {
		c, err := NewClient(cfgFor(s))
		requireNoErr(t, "NewClient", err)
		runtime.AddCleanup(c.core, func(ch chan struct{}) { ch <- struct{}{} }, collected)
		hammer(t, c, 20, 2_000)
		// Close with abandoned requests possibly still unanswered.
		c.Close()
		requireAs[*ClosingError](t, "Ping after Close", func() error { _, err := c.Ping(context.Background()); return err }())
	}

	pollUntil(t, "goroutines to return to the baseline", 10*time.Second, func() bool {
		return runtime.NumGoroutine() <= baseGoroutines
	})
	if baseFDs >= 0 {
		pollUntil(t, "file descriptors to return to the baseline", 10*time.Second, func() bool {
			return openFDs() <= baseFDs
		})
	}
	pollUntil(t, "the server to see every client gone", 10*time.Second, func() bool { return serverClients() == 0 })
	// Nothing (no poller, no registry) keeps a closed client alive.
	got := 0
	pollUntil(t, "closed clients to be garbage collected", 10*time.Second, func() bool {
		runtime.GC()
		for {
			select {
			case <-collected:
				got++
				continue
			default:
			}
			break
		}
		return got == clients
	})
	t.Logf("goroutines %d → %d, fds %d → %d", baseGoroutines, runtime.NumGoroutine(), baseFDs, openFDs())
}

// TestFailedNewClientLeavesNothingBehind: a NewClient that fails to connect releases
// what it set up on the way (the Rust runtime, the socket).
func TestFailedNewClientLeavesNothingBehind(t *testing.T) {
	fake := newFakeServer(t)
	engineStarted(t)
	runtime.GC()
	baseGoroutines := runtime.NumGoroutine()
	baseFDs := openFDs()
	for i := 0; i < 10; i++ {
		_, err := NewClient(config.NewClientConfiguration().WithAddress(fake.addr()).WithAdvancedConfiguration(
			config.NewAdvancedClientConfiguration().WithConnectionTimeout(50 * time.Millisecond)))
		requireAs[*ConnectionError](t, "NewClient(silent server)", err)
		_ = (<-fake.accepted).Close()
	}
	pollUntil(t, "goroutines to return to the baseline", 10*time.Second, func() bool {
		return runtime.NumGoroutine() <= baseGoroutines
	})
	if baseFDs >= 0 {
		pollUntil(t, "file descriptors to return to the baseline", 10*time.Second, func() bool {
			return openFDs() <= baseFDs
		})
	}
}

// TestLargeRepliesAreNotPinned: replies larger than the poller's buffer (256 KiB)
// arrive intact alongside small ones, and a multi-megabyte reply does not stay pinned
// in its waiter slot afterwards.
func TestLargeRepliesAreNotPinned(t *testing.T) {
	s := sharedValkey.get(t)
	c := openClient(t, cfgFor(s))
	ctx := context.Background()
	sizes := []int{255 << 10, 256 << 10, 1 << 20, 5 << 20}
	var wg sync.WaitGroup
	for i, n := range sizes {
		k := testKey(t, strconv.Itoa(i))
		big := make([]byte, n)
		for j := range big {
			big[j] = byte('a' + (i+j)%26)
		}
		if _, err := c.Set(ctx, k, string(big)); err != nil {
			t.Fatal(err)
		}
		// Small traffic interleaved with the big reply.
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				p := fmt.Sprintf("small-%d-%d", i, j)
				if r, err := c.Echo(ctx, p); err != nil || r.Value() != p {
					t.Errorf("Echo(%q) = %q, %v", p, r.Value(), err)
					return
				}
			}
		}(i)
		r, err := c.Get(ctx, k)
		if err != nil || r.Value() != string(big) {
			t.Fatalf("Get of %d bytes: %d bytes back, %v", n, len(r.Value()), err)
		}
		_, _ = c.Del(ctx, []string{k})
	}
	waitGroupWithin(t, &wg, 30*time.Second, "small traffic")
	c.core.mu.Lock()
	defer c.core.mu.Unlock()
	for _, w := range c.core.slots {
		if cap(w.own) > waiterKeep || w.ref != 0 || w.buf != nil {
			t.Fatalf("slot %d keeps a reply after it was consumed (copy buffer %d bytes, by-reference handle %d)", w.slot, cap(w.own), w.ref)
		}
	}
}
