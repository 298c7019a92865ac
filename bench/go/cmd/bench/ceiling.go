package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// ceilingLabel names redis-benchmark's column: the server's own limit at the
// same number of connections, pipelining 16 deep.
const ceilingLabel = "redis-benchmark -P16"

// runCeiling measures the server with redis-benchmark for SET/GET cells.
func runCeiling(ctx context.Context, bin string, c cellSpec, p *plan) harness.Result {
	r := harness.Result{Client: ceilingLabel, Topology: c.Topology, Workload: c.Workload.Name,
		Callers: c.Callers, Round: c.Round}
	// Size the request count so that a run lasts about the cell's duration at
	// a few hundred thousand requests per second; the op bound caps it.
	n := int(p.Duration.Seconds() * 300_000)
	n = max(n, 20*c.Callers, 20_000)
	n = min(n, int(p.MaxOps))
	host, port, _ := strings.Cut(c.Addrs[0], ":")
	args := []string{"-h", host, "-p", port, "-P", "16", "-c", strconv.Itoa(c.Callers),
		"-t", c.Workload.Kind, "-d", strconv.Itoa(c.Workload.ValSize), "-n", strconv.Itoa(n),
		"-r", strconv.Itoa(c.Workload.Keyspace), "--csv"}
	if c.Topology == "cluster" {
		args = append(args, "--cluster")
	}
	cctx, cancel := context.WithTimeout(ctx, p.Duration*10+30*time.Second)
	defer cancel()
	start := time.Now()
	out, err := exec.CommandContext(cctx, bin, args...).CombinedOutput()
	if err != nil {
		r.Skipped = fmt.Sprintf("redis-benchmark failed (%v): %s", err, lastLines(string(out), 2))
		return r
	}
	recs, _ := csv.NewReader(strings.NewReader(lastLines(string(out), 1))).ReadAll()
	if len(recs) != 1 || len(recs[0]) < 7 {
		r.Skipped = "unexpected redis-benchmark output: " + lastLines(string(out), 2)
		return r
	}
	rec := recs[0]
	r.OpsPerSec, _ = strconv.ParseFloat(rec[1], 64)
	p50, _ := strconv.ParseFloat(rec[4], 64)
	p99, _ := strconv.ParseFloat(rec[6], 64)
	r.P50Ns, r.P99Ns = int64(p50*1e6), int64(p99*1e6)
	r.Ops = uint64(n)
	r.ElapsedNs = time.Since(start).Nanoseconds()
	r.AllocsPerOp, r.BytesPerOp, r.CPUNsPerOp = -1, -1, -1 // not a Go client: not measured
	return r
}
