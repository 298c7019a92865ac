// Command bench runs valkite's benchmark: it builds one worker per client,
// starts fresh valkey-server instances (standalone and a 3-shard cluster),
// measures every client in turn for several rounds, adds redis-benchmark's
// ceiling and the Rust harness, and writes BENCHMARKS.md plus PNG charts.
// scripts/bench.sh is the usual entry point.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// plan is what one run measures.
type plan struct {
	Mode             string
	Rounds           int
	Duration, Warmup time.Duration
	MaxOps           uint64
	Workloads        []string
	Callers          []int // for the headline workloads (SET/GET 64 bytes)
	OtherCallers     []int // for the remaining workloads
	ClusterWorkloads []string
	ClusterCallers   []int
	RustTasks        []int
}

func presets(mode string) (*plan, error) {
	all := []string{"set64", "get64", "mix64", "set4k", "get4k", "set64k", "get64k", "mget100"}
	switch mode {
	case "quick":
		return &plan{Mode: mode, Rounds: 1, Duration: 200 * time.Millisecond, Warmup: 50 * time.Millisecond,
			MaxOps: 2_000_000, Workloads: all, Callers: []int{1, 16, 64, 256, 1024}, OtherCallers: []int{1, 64},
			ClusterWorkloads: []string{"set64", "get64"}, ClusterCallers: []int{64}, RustTasks: []int{1, 16, 64}}, nil
	case "full":
		return &plan{Mode: mode, Rounds: 3, Duration: 2 * time.Second, Warmup: 300 * time.Millisecond,
			MaxOps: 20_000_000, Workloads: all, Callers: []int{1, 16, 64, 256, 1024}, OtherCallers: []int{1, 16, 64, 256, 1024},
			ClusterWorkloads: []string{"set64", "get64", "mix64"}, ClusterCallers: []int{1, 16, 64, 256, 1024},
			RustTasks: []int{1, 16, 64}}, nil
	}
	return nil, fmt.Errorf("unknown mode %q (quick or full)", mode)
}

