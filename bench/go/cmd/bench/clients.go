package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// clientSpec is one column of the report: a worker binary plus a variant.
type clientSpec struct {
	Label   string // name in tables and charts
	Dir     string // worker package under ./workers
	Variant string
	Bin     string // built binary, empty when the build failed
	Why     string // why it is not measured
	Note    string // a partial limitation, e.g. no cluster support
	// NoCluster is set when the worker was built without its cluster client.
	NoCluster bool
	// Env is added to the worker's environment (the OTLP endpoint of the
	// tracing variants).
	Env []string
}

func allClients() []*clientSpec {
	return []*clientSpec{
		{Label: "valkite", Dir: "valkite"},
		{Label: "GLIDE", Dir: "glide"},
		{Label: "valkey-go", Dir: "valkeygo"},
		{Label: "go-redis", Dir: "goredis"},
		{Label: "go-redis-ap", Dir: "goredis", Variant: "ap"},
	}
}

// tracingClients are valkite with OpenTelemetry tracing initialised at a fixed
// sample percentage, exporting to a Jaeger the run starts (issue 15). Plain
// "valkite" is the same worker with tracing never initialised. They are
// measured only when -clients names them.
func tracingClients() []*clientSpec {
	return []*clientSpec{
		{Label: "valkite-otel0", Dir: "valkite", Variant: "otel0"},
		{Label: "valkite-otel1", Dir: "valkite", Variant: "otel1"},
		{Label: "valkite-otel100", Dir: "valkite", Variant: "otel100"},
	}
}

func isTracing(s *clientSpec) bool { return strings.HasPrefix(s.Variant, "otel") }

// buildWorkers compiles each worker package separately so that one peer that
// does not build (or link) only loses its own column.
func buildWorkers(ctx context.Context, modDir, binDir string, specs []*clientSpec) {
	built := map[string]string{}
	failed := map[string]string{}
	notes := map[string]string{}
	noCluster := map[string]bool{}
	for _, s := range specs {
		if bin, ok := built[s.Dir]; ok {
			s.Bin, s.Note, s.NoCluster = bin, notes[s.Dir], noCluster[s.Dir]
			continue
		}
		if why, ok := failed[s.Dir]; ok {
			s.Why = why
			continue
		}
		bin := filepath.Join(binDir, s.Dir)
		logf("building worker %s ...", s.Dir)
		// go build leaves an existing binary alone when no Go input changed, even if
		// the static valkite library it links was rebuilt since: always link afresh.
		_ = os.Remove(bin)
		// With the benchcluster tag first: a worker may keep its cluster client
		// behind it, so a missing cluster API only costs the cluster cells.
		err := goBuild(ctx, modDir, bin, s.Dir, "-tags", "benchcluster")
		if err != nil {
			if err2 := goBuild(ctx, modDir, bin, s.Dir); err2 == nil {
				note := "cluster client unavailable: " + err.Error()
				notes[s.Dir] = note
				noCluster[s.Dir] = true
				logf("  %s: %s", s.Dir, note)
				err = nil
			}
		}
		if err != nil {
			why := "build failed: " + err.Error()
			failed[s.Dir] = why
			s.Why = why
			logf("  %s: %s", s.Dir, why)
			continue
		}
		built[s.Dir] = bin
		s.Bin, s.Note, s.NoCluster = bin, notes[s.Dir], noCluster[s.Dir]
	}
}

func goBuild(ctx context.Context, modDir, bin, dir string, flags ...string) error {
	bctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	args := append(append([]string{"build"}, flags...), "-o", bin, "./workers/"+dir)
	cmd := exec.CommandContext(bctx, "go", args...)
	cmd.Dir = modDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		if msg := lastLines(string(out), 6); msg != "" {
			return errors.New(msg)
		}
		return err
	}
	return nil
}

type cellSpec struct {
	Topology string
	Addrs    []string
	Workload harness.Workload
	Callers  int
	Round    int
}

// runWorker measures one cell in a fresh worker process.
func runWorker(ctx context.Context, s *clientSpec, c cellSpec, p *plan) harness.Result {
	args := []string{
		"-addrs", strings.Join(c.Addrs, ","),
		"-label", s.Label,
		"-workload", c.Workload.Name,
		"-callers", strconv.Itoa(c.Callers),
		"-duration", p.Duration.String(),
		"-warmup", p.Warmup.String(),
		"-maxops", strconv.FormatUint(p.MaxOps, 10),
		"-round", strconv.Itoa(c.Round),
	}
	if c.Topology == "cluster" {
		args = append(args, "-cluster")
	}
	if s.Variant != "" {
		args = append(args, "-variant", s.Variant)
	}
	fail := func(why string) harness.Result {
		return harness.Result{Client: s.Label, Topology: c.Topology, Workload: c.Workload.Name,
			Callers: c.Callers, Round: c.Round, Skipped: why}
	}
	if c.Topology == "cluster" && s.NoCluster {
		return fail("worker built without a cluster client")
	}
	wctx, cancel := context.WithTimeout(ctx, p.Duration+p.Warmup+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(wctx, s.Bin, args...)
	if len(s.Env) > 0 {
		cmd.Env = append(os.Environ(), s.Env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if wctx.Err() != nil {
			return fail("worker timed out")
		}
		return fail(fmt.Sprintf("worker failed (%v): %s", err, lastLines(stderr.String(), 3)))
	}
	var r harness.Result
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var last string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "{") {
			last = line
		}
	}
	if err := json.Unmarshal([]byte(last), &r); err != nil {
		return fail("worker printed no result: " + lastLines(stderr.String(), 3))
	}
	return r
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[bench %s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
