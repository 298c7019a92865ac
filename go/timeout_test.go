package valkite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
)

// The request timeout from the configuration: a slow reply becomes a *TimeoutError
// at the timeout, the connection survives, and its late reply is discarded.

// TestRequestTimeoutFromConfig: WithRequestTimeout(100ms) turns a DEBUG SLEEP 0.5
// into a *TimeoutError after about 100ms; once the server is free again every reply
// matches its request, on the same connection.
func TestRequestTimeoutFromConfig(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(100*time.Millisecond))
	ctx := context.Background()
	id, err := c.ClientId(ctx)
	requireNoErr(t, "ClientId", err)

	start := time.Now()
	_, err = c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.5"})
	elapsed := time.Since(start)
	requireAs[*TimeoutError](t, "DEBUG SLEEP 0.5 under a 100ms request timeout", err)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("a request timeout must not look like a context deadline")
	}
	if elapsed < 100*time.Millisecond || elapsed > 400*time.Millisecond {
		t.Fatalf("timed out after %v; the request timeout is 100ms", elapsed)
	}

	// While the server still sleeps, requests time out too; once it wakes up they
	// succeed, each with its own reply (never the sleep's late "OK").
	n := 0
	pollUntil(t, "the server to answer again", 10*time.Second, func() bool {
		n++
		want := fmt.Sprintf("probe-%d", n)
		r, err := c.Echo(ctx, want)
		if err != nil {
			requireAs[*TimeoutError](t, "Echo while the server sleeps", err)
			return false
		}
		if r.Value() != want {
			t.Fatalf("Echo(%q) = %q: a late reply was delivered to a later request", want, r.Value())
		}
		return true
	})
	for i := 0; i < 100; i++ {
		want := fmt.Sprintf("after-%d", i)
		r, err := c.Echo(ctx, want)
		requireResult(t, "Echo", r, err, want)
	}
	if got, err := c.ClientId(ctx); err != nil || got != id {
		t.Fatalf("ClientId = %d, %v; a timeout must not cost the connection (was %d)", got, err, id)
	}
}

// TestTimeoutsInterleavedWithTraffic is the proof: DEBUG SLEEPs time out again
// and again while other goroutines keep SETting and GETting their own values. Each
// request either times out or gets its own reply, then and afterwards.
func TestTimeoutsInterleavedWithTraffic(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(100*time.Millisecond))
	ctx := context.Background()

	var (
		stop                     atomic.Bool
		ok, timedOut, mismatched atomic.Int64
		mu                       sync.Mutex
		unexpected               []error
	)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			key := fmt.Sprintf("interleave:%d", g)
			for i := 0; !stop.Load(); i++ {
				val := fmt.Sprintf("%d-%d", g, i)
				_, err := c.Set(ctx, key, val)
				if err == nil {
					var r models.Result[string]
					r, err = c.Get(ctx, key)
					if err == nil {
						if r.Value() != val {
							mismatched.Add(1)
							t.Errorf("GET %s = %q, want %q", key, r.Value(), val)
						} else {
							ok.Add(1)
						}
					}
				}
				if err != nil {
					var te *TimeoutError
					if errors.As(err, &te) {
						timedOut.Add(1)
						continue
					}
					mu.Lock()
					unexpected = append(unexpected, err)
					mu.Unlock()
				}
			}
		}(g)
	}
	for round := 0; round < 4; round++ {
		_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.25"})
		requireAs[*TimeoutError](t, fmt.Sprintf("DEBUG SLEEP round %d", round), err)
		// Let the traffic run on an answering server between the sleeps.
		before := ok.Load()
		pollUntil(t, "traffic to flow again", 10*time.Second, func() bool { return ok.Load() > before+20 })
	}
	stop.Store(true)
	waitGroupWithin(t, &wg, 30*time.Second, "the traffic goroutines")
	for _, err := range unexpected {
		t.Errorf("unexpected error: %T: %v", err, err)
	}
	t.Logf("matched %d, timed out %d", ok.Load(), timedOut.Load())
	if timedOut.Load() == 0 {
		t.Fatal("no traffic timed out: the sleeps did not overlap the traffic")
	}
	for i := 0; i < 100; i++ {
		want := fmt.Sprintf("final-%d", i)
		r, err := c.Echo(ctx, want)
		requireResult(t, "Echo after the rounds", r, err, want)
	}
	for g := 0; g < 8; g++ {
		_, _ = c.Del(ctx, []string{fmt.Sprintf("interleave:%d", g)})
	}
}

