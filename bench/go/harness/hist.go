package harness

import "math/bits"

// Hist is a log-linear latency histogram in nanoseconds: each power of two is
// split into 2^subBits buckets, so any recorded value is known to within ~3%.
// It is a fixed-size array, so recording never allocates.
type Hist struct {
	counts [64 << subBits]uint64
	n      uint64
}

const subBits = 5

func bucketOf(v uint64) int {
	if v < 1<<subBits {
		return int(v)
	}
	e := bits.Len64(v) - 1 - subBits // how far the top subBits+1 bits are shifted
	return (e+1)<<subBits | int(v>>uint(e))&(1<<subBits-1)
}

func bucketLow(b int) uint64 {
	if b < 1<<subBits {
		return uint64(b)
	}
	e := b>>subBits - 1
	m := uint64(b&(1<<subBits-1)) | 1<<subBits
	return m << uint(e)
}

// Record adds one observation.
func (h *Hist) Record(ns int64) {
	if ns < 0 {
		ns = 0
	}
	h.counts[bucketOf(uint64(ns))]++
	h.n++
}

// Merge adds o's observations to h.
func (h *Hist) Merge(o *Hist) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
}

// Count is the number of observations.
func (h *Hist) Count() uint64 { return h.n }

// Quantile returns the value at quantile q (0..1), taken at the middle of its bucket.
func (h *Hist) Quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n-1)) + 1
	var seen uint64
	for b, c := range h.counts {
		seen += c
		if seen >= rank {
			lo := bucketLow(b)
			hi := bucketLow(b + 1)
			return int64(lo + (hi-lo)/2)
		}
	}
	return 0
}
