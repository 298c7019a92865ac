package valkite

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// otelJaegerEndpointEnv carries the OTLP endpoint from TestOpenTelemetryJaeger
// to the test binary it re-executes.
const otelJaegerEndpointEnv = "VALKITE_TEST_OTEL_JAEGER_ENDPOINT"

// TestOpenTelemetryJaeger sends traced traffic to a real Jaeger, once over
// OTLP/gRPC and once over OTLP/HTTP, and checks what Jaeger stored. Init is
// once per process, so each transport runs in a re-executed test binary
// (TestOpenTelemetryJaegerTraffic) with its own Init.
func TestOpenTelemetryJaeger(t *testing.T) {
	for _, transport := range []string{"grpc", "http"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			j := testserver.StartJaeger(t)
			endpoint := j.OTLPGRPCEndpoint()
			if transport == "http" {
				endpoint = j.OTLPHTTPEndpoint()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestOpenTelemetryJaegerTraffic$",
				"-test.count=1", "-test.v", "-test.timeout=3m")
			cmd.Env = append(os.Environ(), j.Env(), otelJaegerEndpointEnv+"="+endpoint)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestOpenTelemetryJaegerTraffic") {
				t.Fatalf("traced traffic to %s failed (%v):\n%s", endpoint, err, out)
			}
		})
	}
}

// TestOpenTelemetryJaegerTraffic is the subprocess half of
// TestOpenTelemetryJaeger: it initialises tracing at 100 % towards the given
// endpoint, runs SET, GET and a batch under a user span plus one GET outside
// it, and waits for Jaeger to hold the spans.
func TestOpenTelemetryJaegerTraffic(t *testing.T) {
	endpoint := os.Getenv(otelJaegerEndpointEnv)
	if endpoint == "" {
		t.Skip("runs only as the subprocess of TestOpenTelemetryJaeger, which sets " + otelJaegerEndpointEnv)
	}
	j, ok := testserver.JaegerFromEnv()
	if !ok {
		t.Fatal("no Jaeger ports passed down by TestOpenTelemetryJaeger")
	}
	flush := int64(100)
	err := GetOtelInstance().Init(OpenTelemetryConfig{
		Traces:          &OpenTelemetryTracesConfig{Endpoint: endpoint, SamplePercentage: 100},
		FlushIntervalMs: &flush,
		SpanFromContext: DefaultSpanFromContext,
	})
	if err != nil {
		t.Fatalf("Init(%s): %v", endpoint, err)
	}
	client, server := newTestClient(t)

	// Unique per run: names and values found in Jaeger come from this run.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	userSpanName := "jaeger-e2e-" + run
	key, batchKey := "otel:"+run+":a", "otel:"+run+":b"
	secret, batchSecret := "secret-value-"+run, "batch-secret-"+run

	userSpan, err := GetOtelInstance().CreateSpan(userSpanName)
	if err != nil {
		t.Fatalf("CreateSpan: %v", err)
	}
	ctx := WithSpan(context.Background(), userSpan)
	if _, err := client.Set(ctx, key, secret); err != nil {
		t.Fatalf("SET: %v", err)
	}
	got, err := client.Get(ctx, key)
	if err != nil || got.Value() != secret {
		t.Fatalf("GET = %q, %v", got.Value(), err)
	}
	batch := pipeline.NewStandaloneBatch(false).Set(batchKey, batchSecret).Get(batchKey)
	if _, err := client.Exec(ctx, *batch, true); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	GetOtelInstance().EndSpan(userSpan)
	// Outside any user span: an independent root span.
	if _, err := client.Get(context.Background(), batchKey); err != nil {
		t.Fatalf("GET without a parent: %v", err)
	}

	var user testserver.JaegerSpan
	find := func(spans []testserver.JaegerSpan) (children []testserver.JaegerSpan, roots []testserver.JaegerSpan, found bool) {
		for _, s := range spans {
			if s.OperationName == userSpanName {
				user, found = s, true
			}
		}
		for _, s := range spans {
			switch {
			case !found || s.OperationName == userSpanName:
			case s.TraceID == user.TraceID && s.ParentSpanID() == user.SpanID:
				children = append(children, s)
			case s.ParentSpanID() == "" && s.OperationName == "GET":
				roots = append(roots, s)
			}
		}
		return children, roots, found
	}
	spans := j.WaitForSpans(t, 60*time.Second, func(spans []testserver.JaegerSpan) bool {
		children, roots, found := find(spans)
		return found && len(children) >= 3 && len(roots) >= 1
	})
	children, roots, _ := find(spans)

	names := map[string]int{}
	for _, s := range children {
		names[s.OperationName]++
	}
	if names["SET"] != 1 || names["GET"] != 1 || names["Batch"] != 1 {
		t.Errorf("children of the user span: %v; want one SET, one GET and one Batch", names)
	}
	if len(roots) != 1 {
		t.Errorf("%d parentless GET spans, want 1 (the GET outside the user span)", len(roots))
	}
	for _, s := range append(children, roots...) {
		checkCommandSpan(t, s, server)
	}

	// No span, attribute or event may carry a value or a key.
	for _, s := range spans {
		for _, text := range spanTexts(s) {
			for _, leak := range []string{secret, batchSecret, key, batchKey} {
				if strings.Contains(text, leak) {
					t.Errorf("span %s carries %q in %q", s.OperationName, leak, text)
				}
			}
		}
	}
}

// checkCommandSpan checks one client span against OpenTelemetry's database
// conventions as valkite fills them.
func checkCommandSpan(t *testing.T, s testserver.JaegerSpan, server *testserver.Server) {
	t.Helper()
	want := map[string]string{
		"span.kind":         "client",
		"db.system.name":    "valkey",
		"server.address":    server.Host,
		"server.port":       strconv.Itoa(server.Port),
		"db.namespace":      "0",
		"db.operation.name": s.OperationName,
	}
	if s.OperationName == "Batch" {
		// A batch shows its shape, not its commands. The core does not yet
		// record on a batch's span the node that served it, so only command
		// spans are held to server.*.
		want["db.query.text"] = "PIPELINE"
		delete(want, "server.address")
		delete(want, "server.port")
	}
	for k, v := range want {
		if got, ok := s.TagString(k); !ok || got != v {
			t.Errorf("%s span: %s = %q (present %v), want %q", s.OperationName, k, got, ok, v)
		}
	}
	if s.Process.ServiceName != "valkite" {
		t.Errorf("%s span: service %q, want valkite", s.OperationName, s.Process.ServiceName)
	}
	if s.OperationName == "Batch" {
		return
	}
	text, ok := s.TagString("db.query.text")
	if !ok {
		t.Errorf("%s span has no db.query.text", s.OperationName)
		return
	}
	// The command name, then every argument masked.
	fields := strings.Fields(text)
	if len(fields) < 2 || fields[0] != s.OperationName {
		t.Errorf("%s span: db.query.text %q does not start with the command and its masked arguments", s.OperationName, text)
	}
	for _, f := range fields[1:] {
		if f != "?" {
			t.Errorf("%s span: db.query.text %q shows an argument unmasked", s.OperationName, text)
		}
	}
}

// spanTexts lists every text a span shows: its name, tag values, event fields
// and its process's tags.
func spanTexts(s testserver.JaegerSpan) []string {
	out := []string{s.OperationName}
	add := func(tags []testserver.JaegerTag) {
		for _, tag := range tags {
			if v, ok := tag.Value.(string); ok {
				out = append(out, v)
			}
		}
	}
	add(s.Tags)
	add(s.Process.Tags)
	for _, l := range s.Logs {
		add(l.Fields)
	}
	return out
}
