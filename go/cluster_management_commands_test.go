package valkite

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/options"
)

func TestClusterInfoNodesAndIds(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	info, err := c.ClusterInfo(ctx)
	if err != nil || !strings.Contains(info, "cluster_state:ok") {
		t.Fatalf("ClusterInfo = %q, %v", info, err)
	}
	infos, err := c.ClusterInfoWithRoute(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ClusterInfoWithRoute", err)
	requireNodeReplies(t, "ClusterInfo AllNodes", infos.MultiValue(), cl.Nodes)

	nodes, err := c.ClusterNodes(ctx)
	requireNoErr(t, "ClusterNodes", err)
	for _, n := range cl.Nodes {
		if !strings.Contains(nodes, n.ID) {
			t.Fatalf("CLUSTER NODES lacks %s", n.ID)
		}
	}
	target := cl.Replicas()[2]
	one, err := c.ClusterNodesWithRoute(ctx, options.RouteOption{Route: config.NewByAddressRoute(target.Host, int32(target.Port))})
	if err != nil || !one.IsSingleValue() {
		t.Fatalf("ClusterNodesWithRoute = %v, %v", one.ValueType(), err)
	}
	// The "myself" line of the answer names the replica that was asked.
	var myself string
	for _, line := range strings.Split(one.SingleValue(), "\n") {
		if f := strings.Fields(line); len(f) > 2 && strings.Contains(f[2], "myself") {
			myself = line
		}
	}
	if f := strings.Fields(myself); len(f) < 3 || f[0] != target.ID || !strings.Contains(f[2], "slave") {
		t.Fatalf("the node that answered is %q, want replica %s", myself, target.ID)
	}

	id, err := c.ClusterMyId(ctx)
	if err != nil || clusterNodeByID(cl, id) == nil {
		t.Fatalf("ClusterMyId = %q, %v", id, err)
	}
	shardIDs, err := c.ClusterMyShardIdWithRoute(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ClusterMyShardIdWithRoute", err)
	requireNodeReplies(t, "ClusterMyShardId AllNodes", shardIDs.MultiValue(), cl.Nodes)
	byShard := map[int]string{}
	for addr, sid := range shardIDs.MultiValue() {
		n := clusterNodeByAddr(cl, addr)
		if prev, ok := byShard[n.Shard]; ok && prev != sid {
			t.Fatalf("shard %d has two shard ids: %s and %s", n.Shard, prev, sid)
		}
		byShard[n.Shard] = sid
	}
	if len(byShard) != 3 || byShard[0] == byShard[1] || byShard[1] == byShard[2] {
		t.Fatalf("shard ids %v, want three distinct ones", byShard)
	}
	if sid, err := c.ClusterMyShardId(ctx); err != nil || sid == "" {
		t.Fatalf("ClusterMyShardId = %q, %v", sid, err)
	}
}

func TestClusterShardsAndLinks(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	shards, err := c.ClusterShards(ctx)
	requireNoErr(t, "ClusterShards", err)
	if len(shards) != 3 {
		t.Fatalf("%d shards, want 3", len(shards))
	}
	var ids []string
	for _, shard := range shards {
		nodes, ok := shard["nodes"].([]any)
		if !ok || len(nodes) != 2 {
			t.Fatalf("shard %v: want 2 nodes as maps", shard)
		}
		for _, raw := range nodes {
			node, ok := raw.(map[string]any)
			if !ok {
				t.Fatalf("node %T, want map[string]any", raw)
			}
			id, _ := node["id"].(string)
			ids = append(ids, id)
		}
		if _, ok := shard["slots"].([]any); !ok {
			t.Fatalf("shard without slots: %v", shard)
		}
	}
	var want []string
	for _, n := range cl.Nodes {
		want = append(want, n.ID)
	}
	sort.Strings(ids)
	sort.Strings(want)
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("CLUSTER SHARDS names %v, want %v", ids, want)
	}
	per, err := c.ClusterShardsWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "ClusterShardsWithRoute", err)
	requireNodeReplies(t, "ClusterShards AllPrimaries", per.MultiValue(), cl.Primaries())

	links, err := c.ClusterLinks(ctx)
	if err != nil || len(links) == 0 {
		t.Fatalf("ClusterLinks = %v, %v", links, err)
	}
	for _, l := range links {
		if l["direction"] != "to" && l["direction"] != "from" {
			t.Fatalf("link %v has no direction", l)
		}
	}
	lr, err := c.ClusterLinksWithRoute(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ClusterLinksWithRoute", err)
	requireNodeReplies(t, "ClusterLinks AllNodes", lr.MultiValue(), cl.Nodes)
}

func TestClusterSlotCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	for _, key := range []string{"a", "user:1000", "{tag}x", "x{tag}y", "{}z", ""} {
		got, err := c.ClusterKeySlot(ctx, key)
		if err != nil || got != int64(testserver.KeySlot(key)) {
			t.Fatalf("ClusterKeySlot(%q) = %d, %v; want %d", key, got, err, testserver.KeySlot(key))
		}
	}

	flushCluster(t, cl)
	keys := []string{"{slots}a", "{slots}b", "{slots}c"}
	for _, k := range keys {
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatal(err)
		}
	}
	slot := int64(testserver.KeySlot("{slots}"))
	got, err := c.ClusterGetKeysInSlot(ctx, slot, 10)
	requireNoErr(t, "ClusterGetKeysInSlot", err)
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(keys) {
		t.Fatalf("ClusterGetKeysInSlot(%d) = %v, want %v", slot, got, keys)
	}
	if got, err := c.ClusterGetKeysInSlot(ctx, slot, 2); err != nil || len(got) != 2 {
		t.Fatalf("ClusterGetKeysInSlot with count 2 = %v, %v", got, err)
	}
	if n, err := c.ClusterCountKeysInSlot(ctx, slot); err != nil || n != 3 {
		t.Fatalf("ClusterCountKeysInSlot = %d, %v", n, err)
	}
	if n, err := c.ClusterCountKeysInSlot(ctx, (slot+1)%16384); err != nil || n != 0 {
		t.Fatalf("ClusterCountKeysInSlot of an empty slot = %d, %v", n, err)
	}
	if _, err := c.ClusterCountKeysInSlot(ctx, 16384); err == nil {
		t.Fatal("slot 16384 must be rejected by the server")
	}
	if _, err := c.ClusterGetKeysInSlot(ctx, -1, 1); err == nil {
		t.Fatal("slot -1 must be rejected by the server")
	}
}
