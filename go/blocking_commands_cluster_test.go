package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/pipeline"
)

// Blocking commands on the shared 3-shard cluster: routed by their keys' slot, run on
// the owning node's blocking connections, CROSSSLOT for keys of several slots.

func blkClusterClient(t *testing.T, cl *testserver.Cluster, name string) *ClusterClient {
	t.Helper()
	seed := cl.Nodes[0]
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(200 * time.Millisecond).
		WithClientName(name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// blkClusterBlocked counts name's connections the cluster's nodes hold blocked.
func blkClusterBlocked(t *testing.T, cl *testserver.Cluster, name string) int {
	t.Helper()
	n := 0
	for _, node := range cl.Nodes {
		for _, line := range strings.Split(node.Do(t, "CLIENT", "LIST"), "\n") {
			if !strings.Contains(line, " name="+name+" ") {
				continue
			}
			for _, f := range strings.Fields(line) {
				if strings.HasPrefix(f, "flags=") && strings.Contains(f, "b") {
					n++
				}
			}
		}
	}
	return n
}

func blkClusterAwait(t *testing.T, cl *testserver.Cluster, name string, n int) {
	t.Helper()
	pollUntil(t, fmt.Sprintf("%d blocked connections named %s in the cluster", n, name), 10*time.Second, func() bool {
		return blkClusterBlocked(t, cl, name) == n
	})
}

// TestBlockingClusterReleasedAndNotHoldingUpOthers: blockers on keys of several slots
// (so several nodes) are released by pushes from another client; meanwhile the same
// client's GETs are answered. Cancelling one unblocks it on its node.
func TestBlockingClusterReleasedAndNotHoldingUpOthers(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	name := blkName(t)
	c := blkClusterClient(t, cl, name)
	other := connectCluster(t, cl)
	ctx := context.Background()
	base := testKey(t, "cq")
	keys := make([]string, 8)
	for i := range keys {
		keys[i] = fmt.Sprintf("%s-%d", base, i) // no hash tag: spread over the shards
	}
	var wg sync.WaitGroup
	results := make([]blkResult[[]string], len(keys))
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.BLPop(ctx, []string{k}, 0)
			results[i] = blkResult[[]string]{v, err}
		}()
	}
	// One more, to be cancelled.
	cctx, cancel := context.WithCancel(ctx)
	cancelled := make(chan error, 1)
	go func() {
		_, err := c.BRPop(cctx, []string{base + "-cancelled"}, 0)
		cancelled <- err
	}()
	blkClusterAwait(t, cl, name, len(keys)+1)
	for i := 0; i < 50; i++ {
		k := fmt.Sprintf("%s-get-%d", base, i)
		if _, err := c.Set(ctx, k, k); err != nil {
			t.Fatalf("SET while callers are blocked: %v", err)
		}
		if v, err := c.Get(ctx, k); err != nil || v.Value() != k {
			t.Fatalf("GET while callers are blocked = %v, %v", v, err)
		}
	}
	cancel()
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled BRPop: %v", err)
	}
	blkClusterAwait(t, cl, name, len(keys))
	for _, k := range keys {
		if _, err := other.RPush(ctx, k, []string{"v-" + k}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	for i, r := range results {
		if r.err != nil || !reflect.DeepEqual(r.v, []string{keys[i], "v-" + keys[i]}) {
			t.Fatalf("BLPop %s = %v, %v", keys[i], r.v, r.err)
		}
	}
	if n, err := other.LLen(ctx, base+"-cancelled"); err != nil || n != 0 {
		t.Fatalf("LLEN of the cancelled BRPop's key = %d, %v", n, err)
	}
}

// TestBlockingClusterCrossSlot: multi-key blocking commands whose keys span slots get
// the server's CROSSSLOT error at once (they never block).
func TestBlockingClusterCrossSlot(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	a, b := testKey(t, "{a}x"), testKey(t, "{b}y")
	check := func(what string, err error) {
		t.Helper()
		var re *RequestError
		if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
			t.Errorf("%s across slots: err = %T %v, want CROSSSLOT", what, err, err)
		}
	}
	_, err := c.BLMPop(ctx, []string{a, b}, constants.Left, time.Second)
	check("BLMPop", err)
	_, err = c.BLMPopCount(ctx, []string{a, b}, constants.Left, 2, time.Second)
	check("BLMPopCount", err)
	_, err = c.BZMPop(ctx, []string{a, b}, constants.MIN, time.Second)
	check("BZMPop", err)
	_, err = c.BLMove(ctx, a, b, constants.Left, constants.Right, time.Second)
	check("BLMove", err)
	_, err = c.BLPop(ctx, []string{a, b}, time.Second)
	check("BLPop", err)
	_, err = c.BZPopMin(ctx, []string{a, b}, time.Second)
	check("BZPopMin", err)
}

