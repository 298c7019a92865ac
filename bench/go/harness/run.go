package harness

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// RunConfig bounds one cell.
type RunConfig struct {
	Workload Workload
	Callers  int
	Duration time.Duration // wall-clock bound of the measured phase
	MaxOps   uint64        // op-count bound of the measured phase (0 = none)
}

// Every sampleEvery-th op of a caller has its latency recorded and every
// verifyEvery-th op has its reply checked against the expected content.
const (
	sampleEvery = 4
	verifyEvery = 64
)

type caller struct {
	hist        Hist
	ops, errs   uint64
	verified    uint64
	verifyFails uint64
	firstErr    error
	rng         uint64
	_           [64]byte // keep hot counters of neighbours on separate cache lines
}

func (c *caller) next() uint64 {
	// xorshift64*: cheap, allocation-free and independent per caller.
	c.rng ^= c.rng >> 12
	c.rng ^= c.rng << 25
	c.rng ^= c.rng >> 27
	return c.rng * 2685821657736338717
}

func (c *caller) fail(err error) {
	c.errs++
	if c.firstErr == nil {
		c.firstErr = err
	}
}

// Blockers and BlockTimeout shape the get64blk workload: that many goroutines of the
// client loop on BLPOP with that timeout, on a list nobody pushes to, for the whole
// life of the worker (warm-up and measurement), besides the measured GET callers.
const (
	Blockers     = 32
	BlockTimeout = 5 * time.Second
	blockKey     = "blk:nothing-ever-arrives"
)

var blockersOnce sync.Once

// startBlockers starts the get64blk blockers once per worker process and waits a
// moment for their BLPOPs to reach the server (a benchmark, not a test: a fixed
// head start is enough). They end when the worker closes the client and exits.
func startBlockers(ctx context.Context, b Blocker) {
	blockersOnce.Do(func() {
		for i := 0; i < Blockers; i++ {
			go func() {
				for ctx.Err() == nil {
					if err := b.BLPop(ctx, blockKey, BlockTimeout); err != nil {
						time.Sleep(10 * time.Millisecond) // closing, or a client error: do not spin
					}
				}
			}()
		}
		time.Sleep(300 * time.Millisecond)
	})
}

// Run drives cfg.Callers goroutines that share cl and returns the measurements.
func Run(ctx context.Context, cl Client, d *Data, cfg RunConfig) Result {
	if cfg.Workload.Kind == "getblk" {
		b, ok := cl.(Blocker)
		if !ok {
			return Result{Workload: cfg.Workload.Name, Callers: cfg.Callers, Errors: 1,
				FirstError: "this worker does not implement BLPOP (harness.Blocker)"}
		}
		startBlockers(ctx, b)
	}
	callers := make([]*caller, cfg.Callers)
	for i := range callers {
		callers[i] = &caller{rng: uint64(i)*0x9E3779B97F4A7C15 + 88172645463325252}
	}
	perCaller := uint64(0)
	if cfg.MaxOps > 0 {
		perCaller = cfg.MaxOps/uint64(cfg.Callers) + 1
	}
	var stop atomic.Bool
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range callers {
		wg.Add(1)
		go func(c *caller) {
			defer wg.Done()
			<-start
			loop(ctx, cl, d, cfg.Workload, c, &stop, perCaller)
		}(c)
	}
	runtime.GC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuNow()
	t0 := time.Now()
	timer := time.AfterFunc(cfg.Duration, func() { stop.Store(true) })
	close(start)
	wg.Wait()
	elapsed := time.Since(t0)
	timer.Stop()
	cpu1 := cpuNow()
	runtime.ReadMemStats(&ms1)

	var r Result
	var h Hist
	var firstErr error
	for _, c := range callers {
		r.Ops += c.ops
		r.Errors += c.errs
		r.Verified += c.verified
		r.VerifyFails += c.verifyFails
		h.Merge(&c.hist)
		if firstErr == nil && c.firstErr != nil {
			firstErr = c.firstErr
		}
	}
	if firstErr != nil {
		r.FirstError = firstErr.Error()
	}
	r.Workload = cfg.Workload.Name
	r.Callers = cfg.Callers
	r.ElapsedNs = elapsed.Nanoseconds()
	r.P50Ns = h.Quantile(0.50)
	r.P99Ns = h.Quantile(0.99)
	if r.Ops > 0 {
		ops := float64(r.Ops)
		r.OpsPerSec = ops / elapsed.Seconds()
		r.AllocsPerOp = float64(ms1.Mallocs-ms0.Mallocs) / ops
		r.BytesPerOp = float64(ms1.TotalAlloc-ms0.TotalAlloc) / ops
		r.CPUNsPerOp = float64(cpu1-cpu0) / ops
	}
	return r
}

func loop(ctx context.Context, cl Client, d *Data, w Workload, c *caller, stop *atomic.Bool, quota uint64) {
	n := uint64(len(d.Keys))
	var check func(int, string, bool)
	var base int
	mgetCheck := func(i int, v string, found bool) {
		c.verified++
		if !found || v != d.Values[base+i] {
			c.verifyFails++
		}
	}
	for seq := uint64(0); !stop.Load() && (quota == 0 || seq < quota); seq++ {
		r := c.next()
		timed := seq%sampleEvery == 0
		verify := seq%verifyEvery == 0
		var t0 time.Time
		if timed {
			t0 = time.Now()
		}
		var err error
		switch w.Kind {
		case "set":
			i := r % n
			err = cl.Set(ctx, d.Keys[i], d.Values[i])
		case "get", "getblk":
			i := r % n
			var v string
			var found bool
			v, found, err = cl.Get(ctx, d.Keys[i])
			if err == nil && verify {
				c.verified++
				if !found || v != d.Values[i] {
					c.verifyFails++
				}
			}
		case "mix":
			i := r % n
			switch p := (r >> 40) % 100; {
			case p < 20:
				err = cl.Set(ctx, d.Keys[i], d.Values[i])
			case p < 84: // 80% of the 80% GETs hit
				var v string
				var found bool
				v, found, err = cl.Get(ctx, d.Keys[i])
				if err == nil && verify {
					c.verified++
					if !found || v != d.Values[i] {
						c.verifyFails++
					}
				}
			default:
				var found bool
				_, found, err = cl.Get(ctx, d.Misses[(r>>20)%uint64(len(d.Misses))])
				if err == nil && verify {
					c.verified++
					if found {
						c.verifyFails++
					}
				}
			}
		case "mget":
			base = int(r % (n - MGetWidth))
			check = nil
			if verify {
				check = mgetCheck
			}
			err = cl.MGet(ctx, d.Keys[base:base+MGetWidth], check)
		}
		if timed {
			c.hist.Record(int64(time.Since(t0)))
		}
		if err != nil {
			c.fail(err)
			continue
		}
		c.ops++
	}
}

// cpuNow is the process's user+system CPU time in nanoseconds, which includes
// any threads a client runs outside Go (for example a Rust runtime).
func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
