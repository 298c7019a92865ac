package valkite

import (
	"context"
	"fmt"
	"testing"

	"github.com/valkite/valkite/go/pipeline"
)

// Cluster tests of the HyperLogLog group on the shared 3-shard cluster, CROSSSLOT included.

func TestClusterHyperLogLogCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	k1, k2 := hbhCrossSlotKeys(t)
	tag := "{" + t.Name() + "-a}" // k1's slot, not k2's
	a, b, dst := tag+"a", tag+"b", tag+"dst"
	for _, k := range []string{k1, k2, a, b, dst} {
		fixture(t, cl.NodeForKey(k).Server, "DEL", k)
	}
	for i, k := range []string{k1, k2, a, b} {
		if ok, err := c.PfAdd(ctx, k, []string{"x", fmt.Sprint(i)}); err != nil || !ok {
			t.Fatalf("PfAdd(%s) = %v, %v", k, ok, err)
		}
		if n, err := c.PfCount(ctx, []string{k}); err != nil || n != 2 {
			t.Fatalf("PfCount(%s) = %d, %v", k, n, err)
		}
	}
	// Keys sharing a hash tag merge and count together.
	if n, err := c.PfCount(ctx, []string{a, b}); err != nil || n != 3 {
		t.Fatalf("PfCount(same slot) = %d, %v, want 3", n, err)
	}
	if ok, err := c.PfMerge(ctx, dst, []string{a, b}); err != nil || ok != "OK" {
		t.Fatalf("PfMerge(same slot) = %q, %v", ok, err)
	}
	if n, err := c.PfCount(ctx, []string{dst}); err != nil || n != 3 {
		t.Fatalf("PfCount(merged) = %d, %v", n, err)
	}
	// Keys in different slots: CROSSSLOT, as a typed error, nothing merged.
	_, err := c.PfCount(ctx, []string{k1, k2})
	hbhRequireCrossSlot(t, "PfCount across slots", err)
	_, err = c.PfMerge(ctx, dst, []string{a, k2})
	hbhRequireCrossSlot(t, "PfMerge across slots", err)
	if n, err := c.PfCount(ctx, []string{dst}); err != nil || n != 3 {
		t.Fatalf("PfCount(dst) after refused merge = %d, %v", n, err)
	}

	res, err := c.Exec(ctx, *pipeline.NewClusterBatch(false).PfCount([]string{k1, k2}).PfCount([]string{k2}), false)
	requireNoErr(t, "Exec", err)
	if len(res) != 2 || res[1] != int64(2) {
		t.Fatalf("pipeline = %#v", res)
	}
	e, _ := res[0].(error)
	hbhRequireCrossSlot(t, "pipeline PfCount across slots", e)
	_, err = c.Exec(ctx, *pipeline.NewClusterBatch(true).PfMerge(dst, []string{a, k2}), false)
	hbhRequireCrossSlot(t, "transaction PfMerge across slots", err)

	setup := func(t *testing.T) { cl.NodeForKey(dst).Server.Do(t, "DEL", dst) }
	for _, atomic := range []bool{true, false} {
		hbhRunClusterBatch(t, c, atomic, setup, []hbhClusterSlot{
			{"PfAdd", func(p *pipeline.ClusterBatch) { p.PfAdd(dst, []string{"m"}) }, true},
			{"PfMerge", func(p *pipeline.ClusterBatch) { p.PfMerge(dst, []string{a, b}) }, "OK"},
			{"PfCount", func(p *pipeline.ClusterBatch) { p.PfCount([]string{dst, a}) }, int64(4)},
		})
	}
}
