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

// replicated starts a primary with two replicas of its own and waits until both
// are in sync.
func replicated(t *testing.T) (primary *testserver.Server, replicas []*testserver.Server) {
	t.Helper()
	primary = testserver.StartValkey(t)
	for i := 0; i < 2; i++ {
		replicas = append(replicas, testserver.StartValkey(t, "--replicaof", primary.Host, strconv.Itoa(primary.Port)))
	}
	waitFor(t, "replicas to sync", func() bool {
		return primary.Info(t, "replication")["connected_slaves"] == "2"
	})
	return primary, replicas
}

func modeAddr(s *testserver.Server) *config.NodeAddress {
	return &config.NodeAddress{Host: s.Host, Port: s.Port}
}

// clientsNamed counts the connections named name on s.
func clientsNamed(t *testing.T, s *testserver.Server, name string) int {
	t.Helper()
	return strings.Count(s.Do(t, "CLIENT", "LIST"), "name="+name+" ")
}

func TestStandaloneModes(t *testing.T) {
	primary, replicas := replicated(t)
	ctx := context.Background()

	t.Run("read-only", func(t *testing.T) {
		c, err := NewClient(config.NewClientConfiguration().
			WithAddress(modeAddr(replicas[0])).WithAddress(modeAddr(replicas[1])).
			WithReadOnly(true).WithRequestTimeout(5 * time.Second))
		if err != nil {
			t.Fatalf("NewClient(read-only, replicas only): %v", err)
		}
		defer c.Close()
		key := testKey(t, "k")
		_, err = c.Set(ctx, key, "v")
		var re *RequestError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), "read-only") {
			t.Fatalf("Set on a read-only client: want a RequestError naming read-only, got %T %v", err, err)
		}
		if primary.Do(t, "EXISTS", key) != ":0\r\n" {
			t.Fatal("the refused write reached the primary")
		}
		primary.Do(t, "SET", key, "from-primary")
		waitFor(t, "the write to replicate", func() bool {
			v, err := c.Get(ctx, key)
			return err == nil && v.Value() == "from-primary"
		})
		if _, err := NewClient(config.NewClientConfiguration().WithAddress(modeAddr(replicas[0])).
			WithReadOnly(true).WithNodeDiscoveryMode(config.NodeDiscoveryModeDiscoverAll)); err == nil ||
			!strings.Contains(err.Error(), "DISCOVER_ALL") {
			t.Fatalf("read-only with DISCOVER_ALL: %v", err)
		}
	})

	t.Run("static", func(t *testing.T) {
		// The first address is taken as the primary without asking: here it is.
		c, err := NewClient(config.NewClientConfiguration().
			WithAddress(modeAddr(primary)).WithAddress(modeAddr(replicas[0])).
			WithNodeDiscoveryMode(config.NodeDiscoveryModeStatic))
		if err != nil {
			t.Fatalf("NewClient(static): %v", err)
		}
		defer c.Close()
		if _, err := c.Set(ctx, testKey(t, "k"), "v"); err != nil {
			t.Fatalf("Set: %v", err)
		}
		// Given a replica first, static mode sends writes there: the replica refuses.
		c2, err := NewClient(config.NewClientConfiguration().
			WithAddress(modeAddr(replicas[0])).WithAddress(modeAddr(primary)).
			WithNodeDiscoveryMode(config.NodeDiscoveryModeStatic))
		if err != nil {
			t.Fatalf("NewClient(static, replica first): %v", err)
		}
		defer c2.Close()
		_, err = c2.Set(ctx, testKey(t, "k"), "v")
		requireServerError(t, err, "READONLY")
	})

	t.Run("discover-all", func(t *testing.T) {
		name := "discover-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		c, err := NewClient(config.NewClientConfiguration().
			WithAddress(modeAddr(replicas[0])).WithClientName(name).
			WithNodeDiscoveryMode(config.NodeDiscoveryModeDiscoverAll))
		if err != nil {
			t.Fatalf("NewClient(discover-all from a replica): %v", err)
		}
		defer c.Close()
		if _, err := c.Set(ctx, testKey(t, "k"), "v"); err != nil {
			t.Fatalf("Set through the discovered primary: %v", err)
		}
		for _, s := range append([]*testserver.Server{primary}, replicas...) {
			if clientsNamed(t, s, name) == 0 {
				t.Errorf("no connection of the discover-all client on %s", s.Addr())
			}
		}
	})

	t.Run("read from all nodes", func(t *testing.T) {
		key := testKey(t, "k")
		primary.Do(t, "SET", key, "v")
		c, err := NewClient(config.NewClientConfiguration().
			WithAddress(modeAddr(primary)).WithAddress(modeAddr(replicas[0])).WithAddress(modeAddr(replicas[1])).
			WithReadFrom(config.ReadFromAllNodes))
		if err != nil {
			t.Fatalf("NewClient(all nodes): %v", err)
		}
		defer c.Close()
		before := map[string]string{}
		all := append([]*testserver.Server{primary}, replicas...)
		for _, s := range all {
			before[s.Addr()] = s.Info(t, "commandstats")["cmdstat_get"]
		}
		for i := 0; i < 12; i++ {
			if _, err := c.Get(ctx, key); err != nil {
				t.Fatalf("Get: %v", err)
			}
		}
		for _, s := range all {
			if s.Info(t, "commandstats")["cmdstat_get"] == before[s.Addr()] {
				t.Errorf("no GET reached %s", s.Addr())
			}
		}
	})
}
