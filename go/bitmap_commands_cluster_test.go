package valkite

import (
	"context"
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Cluster tests of the Bitmap group on the shared 3-shard cluster, CROSSSLOT included.

func TestClusterBitmapCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	k1, k2 := hbhCrossSlotKeys(t)
	tag := "{" + t.Name() + "-a}" // k1's slot, not k2's
	src, dst := tag+"src", tag+"dst"
	for _, k := range []string{k1, k2, src, dst} {
		fixture(t, cl.NodeForKey(k).Server, "DEL", k)
	}

	for _, k := range []string{k1, k2} {
		if old, err := c.SetBit(ctx, k, 6, 1); err != nil || old != 0 {
			t.Fatalf("SetBit(%s) = %d, %v", k, old, err)
		}
		if reply := cl.NodeForKey(k).Server.Do(t, "GET", k); reply != "$1\r\n\x02\r\n" {
			t.Fatalf("GET %s on the slot's primary = %q", k, reply)
		}
		if b, err := c.GetBit(ctx, k, 6); err != nil || b != 1 {
			t.Fatalf("GetBit = %d, %v", b, err)
		}
		if n, err := c.BitCount(ctx, k); err != nil || n != 1 {
			t.Fatalf("BitCount = %d, %v", n, err)
		}
		if p, err := c.BitPos(ctx, k, 1); err != nil || p != 6 {
			t.Fatalf("BitPos = %d, %v", p, err)
		}
		got, err := c.BitFieldRO(ctx, k, []options.BitFieldROCommands{options.NewBitFieldGet(options.UnsignedInt, 8, 0)})
		if err != nil || !reflect.DeepEqual(got, []models.Result[int64]{models.CreateInt64Result(2)}) {
			t.Fatalf("BitFieldRO = %+v, %v", got, err)
		}
	}

	// BITOP within one slot works; across slots it is the server's CROSSSLOT error.
	fixture(t, cl.NodeForKey(src).Server, "SET", src, "\x0f")
	if n, err := c.BitOp(ctx, options.NOT, dst, []string{src}); err != nil || n != 1 {
		t.Fatalf("BitOp NOT (one slot) = %d, %v", n, err)
	}
	v, err := c.Get(ctx, dst)
	requireResult(t, "GET after BITOP", v, err, "\xf0")
	_, err = c.BitOp(ctx, options.AND, dst, []string{src, k2})
	hbhRequireCrossSlot(t, "BitOp across slots", err)
	_, err = c.BitOp(ctx, options.NOT, k2, []string{src})
	hbhRequireCrossSlot(t, "BitOp NOT into another slot", err)

	// In a pipeline, the cross-slot BITOP's slot holds the error and the rest run.
	res, err := c.Exec(ctx, *pipeline.NewClusterBatch(false).
		BitOp(options.OR, dst, []string{src, k2}).
		BitCount(k2).
		BitOp(options.OR, dst, []string{src, dst}), false)
	requireNoErr(t, "Exec", err)
	if len(res) != 3 {
		t.Fatalf("pipeline = %#v", res)
	}
	e, _ := res[0].(error)
	hbhRequireCrossSlot(t, "pipeline BitOp across slots", e)
	if res[1] != int64(1) || res[2] != int64(1) {
		t.Fatalf("pipeline slots = %#v, want int64(1) twice", res[1:])
	}

	setup := func(t *testing.T) {
		for _, k := range []string{k1, dst} {
			cl.NodeForKey(k).Server.Do(t, "DEL", k)
		}
	}
	hbhRunClusterBatch(t, c, true, setup, []hbhClusterSlot{
		{"SetBit", func(b *pipeline.ClusterBatch) { b.SetBit(dst, 0, 1) }, int64(0)},
		{"GetBit", func(b *pipeline.ClusterBatch) { b.GetBit(dst, 0) }, int64(1)},
		{"BitOp", func(b *pipeline.ClusterBatch) { b.BitOp(options.AND, dst, []string{src, dst}) }, int64(1)},
		{"BitCount", func(b *pipeline.ClusterBatch) { b.BitCount(src) }, int64(4)},
		{"BitCountWithOptions", func(b *pipeline.ClusterBatch) {
			b.BitCountWithOptions(src, *options.NewBitCountOptions().SetStart(0).SetEnd(3).SetBitmapIndexType(options.BIT))
		}, int64(0)},
		{"BitPos", func(b *pipeline.ClusterBatch) { b.BitPos(src, 1) }, int64(4)},
		{"BitPosWithOptions", func(b *pipeline.ClusterBatch) {
			b.BitPosWithOptions(src, 0, *options.NewBitPosOptions().SetStart(0))
		}, int64(0)},
		{"BitField", func(b *pipeline.ClusterBatch) {
			b.BitField(dst, []options.BitFieldSubCommands{options.NewBitFieldIncrBy(options.SignedInt, 8, 0, 1)})
		}, []models.Result[int64]{models.CreateInt64Result(1)}},
		{"BitFieldRO", func(b *pipeline.ClusterBatch) {
			b.BitFieldRO(src, []options.BitFieldROCommands{options.NewBitFieldGet(options.UnsignedInt, 4, 4)})
		}, []models.Result[int64]{models.CreateInt64Result(15)}},
	})
	hbhRunClusterBatch(t, c, false, setup, []hbhClusterSlot{
		{"SetBit k1", func(b *pipeline.ClusterBatch) { b.SetBit(k1, 1, 1) }, int64(0)},
		{"GetBit k2", func(b *pipeline.ClusterBatch) { b.GetBit(k2, 6) }, int64(1)},
		{"BitCount src", func(b *pipeline.ClusterBatch) { b.BitCount(src) }, int64(4)},
	})
}
