package valkite

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// The announcement's cluster transaction sample: a PING with a message, routed to a
// random node, inside an atomic batch.
func TestClusterBatchAnnouncementSample(t *testing.T) {
	client, _ := newClusterTestClient(t)
	clusterTx := pipeline.NewClusterBatch(true)
	pingOpts := options.PingOptions{Message: "Hello Valkey Cluster"}
	clusterTx.PingWithOptions(pingOpts)
	opts := pipeline.NewClusterBatchOptions().WithRoute(config.RandomRoute)
	results, err := client.ExecWithOptions(context.Background(), *clusterTx, false, *opts)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if len(results) != 1 || results[0] != "Hello Valkey Cluster" {
		t.Fatalf("results %#v", results)
	}
}

// A pipeline over keys in every slot region comes back in queue order, equal to
// running the same commands one by one.
func TestClusterPipelineAcrossSlotsKeepsOrder(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	prefix := t.Name()
	const n = 10000
	b := pipeline.NewClusterBatch(false)
	for i := 0; i < n; i++ {
		k := prefix + ":" + strconv.Itoa(i)
		if i%2 == 0 {
			b.Set(k, "v"+strconv.Itoa(i))
		} else {
			b.Get(prefix + ":" + strconv.Itoa(i-1))
		}
	}
	results, err := client.Exec(ctx, *b, true)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if len(results) != n {
		t.Fatalf("%d results for %d commands", len(results), n)
	}
	for i, r := range results {
		if i%2 == 0 {
			if r != "OK" {
				t.Fatalf("result %d: %#v", i, r)
			}
			continue
		}
		want := "v" + strconv.Itoa(i-1)
		got, ok := r.(string)
		if !ok || got != want {
			t.Fatalf("result %d: %#v, want %q", i, r, want)
		}
		// Sequential execution gives the same.
		if i%997 == 1 {
			seq, err := client.Get(ctx, prefix+":"+strconv.Itoa(i-1))
			if err != nil || seq.Value() != want {
				t.Fatalf("sequential GET %d: %v %v", i, seq, err)
			}
		}
	}
}

// A transaction must keep its keys in one slot; the check happens before sending.
func TestClusterTransactionSlots(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	tag := "{" + t.Name() + "}"

	ok := pipeline.NewClusterBatch(true).Set(tag+"a", "1").Set(tag+"b", "2").Get(tag + "a")
	results, err := client.Exec(ctx, *ok, true)
	if err != nil {
		t.Fatalf("single-slot transaction: %v", err)
	}
	if len(results) != 3 || results[0] != "OK" || results[2] != "1" {
		t.Fatalf("results %#v", results)
	}

	cross := pipeline.NewClusterBatch(true).Set(t.Name()+"x", "1").Set(t.Name()+"y-other", "2")
	_, err = client.Exec(ctx, *cross, true)
	var re *RequestError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("cross-slot transaction: want a CROSSSLOT RequestError, got %v", err)
	}
	if v, _ := client.Get(ctx, t.Name()+"x"); !v.IsNil() {
		t.Fatalf("a refused transaction must send nothing; key holds %q", v.Value())
	}

	// A retry strategy on a transaction is a configuration error.
	opts := pipeline.NewClusterBatchOptions().WithRetryStrategy(
		pipeline.ClusterBatchRetryStrategy{RetryServerError: true})
	_, err = client.ExecWithOptions(ctx, *ok, true, *opts)
	var ce *ConfigurationError
	if !errors.As(err, &ce) {
		t.Fatalf("retry strategy on a transaction: want ConfigurationError, got %v", err)
	}
}

