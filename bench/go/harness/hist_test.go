package harness

import "testing"

func TestHistBuckets(t *testing.T) {
	prev := -1
	for v := uint64(0); v < 1<<22; v += 7 {
		b := bucketOf(v)
		if b < prev {
			t.Fatalf("bucket order broke at %d", v)
		}
		prev = b
		if lo, hi := bucketLow(b), bucketLow(b+1); v < lo || v >= hi {
			t.Fatalf("value %d outside its bucket [%d,%d)", v, lo, hi)
		}
	}
}

func TestHistQuantiles(t *testing.T) {
	var h Hist
	for i := int64(1); i <= 100000; i++ {
		h.Record(i * 10)
	}
	for _, c := range []struct {
		q    float64
		want int64
	}{{0.5, 500000}, {0.99, 990000}} {
		got := h.Quantile(c.q)
		if d := float64(got-c.want) / float64(c.want); d > 0.04 || d < -0.04 {
			t.Errorf("q%.2f = %d, want ≈%d", c.q, got, c.want)
		}
	}
}

func TestValueShape(t *testing.T) {
	for _, n := range []int{64, 4096, 65536} {
		v := Value(n, 12345)
		if len(v) != n || v[:16] != Key(n, 12345) || len(Key(n, 1)) != 16 {
			t.Fatalf("bad value/key shape for size %d", n)
		}
	}
	if len(MissKey(3)) != 16 {
		t.Fatal("miss key not 16 bytes")
	}
}
