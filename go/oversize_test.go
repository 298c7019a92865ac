package valkite

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// TestMillionArguments: a request with a million arguments (about 20 MB encoded) goes
// through whole, on standalone and on the cluster (one hash tag, so one request). DEL
// of a million keys, three of which exist, must count exactly those three: every
// argument arrived. DEL keeps the server's own work small, so a slow machine does not
// turn this into a test of the server's speed (the heartbeat gives up on a server
// silent for two intervals).
func TestMillionArguments(t *testing.T) {
	ctx := context.Background()
	check := func(name string, c interface {
		Set(context.Context, string, string) (string, error)
		Del(context.Context, []string) (int64, error)
	}, prefix string) {
		keys := make([]string, 1_000_000)
		for i := range keys {
			keys[i] = prefix + strconv.Itoa(i)
		}
		for _, i := range []int{0, 500_000, 999_999} {
			if _, err := c.Set(ctx, keys[i], "x"); err != nil {
				t.Fatalf("%s: SET: %v", name, err)
			}
		}
		if n, err := c.Del(ctx, keys); err != nil || n != 3 {
			t.Fatalf("%s: DEL of %d keys = %d, %v; want 3", name, len(keys), n, err)
		}
	}
	c, _ := newTestClient(t)
	check("standalone", c, testKey(t, "k"))
	requireClusterMode(t)
	cc, _ := newClusterTestClient(t)
	check("cluster", cc, "{"+testKey(t, "k")+"}")
}

// TestValueBeyondProtoMaxBulkLen: a value larger than the server's proto-max-bulk-len
// (lowered to its 1 MiB minimum on a server of this test's own) gets the server's
// error or a connection error — the server drops a connection that sends one — and
// nothing else: the client reconnects, and a value within the limit then works.
func TestValueBeyondProtoMaxBulkLen(t *testing.T) {
	s := testserver.StartValkey(t, "--proto-max-bulk-len", "1mb")
	c := openClient(t, config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(5*time.Second))
	ctx := context.Background()
	k := testKey(t, "big")
	_, err := c.Set(ctx, k, strings.Repeat("x", 2<<20))
	var re *RequestError
	var ce *ConnectionError
	var de *DisconnectError
	switch {
	case err == nil:
		t.Fatal("a 2 MiB value was accepted by a server limited to 1 MiB")
	case errors.As(err, &re), errors.As(err, &ce), errors.As(err, &de):
		t.Logf("beyond the limit: %T: %v", err, err)
	default:
		t.Fatalf("beyond the limit: unexpected %T: %v", err, err)
	}
	small := strings.Repeat("y", 512<<10)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.Set(ctx, k, small)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after the oversized value: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got, err := c.Get(ctx, k); err != nil || got.Value() != small {
		t.Fatalf("GET after recovery: %d bytes, %v", len(got.Value()), err)
	}
}
