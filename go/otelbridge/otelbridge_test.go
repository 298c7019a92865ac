package otelbridge

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// The span active in ctx, as go.opentelemetry.io/otel sees it, becomes the parent of
// the command's span: same trace, parent id = that span's id.
func TestActiveSpanBecomesParent(t *testing.T) {
	srv := testserver.StartValkey(t)
	dir := t.TempDir()
	flush := int64(50)
	o := valkite.GetOtelInstance()
	if err := o.Init(valkite.OpenTelemetryConfig{
		Traces:          &valkite.OpenTelemetryTracesConfig{Endpoint: "file://" + dir, SamplePercentage: 100},
		FlushIntervalMs: &flush,
	}); err != nil {
		t.Fatal(err)
	}
	Install()
	c, err := valkite.NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: srv.Host, Port: srv.Port}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	tid, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	sid, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	ts, err := trace.ParseTraceState("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
	if err != nil {
		t.Fatal(err)
	}
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, TraceState: ts, Remote: true,
	}))
	if _, err := c.Set(ctx, "otelbridge:k", "v"); err != nil {
		t.Fatal(err)
	}
	// Without an active span: an independent span, no error.
	if _, err := c.Get(context.Background(), "otelbridge:k"); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(dir, "signals.json")
	deadline := time.Now().Add(15 * time.Second)
	for {
		if found(t, file, tid.String(), sid.String()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no SET span with trace %s and parent %s in %s", tid, sid, file)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func found(t *testing.T, file, traceID, parent string) bool {
	f, err := os.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s struct {
			Name    string `json:"name"`
			TraceID string `json:"trace_id"`
			Parent  string `json:"parent_span_id"`
		}
		if json.Unmarshal(sc.Bytes(), &s) == nil && s.Name == "SET" && s.TraceID == traceID && s.Parent == parent {
			return true
		}
	}
	return false
}
