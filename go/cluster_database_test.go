package valkite

import (
	"context"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// A Valkey 9 cluster with several databases: WithDatabaseId puts every node's
// connection in that database, and Select switches it — for reconnections too.
func TestClusterDatabases(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 2, 0, "--cluster-databases", "4")
	cl.WaitHealthy(t)
	seed := cl.Nodes[0]
	open := func(db int) *ClusterClient {
		t.Helper()
		cfg := config.NewClusterClientConfiguration().
			WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
			WithRequestTimeout(5 * time.Second)
		if db >= 0 {
			cfg.WithDatabaseId(db)
		}
		c, err := NewClusterClient(cfg)
		if err != nil {
			t.Fatalf("NewClusterClient(db %d): %v", db, err)
		}
		t.Cleanup(c.Close)
		return c
	}
	ctx := context.Background()
	db0, db2 := open(-1), open(2)
	keys := []string{"{a}k", "{b}k", "{c}k", "{d}k"} // over both shards
	for _, k := range keys {
		if _, err := db2.Set(ctx, k, "in-2"); err != nil {
			t.Fatalf("Set %s in db 2: %v", k, err)
		}
		if v, err := db0.Get(ctx, k); err != nil || !v.IsNil() {
			t.Fatalf("db 0 sees %s = %v, %v; want nil", k, v, err)
		}
	}

	// Select moves every node's connection, and the choice survives reconnection.
	if got, err := db0.Select(ctx, 2); err != nil || got != "OK" {
		t.Fatalf("Select(2) = %q, %v", got, err)
	}
	for _, n := range cl.Nodes {
		n.Do(t, "CLIENT", "KILL", "TYPE", "normal")
	}
	for _, k := range keys {
		waitFor(t, "the client to reconnect in db 2", func() bool {
			v, err := db0.Get(ctx, k)
			return err == nil && v.Value() == "in-2"
		})
	}
}