func main() {
	var (
		mode        = flag.String("mode", "quick", "quick or full; the other flags override parts of the preset")
		rounds      = flag.Int("rounds", 0, "rounds (0 = preset)")
		duration    = flag.Duration("duration", 0, "measured time per cell (0 = preset)")
		workloads   = flag.String("workloads", "", "comma-separated standalone workloads (empty = preset)")
		callers     = flag.String("callers", "", "comma-separated caller counts for every workload (empty = preset)")
		clusterWL   = flag.String("cluster-workloads", "", "cluster workloads; \"none\" skips the cluster")
		clientsFlag = flag.String("clients", "", "comma-separated client labels to measure (empty = all but the tracing variants valkite-otel0, -otel1, -otel100)")
		serverBin   = flag.String("valkey-server", "", "valkey-server binary (empty = search)")
		rbench      = flag.String("redis-benchmark", "", "redis-benchmark binary (empty = search)")
		jaegerBin   = flag.String("jaeger", "", "jaeger binary for the tracing variants (empty = search)")
		rustDir     = flag.String("rust-dir", "../rust", "Rust harness project; empty skips it")
		out         = flag.String("out", "../../BENCHMARKS.md", "report to write (its generated section is replaced)")
		resultsDir  = flag.String("results", "../results", "directory for PNG charts and raw JSON")
		command     = flag.String("command", "", "command line to quote in the report")
	)
	flag.Parse()
	p, err := presets(*mode)
	if err != nil {
		die(err)
	}
	if *rounds > 0 {
		p.Rounds = *rounds
	}
	if *duration > 0 {
		p.Duration = *duration
		p.Warmup = min(p.Warmup, *duration/4+time.Millisecond)
	}
	if *workloads != "" {
		p.Workloads = splitList(*workloads)
	}
	if *callers != "" {
		p.Callers = parseInts(*callers)
		p.OtherCallers = p.Callers
		p.ClusterCallers = p.Callers
	}
	if *clusterWL == "none" {
		p.ClusterWorkloads = nil
	} else if *clusterWL != "" {
		p.ClusterWorkloads = splitList(*clusterWL)
	}
	for _, w := range append(append([]string{}, p.Workloads...), p.ClusterWorkloads...) {
		if _, err := harness.FindWorkload(w); err != nil {
			die(err)
		}
	}
	if *command == "" {
		*command = strings.Join(os.Args, " ")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	started := time.Now()

	modDir, _ := os.Getwd()
	valkeyBin, err := findTool(*serverBin, "valkey-server")
	if err != nil {
		die(err)
	}
	rbBin, rbErr := findTool(*rbench, "redis-benchmark")
	if rbErr != nil {
		logf("no redis-benchmark, the ceiling column is skipped: %v", rbErr)
	}
	if err := os.MkdirAll(*resultsDir, 0o755); err != nil {
		die(err)
	}

	specs := allClients()
	if *clientsFlag != "" {
		specs = append(specs, tracingClients()...)
		keep := map[string]bool{}
		for _, c := range splitList(*clientsFlag) {
			keep[c] = true
		}
		var kept []*clientSpec
		for _, s := range specs {
			if keep[s.Label] {
				kept = append(kept, s)
			}
		}
		specs = kept
	}
	binDir := filepath.Join(modDir, "bin")
	buildWorkers(ctx, modDir, binDir, specs)
	var rust *rustHarness
	if *rustDir != "" {
		rust = buildRust(ctx, *rustDir)
	}

	run := &report{Plan: p, Command: *command, Started: started, Clients: specs, Env: collectEnv(modDir, valkeyBin, rbBin, *rustDir)}
	dir := mustTempDir()
	defer os.RemoveAll(dir)
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	if j := withJaeger(specs, *jaegerBin, dir); j != nil {
		defer j.stop()
	}

	type topo struct {
		name      string
		addrs     []string
		workloads []string
	}
	var topos []topo
	sa, err := startServer(valkeyBin, dir, false)
	if err != nil {
		die(err)
	}
	servers = append(servers, sa)
	sizes := sizesFor(p.Workloads)
	if rust != nil {
		sizes[64] = max(sizes[64], 100_000) // the Rust harness reads the 64-byte keyspace
	}
	if err := prefill([]*server{sa}, false, sizes); err != nil {
		die(err)
	}
	topos = append(topos, topo{"standalone", []string{sa.addr()}, p.Workloads})
	if len(p.ClusterWorkloads) > 0 {
		nodes, err := startCluster(valkeyBin, dir, 3)
		if err == nil {
			servers = append(servers, nodes...)
			err = prefill(nodes, true, sizesFor(p.ClusterWorkloads))
		}
		if err != nil {
			run.Notes = append(run.Notes, "Cluster runs skipped: "+err.Error())
			logf("cluster skipped: %v", err)
		} else {
			var addrs []string
			for _, n := range nodes {
				addrs = append(addrs, n.addr())
			}
			topos = append(topos, topo{"cluster", addrs, p.ClusterWorkloads})
		}
	}

	var live []*clientSpec
	for _, s := range specs {
		if s.Bin != "" {
			live = append(live, s)
		}
	}
	for round := 1; round <= p.Rounds && ctx.Err() == nil; round++ {
		for _, t := range topos {
			for _, wname := range t.workloads {
				w, _ := harness.FindWorkload(wname)
				if t.name == "cluster" && w.Kind == "mget" {
					continue // keys span slots; a cluster MGET would be a different workload per client
				}
				for _, n := range p.callersFor(t.name, wname) {
					cell := cellSpec{Topology: t.name, Addrs: t.addrs, Workload: w, Callers: n, Round: round}
					// Rotate the order every round and cell so no client always runs first.
					for i := range live {
						if ctx.Err() != nil {
							break
						}
						s := live[(i+round+n)%len(live)]
						r := runWorker(ctx, s, cell, p)
						run.add(r)
						logf("r%d %s %s c=%d %-12s %s", round, t.name, wname, n, s.Label, brief(r))
					}
					if rbErr == nil && (w.Kind == "set" || w.Kind == "get") && ctx.Err() == nil {
						r := runCeiling(ctx, rbBin, cell, p)
						run.add(r)
						logf("r%d %s %s c=%d %-12s %s", round, t.name, wname, n, "ceiling", brief(r))
					}
				}
			}
		}
	}
	if rust != nil && rust.Bin != "" && ctx.Err() == nil {
		for _, r := range rust.run(ctx, sa.port, p) {
			run.add(r)
		}
	}
	if rust != nil {
		run.Rust = rust
	}
	run.Finished = time.Now()
	if ctx.Err() != nil {
		die(fmt.Errorf("interrupted; nothing written"))
	}
	raw, _ := json.MarshalIndent(run.Results, "", " ")
	rawPath := filepath.Join(*resultsDir, "results-"+p.Mode+".json")
	if err := os.WriteFile(rawPath, raw, 0o644); err != nil {
		die(err)
	}
	charts, err := run.writeCharts(*resultsDir)
	if err != nil {
		die(err)
	}
	if err := run.writeMarkdown(*out, *resultsDir, charts); err != nil {
		die(err)
	}
	logf("done in %s", time.Since(started).Round(time.Second))
	fmt.Printf("Report: %s\nCharts: %s\nRaw results: %s\n", abs(*out), strings.Join(absAll(charts), ", "), abs(rawPath))
}

func (p *plan) callersFor(topology, workload string) []int {
	if topology == "cluster" {
		return p.ClusterCallers
	}
	if workload == "set64" || workload == "get64" {
		return p.Callers
	}
	return p.OtherCallers
}

// sizesFor maps each value size the workloads read to its keyspace size.
func sizesFor(names []string) map[int]int {
	m := map[int]int{}
	for _, n := range names {
		w, _ := harness.FindWorkload(n)
		m[w.ValSize] = max(m[w.ValSize], w.Keyspace)
	}
	return m
}

func brief(r harness.Result) string {
	if r.Skipped != "" {
		return "skipped: " + r.Skipped
	}
	s := fmt.Sprintf("%10.0f ops/s p50 %7.1fµs p99 %8.1fµs", r.OpsPerSec, float64(r.P50Ns)/1e3, float64(r.P99Ns)/1e3)
	if r.AllocsPerOp >= 0 {
		s += fmt.Sprintf(" %5.2f allocs/op %6.2fµs cpu/op", r.AllocsPerOp, r.CPUNsPerOp/1e3)
	}
	if r.Errors > 0 || r.VerifyFails > 0 {
		s += fmt.Sprintf(" errors %d verify-fails %d (%s)", r.Errors, r.VerifyFails, r.FirstError)
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) []int {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			die(fmt.Errorf("bad number %q", f))
		}
		out = append(out, n)
	}
	return out
}

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func absAll(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = abs(p)
	}
	return out
}

func die(err error) {
	logf("error: %v", err)
	os.Exit(1)
}
