package testserver

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestJaegerRoundTrip sends a two-span trace to Jaeger's OTLP/HTTP receiver as
// OTLP JSON, written here by hand so the harness is checked without the
// client's exporter, and reads it back through the query helpers.
func TestJaegerRoundTrip(t *testing.T) {
	t.Parallel()
	j := StartJaeger(t)
	// Each run gets its own IDs, so a wrong query cannot pass on old data.
	seed := time.Now().UnixNano()
	// The high bits are set because the query API drops leading zeros of IDs.
	traceID := fmt.Sprintf("%016x%016x", uint64(seed)|1<<63, seed)
	parentID := fmt.Sprintf("%016x", seed&0xffffffff|1<<60)
	childID := fmt.Sprintf("%016x", seed&0xffffffff|2<<60)
	start := time.Now().Add(-time.Second).UnixNano()
	body := fmt.Sprintf(`{"resourceSpans":[{
  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"testserver-probe"}}]},
  "scopeSpans":[{"scope":{"name":"probe"},"spans":[
    {"traceId":%[1]q,"spanId":%[2]q,"name":"outer","kind":1,
     "startTimeUnixNano":"%[4]d","endTimeUnixNano":"%[5]d"},
    {"traceId":%[1]q,"spanId":%[3]q,"parentSpanId":%[2]q,"name":"GET","kind":3,
     "startTimeUnixNano":"%[4]d","endTimeUnixNano":"%[5]d",
     "attributes":[{"key":"db.query.text","value":{"stringValue":"GET ?"}},
                   {"key":"server.port","value":{"intValue":"6379"}}]}
  ]}]}]}`, traceID, parentID, childID, start, start+int64(time.Millisecond))

	req, err := http.NewRequest(http.MethodPost, j.OTLPHTTPEndpoint(), bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", j.OTLPHTTPEndpoint(), err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s", j.OTLPHTTPEndpoint(), resp.Status)
	}

	spans := j.WaitForSpans(t, 30*time.Second, func(s []JaegerSpan) bool { return len(s) >= 2 })
	if len(spans) != 2 {
		t.Fatalf("jaeger holds %d spans, want 2:\n%s", len(spans), describeSpans(spans))
	}
	byName := map[string]JaegerSpan{}
	for _, s := range spans {
		byName[s.OperationName] = s
	}
	outer, child := byName["outer"], byName["GET"]
	if outer.SpanID != parentID || child.SpanID != childID || child.TraceID != traceID {
		t.Fatalf("IDs: outer %q child %q trace %q; want %q %q %q", outer.SpanID, child.SpanID, child.TraceID,
			parentID, childID, traceID)
	}
	if got := child.ParentSpanID(); got != parentID {
		t.Errorf("child's parent = %q, want %q", got, parentID)
	}
	if got := outer.ParentSpanID(); got != "" {
		t.Errorf("outer span has parent %q, want none", got)
	}
	if got, _ := child.TagString("db.query.text"); got != "GET ?" {
		t.Errorf("db.query.text = %q", got)
	}
	if got, _ := child.TagString("server.port"); got != "6379" {
		t.Errorf("server.port = %q", got)
	}
	if got, _ := child.TagString("span.kind"); got != "client" {
		t.Errorf("span.kind = %q, want client", got)
	}
	if child.Process.ServiceName != "testserver-probe" {
		t.Errorf("service = %q", child.Process.ServiceName)
	}
	services, err := j.Services(context.Background())
	if err != nil || len(services) != 1 || services[0] != "testserver-probe" {
		t.Errorf("Services() = %v, %v", services, err)
	}
}

func TestJaegerFromEnv(t *testing.T) {
	j := &Jaeger{GRPCPort: 4317, HTTPPort: 4318, QueryPort: 16686}
	key, value, _ := strings.Cut(j.Env(), "=")
	t.Setenv(key, value)
	got, ok := JaegerFromEnv()
	if !ok || got.GRPCPort != 4317 || got.HTTPPort != 4318 || got.QueryPort != 16686 {
		t.Fatalf("JaegerFromEnv() = %+v, %v", got, ok)
	}
	got.Stop() // owns no process: must do nothing
	for _, bad := range []string{"", "1,2", "1,2,x", "1,2,0", "1,2,70000"} {
		t.Setenv(key, bad)
		if _, ok := JaegerFromEnv(); ok {
			t.Errorf("JaegerFromEnv() accepted %q", bad)
		}
	}
}
