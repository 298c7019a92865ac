package valkite

import (
	"context"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
)

// fakeHost does not resolve anywhere: only the resolver makes it reachable.
const fakeHost = "valkite-fake-host.invalid"

// seenAddrs records what a resolver was asked.
type seenAddrs struct {
	mu   sync.Mutex
	seen map[string]int
}

func (s *seenAddrs) add(host string, port int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.seen[net.JoinHostPort(host, strconv.Itoa(port))]++
}

func (s *seenAddrs) count(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[addr]
}

func TestAddressResolverStandalone(t *testing.T) {
	s := sharedValkey.get(t)
	var seen seenAddrs
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: fakeHost, Port: 7}).
		WithRequestTimeout(5 * time.Second).
		WithAddressResolver(func(host string, port int) (string, int) {
			seen.add(host, port)
			if host == fakeHost {
				return s.Host, s.Port
			}
			return host, port
		})
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient through the resolver: %v", err)
	}
	defer c.Close()
	ctx := context.Background()
	if got, err := c.Ping(ctx); err != nil || got != "PONG" {
		t.Fatalf("Ping = %q, %v", got, err)
	}
	// A reconnection reuses the answer: the resolver is asked once per address.
	id, err := c.ClientId(ctx)
	requireNoErr(t, "ClientId", err)
	s.Do(t, "CLIENT", "KILL", "ID", strconv.FormatInt(id, 10))
	waitFor(t, "the client to reconnect", func() bool { _, err := c.Ping(ctx); return err == nil })
	if n := seen.count(net.JoinHostPort(fakeHost, "7")); n != 1 {
		t.Fatalf("resolver asked %d times for the seed, want 1", n)
	}
}

// A resolver that panics or answers an empty host leaves the address as it was.
func TestAddressResolverFallsBack(t *testing.T) {
	s := sharedValkey.get(t)
	for name, f := range map[string]func(string, int) (string, int){
		"panic": func(string, int) (string, int) { panic("resolver bug") },
		"empty": func(string, int) (string, int) { return "", 1 },
	} {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(config.NewClientConfiguration().
				WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
				WithAddressResolver(f))
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			defer c.Close()
			if _, err := c.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
		})
	}
}

// In a cluster the resolver sees the seed and every node the topology names.
func TestAddressResolverCluster(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	var seen seenAddrs
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: fakeHost, Port: 9}).
		WithRequestTimeout(5 * time.Second).
		WithAddressResolver(func(host string, port int) (string, int) {
			seen.add(host, port)
			if host == fakeHost {
				return seed.Host, seed.Port
			}
			return host, port
		}))
	if err != nil {
		t.Fatalf("NewClusterClient through the resolver: %v", err)
	}
	defer c.Close()
	ctx := context.Background()
	for i := 0; i < 20; i++ { // keys over every shard
		k := testKey(t, strconv.Itoa(i))
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatalf("Set %s: %v", k, err)
		}
	}
	if seen.count(net.JoinHostPort(fakeHost, "9")) != 1 {
		t.Fatalf("seed not resolved once: %v", seen.seen)
	}
	for _, p := range cl.Primaries() {
		if seen.count(p.Addr()) == 0 {
			t.Errorf("primary %s was never given to the resolver (seen %v)", p.Addr(), seen.seen)
		}
	}
}