// WATCH on a cluster: the watch lives on the connection to the key's primary, where
// the transaction for that key runs.
func TestClusterWatch(t *testing.T) {
	client, cl := newClusterTestClient(t)
	ctx := context.Background()
	key := "{" + t.Name() + "}k"
	other := connectCluster(t, cl)

	if _, err := client.Watch(ctx, []string{key}); err != nil {
		t.Fatalf("Watch: %v", err)
	}
	if _, err := other.Set(ctx, key, "changed"); err != nil {
		t.Fatalf("concurrent Set: %v", err)
	}
	results, err := client.Exec(ctx, *pipeline.NewClusterBatch(true).Set(key, "mine"), true)
	if err != nil || results != nil {
		t.Fatalf("watched key changed: want nil, nil; got %#v, %v", results, err)
	}

	if _, err := client.Watch(ctx, []string{key}); err != nil {
		t.Fatalf("Watch: %v", err)
	}
	results, err = client.Exec(ctx, *pipeline.NewClusterBatch(true).Set(key, "mine"), true)
	if err != nil || len(results) != 1 || results[0] != "OK" {
		t.Fatalf("unchanged watch: want [OK], got %#v, %v", results, err)
	}
	if s, err := client.Unwatch(ctx); err != nil || s != "OK" {
		t.Fatalf("Unwatch: %q %v", s, err)
	}
	if s, err := client.UnwatchWithOptions(ctx, options.RouteOption{Route: config.AllNodes}); err != nil || s != "OK" {
		t.Fatalf("UnwatchWithOptions: %q %v", s, err)
	}
}

// Errors inside a cluster pipeline land in their slots with raiseOnError=false.
func TestClusterPipelineErrorsInSlots(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	k := t.Name()
	b := pipeline.NewClusterBatch(false).Set(k, "text").Incr(k).Get(k)
	results, err := client.Exec(ctx, *b, false)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if _, isErr := results[1].(error); !isErr {
		t.Fatalf("INCR on a string: want an error in its slot, got %#v", results[1])
	}
	if results[2] != "text" {
		t.Fatalf("later command after an error: %#v", results[2])
	}
	_, err = client.Exec(ctx, *b, true)
	if err == nil || !strings.Contains(fmt.Sprint(err), "not an integer") {
		t.Fatalf("raiseOnError: want the INCR error, got %v", err)
	}
}

// The pipeline retry strategy is honoured per command. On a one-shard cluster, one
// slot is unassigned (its commands get CLUSTERDOWN): without a strategy the error comes
// back at once in the command's slot; with RetryServerError the command is retried until
// the slot is served again.
func TestClusterPipelineRetryStrategy(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 1, 0)
	node := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: node.Host, Port: node.Port}).
		WithRequestTimeout(3 * time.Second)
	client, err := NewClusterClient(cfg)
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	defer client.Close()
	ctx := context.Background()
	key := "retry-strategy-key"
	slot := strconv.Itoa(testserver.KeySlot(key))
	if _, err := client.Set(ctx, key, "v"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if r := node.Do(t, "CLUSTER", "DELSLOTS", slot); !strings.HasPrefix(r, "+OK") {
		t.Fatalf("DELSLOTS: %q", r)
	}

	started := time.Now()
	results, err := client.Exec(ctx, *pipeline.NewClusterBatch(false).Get(key), false)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if e, ok := results[0].(error); !ok || !strings.Contains(e.Error(), "CLUSTERDOWN") {
		t.Fatalf("no strategy: want CLUSTERDOWN in the slot, got %#v", results[0])
	}
	if took := time.Since(started); took > time.Second {
		t.Fatalf("no strategy: the error took %v, so it was retried", took)
	}

	restored := make(chan string, 1)
	go func() {
		time.Sleep(300 * time.Millisecond) // the outage the retries must ride out
		r, _ := node.Exec("CLUSTER", "ADDSLOTS", slot)
		restored <- r
	}()
	opts := pipeline.NewClusterBatchOptions().WithRetryStrategy(
		pipeline.ClusterBatchRetryStrategy{RetryServerError: true})
	results, err = client.ExecWithOptions(ctx, *pipeline.NewClusterBatch(false).Get(key), false, *opts)
	if r := <-restored; !strings.HasPrefix(r, "+OK") {
		t.Fatalf("ADDSLOTS: %q", r)
	}
	if err != nil {
		t.Fatalf("Exec with retries: %v", err)
	}
	if v, ok := results[0].(string); !ok || v != "v" {
		t.Fatalf("with RetryServerError: want the value after the slot came back, got %#v", results[0])
	}
}
