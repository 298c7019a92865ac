package valkite

import (
	"context"
	"strconv"
	"sync"
	"testing"
)

// TestPollerTakesRepliesWithoutBlockingInCgo: a lone caller takes its own replies
// (callerPolls), and under concurrent traffic the poller waits for replies in Go's
// netpoller on the core's readiness descriptor and takes them with the non-blocking
// vk_poll_ready; the blocking vk_poll is only for quiet spells (drive.go, ready.go).
// Removing either path leaves its counter at zero.
func TestPollerTakesRepliesWithoutBlockingInCgo(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	key := testKey(t, "k")
	for i := 0; i < 300; i++ {
		if _, err := c.Set(ctx, key, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	if lone := c.core.callerPolls.Load(); lone < 150 {
		t.Fatalf("a lone caller took %d of 300 replies itself; want most", lone)
	}
	ready0, blocking0 := c.core.readyPolls.Load(), c.core.blockingPolls.Load()
	var wg sync.WaitGroup
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := c.Get(ctx, key); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	ready, blocking := c.core.readyPolls.Load()-ready0, c.core.blockingPolls.Load()-blocking0
	t.Logf("polls with completions: %d ready, %d blocking", ready, blocking)
	if ready == 0 || ready < blocking {
		t.Fatalf("the poller took %d batches of completions non-blocking and %d blocking; want most non-blocking", ready, blocking)
	}
	got, err := c.Get(ctx, key)
	if err != nil || got.Value() != "299" {
		t.Fatalf("Get = %v, %v; want 299", got, err)
	}
}
