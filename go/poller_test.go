package valkite

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
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
	if lone := eng.callerPolls.Load(); lone < 150 {
		t.Fatalf("a lone caller took %d of 300 replies itself; want most", lone)
	}
	ready0, blocking0 := eng.readyPolls.Load(), eng.blockingPolls.Load()
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
	ready, blocking := eng.readyPolls.Load()-ready0, eng.blockingPolls.Load()-blocking0
	t.Logf("polls with completions: %d ready, %d blocking", ready, blocking)
	if ready == 0 || ready < blocking {
		t.Fatalf("the poller took %d batches of completions non-blocking and %d blocking; want most non-blocking", ready, blocking)
	}
	got, err := c.Get(ctx, key)
	if err != nil || got.Value() != "299" {
		t.Fatalf("Get = %v, %v; want 299", got, err)
	}
}

// TestLoneTLSCallerIsNotLeftWaiting: over TLS every write is left to the core's writer
// task, which only runs when the host polls. A lone caller waits for its reply's bytes,
// which cannot come before that write; the core must wake it to poll (the sink's
// runtime_work), or each request sits until the caller's wait times out and the poller
// takes over (milliseconds per request; blockingPolls then counts them all).
func TestLoneTLSCallerIsNotLeftWaiting(t *testing.T) {
	s := testserver.StartRedisTLS(t)
	ctx := context.Background()
	c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(s.CAPEM)))
	key := testKey(t, "k")
	blocking0 := eng.blockingPolls.Load()
	for i := 0; i < 200; i++ {
		if _, err := c.Set(ctx, key, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	lone, blocking := eng.callerPolls.Load(), eng.blockingPolls.Load()-blocking0
	if lone < 100 || blocking > 50 {
		t.Fatalf("of 200 TLS requests, %d replies were taken by the caller and %d by blocking polls; want most by the caller", lone, blocking)
	}
}
