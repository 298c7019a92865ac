package valkite

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"time"
)

// What the soak samples, and how it decides that nothing grows.
//
// Every interval the sampler forces a GC (so the heap figure is the live heap, not
// garbage awaiting collection) and records RSS, the live Go heap, goroutines, OS
// threads and open descriptors, and where the RSS goes: the bytes the core (Rust)
// holds, the free bytes the C allocator keeps in its arenas, and what Go's runtime has
// mapped and not returned. The first 30% of the run (at least 25 s) is warm-up (pools,
// caches and connection counts settling) and is not judged. Over the rest, each series
// gets a Theil–Sen slope (fitSlope); the slope times the window's length is the growth
// the series shows. The bound: growth ≤ max(absolute slack, 10% of the series' mean
// over the window), with slack 32 MiB for RSS, 8 MiB for the Go heap, 16 goroutines,
// 4 threads, 16 descriptors, and 32 MiB for each memory component — far below what a
// leak of one object per request (millions of requests) or of one connection per
// churned client would show. The core's heap holds the values in flight (up to 24
// workers × 1–3 MiB, in write and read buffers), so one sample of it swings by tens of
// MiB; an exact leak check of the core is TestCoreMemoryReturnsToBaseline.

type sample struct {
	at                           time.Duration
	rss, heap                    float64 // bytes
	goroutines, threads, openFDs float64
	coreLive                     float64 // bytes the core (Rust) holds: vk_memory_stats
	mallocFree                   float64 // bytes the C allocator keeps free in its arenas
	goHeld                       float64 // bytes Go's runtime has mapped and not returned
}

type seriesDef struct {
	name, unit string
	get        func(sample) float64
	scale      float64 // display divisor
	slack      float64 // in display units
}

var soakSeries = []seriesDef{
	{"RSS", "MiB", func(s sample) float64 { return s.rss }, 1 << 20, 32},
	{"Go heap (live)", "MiB", func(s sample) float64 { return s.heap }, 1 << 20, 8},
	{"goroutines", "", func(s sample) float64 { return s.goroutines }, 1, 16},
	{"OS threads", "", func(s sample) float64 { return s.threads }, 1, 4},
	{"open fds", "", func(s sample) float64 { return s.openFDs }, 1, 16},
	{"core heap (live)", "MiB", func(s sample) float64 { return s.coreLive }, 1 << 20, 32},
	{"C allocator free", "MiB", func(s sample) float64 { return s.mallocFree }, 1 << 20, 32},
	{"Go runtime held", "MiB", func(s sample) float64 { return s.goHeld }, 1 << 20, 32},
}

func sampleInterval(d time.Duration) time.Duration {
	iv := d / 100
	if iv < time.Second {
		iv = time.Second
	}
	if iv > 5*time.Second {
		iv = 5 * time.Second
	}
	return iv
}

type sampler struct {
	done    chan struct{}
	samples []sample
}

func startSampler(ctx context.Context, every time.Duration) *sampler {
	s := &sampler{done: make(chan struct{})}
	start := time.Now()
	go func() {
		defer close(s.done)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			s.samples = append(s.samples, takeSample(time.Since(start)))
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *sampler) wait() []sample {
	<-s.done
	return s.samples
}

func takeSample(at time.Duration) sample {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, threads := procStatus()
	mem := cMemoryStats()
	return sample{
		at: at, rss: rss, heap: float64(ms.HeapAlloc),
		goroutines: float64(runtime.NumGoroutine()), threads: threads, openFDs: float64(openFDs()),
		coreLive: float64(mem.rustLiveBytes), mallocFree: float64(mem.mallocFree), goHeld: goHeld(),
	}
}

// goHeld is the memory Go's runtime has mapped minus what it has returned to the
// system: its share of the RSS (an upper bound; untouched pages are not resident).
func goHeld() float64 {
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(m)
	if m[0].Value.Kind() != metrics.KindUint64 || m[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(m[0].Value.Uint64() - m[1].Value.Uint64())
}

// procStatus reads VmRSS (bytes) and Threads from /proc/self/status.
func procStatus() (rss, threads float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1, -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.ParseFloat(fields[1], 64)
		switch fields[0] {
		case "VmRSS:":
			rss = v * 1024
		case "Threads:":
			threads = v
		}
	}
	return rss, threads
}

type seriesResult struct {
	name, unit                                    string
	first, last, mean, slopePerMin, growth, bound float64
	ok                                            bool
}

type soakReport struct {
	warmup, window time.Duration
	series         []seriesResult
}

func analyse(samples []sample, d time.Duration) soakReport {
	r := soakReport{warmup: max(d*3/10, 25*time.Second)}
	var judged []sample
	for _, s := range samples {
		if s.at >= r.warmup {
			judged = append(judged, s)
		}
	}
	if len(judged) >= 2 {
		r.window = judged[len(judged)-1].at - judged[0].at
	}
	for _, def := range soakSeries {
		res := seriesResult{name: def.name, unit: def.unit, ok: true}
		if len(judged) < 3 {
			res.ok = false
			r.series = append(r.series, res)
			continue
		}
		xs := make([]float64, len(judged))
		ys := make([]float64, len(judged))
		for i, s := range judged {
			xs[i] = s.at.Minutes()
			ys[i] = def.get(s) / def.scale
		}
		slope, mean := fitSlope(xs, ys)
		res.first, res.last, res.mean = ys[0], ys[len(ys)-1], mean
		res.slopePerMin = slope
		res.growth = slope * r.window.Minutes()
		res.bound = math.Max(def.slack, 0.1*mean)
		res.ok = res.growth <= res.bound
		r.series = append(r.series, res)
	}
	return r
}

// fitSlope is the Theil–Sen slope of ys over xs (the median of the slopes between
// every pair of samples), and the mean of ys. Unlike a least-squares line it is not
// tilted by a few spikes near either end of the window — a sample taken while a
// worker's 3 MiB value was in flight, or just after the GC returned memory — yet a
// series that keeps climbing moves most pairs, and with them the median.
func fitSlope(xs, ys []float64) (slope, mean float64) {
	var sum float64
	for _, y := range ys {
		sum += y
	}
	mean = sum / float64(len(ys))
	var slopes []float64
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if dx := xs[j] - xs[i]; dx != 0 {
				slopes = append(slopes, (ys[j]-ys[i])/dx)
			}
		}
	}
	if len(slopes) == 0 {
		return 0, mean
	}
	sort.Float64s(slopes)
	mid := len(slopes) / 2
	if len(slopes)%2 == 1 {
		return slopes[mid], mean
	}
	return (slopes[mid-1] + slopes[mid]) / 2, mean
}