// TestContextDeadlineShorterThanRequestTimeout: of the two limits, the earlier wins;
// a context deadline is reported as the context's error, not as a *TimeoutError.
func TestContextDeadlineShorterThanRequestTimeout(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.3"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %T %v, want context.DeadlineExceeded", err, err)
	}
	var te *TimeoutError
	if errors.As(err, &te) {
		t.Fatal("a context deadline reported as a request timeout")
	}
	r, err := c.Echo(context.Background(), "next")
	requireResult(t, "Echo", r, err, "next")
}

// TestBlockingCommandOutlivesRequestTimeout: a blocking command waits as long as its
// own timeout argument says, not the request timeout, and then returns its nil reply.
func TestBlockingCommandOutlivesRequestTimeout(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(100*time.Millisecond))
	start := time.Now()
	v, err := c.CustomCommand(context.Background(), []string{"BLPOP", "no-such-list", "0.3"})
	if err != nil {
		t.Fatalf("BLPOP with a 0.3s timeout under a 100ms request timeout: %T %v", err, err)
	}
	if v != nil {
		t.Fatalf("BLPOP on an empty list = %v, want nil", v)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("BLPOP returned after %v, before its own 0.3s timeout", d)
	}
}

// TestHungServerTimesOut: a server that stops answering (SIGSTOP) costs each request
// its timeout, never more; when it resumes, the client works again.
func TestHungServerTimesOut(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(150*time.Millisecond))
	ctx := context.Background()
	if _, err := c.Set(ctx, "k", "before"); err != nil {
		t.Fatal(err)
	}
	s.Pause()
	resumed := false
	defer func() {
		if !resumed {
			s.Resume()
		}
	}()
	for i := 0; i < 3; i++ {
		start := time.Now()
		_, err := c.Get(ctx, "k")
		d := time.Since(start)
		requireAs[*TimeoutError](t, "Get from a paused server", err)
		if d > 150*time.Millisecond+400*time.Millisecond {
			t.Fatalf("Get from a paused server took %v; the request timeout is 150ms", d)
		}
	}
	s.Resume()
	resumed = true
	var got string
	pollUntil(t, "the resumed server to answer", 10*time.Second, func() bool {
		r, err := c.Get(ctx, "k")
		got = r.Value()
		return err == nil
	})
	if got != "before" {
		t.Fatalf("Get after resume = %q", got)
	}
}

// TestDefaultRequestTimeout: without WithRequestTimeout a request times out after the
// default 250ms.
func TestDefaultRequestTimeout(t *testing.T) {
	s := testserver.StartValkey(t)
	cfg := cfgFor(s)
	cfg = cfg.WithRequestTimeout(0) // zero means the default
	c := openClient(t, cfg)
	start := time.Now()
	_, err := c.CustomCommand(context.Background(), []string{"DEBUG", "SLEEP", "0.6"})
	d := time.Since(start)
	requireAs[*TimeoutError](t, "DEBUG SLEEP 0.6 under the default timeout", err)
	if d < 250*time.Millisecond || d > 550*time.Millisecond {
		t.Fatalf("timed out after %v; the default request timeout is 250ms", d)
	}
}

// TestInflightLimitFailsFast: beyond WithInflightRequestsLimit a request fails at once
// with an error that says why, rather than queueing; the requests in flight are not
// disturbed.
func TestInflightLimitFailsFast(t *testing.T) {
	s := testserver.StartValkey(t)
	const limit = 4
	c := openClient(t, cfgFor(s).WithInflightRequestsLimit(limit))
	ctx := context.Background()
	results := make(chan error, limit)
	go func() {
		_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.3"})
		results <- err
	}()
	pollUntil(t, "DEBUG SLEEP to be pending", 5*time.Second, func() bool { return pendingRequests(c) == 1 })
	for i := 1; i < limit; i++ {
		go func(i int) {
			want := fmt.Sprintf("queued-%d", i)
			r, err := c.Echo(ctx, want)
			if err == nil && r.Value() != want {
				err = fmt.Errorf("Echo(%q) = %q", want, r.Value())
			}
			results <- err
		}(i)
	}
	pollUntil(t, "the limit to be reached", 5*time.Second, func() bool { return pendingRequests(c) == limit })

	start := time.Now()
	_, err := c.Echo(ctx, "one too many")
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Fatalf("the request over the limit took %v: it should fail fast", d)
	}
	if err == nil {
		t.Fatal("a request beyond the in-flight limit succeeded")
	}
	if !strings.Contains(err.Error(), "in flight") {
		t.Fatalf("error %q does not say the in-flight limit was hit", err)
	}
	for i := 0; i < limit; i++ {
		select {
		case err := <-results:
			requireNoErr(t, "request within the limit", err)
		case <-time.After(5 * time.Second):
			t.Fatal("requests within the limit did not complete")
		}
	}
	r, err := c.Echo(ctx, "below the limit again")
	requireResult(t, "Echo", r, err, "below the limit again")
}
