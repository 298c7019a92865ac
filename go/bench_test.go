package valkite

import (
	"context"
	"strings"
	"testing"
)

// Allocation benchmarks for the hot path, on the shared test server: SET and GET of a
// 16-byte key and a 64-byte value, one caller and many. The goal is at most one heap
// allocation per SET and two per GET (the returned string included); run with
//
//	go test -run '^$' -bench 'Set|Get' -benchmem
//
// Throughput against other clients is measured by scripts/bench.sh, not here.

const (
	benchKey = "bench:key:000001" // 16 bytes
)

var benchValue = strings.Repeat("v", 64)

// benchParallelism × GOMAXPROCS goroutines share the client in the parallel variants:
// enough callers for submissions and completions to batch across the boundary.
const benchParallelism = 32

func benchClient(b *testing.B) *Client {
	b.Helper()
	sharedValkey.ensure()
	if a := sharedValkey.abort; a != nil {
		if a.skip {
			b.Skipf("shared valkey server: %s", a.msg)
		}
		b.Fatalf("shared valkey server: %s", a.msg)
	}
	c, err := NewClient(cfgFor(sharedValkey.srv))
	if err != nil {
		b.Fatalf("NewClient: %v", err)
	}
	b.Cleanup(c.Close)
	// Warm up: the first requests size the buffers and waiter slots.
	for i := 0; i < 100; i++ {
		if _, err := c.Set(context.Background(), benchKey, benchValue); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

func BenchmarkSet(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Set(ctx, benchKey, benchValue); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(benchParallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Set(ctx, benchKey, benchValue); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkGet(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	b.Run("sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r, err := c.Get(ctx, benchKey)
			if err != nil || r.Value() != benchValue {
				b.Fatalf("Get = %q, %v", r.Value(), err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(benchParallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r, err := c.Get(ctx, benchKey)
				if err != nil || r.Value() != benchValue {
					b.Errorf("Get = %q, %v", r.Value(), err)
					return
				}
			}
		})
	})
}

// BenchmarkSet64KiBManyCallers is 256 goroutines (128 × GOMAXPROCS on 2 cores) of
// 64 KiB SETs on one client: submissions pile up behind a flush in progress, so the
// batch buffer sees bursts of many large records. B/op shows whether batch buffers are
// reused across bursts or grown afresh (go/core.go: flush keeps a grown buffer).
func BenchmarkSet64KiBManyCallers(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	v := strings.Repeat("x", 64<<10)
	b.ReportAllocs()
	b.SetParallelism(128)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Set(ctx, benchKey, v); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
