package valkite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// The statistics (and the core's log route) are process-wide, so tests that need
// exact counts or a logger of their own run in a child process: the same test binary,
// started with -test.run naming one test and isolatedEnv naming it too.
const isolatedEnv = "VALKITE_ISOLATED_TEST"

// runIsolated runs the test called name in a child process and fails t if it fails.
func runIsolated(t *testing.T, name string) {
	t.Helper()
	if os.Getenv(isolatedEnv) != "" {
		t.Skip("inside a child process: only " + os.Getenv(isolatedEnv) + " runs here")
	}
	args := []string{"-test.run=^" + name + "$", "-test.count=1", "-test.v"}
	if d, ok := t.Deadline(); ok {
		args = append(args, "-test.timeout="+time.Until(d).Round(time.Second).String())
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), isolatedEnv+"="+name)
	out, err := cmd.CombinedOutput()
	t.Logf("child process:\n%s", out)
	if err != nil {
		t.Fatalf("child process: %v", err)
	}
}

// isolated skips t unless it runs in the child process runIsolated started for it.
func isolated(t *testing.T) {
	t.Helper()
	if os.Getenv(isolatedEnv) != t.Name() {
		t.Skip("runs in a process of its own, started by runIsolated")
	}
}

func TestStatistics(t *testing.T) { runIsolated(t, "TestStatisticsIsolated") }

func TestStatisticsIsolated(t *testing.T) {
	isolated(t)
	ctx := context.Background()
	srv := sharedValkey.get(t)
	first := statsClient(t, srv, nil)
	want := func(what string, key string, n uint64) {
		t.Helper()
		if got := first.GetStatistics()[key]; got != n {
			t.Fatalf("%s: %s = %d, want %d (all: %v)", what, key, got, n, first.GetStatistics())
		}
	}
	// Every key is there; compression counters read 0.
	stats := first.GetStatistics()
	if len(stats) != 10 {
		t.Fatalf("GetStatistics has %d keys: %v", len(stats), stats)
	}
	for _, k := range []string{"total_values_compressed", "total_values_decompressed", "total_original_bytes",
		"total_bytes_compressed", "total_bytes_decompressed", "compression_skipped_count"} {
		if v, ok := stats[k]; !ok || v != 0 {
			t.Fatalf("%s = %d (present %v), want 0", k, v, ok)
		}
	}
	want("one client", "total_clients", 1)
	want("one client", "total_connections", 1)

	// Open three more, close two: the counts follow at once.
	more := []*Client{statsClient(t, srv, nil), statsClient(t, srv, nil), statsClient(t, srv, nil)}
	want("four clients", "total_clients", 4)
	want("four clients", "total_connections", 4)
	more[0].Close()
	more[1].Close()
	want("two closed", "total_clients", 2)
	want("two closed", "total_connections", 2)
	// The other client's statistics are the same process-wide numbers.
	if got := more[2].GetStatistics()["total_clients"]; got != 2 {
		t.Fatalf("another client sees total_clients = %d, want 2", got)
	}
	more[2].Close()

	// A cluster client: one more client, a connection per node at least (topology
	// connections come on top); closing gives them all back.
	cl := testserver.StartCluster(t, 3, 0)
	ccfg := config.NewClusterClientConfiguration().WithRequestTimeout(5 * time.Second)
	for _, p := range cl.Primaries() {
		ccfg.WithAddress(&config.NodeAddress{Host: p.Host, Port: p.Port})
	}
	cc, err := NewClusterClient(ccfg)
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	if _, err := cc.Ping(ctx); err != nil {
		t.Fatalf("cluster PING: %v", err)
	}
	want("with a cluster client", "total_clients", 2)
	if got := first.GetStatistics()["total_connections"]; got < 1+3 {
		t.Fatalf("with a cluster client of 3 nodes: total_connections = %d, want ≥ 4", got)
	}
	cc.Close()
	want("cluster client closed", "total_clients", 1)
	want("cluster client closed", "total_connections", 1)

	// A confirmed subscription: a later reconciliation round finds it in sync.
	sub := statsClient(t, srv, config.NewAdvancedClientConfiguration().WithPubSubReconciliationIntervalMs(50))
	syncedBefore := first.GetStatistics()["subscription_last_sync_timestamp"]
	if err := sub.Subscribe(ctx, []string{"stats:news"}, 5000); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	statsAwait(t, "a sync time after the subscription", func() bool {
		return first.GetStatistics()["subscription_last_sync_timestamp"] > syncedBefore
	})
	synced := first.GetStatistics()["subscription_last_sync_timestamp"]
	if now := uint64(time.Now().UnixMilli()); synced > now || now-synced > 60_000 {
		t.Fatalf("subscription_last_sync_timestamp %d is not a recent time in ms (now %d)", synced, now)
	}

	// The server kills the subscriber's connection: a round finds the subscription
	// missing on the new connection (out of sync), then puts it back.
	idv, err := sub.CustomCommand(ctx, []string{"CLIENT", "ID"})
	if err != nil {
		t.Fatalf("CLIENT ID: %v", err)
	}
	id, ok := idv.(int64)
	if !ok {
		t.Fatalf("CLIENT ID answered %T %v", idv, idv)
	}
	outBefore := first.GetStatistics()["subscription_out_of_sync_count"]
	if _, err := first.CustomCommand(ctx, []string{"CLIENT", "KILL", "ID", strconv.FormatInt(id, 10)}); err != nil {
		t.Fatalf("CLIENT KILL: %v", err)
	}
	statsAwait(t, "an out-of-sync round after the kill", func() bool {
		return first.GetStatistics()["subscription_out_of_sync_count"] > outBefore
	})
	statsAwait(t, "the subscription in sync again", func() bool {
		return first.GetStatistics()["subscription_last_sync_timestamp"] > synced
	})
	// Two clients, two connections: the killed one left the count.
	want("after the reconnect", "total_clients", 2)
	statsAwait(t, "two live connections after the reconnect", func() bool {
		return first.GetStatistics()["total_connections"] == 2
	})
}

func statsClient(t *testing.T, s *testserver.Server, adv *config.AdvancedClientConfiguration) *Client {
	t.Helper()
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(5 * time.Second)
	if adv != nil {
		cfg.WithAdvancedConfiguration(adv)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// statsAwait polls a process-wide counter (there is no event to wait on) until cond
// holds, failing after 10 s.
func statsAwait(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// GetStatistics reports the process's client counters; their names are fixed, their
// values change as clients come and go.
func ExampleClient_GetStatistics() {
	client := exampleClient()
	defer client.Close()

	stats := client.GetStatistics()
	names := make([]string, 0, len(stats))
	for name := range stats {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Println(name)
	}
	fmt.Println(stats["total_clients"] >= 1, stats["total_connections"] >= 1)
	// Output:
	// compression_skipped_count
	// subscription_last_sync_timestamp
	// subscription_out_of_sync_count
	// total_bytes_compressed
	// total_bytes_decompressed
	// total_clients
	// total_connections
	// total_original_bytes
	// total_values_compressed
	// total_values_decompressed
	// true true
}
