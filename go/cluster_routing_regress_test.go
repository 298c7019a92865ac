package valkite

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// replicaOf is the replica of primary in the shared cluster (one per shard).
func replicaOf(t *testing.T, cl *testserver.Cluster, primary *testserver.Node) *testserver.Node {
	t.Helper()
	for _, r := range cl.Replicas() {
		if r.PrimaryID == primary.ID {
			return r
		}
	}
	t.Fatalf("no replica of %s", primary.Addr())
	return nil
}

// Regression: with AzAffinity and a client AZ, reads went to the primary although
// the shard's replica is in that AZ. The cluster is a fresh one that never took a
// write, as a new user's is: CLUSTER SLOTS leaves out replicas whose primary has not
// replicated anything yet, so a topology built from it had no replica to prefer.
func TestClusterAzAffinityReadsFromTheLocalReplica(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 3, 1)
	primary := cl.NodeForKey("foo")
	replica := replicaOf(t, cl, primary)
	fixture(t, replica.Server, "CONFIG", "SET", "availability-zone", "us-east-1a")
	t.Cleanup(func() { replica.Server.Do(t, "CONFIG", "SET", "availability-zone", "") })
	seed := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second).
		WithReadFrom(config.AzAffinity).
		WithClientAZ("us-east-1a")
	c, err := NewClusterClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	beforeP, beforeR := commandCalls(t, primary, "get"), commandCalls(t, replica, "get")
	for i := 0; i < 3; i++ {
		if _, err := c.Get(ctx, "foo"); err != nil {
			t.Fatal(err)
		}
	}
	dp, dr := commandCalls(t, primary, "get")-beforeP, commandCalls(t, replica, "get")-beforeR
	if dr != 3 || dp != 0 {
		t.Fatalf("GETs: %d on the us-east-1a replica %s, %d on the primary %s; want 3 and 0",
			dr, replica.Addr(), dp, primary.Addr())
	}
}

// Regression: a cluster batch routed to a slot's replica ran on the primary.
func TestClusterBatchReplicaRouteRunsOnAReplica(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	routes := map[string]config.SingleNodeRoute{
		"slot key": config.NewSlotKeyRoute(config.SlotTypeReplica, "abc"),
		"slot id":  config.NewSlotIdRoute(config.SlotTypeReplica, int32(testserver.KeySlot("abc"))),
	}
	for name, route := range routes {
		for _, atomic := range []bool{false, true} {
			b := pipeline.NewClusterBatch(atomic).CustomCommand([]string{"INFO", "replication"})
			opts := pipeline.NewClusterBatchOptions().WithRoute(route)
			res, err := c.ExecWithOptions(ctx, *b, true, *opts)
			if err != nil {
				t.Fatalf("%s, atomic=%v: %v", name, atomic, err)
			}
			info, _ := res[0].(string)
			if !strings.Contains(info, "role:slave") {
				t.Fatalf("%s, atomic=%v: the batch ran on a primary:\n%s", name, atomic, info)
			}
		}
	}
}

// A request routed by address to a node that joined after the client learnt the
// topology: the client refreshes and finds it, instead of failing until the periodic
// check (60 s by default) notices the new node.
func TestClusterAddressRouteToANewNodeRefreshesTheTopology(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 3, 0)
	c := connectCluster(t, cl)
	ctx := context.Background()
	if _, err := c.Set(ctx, "before", "1"); err != nil {
		t.Fatal(err)
	}
	joiner := testserver.StartClusterNode(t)
	idRaw := fixture(t, joiner, "CLUSTER", "MYID")
	id := strings.TrimSpace(idRaw[strings.Index(idRaw, "\n")+1:])
	p := cl.Primaries()[0]
	fixture(t, joiner, "CLUSTER", "MEET", p.Host, strconv.Itoa(p.Port), strconv.Itoa(p.ClusterBusPort()))
	awaitTrue(t, "the new node learns its primary", func() bool {
		return strings.Contains(fixture(t, joiner, "CLUSTER", "NODES"), p.ID)
	})
	fixture(t, joiner, "CLUSTER", "REPLICATE", p.ID)
	// Until the new node's shard membership has spread, CLUSTER SHARDS lists it in a
	// shard of its own; CLUSTER SLOTS leaves it out until it has replicated something.
	awaitTrue(t, "every primary lists the new replica in its primary's shard", func() bool {
		for _, n := range cl.Primaries() {
			if !shardHolds(t, n, p.ID, id) {
				return false
			}
		}
		return true
	})
	route := config.NewByAddressRoute(joiner.Host, int32(joiner.Port))
	v, err := c.CustomCommandWithRoute(ctx, []string{"INFO", "replication"}, route)
	if err != nil {
		t.Fatalf("INFO on the new node %s: %v", joiner.Addr(), err)
	}
	if info, _ := v.SingleValue().(string); !strings.Contains(info, "role:slave") {
		t.Fatalf("INFO from the new node: %v", v)
	}
	// An address that is no node of the cluster still fails, with a clear error.
	_, err = c.CustomCommandWithRoute(ctx, []string{"PING"}, config.NewByAddressRoute("127.0.0.1", 1))
	if err == nil || !strings.Contains(err.Error(), "not a node of this cluster") {
		t.Fatalf("PING to 127.0.0.1:1: %v", err)
	}
}

// awaitTrue polls cond until it holds, failing the test after 20 s.
func awaitTrue(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// shardHolds reports whether n's CLUSTER SHARDS puts the nodes with ids a and b in one
// shard.
func shardHolds(t *testing.T, n *testserver.Node, a, b string) bool {
	t.Helper()
	v, err := resp.NewReader([]byte(fixture(t, n.Server, "CLUSTER", "SHARDS"))).ReadAny()
	if err != nil {
		t.Fatalf("CLUSTER SHARDS: %v", err)
	}
	// RESP2 (the fixture connection): maps come as flat key/value arrays.
	field := func(m any, name string) any {
		if mm, ok := m.(map[string]any); ok {
			return mm[name]
		}
		flat, _ := m.([]any)
		for i := 0; i+1 < len(flat); i += 2 {
			if flat[i] == name {
				return flat[i+1]
			}
		}
		return nil
	}
	shards, _ := v.([]any)
	for _, sh := range shards {
		nodes, _ := field(sh, "nodes").([]any)
		seen := map[string]bool{}
		for _, node := range nodes {
			id, _ := field(node, "id").(string)
			seen[id] = true
		}
		if seen[a] && seen[b] {
			return true
		}
	}
	return false
}
