package valkite

import (
	"context"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// With reads routed to replicas, a transaction still runs whole on the primary: its
// GET must be answered inside MULTI … EXEC, not by a replica outside it.
func TestTransactionStaysOnPrimaryWithPreferReplica(t *testing.T) {
	primary := testserver.StartValkey(t)
	replica := testserver.StartValkey(t, "--replicaof", primary.Host, strconv.Itoa(primary.Port))
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: replica.Host, Port: replica.Port}).
		WithAddress(&config.NodeAddress{Host: primary.Host, Port: primary.Port}).
		WithReadFrom(config.PreferReplica)
	client, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer client.Close()
	key := t.Name()
	tx := pipeline.NewStandaloneBatch(true).Set(key, "inside").Get(key)
	results, err := client.Exec(context.Background(), *tx, true)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if len(results) != 2 || results[0] != "OK" {
		t.Fatalf("results %#v", results)
	}
	if v, ok := results[1].(string); !ok || v != "inside" {
		t.Fatalf("GET inside the transaction: %#v", results[1])
	}
}
