package valkite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the HyperLogLog group against Valkey 9.1 and Redis 7.0, in both
// batch kinds; and on the 3-shard cluster (in the _cluster_test.go file) (CROSSSLOT included).

func TestHyperLogLogCommands(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	a, b, dst, missing, str := testKey(t, "a"), testKey(t, "b"), testKey(t, "dst"), testKey(t, "missing"), testKey(t, "str")

	changed, err := c.PfAdd(ctx, a, []string{"x", "y", "z"})
	if err != nil || !changed {
		t.Fatalf("PfAdd = %v, %v", changed, err)
	}
	if changed, err = c.PfAdd(ctx, a, []string{"x", "y"}); err != nil || changed {
		t.Fatalf("PfAdd(seen elements) = %v, %v, want false", changed, err)
	}
	// No elements: creates a missing key (true), then does nothing (false).
	if changed, err = c.PfAdd(ctx, b, nil); err != nil || !changed {
		t.Fatalf("PfAdd(new key, no elements) = %v, %v, want true", changed, err)
	}
	if changed, err = c.PfAdd(ctx, b, []string{}); err != nil || changed {
		t.Fatalf("PfAdd(existing key, no elements) = %v, %v, want false", changed, err)
	}
	if n, err := c.PfCount(ctx, []string{a}); err != nil || n != 3 {
		t.Fatalf("PfCount = %d, %v", n, err)
	}
	if n, err := c.PfCount(ctx, []string{missing}); err != nil || n != 0 {
		t.Fatalf("PfCount(missing) = %d, %v", n, err)
	}
	if _, err = c.PfAdd(ctx, b, []string{"z", "w", "\x00", "\xff", ""}); err != nil {
		t.Fatal(err)
	}
	// Union of {x,y,z} and {z,w,NUL,0xff,""}: 7 distinct; the estimate is exact at this size.
	if n, err := c.PfCount(ctx, []string{a, b, missing}); err != nil || n != 7 {
		t.Fatalf("PfCount(union) = %d, %v, want 7", n, err)
	}
	if ok, err := c.PfMerge(ctx, dst, []string{a, b}); err != nil || ok != "OK" {
		t.Fatalf("PfMerge = %q, %v", ok, err)
	}
	if n, err := c.PfCount(ctx, []string{dst}); err != nil || n != 7 {
		t.Fatalf("PfCount(merged) = %d, %v, want 7", n, err)
	}
	// No sources: the destination is kept as it is (or created empty).
	if ok, err := c.PfMerge(ctx, testKey(t, "fresh"), nil); err != nil || ok != "OK" {
		t.Fatalf("PfMerge(no sources) = %q, %v", ok, err)
	}
	if n, err := c.PfCount(ctx, []string{testKey(t, "fresh")}); err != nil || n != 0 {
		t.Fatalf("PfCount(fresh) = %d, %v", n, err)
	}

	// A larger set stays within HyperLogLog's error bound (0.81% standard error).
	big := testKey(t, "big")
	elems := make([]string, 0, 10000)
	for i := 0; i < 10000; i++ {
		elems = append(elems, fmt.Sprintf("e%d", i))
	}
	if _, err := c.PfAdd(ctx, big, elems); err != nil {
		t.Fatal(err)
	}
	if n, err := c.PfCount(ctx, []string{big}); err != nil || n < 9700 || n > 10300 {
		t.Fatalf("PfCount(10000 elements) = %d, %v", n, err)
	}

	// A string that is not a HyperLogLog, and a key of another type.
	fixture(t, s, "SET", str, "not an hll")
	lst := testKey(t, "list")
	fixture(t, s, "RPUSH", lst, "x")
	for name, call := range map[string]func() error{
		"PfAdd(string)":   func() error { _, err := c.PfAdd(ctx, str, []string{"x"}); return err },
		"PfCount(string)": func() error { _, err := c.PfCount(ctx, []string{str}); return err },
		"PfMerge(string)": func() error { _, err := c.PfMerge(ctx, dst, []string{str}); return err },
	} {
		err := call()
		var re *RequestError
		if err == nil || !errors.As(err, &re) || !strings.HasPrefix(err.Error(), "WRONGTYPE") {
			t.Errorf("%s: %v, want WRONGTYPE (not a valid HyperLogLog)", name, err)
		}
	}
	hbhRequireWrongType(t, map[string]func() error{
		"PfAdd":   func() error { _, err := c.PfAdd(ctx, lst, []string{"x"}); return err },
		"PfCount": func() error { _, err := c.PfCount(ctx, []string{lst}); return err },
		"PfMerge": func() error { _, err := c.PfMerge(ctx, lst, []string{a}); return err },
	})

	hbhRequireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"PfCount nil":   {hbhErr(c.PfCount(ctx, nil)), "PFCOUNT: keys must not be empty"},
		"PfCount empty": {hbhErr(c.PfCount(ctx, []string{})), "keys"},
	})
}

