package valkite

import (
	"context"
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// CLIENT TRACKINGINFO on a connection without tracking, then with BCAST tracking of a
// prefix, against Valkey 9.1 and Redis 7.0 (the reply is a map in RESP3, a flat array
// in RESP2; the decoder reads both).
func TestClientTrackingInfo(t *testing.T) {
	for _, server := range []struct {
		name    string
		connect func(*testing.T) (*Client, string)
	}{
		{"valkey", func(t *testing.T) (*Client, string) { c, _ := newTestClient(t); return c, "valkey" }},
		{"redis", func(t *testing.T) (*Client, string) { c, _ := newRedisTestClient(t); return c, "redis" }},
	} {
		t.Run(server.name, func(t *testing.T) {
			c, _ := server.connect(t)
			ctx := context.Background()
			got, err := c.ClientTrackingInfo(ctx)
			want := models.ClientTrackingInfo{Flags: []string{"off"}, Redirect: -1, Prefixes: []string{}}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("ClientTrackingInfo (tracking off) = %#v, %v; want %#v", got, err, want)
			}

			prefix := testKey(t, "pfx:")
			if _, err := c.CustomCommand(ctx, []string{"CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", prefix}); err != nil {
				t.Fatalf("CLIENT TRACKING ON: %v", err)
			}
			t.Cleanup(func() { _, _ = c.CustomCommand(context.Background(), []string{"CLIENT", "TRACKING", "OFF"}) })
			got, err = c.ClientTrackingInfo(ctx)
			if err != nil || !reflect.DeepEqual(got.Flags, []string{"on", "bcast"}) || !reflect.DeepEqual(got.Prefixes, []string{prefix}) {
				t.Fatalf("ClientTrackingInfo (BCAST on %q) = %#v, %v", prefix, got, err)
			}
		})
	}
}

// On a cluster: one connection's state by default, each node's with a route.
func TestClusterClientTrackingInfo(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	off := models.ClientTrackingInfo{Flags: []string{"off"}, Redirect: -1, Prefixes: []string{}}
	got, err := c.ClientTrackingInfo(ctx)
	if err != nil || !reflect.DeepEqual(got, off) {
		t.Fatalf("ClientTrackingInfo = %#v, %v; want %#v", got, err, off)
	}
	all, err := c.ClientTrackingInfoWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
	if err != nil || !all.IsMultiValue() {
		t.Fatalf("ClientTrackingInfoWithOptions(all primaries) = %#v, %v; want one value per primary", all, err)
	}
	primaries := 0
	for _, n := range cl.Nodes {
		if n.Role == testserver.RolePrimary {
			primaries++
		}
	}
	if n := len(all.MultiValue()); n != primaries {
		t.Fatalf("replies from %d nodes, want one per primary (%d)", n, primaries)
	}
	for addr, v := range all.MultiValue() {
		if !reflect.DeepEqual(v, off) {
			t.Fatalf("%s: %#v, want %#v", addr, v, off)
		}
	}
	one, err := c.ClientTrackingInfoWithOptions(ctx, options.RouteOption{Route: config.RandomRoute})
	if err != nil || one.IsMultiValue() || !reflect.DeepEqual(one.SingleValue(), off) {
		t.Fatalf("ClientTrackingInfoWithOptions(random) = %#v, %v", one, err)
	}
}
