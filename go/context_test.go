package valkite

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/testserver"
)

// Context handling: a context that ends returns ctx.Err() to its caller at once, and the
// request it abandons keeps its place on the connection so that no later caller ever
// receives its reply.

// closedChan is closed from the start: the Done channel of a context already over.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// abandonCtx is a context that is still alive when the client checks it before sending
// and over as soon as the caller starts waiting (the first Done call): the request is
// submitted, then given up immediately — the most hostile timing for reply matching,
// produced deterministically rather than by racing a timer.
type abandonCtx struct {
	context.Context
	waiting atomic.Bool
}

func newAbandonCtx() *abandonCtx { return &abandonCtx{Context: context.Background()} }

func (c *abandonCtx) Done() <-chan struct{} {
	c.waiting.Store(true)
	return closedChan
}

func (c *abandonCtx) Err() error {
	if c.waiting.Load() {
		return context.Canceled
	}
	return nil
}

// cmdCalls reads how many times the server has executed cmd (INFO commandstats),
// which shows whether abandoned requests really went out.
func cmdCalls(t testing.TB, s *testserver.Server, cmd string) int {
	t.Helper()
	stats := s.Info(t, "commandstats")["cmdstat_"+cmd]
	// "calls=12,usec=…"
	var calls int
	if stats != "" {
		if _, err := fmt.Sscanf(stats, "calls=%d", &calls); err != nil {
			t.Fatalf("parsing cmdstat_%s %q: %v", cmd, stats, err)
		}
	}
	return calls
}

// pendingRequests counts the client's waiters that are still waiting for a reply.
func pendingRequests(c *Client) int {
	c.core.mu.Lock()
	slots := append([]*waiter(nil), c.core.slots...)
	c.core.mu.Unlock()
	n := 0
	for _, w := range slots {
		if st := w.state.Load(); st == wPending || st == wWaiting {
			n++
		}
	}
	return n
}

// TestContextAlreadyOver: a context that is already cancelled or past its deadline
// returns exactly ctx.Err() without sending anything.
func TestContextAlreadyOver(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s))
	before := cmdCalls(t, s, "echo")

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()

	for _, tc := range []struct {
		name string
		ctx  context.Context
		want error
	}{{"cancelled", cancelled, context.Canceled}, {"expired", expired, context.DeadlineExceeded}} {
		start := time.Now()
		r, err := c.Echo(tc.ctx, "never-sent")
		if err != tc.want || !errors.Is(err, tc.want) {
			t.Fatalf("%s: Echo = %v, %v; want exactly %v", tc.name, r, err, tc.want)
		}
		if r.Value() != "" {
			t.Fatalf("%s: a value came back with the error: %q", tc.name, r.Value())
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Fatalf("%s: took %v to notice the context", tc.name, d)
		}
		if _, err := c.Set(tc.ctx, "k", "v"); err != tc.want {
			t.Fatalf("%s: Set = %v", tc.name, err)
		}
	}
	if after := cmdCalls(t, s, "echo"); after != before {
		t.Fatalf("server ran ECHO %d times for requests whose context was over", after-before)
	}
}

// TestContextDeadlineDuringSlowCommand: a deadline shorter than the server's reply
// time returns context.DeadlineExceeded at the deadline (not when the reply comes),
// and the late reply goes nowhere: the next command gets its own.
func TestContextDeadlineDuringSlowCommand(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s))
	id, err := c.ClientId(context.Background())
	requireNoErr(t, "ClientId", err)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.3"})
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("DEBUG SLEEP 0.3 with a 50ms deadline: %v", err)
	}
	if elapsed >= 300*time.Millisecond {
		t.Fatalf("returned after %v: it waited for the reply instead of the deadline", elapsed)
	}

	// Queued behind the sleep: receives its own reply, not the sleep's "OK".
	r, err := c.Echo(context.Background(), "mine")
	requireResult(t, "Echo after abandoned DEBUG SLEEP", r, err, "mine")
	got, err := c.ClientId(context.Background())
	if err != nil || got != id {
		t.Fatalf("ClientId = %d, %v; want the same connection %d (giving up must not reconnect)", got, err, id)
	}
}

// TestContextCancelWhilePending: cancel() on a request already on the wire returns
// context.Canceled promptly, and the connection stays in order.
func TestContextCancelWhilePending(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.3"})
		done <- err
	}()
	pollUntil(t, "DEBUG SLEEP to be pending", 5*time.Second, func() bool { return pendingRequests(c) == 1 })
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Fatalf("cancelled DEBUG SLEEP returned %v", err)
		}
		if d := time.Since(start); d > 150*time.Millisecond {
			t.Fatalf("cancellation took %v", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled request did not return")
	}
	r, err := c.Echo(context.Background(), "after-cancel")
	requireResult(t, "Echo", r, err, "after-cancel")
}