func TestHyperLogLogBatch(t *testing.T) {
	c, s := newTestClient(t)
	a, b, dst, missing := testKey(t, "a"), testKey(t, "b"), testKey(t, "dst"), testKey(t, "missing")
	setup := func(t *testing.T) {
		s.Do(t, "DEL", a, b, dst, missing)
		fixture(t, s, "PFADD", b, "q", "r")
	}
	hbhRunBatch(t, c, setup, []hbhSlot{
		{"PfAdd", func(p *pipeline.StandaloneBatch) { p.PfAdd(a, []string{"x", "y"}) }, true},
		{"PfAdd again", func(p *pipeline.StandaloneBatch) { p.PfAdd(a, []string{"x"}) }, false},
		{"PfCount", func(p *pipeline.StandaloneBatch) { p.PfCount([]string{a, b, missing}) }, int64(4)},
		{"PfMerge", func(p *pipeline.StandaloneBatch) { p.PfMerge(dst, []string{a, b}) }, "OK"},
		{"PfCount merged", func(p *pipeline.StandaloneBatch) { p.PfCount([]string{dst}) }, int64(4)},
	})
	// An empty key list is refused at queueing time and the batch is not sent.
	res, err := c.Exec(context.Background(), *pipeline.NewStandaloneBatch(true).PfAdd(missing, []string{"z"}).PfCount(nil), false)
	var be *BatchError
	if res != nil || !errors.As(err, &be) || !strings.Contains(err.Error(), "PFCOUNT: keys") {
		t.Fatalf("batch with PfCount(nil) = %#v, %v", res, err)
	}
	if reply := s.Do(t, "EXISTS", missing); reply != ":0\r\n" {
		t.Fatalf("the refused batch's PFADD ran: EXISTS = %q", reply)
	}
}

// TestRedis70HyperLogLog runs the group on Redis 7.0.
func TestRedis70HyperLogLog(t *testing.T) {
	c, _ := newRedisTestClient(t)
	ctx := context.Background()
	a, dst := testKey(t, "a"), testKey(t, "dst")
	if ok, err := c.PfAdd(ctx, a, []string{"1", "2", "3"}); err != nil || !ok {
		t.Fatalf("PfAdd = %v, %v", ok, err)
	}
	if ok, err := c.PfMerge(ctx, dst, []string{a}); err != nil || ok != "OK" {
		t.Fatalf("PfMerge = %q, %v", ok, err)
	}
	if n, err := c.PfCount(ctx, []string{dst, a}); err != nil || n != 3 {
		t.Fatalf("PfCount = %d, %v", n, err)
	}
	res, err := c.Exec(ctx, *pipeline.NewStandaloneBatch(false).PfAdd(a, []string{"4"}).PfCount([]string{a}).PfMerge(dst, []string{a}), false)
	if err != nil || len(res) != 3 || res[0] != true || res[1] != int64(4) || res[2] != "OK" {
		t.Fatalf("batch = %#v, %v", res, err)
	}
}
