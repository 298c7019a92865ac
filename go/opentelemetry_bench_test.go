package valkite

import (
	"context"
	"testing"
)

// BenchmarkOtelSet: one caller's SET untraced (telemetry not initialised, when this
// runs first in the process), initialised at 0 %, and at 100 %. At 0 % the request path
// reads one atomic and is otherwise the untraced one: the allocations must match.
//
//	go test -run '^$' -bench OtelSet -benchmem
func BenchmarkOtelSet(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	run := func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Set(ctx, benchKey, benchValue); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("off", run)
	otelFile(b)
	for _, pct := range []int32{0, 100} {
		b.Run(map[int32]string{0: "0%", 100: "100%"}[pct], func(b *testing.B) {
			withSampling(b, pct)
			run(b)
		})
	}
}
