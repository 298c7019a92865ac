package valkite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the Bitmap group against Valkey 9.1 and Redis 7.0, in both batch
// kinds; and on the 3-shard cluster (in the _cluster_test.go file).

func TestBitmapCommands(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, missing, h := testKey(t, "bits"), testKey(t, "missing"), testKey(t, "hash")

	// SETBIT returns the old bit; GETBIT reads it back; beyond the end reads 0.
	for _, step := range []struct{ offset, value, old int64 }{{7, 1, 0}, {7, 1, 1}, {0, 1, 0}, {7, 0, 1}, {9, 1, 0}} {
		if old, err := c.SetBit(ctx, k, step.offset, step.value); err != nil || old != step.old {
			t.Fatalf("SetBit(%d, %d) = %d, %v, want %d", step.offset, step.value, old, err, step.old)
		}
	}
	// The string is now 0b10000000 0b01000000.
	for offset, want := range map[int64]int64{0: 1, 7: 0, 9: 1, 100: 0} {
		if got, err := c.GetBit(ctx, k, offset); err != nil || got != want {
			t.Fatalf("GetBit(%d) = %d, %v, want %d", offset, got, err, want)
		}
	}
	if got, err := c.GetBit(ctx, missing, 3); err != nil || got != 0 {
		t.Fatalf("GetBit(missing) = %d, %v", got, err)
	}

	fixture(t, s, "SET", k, "foobar") // the canonical BITCOUNT example: 26 bits set
	if n, err := c.BitCount(ctx, k); err != nil || n != 26 {
		t.Fatalf("BitCount = %d, %v", n, err)
	}
	if n, err := c.BitCount(ctx, missing); err != nil || n != 0 {
		t.Fatalf("BitCount(missing) = %d, %v", n, err)
	}
	counts := []struct {
		opts *options.BitCountOptions
		want int64
	}{
		{options.NewBitCountOptions(), 4},                                                         // byte 0 only ("f")
		{options.NewBitCountOptions().SetStart(1).SetEnd(1), 6},                                   // "o"
		{options.NewBitCountOptions().SetStart(-2).SetEnd(-1), 7},                                 // "ar"
		{options.NewBitCountOptions().SetStart(5).SetEnd(30).SetBitmapIndexType(options.BIT), 17}, // bits 5..30
		{options.NewBitCountOptions().SetStart(0).SetEnd(-1).SetBitmapIndexType(options.BYTE), 26},
	}
	for _, cc := range counts {
		if n, err := c.BitCountWithOptions(ctx, k, *cc.opts); err != nil || n != cc.want {
			t.Fatalf("BitCountWithOptions(%+v) = %d, %v, want %d", *cc.opts, n, err, cc.want)
		}
	}

	fixture(t, s, "SET", k, "\xff\xf0\x00")
	if p, err := c.BitPos(ctx, k, 0); err != nil || p != 12 {
		t.Fatalf("BitPos(0) = %d, %v", p, err)
	}
	if p, err := c.BitPos(ctx, k, 1); err != nil || p != 0 {
		t.Fatalf("BitPos(1) = %d, %v", p, err)
	}
	if p, err := c.BitPos(ctx, missing, 1); err != nil || p != -1 {
		t.Fatalf("BitPos(missing, 1) = %d, %v, want -1", p, err)
	}
	poses := []struct {
		bit  int64
		opts *options.BitPosOptions
		want int64
	}{
		{1, options.NewBitPosOptions().SetStart(2), -1},
		{0, options.NewBitPosOptions().SetStart(1), 12},
		{1, options.NewBitPosOptions().SetStart(0).SetEnd(0), 0}, // start 0 is sent, not dropped
		{0, options.NewBitPosOptions().SetStart(0).SetEnd(0), -1},
		{1, options.NewBitPosOptions().SetStart(9).SetEnd(15).SetBitmapIndexType(options.BIT), 9},
		{0, options.NewBitPosOptions().SetStart(1).SetEnd(1).SetBitmapIndexType(options.BYTE), 12},
		{0, options.NewBitPosOptions(), 12},
	}
	for _, pc := range poses {
		if p, err := c.BitPosWithOptions(ctx, k, pc.bit, *pc.opts); err != nil || p != pc.want {
			t.Fatalf("BitPosWithOptions(%d, %+v) = %d, %v, want %d", pc.bit, *pc.opts, p, err, pc.want)
		}
	}

	// BITFIELD: SET returns the old value, INCRBY the new one, OVERFLOW FAIL a nil.
	bf := testKey(t, "bf")
	got, err := c.BitField(ctx, bf, []options.BitFieldSubCommands{
		options.NewBitFieldSet(options.UnsignedInt, 8, 0, 200),
		options.NewBitFieldGet(options.UnsignedInt, 8, 0),
		options.NewBitFieldIncrBy(options.UnsignedInt, 8, 0, 50),
		options.NewBitFieldOverflow(options.FAIL),
		options.NewBitFieldIncrBy(options.UnsignedInt, 8, 0, 10),
		options.NewBitFieldOverflow(options.SAT),
		options.NewBitFieldIncrBy(options.SignedInt, 4, 8, 100),
		&options.BitFieldSet{EncType: options.SignedInt, Bits: 64, Offset: 1, Value: -1, UseHash: true},
		options.NewBitFieldGet(options.SignedInt, 64, 64),
	})
	i := models.CreateInt64Result
	want := []models.Result[int64]{i(0), i(200), i(250), models.CreateNilInt64Result(), i(7), i(0), i(-1)}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("BitField = %+v, %v, want %+v", got, err, want)
	}
	if got, err = c.BitField(ctx, bf, nil); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("BitField(no subcommands) = %#v, %v, want an empty slice", got, err)
	}
	ro, err := c.BitFieldRO(ctx, bf, []options.BitFieldROCommands{
		options.NewBitFieldGet(options.UnsignedInt, 8, 0),
		&options.BitFieldGet{EncType: options.SignedInt, Bits: 64, Offset: 1, UseHash: true},
		options.NewBitFieldGet(options.UnsignedInt, 63, 1000),
	})
	if err != nil || !reflect.DeepEqual(ro, []models.Result[int64]{i(250), i(-1), i(0)}) {
		t.Fatalf("BitFieldRO = %+v, %v", ro, err)
	}
	if ro, err = c.BitFieldRO(ctx, missing, []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)}); err != nil ||
		!reflect.DeepEqual(ro, []models.Result[int64]{i(0)}) {
		t.Fatalf("BitFieldRO(missing) = %+v, %v", ro, err)
	}

	// BITOP over binary values.
	a, b, dst := testKey(t, "a"), testKey(t, "b"), testKey(t, "dst")
	fixture(t, s, "SET", a, "\x0f\xf0\x00")
	fixture(t, s, "SET", b, "\xff")
	for _, oc := range []struct {
		op   options.BitOpType
		keys []string
		want string
	}{
		{options.AND, []string{a, b}, "\x0f\x00\x00"},
		{options.OR, []string{a, b}, "\xff\xf0\x00"},
		{options.XOR, []string{a, b}, "\xf0\xf0\x00"},
		{options.NOT, []string{a}, "\xf0\x0f\xff"},
	} {
		n, err := c.BitOp(ctx, oc.op, dst, oc.keys)
		if err != nil || n != 3 {
			t.Fatalf("BitOp %s = %d, %v, want 3", oc.op, n, err)
		}
		v, err := c.Get(ctx, dst)
		requireResult(t, "GET after BITOP "+string(oc.op), v, err, oc.want)
	}
	if n, err := c.BitOp(ctx, options.AND, dst, []string{missing, testKey(t, "missing2")}); err != nil || n != 0 {
		t.Fatalf("BitOp(missing sources) = %d, %v, want 0", n, err)
	}

	fixture(t, s, "HSET", h, "f", "v")
	hbhRequireWrongType(t, map[string]func() error{
		"SetBit":              func() error { _, err := c.SetBit(ctx, h, 1, 1); return err },
		"GetBit":              func() error { _, err := c.GetBit(ctx, h, 1); return err },
		"BitCount":            func() error { _, err := c.BitCount(ctx, h); return err },
		"BitCountWithOptions": func() error { _, err := c.BitCountWithOptions(ctx, h, *options.NewBitCountOptions()); return err },
		"BitPos":              func() error { _, err := c.BitPos(ctx, h, 1); return err },
		"BitPosWithOptions": func() error {
			_, err := c.BitPosWithOptions(ctx, h, 1, *options.NewBitPosOptions().SetStart(1))
			return err
		},
		"BitField": func() error {
			_, err := c.BitField(ctx, h, []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"BitFieldRO": func() error {
			_, err := c.BitFieldRO(ctx, h, []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"BitOp": func() error { _, err := c.BitOp(ctx, options.OR, dst, []string{a, h}); return err },
	})

	hbhRequireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"SetBit offset":   {hbhErr(c.SetBit(ctx, k, -1, 1)), "offset"},
		"SetBit value":    {hbhErr(c.SetBit(ctx, k, 1, 2)), "0 or 1"},
		"GetBit offset":   {hbhErr(c.GetBit(ctx, k, -8)), "offset"},
		"BitPos bit":      {hbhErr(c.BitPos(ctx, k, 2)), "0 or 1"},
		"BitPosWith bit":  {hbhErr(c.BitPosWithOptions(ctx, k, -1, *options.NewBitPosOptions())), "0 or 1"},
		"BitOp NOT two":   {hbhErr(c.BitOp(ctx, options.NOT, dst, []string{a, b})), "keys"},
		"BitOp AND one":   {hbhErr(c.BitOp(ctx, options.AND, dst, []string{a})), "keys"},
		"BitOp OR none":   {hbhErr(c.BitOp(ctx, options.OR, dst, nil)), "keys"},
		"BitField i0":     {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 0, 0)})), "i0"},
		"BitField u64":    {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{options.NewBitFieldSet(options.UnsignedInt, 64, 0, 1)})), "u64"},
		"BitField i65":    {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{options.NewBitFieldIncrBy(options.SignedInt, 65, 0, 1)})), "i65"},
		"BitField offset": {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 8, -1)})), "Offset"},
		"BitField enc":    {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{&options.BitFieldGet{EncType: "s", Bits: 8}})), "EncType"},
		"BitField ovf":    {hbhErr(c.BitField(ctx, bf, []options.BitFieldSubCommands{options.NewBitFieldOverflow("NONE")})), "Overflow"},
		"BitFieldRO u64":  {hbhErr(c.BitFieldRO(ctx, bf, []options.BitFieldROCommands{options.NewBitFieldGet(options.UnsignedInt, 64, 0)})), "u64"},
	})
	// The invalid BITFIELD above changed nothing (its SET was never sent).
	if v, err := c.BitFieldRO(ctx, bf, []options.BitFieldROCommands{options.NewBitFieldGet(options.UnsignedInt, 8, 0)}); err != nil ||
		!reflect.DeepEqual(v, []models.Result[int64]{i(250)}) {
		t.Fatalf("after refused BITFIELD: %+v, %v", v, err)
	}
	// BitOp's validation error has the type GLIDE gives it.
	var re *RequestError
	if _, err := c.BitOp(ctx, options.NOT, dst, nil); !errors.As(err, &re) {
		t.Fatalf("BitOp NOT without keys: %T %v, want a *RequestError", err, err)
	}
}

