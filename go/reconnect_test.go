package valkite

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Reconnection: a lost connection fails the requests on it with connection errors
// (never a hang), requests made while it is down fail fast, and the client comes back
// on its own with its database, name and credentials restored.

// fastReconnect keeps backoff delays in the tens of milliseconds so that tests
// recover quickly; the growth parameters themselves are the announcement's.
func fastReconnect() *config.BackoffStrategy { return config.NewBackoffStrategy(3, 10, 2) }

// addACLUser creates (or recreates, after a restart) the ACL user the reconnect tests
// authenticate as. The default user stays open so the testserver helpers still work,
// which makes AclWhoAmI a proof that the client authenticated.
func addACLUser(t *testing.T, s *testserver.Server) {
	t.Helper()
	fixture(t, s, "ACL", "SETUSER", "app", "on", ">app-pass", "~*", "+@all")
}

// isConnectionFailure reports whether err is one of the two errors a lost or missing
// connection may produce.
func isConnectionFailure(err error) bool {
	var ce *ConnectionError
	var de *DisconnectError
	return errors.As(err, &ce) || errors.As(err, &de)
}

// requireRestoredState checks what a reconnect must restore: authentication as "app",
// database 2 and the client name.
func requireRestoredState(t *testing.T, c *Client, name string) {
	t.Helper()
	ctx := context.Background()
	if who, err := c.AclWhoAmI(ctx); err != nil || who != "app" {
		t.Fatalf("AclWhoAmI after reconnect = %q, %v; want app (credentials not restored)", who, err)
	}
	n, err := c.ClientGetName(ctx)
	requireResult(t, "ClientGetName after reconnect", n, err, name)
	info, err := c.CustomCommand(ctx, []string{"CLIENT", "INFO"})
	if err != nil || !strings.Contains(fmt.Sprint(info), " db=2 ") {
		t.Fatalf("CLIENT INFO after reconnect = %v, %v; want db=2", info, err)
	}
}

// trafficResult is what a traffic goroutine saw.
type trafficResult struct {
	ok      atomic.Int64
	failed  atomic.Int64
	slowest atomic.Int64 // nanoseconds, the longest failed call
	mu      sync.Mutex
	odd     []string // wrong values and unexpected error types
}

func (r *trafficResult) note(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.odd) < 20 {
		r.odd = append(r.odd, fmt.Sprintf(format, args...))
	}
}

// runTraffic keeps goroutines doing SET then GET of values unique to each call until
// stop is closed. A failure must be a connection failure; a success must return the
// value just written.
func runTraffic(c *Client, goroutines int, stop <-chan struct{}, res *trafficResult) *sync.WaitGroup {
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			ctx := context.Background()
			key := "traffic:" + strconv.Itoa(g)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				val := fmt.Sprintf("%d:%d", g, i)
				start := time.Now()
				_, err := c.Set(ctx, key, val)
				if err == nil {
					r, gerr := c.Get(ctx, key)
					err = gerr
					// A restart loses the data, so nil is fine; another value is not.
					if err == nil && !r.IsNil() && r.Value() != val {
						res.note("GET %s = %q after SET %q", key, r.Value(), val)
					}
				}
				if err == nil {
					res.ok.Add(1)
					continue
				}
				d := int64(time.Since(start))
				for {
					old := res.slowest.Load()
					if d <= old || res.slowest.CompareAndSwap(old, d) {
						break
					}
				}
				res.failed.Add(1)
				if !isConnectionFailure(err) {
					res.note("unexpected error %T: %v", err, err)
				}
				// Failing fast must not turn into a busy loop that starves the test.
				time.Sleep(time.Millisecond)
			}
		}(g)
	}
	return &wg
}

// TestReconnectAfterServerRestart: the server restarts under traffic. Requests fail
// with *ConnectionError or *DisconnectError within the request timeout, then succeed
// again; the new connection is authenticated, in database 2 and named.
func TestReconnectAfterServerRestart(t *testing.T) {
	s := testserver.StartValkey(t)
	addACLUser(t, s)
	const reqTimeout = 500 * time.Millisecond
	c := openClient(t, cfgFor(s).
		WithRequestTimeout(reqTimeout).
		WithReconnectStrategy(fastReconnect()).
		WithCredentials(config.NewServerCredentials("app", "app-pass")).
		WithDatabaseId(2).
		WithClientName("survivor"))
	res := &trafficResult{}
	stop := make(chan struct{})
	wg := runTraffic(c, 4, stop, res)
	stopped := false
	defer func() {
		if !stopped {
			close(stop)
			wg.Wait()
		}
	}()
	pollUntil(t, "traffic to flow", 10*time.Second, func() bool { return res.ok.Load() >= 50 })

	s.Restart(t)
	addACLUser(t, s) // the restarted server has forgotten it; the client retries meanwhile
	afterRestart := res.ok.Load()
	pollUntil(t, "traffic to succeed after the restart", 15*time.Second, func() bool {
		return res.ok.Load() >= afterRestart+50
	})
	close(stop)
	stopped = true
	waitGroupWithin(t, wg, 10*time.Second, "traffic after the restart")

	for _, o := range res.odd {
		t.Error(o)
	}
	t.Logf("ok %d, failed %d, slowest failure %v", res.ok.Load(), res.failed.Load(), time.Duration(res.slowest.Load()))
	if res.failed.Load() == 0 {
		t.Fatal("no request failed: the restart did not happen under traffic")
	}
	// A SET and a GET each bounded by the request timeout, plus scheduling slack.
	if slowest := time.Duration(res.slowest.Load()); slowest > 2*reqTimeout+500*time.Millisecond {
		t.Fatalf("a failing call took %v; requests must not hang beyond the request timeout (%v)", slowest, reqTimeout)
	}
	requireRestoredState(t, c, "survivor")
}

