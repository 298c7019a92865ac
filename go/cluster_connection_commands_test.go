package valkite

import (
	"context"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/options"
)

func TestClusterPingAndEcho(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	pong, err := c.Ping(ctx)
	if err != nil || pong != "PONG" {
		t.Fatalf("Ping = %q, %v", pong, err)
	}
	for _, route := range []config.Route{nil, config.AllNodes, config.AllPrimaries, config.RandomRoute,
		config.NewSlotKeyRoute(config.SlotTypeReplica, "k")} {
		opts := options.ClusterPingOptions{PingOptions: &options.PingOptions{Message: "hello"}}
		if route != nil {
			opts.RouteOption = &options.RouteOption{Route: route}
		}
		got, err := c.PingWithOptions(ctx, opts)
		if err != nil || got != "hello" {
			t.Fatalf("PingWithOptions(%#v) = %q, %v", route, got, err)
		}
	}
	if got, err := c.PingWithOptions(ctx, options.ClusterPingOptions{}); err != nil || got != "PONG" {
		t.Fatalf("PingWithOptions without options = %q, %v", got, err)
	}

	echo, err := c.Echo(ctx, "é\x00x")
	if err != nil || echo.IsNil() || echo.Value() != "é\x00x" {
		t.Fatalf("Echo = %+v, %v", echo, err)
	}
	all, err := c.EchoWithOptions(ctx, "hi", options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "EchoWithOptions AllNodes", err)
	requireNodeReplies(t, "Echo AllNodes", all.MultiValue(), cl.Nodes)
	for addr, v := range all.MultiValue() {
		if v != "hi" {
			t.Fatalf("%s echoed %q", addr, v)
		}
	}
	one, err := c.EchoWithOptions(ctx, "hi", options.RouteOption{Route: config.RandomRoute})
	if err != nil || !one.IsSingleValue() || one.SingleValue() != "hi" {
		t.Fatalf("EchoWithOptions Random = %+v, %v", one, err)
	}
}

func TestClusterClientIdAndNames(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	id, err := c.ClientId(ctx)
	if err != nil || !id.IsSingleValue() || id.SingleValue() <= 0 {
		t.Fatalf("ClientId = %+v, %v", id, err)
	}
	name, err := c.ClientGetName(ctx)
	if err != nil || !name.IsNil() {
		t.Fatalf("ClientGetName before any name = %+v, %v", name, err)
	}

	if ok, err := c.ClientSetName(ctx, "everywhere"); err != nil || ok != "OK" {
		t.Fatalf("ClientSetName = %q, %v", ok, err)
	}
	names, err := c.ClientGetNameWithOptions(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ClientGetNameWithOptions AllNodes", err)
	requireNodeReplies(t, "ClientGetName AllNodes", names.MultiValue(), cl.Nodes)
	for addr, n := range names.MultiValue() {
		if n.IsNil() || n.Value() != "everywhere" {
			t.Fatalf("%s has name %+v, want everywhere (CLIENT SETNAME goes to all nodes)", addr, n)
		}
	}

	target := cl.Primaries()[1]
	byAddr := options.RouteOption{Route: config.NewByAddressRoute(target.Host, int32(target.Port))}
	if ok, err := c.ClientSetNameWithOptions(ctx, "just-one", byAddr); err != nil || ok != "OK" {
		t.Fatalf("ClientSetNameWithOptions = %q, %v", ok, err)
	}
	got, err := c.ClientGetNameWithOptions(ctx, byAddr)
	if err != nil || !got.IsSingleValue() || got.SingleValue().Value() != "just-one" {
		t.Fatalf("ClientGetNameWithOptions(%s) = %+v, %v", target.Addr(), got, err)
	}
	other := options.RouteOption{Route: config.NewByAddressRoute(cl.Primaries()[0].Host, int32(cl.Primaries()[0].Port))}
	if got, err := c.ClientGetNameWithOptions(ctx, other); err != nil || got.SingleValue().Value() != "everywhere" {
		t.Fatalf("another node's name = %+v, %v", got, err)
	}
	if ok, err := c.ClientSetNameWithOptions(ctx, "two", options.RouteOption{Route: config.AllPrimaries}); err != nil || ok != "OK" {
		t.Fatalf("ClientSetNameWithOptions AllPrimaries = %q, %v", ok, err)
	}

	ids, err := c.ClientIdWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "ClientIdWithOptions AllPrimaries", err)
	requireNodeReplies(t, "ClientId AllPrimaries", ids.MultiValue(), cl.Primaries())
}

func TestClusterClientPause(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	if ok, err := c.ClientPause(ctx, 20*time.Millisecond); err != nil || ok != "OK" {
		t.Fatalf("ClientPause = %q, %v", ok, err)
	}
	if ok, err := c.ClientUnpause(ctx); err != nil || ok != "OK" {
		t.Fatalf("ClientUnpause = %q, %v", ok, err)
	}
	mode := options.ClientPauseModeWrite
	for _, route := range []config.Route{nil, config.AllNodes, config.RandomRoute} {
		opts := options.ClientPauseClusterOptions{Mode: &mode}
		if route != nil {
			opts.RouteOption = &options.RouteOption{Route: route}
		}
		if ok, err := c.ClientPauseWithOptions(ctx, 20*time.Millisecond, opts); err != nil || ok != "OK" {
			t.Fatalf("ClientPauseWithOptions(%#v) = %q, %v", route, ok, err)
		}
		if ok, err := c.ClientUnpauseWithOptions(ctx, options.RouteOption{Route: route}); err != nil || ok != "OK" {
			t.Fatalf("ClientUnpauseWithOptions(%#v) = %q, %v", route, ok, err)
		}
	}
}
