package valkite

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Cluster tests of the Hash group on the shared 3-shard cluster, and of the read
// strategy for the Hash, Bitmap and HyperLogLog groups.

func TestClusterHashCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	k1, k2 := hbhCrossSlotKeys(t)
	for _, k := range []string{k1, k2} {
		fixture(t, cl.NodeForKey(k).Server, "DEL", k)
	}

	// Each key goes to its own slot's primary; the data lands there.
	for i, k := range []string{k1, k2} {
		v := fmt.Sprint("v", i)
		if n, err := c.HSet(ctx, k, map[string]string{"f": v, "g": "x"}); err != nil || n != 2 {
			t.Fatalf("HSet(%s) = %d, %v", k, n, err)
		}
		if reply := cl.NodeForKey(k).Server.Do(t, "HGET", k, "f"); !strings.Contains(reply, v) {
			t.Fatalf("HGET %s on the slot's primary = %q", k, reply)
		}
		r, err := c.HGet(ctx, k, "f")
		requireResult(t, "HGet", r, err, v)
		all, err := c.HGetAll(ctx, k)
		if err != nil || !reflect.DeepEqual(all, map[string]string{"f": v, "g": "x"}) {
			t.Fatalf("HGetAll = %v, %v", all, err)
		}
		page, err := c.HScanWithOptions(ctx, k, models.NewCursor(), *options.NewHashScanOptions().SetMatch("f"))
		if err != nil || !reflect.DeepEqual(page.Data, []string{"f", v}) {
			t.Fatalf("HScan = %+v, %v", page, err)
		}
		if codes, err := c.HExpire(ctx, k, time.Hour, []string{"g", "nope"}, options.NewHExpireOptions()); err != nil ||
			!reflect.DeepEqual(codes, []int64{1, -2}) {
			t.Fatalf("HExpire = %v, %v", codes, err)
		}
		if got, err := c.HGetEx(ctx, k, []string{"g"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryPersist())); err != nil ||
			!reflect.DeepEqual(got, []models.Result[string]{models.CreateStringResult("x")}) {
			t.Fatalf("HGetEx = %+v, %v", got, err)
		}
		if r, err := c.HRandField(ctx, k); err != nil || r.IsNil() {
			t.Fatalf("HRandField = %+v, %v", r, err)
		}
	}
	fixture(t, cl.NodeForKey(k1).Server, "SET", k1+"s", "x")
	_, err := c.HLen(ctx, k1+"s")
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.HMGet(ctx, k1, nil)
	requireClientError(t, err)

	// A pipeline spans slots; each slot holds GLIDE's batch value.
	setup := func(t *testing.T) {
		for _, k := range []string{k1, k2} {
			cl.NodeForKey(k).Server.Do(t, "DEL", k)
		}
		fixture(t, cl.NodeForKey(k1).Server, "HSET", k1, "a", "1")
	}
	hbhRunClusterBatch(t, c, false, setup, []hbhClusterSlot{
		{"HSet k2", func(b *pipeline.ClusterBatch) { b.HSet(k2, map[string]string{"b": "2"}) }, int64(1)},
		{"HGet k1", func(b *pipeline.ClusterBatch) { b.HGet(k1, "a") }, "1"},
		{"HGet k2 missing", func(b *pipeline.ClusterBatch) { b.HGet(k2, "zz") }, nil},
		{"HGetAll k2", func(b *pipeline.ClusterBatch) { b.HGetAll(k2) }, map[string]string{"b": "2"}},
		{"HMGet k1", func(b *pipeline.ClusterBatch) { b.HMGet(k1, []string{"a", "zz"}) },
			[]models.Result[string]{models.CreateStringResult("1"), models.CreateNilStringResult()}},
		{"HKeys k2", func(b *pipeline.ClusterBatch) { b.HKeys(k2) }, []string{"b"}},
		{"HRandFieldWithCountWithValues k1", func(b *pipeline.ClusterBatch) { b.HRandFieldWithCountWithValues(k1, 1) },
			[][]string{{"a", "1"}}},
		{"HScan k2", func(b *pipeline.ClusterBatch) { b.HScan(k2, "0") },
			models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"b", "2"}}},
		{"HTtl k1", func(b *pipeline.ClusterBatch) { b.HTtl(k1, []string{"a"}) }, []int64{-1}},
		{"HRandField k2", func(b *pipeline.ClusterBatch) { b.HRandField(k2) }, "b"},
	})
	// A transaction stays in one slot.
	hbhRunClusterBatch(t, c, true, setup, []hbhClusterSlot{
		{"HSetNX", func(b *pipeline.ClusterBatch) { b.HSetNX(k1, "a", "x") }, false},
		{"HIncrBy", func(b *pipeline.ClusterBatch) { b.HIncrBy(k1, "a", 4) }, int64(5)},
		{"HIncrByFloat", func(b *pipeline.ClusterBatch) { b.HIncrByFloat(k1, "a", 0.5) }, float64(5.5)},
		{"HVals", func(b *pipeline.ClusterBatch) { b.HVals(k1) }, []string{"5.5"}},
		{"HExists", func(b *pipeline.ClusterBatch) { b.HExists(k1, "a") }, true},
		{"HDel", func(b *pipeline.ClusterBatch) { b.HDel(k1, []string{"a"}) }, int64(1)},
		{"HLen", func(b *pipeline.ClusterBatch) { b.HLen(k1) }, int64(0)},
	})
}