// TestCancellationNeverDesyncs is the desync hunt: many goroutines mix normal requests
// with requests abandoned right after submission, requests with deadlines of a few
// microseconds, requests cancelled from another goroutine, and slow commands given up
// on — all over one multiplexed connection. Every reply that is delivered must be the
// reply to its own request, during the storm and after it.
func TestCancellationNeverDesyncs(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s))
	echoBefore := cmdCalls(t, s, "echo")

	const goroutines = 16
	iterations := 300
	if testing.Short() {
		iterations = 60
	}
	var (
		mu       sync.Mutex
		failures []string
		echoSent atomic.Int64 // ECHO requests that passed the pre-check (were submitted)
		given    atomic.Int64 // requests whose caller got a context error
		answered atomic.Int64 // abandon-style requests whose reply won the race anyway
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	// checkEcho verifies one ECHO outcome: its own payload, or the context's error.
	checkEcho := func(kind, payload string, ctx context.Context, got string, isNil bool, err error) {
		switch {
		case err == nil:
			if isNil || got != payload {
				fail("%s: ECHO %q answered %q (nil=%v)", kind, payload, got, isNil)
			}
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			if ctx.Err() == nil {
				fail("%s: context error %v from a live context", kind, err)
			}
			given.Add(1)
		default:
			fail("%s: ECHO %q: unexpected error %T: %v", kind, payload, err, err)
		}
	}

	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			key := fmt.Sprintf("desync:%d", g)
			bg := context.Background()
			var incrs int64
			for i := 0; i < iterations; i++ {
				payload := fmt.Sprintf("g%d-i%d-%d", g, i, rng.Uint32())
				switch i % 6 {
				case 0: // normal SET then GET of a value unique to this iteration
					if _, err := c.Set(bg, key, payload); err != nil {
						fail("SET %s: %v", payload, err)
						continue
					}
					r, err := c.Get(bg, key)
					if err != nil || r.IsNil() || r.Value() != payload {
						fail("GET after SET %q = %q (nil=%v), %v", payload, r.Value(), r.IsNil(), err)
					}
				case 1: // abandoned right after submission
					ctx := newAbandonCtx()
					r, err := c.Echo(ctx, payload)
					echoSent.Add(1)
					if err == nil {
						answered.Add(1)
					}
					checkEcho("abandoned", payload, ctx, r.Value(), r.IsNil(), err)
				case 2: // a deadline of a few microseconds
					ctx, cancel := context.WithTimeout(bg, time.Duration(rng.IntN(300))*time.Microsecond)
					r, err := c.Echo(ctx, payload)
					cancel()
					checkEcho("short deadline", payload, ctx, r.Value(), r.IsNil(), err)
				case 3: // cancelled from another goroutine at a random moment
					ctx, cancel := context.WithCancel(bg)
					timer := time.AfterFunc(time.Duration(rng.IntN(200))*time.Microsecond, cancel)
					r, err := c.Echo(ctx, payload)
					timer.Stop()
					cancel()
					checkEcho("cancelled", payload, ctx, r.Value(), r.IsNil(), err)
				case 4: // plain ECHO
					r, err := c.Echo(bg, payload)
					echoSent.Add(1)
					checkEcho("plain", payload, bg, r.Value(), r.IsNil(), err)
				case 5: // now and then, a slow command given up on, so late replies pile up
					if g == 0 && i%60 == 5 {
						ctx, cancel := context.WithTimeout(bg, 2*time.Millisecond)
						_, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.02"})
						cancel()
						if !errors.Is(err, context.DeadlineExceeded) {
							fail("DEBUG SLEEP with a 2ms deadline: %v", err)
						}
						continue
					}
					incrs++
					r, err := c.Incr(bg, key+":n")
					if err != nil || r != incrs {
						fail("INCR %s:n = %d, %v; want %d", key, r, err, incrs)
					}
				}
			}
		}(g)
	}
	waitGroupWithin(t, &wg, 60*time.Second, "the desync storm")

	// After the storm, every reply must still match.
	for i := 0; i < 200; i++ {
		p := "after-" + strconv.Itoa(i)
		r, err := c.Echo(context.Background(), p)
		if err != nil || r.Value() != p {
			fail("after the storm: ECHO %q = %q, %v", p, r.Value(), err)
			break
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("context errors: %d; abandoned requests answered before the caller left: %d", given.Load(), answered.Load())
	abandoned := int64(goroutines) * int64((iterations+4)/6)
	if given.Load() < abandoned/2 {
		t.Fatalf("only %d requests were given up on; the test did not exercise abandonment", given.Load())
	}
	// Abandoned ECHOs were really sent: the server ran every submitted one.
	pollUntil(t, "the server to run every submitted ECHO", 10*time.Second, func() bool {
		return int64(cmdCalls(t, s, "echo")-echoBefore) >= echoSent.Load()+200
	})
	_, _ = c.Del(context.Background(), keysOf(goroutines))
}

func keysOf(goroutines int) []string {
	var keys []string
	for g := 0; g < goroutines; g++ {
		keys = append(keys, fmt.Sprintf("desync:%d", g), fmt.Sprintf("desync:%d:n", g))
	}
	return keys
}

// waitGroupWithin waits for wg, failing the test if that takes longer than limit:
// a hang must show up as a failure, not as a stuck test binary.
func waitGroupWithin(t testing.TB, wg *sync.WaitGroup, limit time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s did not finish within %v", what, limit)
	}
}
