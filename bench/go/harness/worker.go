package harness

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// WorkerMain is the whole main function of a worker binary: it connects one
// client, warms it up, measures one cell and prints a Result as JSON.
func WorkerMain(name string, connect Factory) {
	var (
		addrs    = flag.String("addrs", "127.0.0.1:6379", "comma-separated host:port list")
		cluster  = flag.Bool("cluster", false, "connect in cluster mode")
		variant  = flag.String("variant", "", "client flavour, worker specific")
		label    = flag.String("label", name, "client name in the report")
		workload = flag.String("workload", "set64", "workload name")
		callers  = flag.Int("callers", 1, "parallel callers sharing the client")
		dur      = flag.Duration("duration", 2*time.Second, "measured time bound")
		warm     = flag.Duration("warmup", 200*time.Millisecond, "unmeasured warm-up before the measurement")
		maxOps   = flag.Uint64("maxops", 5_000_000, "op-count bound of the measurement")
		round    = flag.Int("round", 0, "round number, copied to the output")
		foot     = flag.String("footprint", "", "instead of a workload: idle-client footprint at these client counts, e.g. 1,10,100,1000")
	)
	flag.Parse()
	w, err := FindWorkload(*workload)
	if err != nil {
		fatal(err)
	}
	t := Target{Cluster: *cluster, Callers: *callers}
	for _, a := range strings.Split(*addrs, ",") {
		host, port, ok := strings.Cut(a, ":")
		p, perr := strconv.Atoi(port)
		if !ok || perr != nil {
			fatal(fmt.Errorf("bad address %q", a))
		}
		t.Addrs = append(t.Addrs, Addr{Host: host, Port: p})
	}
	ctx := context.Background()
	if *foot != "" {
		counts, err := ParseCounts(*foot)
		if err == nil {
			err = Footprint(ctx, *label, connect, t, *variant, counts, 2*time.Second)
		}
		if err != nil {
			fatal(err)
		}
		return
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	cl, err := connect(cctx, t, *variant)
	cancel()
	if err != nil {
		fatal(fmt.Errorf("connect: %w", err))
	}
	d := BuildData(w)
	if *warm > 0 {
		Run(ctx, cl, d, RunConfig{Workload: w, Callers: *callers, Duration: *warm, MaxOps: *maxOps / 4})
	}
	r := Run(ctx, cl, d, RunConfig{Workload: w, Callers: *callers, Duration: *dur, MaxOps: *maxOps})
	cl.Close()
	r.Client = *label
	r.Round = *round
	r.Topology = "standalone"
	if *cluster {
		r.Topology = "cluster"
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
