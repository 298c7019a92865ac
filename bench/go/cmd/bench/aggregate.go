package main

import (
	"sort"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// report collects one run.
type report struct {
	Plan     *plan
	Command  string
	Started  time.Time
	Finished time.Time
	Clients  []*clientSpec
	Env      env
	Results  []harness.Result
	Notes    []string
	Rust     *rustHarness
}

func (r *report) add(x harness.Result) { r.Results = append(r.Results, x) }

type cellKey struct {
	Topology, Workload, Client string
	Callers                    int
}

// agg is a cell's summary over rounds: medians of each measured quantity,
// sums of the counters.
type agg struct {
	Rounds                        int
	Ops, P50, P99, Allocs, Bytes  float64
	CPU                           float64
	Errors, Verified, VerifyFails uint64
	Skipped                       string
	FirstError                    string
}

func (r *report) aggregate() map[cellKey]*agg {
	groups := map[cellKey][]harness.Result{}
	for _, x := range r.Results {
		k := cellKey{x.Topology, x.Workload, x.Client, x.Callers}
		groups[k] = append(groups[k], x)
	}
	out := map[cellKey]*agg{}
	for k, xs := range groups {
		a := &agg{}
		var ops, p50, p99, al, by, cpu []float64
		for _, x := range xs {
			if x.Skipped != "" || x.Ops == 0 {
				if a.Skipped == "" {
					a.Skipped = x.Skipped
					if a.Skipped == "" {
						a.Skipped = "no successful operations: " + x.FirstError
					}
				}
				a.Errors += x.Errors
				continue
			}
			a.Rounds++
			ops = append(ops, x.OpsPerSec)
			p50 = append(p50, float64(x.P50Ns))
			p99 = append(p99, float64(x.P99Ns))
			al = append(al, x.AllocsPerOp)
			by = append(by, x.BytesPerOp)
			cpu = append(cpu, x.CPUNsPerOp)
			a.Errors += x.Errors
			a.Verified += x.Verified
			a.VerifyFails += x.VerifyFails
			if a.FirstError == "" {
				a.FirstError = x.FirstError
			}
		}
		a.Ops, a.P50, a.P99 = median(ops), median(p50), median(p99)
		a.Allocs, a.Bytes, a.CPU = median(al), median(by), median(cpu)
		out[k] = a
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// series lists, per client, the (callers, ops/s) points of one workload.
type series struct {
	Client string
	X      []int
	Y      []float64
}

func (r *report) seriesFor(aggs map[cellKey]*agg, topology, workload string, clients []string) []series {
	var out []series
	for _, c := range clients {
		s := series{Client: c}
		var xs []int
		for k := range aggs {
			if k.Topology == topology && k.Workload == workload && k.Client == c && aggs[k].Rounds > 0 {
				xs = append(xs, k.Callers)
			}
		}
		sort.Ints(xs)
		for _, x := range xs {
			s.X = append(s.X, x)
			s.Y = append(s.Y, aggs[cellKey{topology, workload, c, x}].Ops)
		}
		if len(s.X) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// callersOf lists the caller counts measured for a topology/workload.
func callersOf(aggs map[cellKey]*agg, topology, workload string) []int {
	seen := map[int]bool{}
	for k := range aggs {
		if k.Topology == topology && k.Workload == workload {
			seen[k.Callers] = true
		}
	}
	var out []int
	for c := range seen {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}