// Bitmaps are plain strings: a 1 MiB value with NUL bytes counts and combines exactly.
func TestBitmapBinarySafe(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, dst := testKey(t, "big"), testKey(t, "dst")
	big := strings.Repeat("\x00\x01\xff\x80", 1<<18) // 1 MiB: 1+8+1 = 10 bits per 4 bytes
	fixture(t, s, "SET", k, big)
	if n, err := c.BitCount(ctx, k); err != nil || n != 10*(1<<18) {
		t.Fatalf("BitCount(1 MiB) = %d, %v", n, err)
	}
	if n, err := c.BitOp(ctx, options.NOT, dst, []string{k}); err != nil || n != 1<<20 {
		t.Fatalf("BitOp NOT(1 MiB) = %d, %v", n, err)
	}
	if p, err := c.BitPos(ctx, dst, 0); err != nil || p != 15 {
		t.Fatalf("BitPos(NOT big, 0) = %d, %v, want 15", p, err)
	}
	if old, err := c.SetBit(ctx, k, 8*(1<<20)-1, 1); err != nil || old != 0 {
		t.Fatalf("SetBit(last bit) = %d, %v", old, err)
	}
}

func TestBitmapBatch(t *testing.T) {
	c, s := newTestClient(t)
	k, a, b, dst, bf, missing := testKey(t, "k"), testKey(t, "a"), testKey(t, "b"), testKey(t, "dst"), testKey(t, "bf"),
		testKey(t, "missing")
	setup := func(t *testing.T) {
		s.Do(t, "DEL", k, a, b, dst, bf, missing)
		fixture(t, s, "SET", k, "foobar")
		fixture(t, s, "SET", a, "\x0f")
		fixture(t, s, "SET", b, "\xf1")
	}
	i := models.CreateInt64Result
	hbhRunBatch(t, c, setup, []hbhSlot{
		{"SetBit", func(p *pipeline.StandaloneBatch) { p.SetBit(dst, 3, 1) }, int64(0)},
		{"SetBit again", func(p *pipeline.StandaloneBatch) { p.SetBit(dst, 3, 0) }, int64(1)},
		{"GetBit", func(p *pipeline.StandaloneBatch) { p.GetBit(a, 7) }, int64(1)},
		{"BitCount", func(p *pipeline.StandaloneBatch) { p.BitCount(k) }, int64(26)},
		{"BitCount missing", func(p *pipeline.StandaloneBatch) { p.BitCount(missing) }, int64(0)},
		{"BitCountWithOptions", func(p *pipeline.StandaloneBatch) {
			p.BitCountWithOptions(k, *options.NewBitCountOptions().SetStart(1).SetEnd(1))
		}, int64(6)},
		{"BitOp", func(p *pipeline.StandaloneBatch) { p.BitOp(options.XOR, dst, []string{a, b}) }, int64(1)},
		{"BitPos", func(p *pipeline.StandaloneBatch) { p.BitPos(a, 1) }, int64(4)},
		{"BitPosWithOptions", func(p *pipeline.StandaloneBatch) {
			p.BitPosWithOptions(b, 0, *options.NewBitPosOptions().SetStart(0).SetEnd(0))
		}, int64(4)},
		{"BitField", func(p *pipeline.StandaloneBatch) {
			p.BitField(bf, []options.BitFieldSubCommands{
				options.NewBitFieldSet(options.UnsignedInt, 8, 0, 255),
				options.NewBitFieldOverflow(options.FAIL),
				options.NewBitFieldIncrBy(options.UnsignedInt, 8, 0, 1),
			})
		}, []models.Result[int64]{i(0), models.CreateNilInt64Result()}},
		{"BitFieldRO", func(p *pipeline.StandaloneBatch) {
			p.BitFieldRO(bf, []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
		}, []models.Result[int64]{i(-1)}},
	})
}

// TestRedis70Bitmaps runs the Bitmap group on Redis 7.0 (BIT ranges exist since 7.0).
func TestRedis70Bitmaps(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	k, dst := testKey(t, "k"), testKey(t, "dst")
	fixture(t, s, "SET", k, "foobar")
	if n, err := c.BitCountWithOptions(ctx, k, *options.NewBitCountOptions().SetStart(5).SetEnd(30).
		SetBitmapIndexType(options.BIT)); err != nil || n != 17 {
		t.Fatalf("BitCount BIT = %d, %v", n, err)
	}
	if p, err := c.BitPosWithOptions(ctx, k, 1, *options.NewBitPosOptions().SetStart(2)); err != nil || p != 17 {
		t.Fatalf("BitPos = %d, %v", p, err)
	}
	if old, err := c.SetBit(ctx, dst, 0, 1); err != nil || old != 0 {
		t.Fatalf("SetBit = %d, %v", old, err)
	}
	got, err := c.BitField(ctx, dst, []options.BitFieldSubCommands{options.NewBitFieldOverflow(options.FAIL),
		options.NewBitFieldIncrBy(options.UnsignedInt, 1, 0, 1), options.NewBitFieldGet(options.UnsignedInt, 8, 0)})
	if err != nil || !reflect.DeepEqual(got, []models.Result[int64]{models.CreateNilInt64Result(), models.CreateInt64Result(128)}) {
		t.Fatalf("BitField = %+v, %v", got, err)
	}
	if n, err := c.BitOp(ctx, options.AND, dst, []string{k, dst}); err != nil || n != 6 {
		t.Fatalf("BitOp = %d, %v", n, err)
	}
	fixture(t, s, "RPUSH", testKey(t, "list"), "x")
	_, err = c.GetBit(ctx, testKey(t, "list"), 0)
	requireServerError(t, err, "WRONGTYPE")
	res, err := c.Exec(ctx, *pipeline.NewStandaloneBatch(false).GetBit(dst, 0).BitFieldRO(dst,
		[]options.BitFieldROCommands{options.NewBitFieldGet(options.UnsignedInt, 4, 0)}), false)
	if err != nil || !reflect.DeepEqual(res, []any{int64(0), []models.Result[int64]{models.CreateInt64Result(0)}}) {
		t.Fatalf("batch = %#v, %v", res, err)
	}
}
