package valkite

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
)

func psbClusterSubscriber(t *testing.T, cl *testserver.Cluster, sub *config.ClusterSubscriptionConfig) *ClusterClient {
	t.Helper()
	seed := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second)
	if sub != nil {
		cfg.WithSubscriptionConfig(sub)
	}
	c, err := NewClusterClient(cfg)
	if err != nil {
		t.Fatalf("NewClusterClient with subscriptions: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func psbClusterPublish(t *testing.T, pub *ClusterClient, cmd, channel, msg string) int64 {
	t.Helper()
	v, err := pub.CustomCommand(context.Background(), []string{cmd, channel, msg})
	if err != nil {
		t.Fatalf("%s %s: %v", cmd, channel, err)
	}
	n, _ := v.SingleValue().(int64)
	return n
}

func TestPubSubClusterShardedExactPatternConfigured(t *testing.T) {
	pub, cl := newClusterTestClient(t)
	var sharded []string
	for i := 0; i < 20; i++ { // spread over the three shards
		sharded = append(sharded, psbChannel(t, "s"+strconv.Itoa(i)))
	}
	exact := psbChannel(t, "e")
	pat := psbChannel(t, "p") + "*"
	sc := config.NewClusterSubscriptionConfig().
		WithSubscription(config.ExactClusterChannelMode, exact).
		WithSubscription(config.PatternClusterChannelMode, pat)
	for _, s := range sharded {
		sc.WithSubscription(config.ShardedClusterChannelMode, s)
	}
	sub := psbClusterSubscriber(t, cl, sc)
	q, err := sub.GetQueue()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sub.GetSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.ActualSubscriptions[models.Sharded]) != len(sharded) {
		t.Fatalf("actual sharded = %d, want %d", len(st.ActualSubscriptions[models.Sharded]), len(sharded))
	}
	for _, s := range sharded {
		if n := psbClusterPublish(t, pub, "SPUBLISH", s, "to "+s); n != 1 {
			t.Fatalf("SPUBLISH %s reached %d", s, n)
		}
		m := psbNext(t, q)
		if m.Channel != s || m.Message != "to "+s || !m.Pattern.IsNil() {
			t.Fatalf("got %+v", m)
		}
	}
	psbClusterPublish(t, pub, "PUBLISH", exact, "e")
	if m := psbNext(t, q); m.Channel != exact || m.Message != "e" {
		t.Fatalf("got %+v", m)
	}
	pch := pat[:len(pat)-1] + "zz"
	psbClusterPublish(t, pub, "PUBLISH", pch, "p")
	if m := psbNext(t, q); m.Channel != pch || m.Pattern.IsNil() || m.Pattern.Value() != pat {
		t.Fatalf("got %+v", m)
	}
	ctx := context.Background()
	if err := sub.SUnsubscribe(ctx, AllShardedChannels, 3000); err != nil {
		t.Fatal(err)
	}
	if n := psbClusterPublish(t, pub, "SPUBLISH", sharded[0], "gone"); n != 0 {
		t.Fatalf("SPUBLISH after SUnsubscribe reached %d", n)
	}
	if err := sub.SSubscribe(ctx, sharded[:3], 3000); err != nil {
		t.Fatal(err)
	}
	if n := psbClusterPublish(t, pub, "SPUBLISH", sharded[2], "again"); n != 1 {
		t.Fatalf("SPUBLISH after SSubscribe reached %d", n)
	}
	if m := psbNext(t, q); m.Message != "again" {
		t.Fatalf("got %+v", m)
	}
}
