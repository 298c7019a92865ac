package valkite

import (
	"context"
	"strings"
	"testing"
)

// SET and GET of a 1 MiB value: the path where the C allocator's settings matter (the
// core's buffers for such a value are served by mmap, see ffi/src/alloc_tuning.rs). Compare
// with the allocator left alone:
//
//	go test -run '^$' -bench LargeValue -benchmem
//	VALKITE_MALLOC_TUNING=off go test -run '^$' -bench LargeValue -benchmem
func BenchmarkLargeValue(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	value := strings.Repeat("0123456789abcdef", (1<<20)/16)
	const key = "bench:large"
	b.Run("set+get", func(b *testing.B) {
		b.SetBytes(2 << 20)
		for b.Loop() {
			if _, err := c.Set(ctx, key, value); err != nil {
				b.Fatal(err)
			}
			if r, err := c.Get(ctx, key); err != nil || len(r.Value()) != len(value) {
				b.Fatalf("Get: %d bytes, %v", len(r.Value()), err)
			}
		}
	})
	b.Run("set+get parallel", func(b *testing.B) {
		b.SetBytes(2 << 20)
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Set(ctx, key, value); err != nil {
					b.Error(err)
					return
				}
				if r, err := c.Get(ctx, key); err != nil || len(r.Value()) != len(value) {
					b.Errorf("Get: %d bytes, %v", len(r.Value()), err)
					return
				}
			}
		})
	})
}
