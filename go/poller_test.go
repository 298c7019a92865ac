package valkite

import (
	"context"
	"strconv"
	"sync"
	"testing"
)

// TestPollerTakesRepliesWithoutBlockingInCgo: under traffic the poller waits for replies
// in Go's netpoller on the core's readiness descriptor and takes them with the
// non-blocking vk_poll_ready; the blocking vk_poll is only for quiet spells (ready.go).
// Removing the readiness path leaves readyPolls at zero.
func TestPollerTakesRepliesWithoutBlockingInCgo(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	key := testKey(t, "k")
	for i := 0; i < 300; i++ {
		if _, err := c.Set(ctx, key, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
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
	ready, blocking := c.core.readyPolls.Load(), c.core.blockingPolls.Load()
	t.Logf("polls with completions: %d ready, %d blocking", ready, blocking)
	if ready == 0 || ready < blocking {
		t.Fatalf("the poller took %d batches of completions non-blocking and %d blocking; want most non-blocking", ready, blocking)
	}
	got, err := c.Get(ctx, key)
	if err != nil || got.Value() != "299" {
		t.Fatalf("Get = %v, %v; want 299", got, err)
	}
}
