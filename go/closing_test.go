package valkite

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Close: idempotent, prompt, and final — requests pending at the time and every later
// call get a *ClosingError, whatever else is going on concurrently.

// TestCloseIsIdempotent: closing twice is harmless and every kind of call afterwards
// returns a *ClosingError without touching the server.
func TestCloseIsIdempotent(t *testing.T) {
	s := sharedValkey.get(t)
	c, err := NewClient(cfgFor(s))
	requireNoErr(t, "NewClient", err)
	ctx := context.Background()
	if _, err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c.Close()

	calls := map[string]func() error{
		"Ping":          func() error { _, err := c.Ping(ctx); return err },
		"Get":           func() error { _, err := c.Get(ctx, "k"); return err },
		"Set":           func() error { _, err := c.Set(ctx, "k", "v"); return err },
		"Echo":          func() error { _, err := c.Echo(ctx, "e"); return err },
		"CustomCommand": func() error { _, err := c.CustomCommand(ctx, []string{"PING"}); return err },
		"MGet":          func() error { _, err := c.MGet(ctx, []string{"a", "b"}); return err },
	}
	for name, call := range calls {
		start := time.Now()
		err := call()
		requireAs[*ClosingError](t, name+" after Close", err)
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Fatalf("%s after Close took %v", name, d)
		}
	}
	c.Close()

	var zero Client
	zero.Close() // a zero Client has nothing to close and must not panic
}

// TestClosePendingRequests: requests waiting on a slow server when Close is called
// return a *ClosingError right away, and Close itself does not wait for the server.
func TestClosePendingRequests(t *testing.T) {
	s := testserver.StartValkey(t)
	defer s.Kill() // it would otherwise still be sleeping when the test stops it
	c, err := NewClient(cfgFor(s))
	requireNoErr(t, "NewClient", err)
	ctx := context.Background()

	const pending = 8
	errs := make(chan error, pending)
	go func() {
		_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.5"})
		errs <- err
	}()
	pollUntil(t, "DEBUG SLEEP to be pending", 5*time.Second, func() bool { return pendingRequests(c) == 1 })
	for i := 1; i < pending; i++ {
		go func() {
			_, err := c.Get(ctx, "queued-behind-the-sleep")
			errs <- err
		}()
	}
	pollUntil(t, "all requests to be pending", 5*time.Second, func() bool { return pendingRequests(c) == pending })

	start := time.Now()
	c.Close()
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Fatalf("Close took %v with requests pending on a sleeping server", d)
	}
	for i := 0; i < pending; i++ {
		select {
		case err := <-errs:
			requireAs[*ClosingError](t, "pending request", err)
		case <-time.After(250 * time.Millisecond):
			t.Fatalf("only %d of %d pending requests returned after Close", i, pending)
		}
	}
	if d := time.Since(start); d >= 500*time.Millisecond {
		t.Fatalf("pending requests returned %v after Close: they waited for the server", d)
	}
}

// TestCloseReleasesBlockedCommand: a blocking command with no timeout at all (BLPOP 0)
// is released by Close.
func TestCloseReleasesBlockedCommand(t *testing.T) {
	s := sharedValkey.get(t)
	c, err := NewClient(cfgFor(s))
	requireNoErr(t, "NewClient", err)
	done := make(chan error, 1)
	go func() {
		_, err := c.CustomCommand(context.Background(), []string{"BLPOP", testKey(t, "never-pushed"), "0"})
		done <- err
	}()
	pollUntil(t, "BLPOP to be pending", 5*time.Second, func() bool { return pendingRequests(c) == 1 })
	c.Close()
	select {
	case err := <-done:
		requireAs[*ClosingError](t, "BLPOP 0 after Close", err)
	case <-time.After(2 * time.Second):
		t.Fatal("BLPOP 0 still blocked after Close")
	}
}

// TestCloseReleasesParkedRequest: with lazy connect, a first command waits for a
// connection that never completes its handshake; Close releases it.
func TestCloseReleasesParkedRequest(t *testing.T) {
	fake := newFakeServer(t)
	c, err := NewClient(config.NewClientConfiguration().WithAddress(fake.addr()).WithLazyConnect(true).
		WithRequestTimeout(30 * time.Second).
		WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().WithConnectionTimeout(30 * time.Second)))
	requireNoErr(t, "NewClient", err)
	done := make(chan error, 1)
	go func() {
		_, err := c.Ping(context.Background())
		done <- err
	}()
	fake.expectConnection(t, 5*time.Second, "lazy client's first command")
	pollUntil(t, "Ping to be pending", 5*time.Second, func() bool { return pendingRequests(c) == 1 })
	c.Close()
	select {
	case err := <-done:
		requireAs[*ClosingError](t, "parked Ping after Close", err)
	case <-time.After(2 * time.Second):
		t.Fatal("parked request still waiting after Close")
	}
}

// TestConcurrentCloseAndCommands: many goroutines call Close while many others run
// commands (some of them abandoning theirs). Under -race this must be clean; every
// command goroutine ends with a *ClosingError, and nothing hangs.
func TestConcurrentCloseAndCommands(t *testing.T) {
	s := sharedValkey.get(t)
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	for round := 0; round < rounds; round++ {
		c, err := NewClient(cfgFor(s))
		requireNoErr(t, "NewClient", err)
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		var unexpected []error
		var succeeded atomic.Int64
		flowing := make(chan struct{}) // closed once traffic is well under way
		var flowingOnce sync.Once
		for g := 0; g < 16; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				<-start
				for i := 0; ; i++ {
					var err error
					switch i % 3 {
					case 0:
						_, err = c.Set(context.Background(), "close-race", "v")
					case 1:
						_, err = c.Get(newAbandonCtx(), "close-race")
						if errors.Is(err, context.Canceled) {
							err = nil
						}
					default:
						_, err = c.Echo(context.Background(), "x")
					}
					if err == nil {
						if succeeded.Add(1) == 200 {
							flowingOnce.Do(func() { close(flowing) })
						}
						continue
					}
					var ce *ClosingError
					if !errors.As(err, &ce) {
						mu.Lock()
						unexpected = append(unexpected, err)
						mu.Unlock()
					}
					return
				}
			}(g)
		}
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				// Close in the thick of it: once traffic is flowing (or, should the
				// commands fail early, after a bound).
				select {
				case <-flowing:
				case <-time.After(5 * time.Second):
				}
				c.Close()
			}()
		}
		close(start)
		waitGroupWithin(t, &wg, 20*time.Second, "commands racing Close")
		for _, err := range unexpected {
			t.Errorf("round %d: command failed with %T (%v), want *ClosingError", round, err, err)
		}
		if t.Failed() {
			return
		}
	}
}

// TestCloseWhileReconnecting: Close on a client whose server is gone (its connection
// manager between reconnect attempts) returns promptly and stops the attempts.
func TestCloseWhileReconnecting(t *testing.T) {
	s := testserver.StartValkey(t)
	// Long backoff: Close must not wait for the next attempt.
	c, err := NewClient(cfgFor(s).WithReconnectStrategy(config.NewBackoffStrategy(5, 1000, 2)))
	requireNoErr(t, "NewClient", err)
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Kill()
	pollUntil(t, "the client to notice the server is gone", 5*time.Second, func() bool {
		_, err := c.Ping(context.Background())
		return err != nil
	})
	start := time.Now()
	c.Close()
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Fatalf("Close took %v while reconnecting", d)
	}
	_, err = c.Ping(context.Background())
	requireAs[*ClosingError](t, "Ping after Close", err)
}
