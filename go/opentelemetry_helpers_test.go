package valkite

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Telemetry is process-wide and set once, so the package's tracing tests share one
// Init, made by the first of them to run: a file:// exporter in a temporary directory,
// flushing every 50 ms so spans show up quickly. The sample percentage stays 0 outside
// the tracing tests (withSampling), so the rest of the package runs untraced.

var sharedOtel struct {
	once sync.Once
	file string
	err  error
}

const otelFlushMs = 50

// otelFile initialises telemetry once and returns the file spans go to.
func otelFile(t testing.TB) string {
	t.Helper()
	sharedOtel.once.Do(func() {
		dir := pkgTB.TempDir() // removed when the package's tests end
		flush := int64(otelFlushMs)
		sharedOtel.err = GetOtelInstance().Init(OpenTelemetryConfig{
			Traces:          &OpenTelemetryTracesConfig{Endpoint: "file://" + dir, SamplePercentage: 100},
			Metrics:         &OpenTelemetryMetricsConfig{Endpoint: "file://" + dir},
			FlushIntervalMs: &flush,
			SpanFromContext: DefaultSpanFromContext,
		})
		if sharedOtel.err == nil {
			sharedOtel.err = GetOtelInstance().SetSamplePercentage(0)
		}
		sharedOtel.file = filepath.Join(dir, "signals.json")
	})
	if sharedOtel.err != nil {
		t.Fatalf("telemetry init: %v", sharedOtel.err)
	}
	return sharedOtel.file
}

// withSampling traces pct % of requests until the test ends.
func withSampling(t testing.TB, pct int32) {
	t.Helper()
	if err := GetOtelInstance().SetSamplePercentage(pct); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = GetOtelInstance().SetSamplePercentage(0) })
}

// spanLine is one line of the file exporter.
type spanLine struct {
	Name       string            `json:"name"`
	TraceID    string            `json:"trace_id"`
	SpanID     string            `json:"span_id"`
	Parent     string            `json:"parent_span_id"`
	Kind       string            `json:"kind"`
	Start      uint64            `json:"start_time"`
	End        uint64            `json:"end_time"`
	Attributes map[string]any    `json:"span_attributes"`
	Status     string            `json:"status"`
	Events     []json.RawMessage `json:"events"`
}

// readSpans parses every span line of the file so far (metric lines are skipped).
func readSpans(t *testing.T, file string) []spanLine {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []spanLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var s spanLine
		if json.Unmarshal(sc.Bytes(), &s) == nil && s.SpanID != "" {
			out = append(out, s)
		}
	}
	return out
}

// awaitSpans polls the file until cond holds for its spans, or fails after a deadline.
func awaitSpans(t *testing.T, file string, what string, cond func([]spanLine) bool) []spanLine {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		spans := readSpans(t, file)
		if cond(spans) {
			return spans
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (%d spans in %s)", what, len(spans), file)
		}
		time.Sleep(otelFlushMs * time.Millisecond / 2)
	}
}

// userSpan starts a span of the test's own, unique per test run, ended at cleanup
// (or earlier by the caller), and returns it with a context carrying it.
func userSpan(t *testing.T, name string) (uint64, context.Context) {
	t.Helper()
	id, err := GetOtelInstance().CreateSpan(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { GetOtelInstance().EndSpan(id) })
	return id, WithSpan(context.Background(), id)
}

// spanNamed finds the span with this exact name.
func spanNamed(spans []spanLine, name string) (spanLine, bool) {
	for _, s := range spans {
		if s.Name == name {
			return s, true
		}
	}
	return spanLine{}, false
}

// childrenOf returns the spans whose parent is id.
func childrenOf(spans []spanLine, id string) []spanLine {
	var out []spanLine
	for _, s := range spans {
		if s.Parent == id {
			out = append(out, s)
		}
	}
	return out
}