// TestBlockingClusterValuesAndBatch: same-slot keys work, typed and in cluster batches.
func TestBlockingClusterValuesAndBatch(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	k := testKey(t, "{cb}")
	if _, err := c.RPush(ctx, k+"l", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if v, err := c.BLMove(ctx, k+"l", k+"l2", constants.Left, constants.Left, time.Second); err != nil || v.Value() != "a" {
		t.Fatalf("BLMove = %v, %v", v, err)
	}
	if v, err := c.BLMPop(ctx, []string{k + "none", k + "l2"}, constants.Left, time.Second); err != nil ||
		!reflect.DeepEqual(v, []models.KeyValues{{Key: k + "l2", Values: []string{"a"}}}) {
		t.Fatalf("BLMPop = %v, %v", v, err)
	}
	for _, atomic := range []bool{true, false} {
		b := pipeline.NewClusterBatch(atomic)
		b.ZAdd(k+"z", map[string]float64{"m": 2})
		b.BZPopMax([]string{k + "z"}, time.Second)
		b.BLPop([]string{k + "l"}, time.Second)
		b.BRPop([]string{k + "none"}, 10*time.Millisecond)
		got, err := c.Exec(ctx, *b, true)
		if err != nil {
			t.Fatal(err)
		}
		want := []any{
			int64(1),
			models.KeyWithMemberAndScore{Key: k + "z", Member: "m", Score: 2},
			[]string{k + "l", "b"},
			nil,
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("cluster batch (atomic=%v) = %#v, want %#v", atomic, got, want)
		}
		if _, err := c.RPush(ctx, k+"l", []string{"b"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBlockingClusterLostConnectionRetriesWithinDeadline: the node drops the
// connection a caller is blocked on (as a failover does); the request is retried on a
// fresh blocking connection (or fails with a typed error), and in any case ends by its
// deadline — here it blocks again and returns nil when its own 1.5 s timeout passes.
func TestBlockingClusterLostConnectionRetriesWithinDeadline(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	name := blkName(t)
	c := blkClusterClient(t, cl, name)
	key := testKey(t, "lost")
	done := make(chan blkResult[[]string], 1)
	start := time.Now()
	go func() {
		v, err := c.BLPop(context.Background(), []string{key}, 1500*time.Millisecond)
		done <- blkResult[[]string]{v, err}
	}()
	blkClusterAwait(t, cl, name, 1)
	killed := 0
	for _, node := range cl.Nodes {
		for _, line := range strings.Split(node.Do(t, "CLIENT", "LIST"), "\n") {
			if !strings.Contains(line, " name="+name+" ") || !strings.Contains(line, " flags=b") {
				continue
			}
			for _, f := range strings.Fields(line) {
				if id, ok := strings.CutPrefix(f, "id="); ok {
					node.Do(t, "CLIENT", "KILL", "ID", id)
					killed++
				}
			}
		}
	}
	if killed != 1 {
		t.Fatalf("killed %d blocked connections, want 1", killed)
	}
	select {
	case r := <-done:
		var ce *ConnectionError
		if r.err != nil && !errors.As(r.err, &ce) {
			t.Fatalf("BLPop on a killed connection: %T %v; want nil (retried) or a ConnectionError", r.err, r.err)
		}
		if r.err == nil && r.v != nil {
			t.Fatalf("BLPop on an empty list = %v", r.v)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("BLPop still blocked %v after its connection was killed (timeout 1.5 s)", time.Since(start))
	}
}