func (r soakReport) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "after %s warm-up, over %s:\n\n", r.warmup.Round(time.Second), r.window.Round(time.Second))
	b.WriteString("| series | at warm-up end | at end | mean | slope /min | growth over window | bound | ok |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, s := range r.series {
		u := ""
		if s.unit != "" {
			u = " " + s.unit
		}
		fmt.Fprintf(&b, "| %s | %.1f%s | %.1f%s | %.1f%s | %+.2f | %+.1f%s | %.1f%s | %v |\n",
			s.name, s.first, u, s.last, u, s.mean, u, s.slopePerMin, s.growth, u, s.bound, u, s.ok)
	}
	return b.String()
}

// writeChart draws one panel per series, top to bottom in soakSeries order, each
// scaled to its own range from zero to its maximum (so flat reads flat), the warm-up
// shaded. No text: the standard library has no fonts; docs/hardening.md names the panels.
func writeChart(path string, samples []sample, warmup time.Duration) error {
	const w, ph, pad = 900, 130, 10
	h := len(soakSeries) * (ph + pad)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	soakFill(img, img.Bounds(), color.RGBA{255, 255, 255, 255})
	colors := []color.RGBA{{200, 40, 40, 255}, {40, 90, 200, 255}, {30, 150, 60, 255}, {160, 80, 180, 255}, {220, 130, 20, 255},
		{20, 140, 150, 255}, {120, 120, 30, 255}, {90, 60, 30, 255}}
	if len(samples) < 2 {
		return fmt.Errorf("only %d samples", len(samples))
	}
	total := samples[len(samples)-1].at.Seconds()
	if total <= 0 {
		total = 1
	}
	xOf := func(at time.Duration) int { return pad + int(at.Seconds()/total*float64(w-2*pad-1)) }
	for i, def := range soakSeries {
		top := i*(ph+pad) + pad/2
		panel := image.Rect(pad, top, w-pad, top+ph)
		soakFill(img, panel, color.RGBA{246, 246, 246, 255})
		soakFill(img, image.Rect(pad, top, xOf(warmup), top+ph), color.RGBA{225, 225, 225, 255})
		maxV := 0.0
		for _, s := range samples {
			maxV = math.Max(maxV, def.get(s))
		}
		if maxV <= 0 {
			maxV = 1
		}
		yOf := func(v float64) int { return top + ph - 1 - int(v/maxV*float64(ph-4)) }
		// Gridlines at quarters of the range.
		for q := 1; q < 4; q++ {
			y := top + ph - 1 - q*(ph-4)/4
			for x := pad; x < w-pad; x += 4 {
				img.Set(x, y, color.RGBA{200, 200, 200, 255})
			}
		}
		for j := 1; j < len(samples); j++ {
			soakLine(img, xOf(samples[j-1].at), yOf(def.get(samples[j-1])), xOf(samples[j].at), yOf(def.get(samples[j])), colors[i])
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeSamples writes every sample as a tab-separated line (seconds, then each series
// in soakSeries order, in its display unit), for a closer look than the chart gives.
func writeSamples(path string, samples []sample) error {
	var b strings.Builder
	b.WriteString("seconds")
	for _, def := range soakSeries {
		b.WriteString("\t" + def.name)
	}
	b.WriteString("\n")
	for _, s := range samples {
		fmt.Fprintf(&b, "%.1f", s.at.Seconds())
		for _, def := range soakSeries {
			fmt.Fprintf(&b, "\t%.1f", def.get(s)/def.scale)
		}
		b.WriteString("\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func soakFill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// line draws a 2-pixel-thick segment (Bresenham).
func soakLine(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := soakAbs(x1-x0), -soakAbs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	for {
		img.SetRGBA(x0, y0, c)
		img.SetRGBA(x0, y0+1, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func soakAbs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