// With PreferReplica, the read-only commands of the three groups are served by the
// key's replica and the writing ones by its primary (the core decides from its command
// table; this checks the table's flags reach the wire).
func TestClusterHashBitmapHLLReadStrategy(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second).
		WithReadFrom(config.PreferReplica))
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	defer c.Close()
	ctx := context.Background()
	k := "{" + t.Name() + "}"
	primary := cl.NodeForKey(k)
	var replica *testserver.Node
	for _, n := range cl.Replicas() {
		if n.Shard == primary.Shard {
			replica = n
		}
	}
	if replica == nil {
		t.Fatalf("no replica for shard %d", primary.Shard)
	}

	reads := map[string]func() error{
		"hget":       func() error { _, err := c.HGet(ctx, k+"h", "f"); return err },
		"hgetall":    func() error { _, err := c.HGetAll(ctx, k+"h"); return err },
		"hrandfield": func() error { _, err := c.HRandField(ctx, k+"h"); return err },
		"hscan":      func() error { _, err := c.HScan(ctx, k+"h", models.NewCursor()); return err },
		"httl":       func() error { _, err := c.HTtl(ctx, k+"h", []string{"f"}); return err },
		"getbit":     func() error { _, err := c.GetBit(ctx, k+"b", 1); return err },
		"bitcount":   func() error { _, err := c.BitCount(ctx, k+"b"); return err },
		"bitpos":     func() error { _, err := c.BitPos(ctx, k+"b", 1); return err },
		"bitfield_ro": func() error {
			_, err := c.BitFieldRO(ctx, k+"b", []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"pfcount": func() error { _, err := c.PfCount(ctx, []string{k + "p"}); return err },
	}
	writes := map[string]func() error{
		"hset":   func() error { _, err := c.HSet(ctx, k+"h", map[string]string{"f": "v"}); return err },
		"setbit": func() error { _, err := c.SetBit(ctx, k+"b", 1, 1); return err },
		"bitfield": func() error {
			_, err := c.BitField(ctx, k+"b", []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"pfadd": func() error { _, err := c.PfAdd(ctx, k+"p", []string{"x"}); return err },
	}
	// A write also runs on the replica through replication, so only the node a read
	// must avoid is checked.
	check := func(calls map[string]func() error, on, off *testserver.Node, where string) {
		for cmd, call := range calls {
			beforeOn, beforeOff := cmdCalls(t, on.Server, cmd), 0
			if off != nil {
				beforeOff = cmdCalls(t, off.Server, cmd)
			}
			if err := call(); err != nil {
				t.Fatalf("%s: %v", cmd, err)
			}
			if got := cmdCalls(t, on.Server, cmd) - beforeOn; got != 1 {
				t.Errorf("%s ran %d times on the %s, want 1", cmd, got, where)
			}
			if off == nil {
				continue
			}
			if got := cmdCalls(t, off.Server, cmd) - beforeOff; got != 0 {
				t.Errorf("%s ran %d times on the other node of the shard, want 0", cmd, got)
			}
		}
	}
	check(writes, primary, nil, "primary")
	check(reads, replica, primary, "replica")
}
