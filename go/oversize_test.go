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

// TestMillionArguments: a request with a million arguments (about 9 MB encoded) goes
// through whole, on standalone and on the cluster (one slot, so it is one request).
func TestMillionArguments(t *testing.T) {
	members := make([]string, 1_000_000)
	for i := range members {
		members[i] = strconv.Itoa(i)
	}
	ctx := context.Background()
	check := func(name string, sadd func(context.Context, string, []string) (int64, error), scard func(context.Context, string) (int64, error), key string) {
		n, err := sadd(ctx, key, members)
		if err != nil || n != int64(len(members)) {
			t.Fatalf("%s: SADD of %d members = %d, %v", name, len(members), n, err)
		}
		if n, err := scard(ctx, key); err != nil || n != int64(len(members)) {
			t.Fatalf("%s: SCARD = %d, %v", name, n, err)
		}
	}
	c, _ := newTestClient(t)
	check("standalone", c.SAdd, c.SCard, testKey(t, "set"))
	_, _ = c.Del(ctx, []string{testKey(t, "set")})
	requireClusterMode(t)
	cc, _ := newClusterTestClient(t)
	check("cluster", cc.SAdd, cc.SCard, testKey(t, "cset"))
	_, _ = cc.Del(ctx, []string{testKey(t, "cset")})
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