// TestReconnectAfterClientKill: CLIENT KILL of the client's own connection is noticed
// without any request (the client reconnects in the background, as the server's
// client list shows), and the new connection has the same name, user and database.
func TestReconnectAfterClientKill(t *testing.T) {
	s := testserver.StartValkey(t)
	addACLUser(t, s)
	name := "kill-me"
	c := openClient(t, cfgFor(s).
		WithReconnectStrategy(fastReconnect()).
		WithCredentials(config.NewServerCredentials("app", "app-pass")).
		WithDatabaseId(2).
		WithClientName(name))
	ctx := context.Background()
	oldID, err := c.ClientId(ctx)
	requireNoErr(t, "ClientId", err)

	if reply := s.Do(t, "CLIENT", "KILL", "ID", strconv.FormatInt(oldID, 10)); reply != ":1\r\n" {
		t.Fatalf("CLIENT KILL ID %d: %q", oldID, reply)
	}
	// No request from the client until its new connection shows up on the server.
	var newID string
	pollUntil(t, "the client to reconnect by itself", 10*time.Second, func() bool {
		for _, line := range strings.Split(s.Do(t, "CLIENT", "LIST"), "\n") {
			if strings.Contains(line, " name="+name+" ") {
				for _, f := range strings.Fields(line) {
					if id, ok := strings.CutPrefix(f, "id="); ok && id != strconv.FormatInt(oldID, 10) {
						newID = id
						return true
					}
				}
			}
		}
		return false
	})
	// The server lists the connection as soon as HELLO named it; the client takes
	// it into use once the rest of the handshake is done, failing fast until then.
	var id int64
	pollUntil(t, "the client to use its new connection", 5*time.Second, func() bool {
		id, err = c.ClientId(ctx)
		if err != nil && !isConnectionFailure(err) {
			t.Fatalf("ClientId while reconnecting: %T %v", err, err)
		}
		return err == nil
	})
	if strconv.FormatInt(id, 10) != newID {
		t.Fatalf("ClientId = %d; want the reconnected %s", id, newID)
	}
	requireRestoredState(t, c, name)
	r, err := c.Echo(ctx, "still-in-order")
	requireResult(t, "Echo", r, err, "still-in-order")
}

// TestClientKillUnderTraffic: killing the connection while requests are in flight
// fails those with connection errors only, and traffic resumes.
func TestClientKillUnderTraffic(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).WithRequestTimeout(time.Second).WithReconnectStrategy(fastReconnect()))
	id, err := c.ClientId(context.Background())
	requireNoErr(t, "ClientId", err)

	res := &trafficResult{}
	stop := make(chan struct{})
	wg := runTraffic(c, 8, stop, res)
	pollUntil(t, "traffic to flow", 10*time.Second, func() bool { return res.ok.Load() >= 50 })
	s.Do(t, "CLIENT", "KILL", "ID", strconv.FormatInt(id, 10))
	before := res.ok.Load()
	pollUntil(t, "traffic to resume", 10*time.Second, func() bool { return res.ok.Load() >= before+100 })
	close(stop)
	waitGroupWithin(t, wg, 10*time.Second, "traffic")
	for _, o := range res.odd {
		t.Error(o)
	}
	t.Logf("ok %d, failed %d", res.ok.Load(), res.failed.Load())
}

// TestRequestsFailFastWhileServerDown: with the server gone, requests fail at once
// with a connection error instead of waiting out the request timeout, and the client
// recovers when the server comes back on the same address.
func TestRequestsFailFastWhileServerDown(t *testing.T) {
	s := testserver.StartValkey(t)
	const reqTimeout = 2 * time.Second
	c := openClient(t, cfgFor(s).WithRequestTimeout(reqTimeout).WithReconnectStrategy(fastReconnect()))
	ctx := context.Background()
	if _, err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	s.Kill()
	for i := 0; i < 20; i++ {
		start := time.Now()
		_, err := c.Ping(ctx)
		d := time.Since(start)
		if err == nil {
			t.Fatal("Ping succeeded with the server killed")
		}
		if !isConnectionFailure(err) {
			t.Fatalf("Ping with the server down: %T %v; want *ConnectionError or *DisconnectError", err, err)
		}
		if d > reqTimeout/4 {
			t.Fatalf("Ping with the server down took %v: it should fail fast, not wait out the %v timeout", d, reqTimeout)
		}
	}
	s.Restart(t)
	pollUntil(t, "Ping to succeed after the restart", 10*time.Second, func() bool {
		_, err := c.Ping(ctx)
		return err == nil
	})
}
