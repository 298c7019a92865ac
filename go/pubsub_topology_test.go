package valkite

import (
	"context"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Sharded subscriptions follow their slot: after a slot migration and after a primary
// failover the subscriber receives from the new owner without doing anything. Each
// test starts its own cluster, since it changes the topology.

// psbAwaitSharded publishes until a sharded message reaches the subscriber (the
// publisher follows MOVED on its own), and returns how long that took.
func psbAwaitSharded(t *testing.T, pub *ClusterClient, q *PubSubMessageQueue, ch string, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	ctx := context.Background()
	for {
		n, err := pub.Publish(ctx, ch, "after", true)
		if err == nil && n == 1 {
			break
		}
		if time.Since(start) > limit {
			t.Fatalf("no subscriber at the new owner within %v (last: %d, %v)", limit, n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for {
		m := psbNext(t, q)
		if m.Message == "after" && m.Channel == ch {
			break
		}
	}
	return time.Since(start)
}

func psbSlotOf(t *testing.T, ch string) int {
	t.Helper()
	return testserver.KeySlot(ch)
}

func TestPubSubShardedFollowsSlotMigration(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 3, 0)
	pub := connectCluster(t, cl)
	ch := psbChannel(t, "migrating")
	sub := psbClusterSubscriber(t, cl, config.NewClusterSubscriptionConfig().
		WithSubscription(config.ShardedClusterChannelMode, ch))
	q, _ := sub.GetQueue()
	slot := psbSlotOf(t, ch)
	src := cl.NodeForSlot(slot)
	var dst *testserver.Node
	for _, p := range cl.Primaries() {
		if p.ID != src.ID {
			dst = p
			break
		}
	}
	moveSlot(t, cl, slot, src, dst)
	took := psbAwaitSharded(t, pub, q, ch, 10*time.Second)
	t.Logf("sharded subscription back at the new owner %v after the slot moved", took)
	raw := fixture(t, dst.Server, "PUBSUB", "SHARDNUMSUB", ch)
	m, err := cmds.DecodeStringIntMap(resp.NewReader([]byte(raw)))
	if err != nil || m[ch] != 1 {
		t.Fatalf("SHARDNUMSUB at the new owner = %v, %v", m, err)
	}
}

func TestPubSubShardedFollowsFailover(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 2, 1)
	if err := awaitReplicasListed(cl); err != nil {
		t.Fatal(err)
	}
	pub := connectCluster(t, cl)
	ch := psbChannel(t, "failover")
	sub := psbClusterSubscriber(t, cl, config.NewClusterSubscriptionConfig().
		WithSubscription(config.ShardedClusterChannelMode, ch))
	q, _ := sub.GetQueue()
	victim := cl.NodeForSlot(psbSlotOf(t, ch))
	var heir *testserver.Node
	for _, r := range cl.Replicas() {
		if r.PrimaryID == victim.ID {
			heir = r
		}
	}
	if heir == nil {
		t.Skip("no replica of the channel's primary in this cluster")
	}
	fixture(t, heir.Server, "CLUSTER", "FAILOVER")
	waitRole(t, heir, "master")
	took := psbAwaitSharded(t, pub, q, ch, 10*time.Second)
	t.Logf("sharded subscription back at the new primary %v after the failover", took)
}
