package valkite

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/pipeline"
)

// The engine: every client of the process shares one runtime and one completion path,
// so clients cost sockets, not threads or goroutines; and they stay independent — one
// client's flood, limit or close is its own.

// osThreads is the process's OS thread count (Linux /proc/self/status), or -1.
func osThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// TestThousandIdleClientsShareOneEngine: 1,000 standalone clients, each used once and
// then idle, add at most a handful of OS threads and goroutines to what one client
// needs. (Before the shared engine each client had its own poller goroutine and, once
// idle, its own thread parked in cgo: 100 clients took ~100 more of each.)
func TestThousandIdleClientsShareOneEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,000 connections; skipped in -short")
	}
	s := sharedValkey.get(t)
	ctx := context.Background()
	first := openClient(t, cfgFor(s))
	if _, err := first.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	// What is measured is the idle steady state, which no event announces: give the
	// engine a few of its idle checks to get there (not a synchronisation — the counts
	// only ever drop while it settles).
	settle := func() { time.Sleep(3 * idleCheck) }
	settle()
	baseThreads, baseGoroutines := osThreads(), runtime.NumGoroutine()

	const n = 1000
	clients := make([]*Client, 0, n)
	t.Cleanup(func() {
		for _, c := range clients {
			c.Close()
		}
	})
	for i := 1; i < n; i++ {
		c, err := NewClient(cfgFor(s))
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		clients = append(clients, c)
		if _, err := c.Ping(ctx); err != nil {
			t.Fatalf("client %d: Ping: %v", i, err)
		}
	}
	settle()
	threads, goroutines := osThreads(), runtime.NumGoroutine()
	t.Logf("1 client: %d threads, %d goroutines; %d clients: %d threads, %d goroutines",
		baseThreads, baseGoroutines, n, threads, goroutines)
	const slack = 4
	if baseThreads >= 0 && threads > baseThreads+slack {
		t.Errorf("%d idle clients use %d OS threads, one used %d: want at most %d more",
			n, threads, baseThreads, slack)
	}
	if goroutines > baseGoroutines+slack {
		t.Errorf("%d idle clients use %d goroutines, one used %d: want at most %d more",
			n, goroutines, baseGoroutines, slack)
	}
	// Every one of them still works.
	for i, c := range clients {
		if i%50 != 0 {
			continue
		}
		if _, err := c.Ping(ctx); err != nil {
			t.Fatalf("client %d after idling: %v", i+1, err)
		}
	}
}

// TestFloodingClientDoesNotStarveAnother: while one client floods the engine with
// pipelines from many goroutines — more than its own small in-flight limit allows, so
// some of its batches are refused — another client's requests keep completing, each
// within a bound, and none of them is refused for the flooder's limit.
func TestFloodingClientDoesNotStarveAnother(t *testing.T) {
	s := sharedValkey.get(t)
	ctx := context.Background()
	flooder := openClient(t, cfgFor(s).WithInflightRequestsLimit(200))
	other := openClient(t, cfgFor(s))

	stop := make(chan struct{})
	var batches, refused atomic.Int64
	var wg sync.WaitGroup
	key := testKey(t, "flood")
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := pipeline.NewStandaloneBatch(false)
			for i := 0; i < 64; i++ {
				b.Set(key, strconv.Itoa(i))
			}
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, err := flooder.Exec(ctx, *b, false)
				switch {
				case err == nil:
					batches.Add(1)
				case strings.Contains(err.Error(), "in flight"):
					refused.Add(1)
				default:
					t.Errorf("flooder: %v", err)
					return
				}
			}
		}()
	}
	defer func() {
		close(stop)
		waitGroupWithin(t, &wg, 30*time.Second, "the flood to stop")
	}()
	// Wait until the flood is under way.
	pollUntil(t, "the flood to start", 10*time.Second, func() bool { return batches.Load() >= 10 })

	before := batches.Load()
	const pings = 200
	var worst time.Duration
	for i := 0; i < pings; i++ {
		start := time.Now()
		r, err := other.Echo(ctx, "fair-"+strconv.Itoa(i))
		if err != nil {
			t.Fatalf("other client, request %d during the flood: %v", i, err)
		}
		if want := "fair-" + strconv.Itoa(i); r.Value() != want {
			t.Fatalf("other client: Echo = %q, want %q", r.Value(), want)
		}
		worst = max(worst, time.Since(start))
	}
	during := batches.Load() - before
	t.Logf("other client: %d requests during the flood, slowest %v; flooder: %d batches of 64 meanwhile, %d refused for its limit",
		pings, worst, during, refused.Load())
	if during == 0 {
		t.Fatal("the flood stalled while the other client ran: the test measured nothing")
	}
	if worst > 2*time.Second {
		t.Errorf("a request of the other client took %v during the flood", worst)
	}
}

// TestCloseOneClientWhileOthersRun: closing one client in the middle of traffic fails
// only its own requests (with ClosingError); the other clients' callers see no error
// during or after, and a client created afterwards works.
func TestCloseOneClientWhileOthersRun(t *testing.T) {
	s := sharedValkey.get(t)
	ctx := context.Background()
	const n = 4
	clients := make([]*Client, n)
	for i := range clients {
		clients[i] = openClient(t, cfgFor(s))
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var served [n]atomic.Int64
	errs := make(chan error, 64)
	for i, c := range clients {
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := testKey(t, "close-one-"+strconv.Itoa(i)+"-"+strconv.Itoa(g))
				for j := 0; ; j++ {
					select {
					case <-stop:
						return
					default:
					}
					v := strconv.Itoa(j)
					_, err := c.Set(ctx, k, v)
					if err == nil {
						var r interface{ Value() string }
						r, err = c.Get(ctx, k)
						if err == nil && r.Value() != v {
							err = errors.New("Get = " + r.Value() + ", want " + v)
						}
					}
					if err != nil {
						var ce *ClosingError
						if i == 0 && errors.As(err, &ce) {
							return // the closed client's callers learn it that way
						}
						errs <- errors.New("client " + strconv.Itoa(i) + ": " + err.Error())
						return
					}
					served[i].Add(1)
				}
			}()
		}
	}
	pollUntil(t, "traffic on every client", 10*time.Second, func() bool {
		for i := range served {
			if served[i].Load() < 20 {
				return false
			}
		}
		return true
	})
	clients[0].Close()
	// The others keep going: each serves more requests after the close.
	after := make([]int64, n)
	for i := 1; i < n; i++ {
		after[i] = served[i].Load()
	}
	pollUntil(t, "the other clients to keep serving", 10*time.Second, func() bool {
		for i := 1; i < n; i++ {
			if served[i].Load() < after[i]+50 {
				return false
			}
		}
		return true
	})
	close(stop)
	waitGroupWithin(t, &wg, 30*time.Second, "the callers to stop")
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, err := clients[0].Ping(ctx); !errors.As(err, new(*ClosingError)) {
		t.Errorf("Ping on the closed client: %v, want a ClosingError", err)
	}
	fresh := openClient(t, cfgFor(s))
	if _, err := fresh.Ping(ctx); err != nil {
		t.Fatalf("a client created after the close: %v", err)
	}
}
