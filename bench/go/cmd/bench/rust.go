package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// rustHarness is the separately built bench/rust project.
type rustHarness struct {
	Bin         string
	WithValkite bool
	ValkiteWhy  string // why valkite's Rust column is missing
	Why         string // why the whole Rust harness is missing
}

// buildRust builds bench/rust, first with valkite and, if that fails (its
// public API may still be moving), with the peers alone.
func buildRust(ctx context.Context, dir string) *rustHarness {
	h := &rustHarness{}
	abs, err := filepath.Abs(dir)
	if err != nil {
		h.Why = err.Error()
		return h
	}
	build := func(features ...string) error {
		args := append([]string{"build", "--release", "--quiet", "--manifest-path", filepath.Join(abs, "Cargo.toml")}, features...)
		bctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(bctx, "cargo", args...)
		cmd.Env = append(os.Environ(), "CARGO_TARGET_DIR="+filepath.Join(abs, "target"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			return &buildError{lastLines(errorLines(string(out)), 6)}
		}
		return nil
	}
	logf("building the Rust harness (cargo build --release in %s) ...", dir)
	if err := build("--features", "valkite"); err == nil {
		h.WithValkite = true
	} else {
		h.ValkiteWhy = "build with valkite failed: " + err.Error()
		logf("  %s", h.ValkiteWhy)
		if err := build(); err != nil {
			h.Why = "build failed: " + err.Error()
			logf("  Rust harness: %s", h.Why)
			return h
		}
	}
	h.Bin = filepath.Join(abs, "target", "release", "valkite-rust-bench")
	return h
}

type buildError struct{ msg string }

func (e *buildError) Error() string { return e.msg }

// errorLines keeps compiler error lines, which say more than the trailer.
func errorLines(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "error") || strings.Contains(l, "-->") {
			keep = append(keep, strings.TrimSpace(l))
		}
	}
	if len(keep) == 0 {
		return s
	}
	return strings.Join(keep, "\n")
}

func (h *rustHarness) run(ctx context.Context, port int, p *plan) []harness.Result {
	tasks := make([]string, len(p.RustTasks))
	for i, t := range p.RustTasks {
		tasks[i] = strconv.Itoa(t)
	}
	cells := 2 * len(p.RustTasks) * 3 * p.Rounds
	timeout := time.Duration(cells)*(p.Duration+p.Warmup+2*time.Second) + time.Minute
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	logf("running the Rust harness ...")
	cmd := exec.CommandContext(rctx, h.Bin, "--port", strconv.Itoa(port), "--tasks", strings.Join(tasks, ","),
		"--duration-ms", strconv.FormatInt(p.Duration.Milliseconds(), 10),
		"--warmup-ms", strconv.FormatInt(p.Warmup.Milliseconds(), 10),
		"--rounds", strconv.Itoa(p.Rounds), "--max-ops", strconv.FormatUint(p.MaxOps, 10))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var out []harness.Result
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r harness.Result
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Client != "" {
			out = append(out, r)
			logf("r%d rust %s c=%d %-12s %s", r.Round, r.Workload, r.Callers, r.Client, brief(r))
		}
	}
	if err != nil {
		h.Why = "run failed: " + err.Error() + ": " + lastLines(stderr.String(), 3)
		logf("  Rust harness: %s", h.Why)
	}
	return out
}
