package valkite

import (
	"math"
	"testing"
	"time"
)

// The soak's judge on made-up series: spikes do not tilt it, a steady climb does.

func soakSeriesOf(n int, f func(i int) float64) []sample {
	out := make([]sample, n)
	for i := range out {
		out[i] = sample{at: time.Duration(i) * time.Second, rss: f(i)}
	}
	return out
}

func TestSoakSlopeIgnoresSpikes(t *testing.T) {
	// Flat at 500 MiB with a spike of +150 MiB every seventh sample and two at the end.
	flat := soakSeriesOf(60, func(i int) float64 {
		v := 500.0
		if i%7 == 3 || i >= 57 {
			v += 150
		}
		return v * (1 << 20)
	})
	r := analyse(flat, time.Minute)
	if rss := r.series[0]; !rss.ok || math.Abs(rss.slopePerMin) > 1 {
		t.Fatalf("flat series with spikes judged %+v", rss)
	}
}

func TestSoakSlopeCatchesGrowth(t *testing.T) {
	// +2 MiB a second (120 MiB/min) under the same spikes: 68 MiB over the 34 s window.
	growing := soakSeriesOf(60, func(i int) float64 {
		v := 500.0 + 2*float64(i)
		if i%7 == 3 {
			v += 150
		}
		return v * (1 << 20)
	})
	r := analyse(growing, time.Minute)
	rss := r.series[0]
	if rss.ok || math.Abs(rss.slopePerMin-120) > 1 {
		t.Fatalf("growing series judged %+v", rss)
	}
}
