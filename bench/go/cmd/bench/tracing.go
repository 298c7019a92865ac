package main

import (
	"fmt"
	"strings"

	"github.com/valkite/valkite/bench/harness"
)

// tracingGoals are issue 15's limits on what initialised tracing may cost:
// the least throughput each variant must keep, as a fraction of plain valkite.
var tracingGoals = map[string]float64{"valkite-otel0": 0.98, "valkite-otel1": 0.95}

var tracingLabels = []string{"valkite-otel0", "valkite-otel1", "valkite-otel100"}

// writeTracing adds the tracing-overhead table when the run measured tracing
// variants: each against plain valkite (tracing never initialised) in the same
// cell. Ratios are taken per round, where the variants ran back to back on the
// same server, and the median over rounds is shown, which is steadier on a
// shared machine than a ratio of medians.
func (r *report) writeTracing(b *strings.Builder, aggs map[cellKey]*agg) {
	type roundKey struct {
		cellKey
		Round int
	}
	ops := map[roundKey]harness.Result{}
	have := false
	for _, x := range r.Results {
		have = have || strings.HasPrefix(x.Client, "valkite-otel")
		if x.Skipped == "" && x.Ops > 0 {
			ops[roundKey{cellKey{x.Topology, x.Workload, x.Client, x.Callers}, x.Round}] = x
		}
	}
	if !have {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("### Tracing overhead (issue 15)\n\n")
	w("valkite with OpenTelemetry tracing initialised at 0 %%, 1 %% and 100 %% sampling, exporting over OTLP/gRPC to a Jaeger on the same machine, against valkite with tracing never initialised (off). ")
	w("Each variant runs in its own worker process (tracing is process-wide). ×off is the median over rounds of the per-round ratio to off; CPU/op is the client process's.\n\n")
	w("| topology | workload | callers | variant | ops/s | ×off | goal | p99 µs | CPU µs/op | CPU ×off | errors |\n")
	w("|---|---|---:|---|---:|---:|---|---:|---:|---:|---:|\n")
	for _, topo := range []string{"standalone", "cluster"} {
		for _, wl := range harness.Workloads {
			for _, n := range callersOf(aggs, topo, wl.Name) {
				off := aggs[cellKey{topo, wl.Name, "valkite", n}]
				if off == nil || off.Rounds == 0 {
					continue
				}
				w("| %s | %s | %d | off | %s | 1.00× | | %.1f | %s | 1.00× | %s |\n", topo, wl.Name, n,
					fmtOps(off.Ops), off.P99/1e3, fmtNum(off.CPU/1e3, 2), fmtErrors(off))
				for _, label := range tracingLabels {
					a := aggs[cellKey{topo, wl.Name, label, n}]
					if a == nil {
						continue
					}
					if a.Rounds == 0 {
						w("| %s | %s | %d | %s | — | | | | | | skipped: %s |\n", topo, wl.Name, n, strings.TrimPrefix(label, "valkite-"), mdEscape(short(a.Skipped)))
						continue
					}
					var opsRatios, cpuRatios []float64
					for round := 1; round <= r.Plan.Rounds; round++ {
						base, ok1 := ops[roundKey{cellKey{topo, wl.Name, "valkite", n}, round}]
						x, ok2 := ops[roundKey{cellKey{topo, wl.Name, label, n}, round}]
						if !ok1 || !ok2 || base.OpsPerSec == 0 {
							continue
						}
						opsRatios = append(opsRatios, x.OpsPerSec/base.OpsPerSec)
						if base.CPUNsPerOp > 0 && x.CPUNsPerOp > 0 {
							cpuRatios = append(cpuRatios, x.CPUNsPerOp/base.CPUNsPerOp)
						}
					}
					ratio, cpuRatio := "", ""
					if len(opsRatios) > 0 {
						ratio = fmt.Sprintf("%.3f×", median(opsRatios))
					}
					if len(cpuRatios) > 0 {
						cpuRatio = fmt.Sprintf("%.2f×", median(cpuRatios))
					}
					goal := ""
					if g, ok := tracingGoals[label]; ok {
						goal = fmt.Sprintf("≥ %.2f×", g)
						if len(opsRatios) > 0 {
							if median(opsRatios) >= g {
								goal += " met"
							} else {
								goal += " not met"
							}
						}
					}
					w("| %s | %s | %d | %s | %s | %s | %s | %.1f | %s | %s | %s |\n", topo, wl.Name, n,
						strings.TrimPrefix(label, "valkite-"), fmtOps(a.Ops), ratio, goal, a.P99/1e3,
						fmtNum(a.CPU/1e3, 2), cpuRatio, fmtErrors(a))
				}
			}
		}
	}
	w("\n")
}
