package valkite

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/pipeline"
)

func TestPubSubCommandsStandalone(t *testing.T) {
	pub, srv := newTestClient(t)
	ctx := context.Background()
	a, b := psbChannel(t, "a"), psbChannel(t, "b")
	pat := psbChannel(t, "p") + "*"
	psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().
		WithSubscription(config.ExactChannelMode, a).
		WithSubscription(config.ExactChannelMode, b).
		WithSubscription(config.PatternChannelMode, pat))
	psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().WithSubscription(config.ExactChannelMode, a))
	if n, err := pub.Publish(ctx, a, "x"); err != nil || n != 2 {
		t.Fatalf("Publish = %d, %v; want 2", n, err)
	}
	chans, err := pub.PubSubChannelsWithPattern(ctx, psbChannel(t, "*"))
	sort.Strings(chans)
	want := []string{a, b}
	sort.Strings(want)
	if err != nil || !reflect.DeepEqual(chans, want) {
		t.Fatalf("PubSubChannelsWithPattern = %v, %v; want %v", chans, err, want)
	}
	if all, err := pub.PubSubChannels(ctx); err != nil || len(all) < 2 {
		t.Fatalf("PubSubChannels = %v, %v", all, err)
	}
	if n, err := pub.PubSubNumPat(ctx); err != nil || n < 1 {
		t.Fatalf("PubSubNumPat = %d, %v", n, err)
	}
	m, err := pub.PubSubNumSub(ctx, a, b, psbChannel(t, "none"))
	if err != nil || m[a] != 2 || m[b] != 1 || m[psbChannel(t, "none")] != 0 || len(m) != 3 {
		t.Fatalf("PubSubNumSub = %v, %v", m, err)
	}
	batch := pipeline.NewStandaloneBatch(false).Publish(a, "y").PubSubNumSub([]string{a}).PubSubNumPat().PubSubChannelsWithPattern(a)
	res, err := pub.Exec(ctx, *batch, true)
	if err != nil {
		t.Fatal(err)
	}
	if res[0] != int64(2) || !reflect.DeepEqual(res[1], map[string]int64{a: 2}) || res[2].(int64) < 1 ||
		!reflect.DeepEqual(res[3], []string{a}) {
		t.Fatalf("batch = %#v", res)
	}
}

func TestPubSubCommandsClusterAggregated(t *testing.T) {
	pub, cl := newClusterTestClient(t)
	ctx := context.Background()
	var sharded, exact []string
	for i := 0; i < 12; i++ {
		sharded = append(sharded, psbChannel(t, "s"+strconv.Itoa(i)))
		exact = append(exact, psbChannel(t, "e"+strconv.Itoa(i)))
	}
	sc := config.NewClusterSubscriptionConfig()
	for i := range sharded {
		sc.WithSubscription(config.ShardedClusterChannelMode, sharded[i]).
			WithSubscription(config.ExactClusterChannelMode, exact[i])
	}
	sc.WithSubscription(config.PatternClusterChannelMode, psbChannel(t, "p1*")).
		WithSubscription(config.PatternClusterChannelMode, psbChannel(t, "p2*"))
	psbClusterSubscriber(t, cl, sc)
	psbClusterSubscriber(t, cl, config.NewClusterSubscriptionConfig().
		WithSubscription(config.ShardedClusterChannelMode, sharded[0]).
		WithSubscription(config.ExactClusterChannelMode, exact[0]))

	shard, err := pub.PubSubShardChannelsWithPattern(ctx, psbChannel(t, "s*"))
	sort.Strings(shard)
	want := append([]string(nil), sharded...)
	sort.Strings(want)
	if err != nil || !reflect.DeepEqual(shard, want) {
		t.Fatalf("PubSubShardChannelsWithPattern = %v, %v; want all %d sharded channels", shard, err, len(want))
	}
	ex, err := pub.PubSubChannelsWithPattern(ctx, psbChannel(t, "e*"))
	if err != nil || len(ex) != len(exact) {
		t.Fatalf("PubSubChannelsWithPattern = %v, %v", ex, err)
	}
	if n, err := pub.PubSubNumPat(ctx); err != nil || n < 2 {
		t.Fatalf("PubSubNumPat = %d, %v", n, err)
	}
	ns, err := pub.PubSubShardNumSub(ctx, sharded[0], sharded[1])
	if err != nil || ns[sharded[0]] != 2 || ns[sharded[1]] != 1 {
		t.Fatalf("PubSubShardNumSub = %v, %v", ns, err)
	}
	ne, err := pub.PubSubNumSub(ctx, exact[0], exact[5])
	if err != nil || ne[exact[0]] != 2 || ne[exact[5]] != 1 {
		t.Fatalf("PubSubNumSub = %v, %v", ne, err)
	}
	if n, err := pub.Publish(ctx, sharded[0], "m", true); err != nil || n != 2 {
		t.Fatalf("sharded Publish = %d, %v", n, err)
	}
	if _, err := pub.Publish(ctx, exact[0], "m", false); err != nil {
		t.Fatal(err)
	}
	batch := pipeline.NewClusterBatch(false).SPublish(sharded[1], "z").PubSubShardNumSub(sharded[1])
	res, err := pub.Exec(ctx, *batch, true)
	if err != nil {
		t.Fatal(err)
	}
	if res[0] != int64(1) {
		t.Fatalf("batch SPublish = %#v", res)
	}
}
