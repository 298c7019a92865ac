package testserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// JaegerSpan is one span as Jaeger's query API returns it, with its process
// (service name and resource tags) resolved.
type JaegerSpan struct {
	TraceID       string      `json:"traceID"`
	SpanID        string      `json:"spanID"`
	OperationName string      `json:"operationName"`
	References    []JaegerRef `json:"references"`
	Tags          []JaegerTag `json:"tags"`
	Logs          []JaegerLog `json:"logs"`
	ProcessID     string      `json:"processID"`
	StartTime     int64       `json:"startTime"` // microseconds since the epoch
	Duration      int64       `json:"duration"`  // microseconds
	Warnings      []string    `json:"warnings"`
	// Process is filled from the trace's process table, not decoded.
	Process JaegerProcess `json:"-"`
}

// JaegerRef links a span to another one; RefType "CHILD_OF" names the parent.
type JaegerRef struct {
	RefType string `json:"refType"`
	TraceID string `json:"traceID"`
	SpanID  string `json:"spanID"`
}

// JaegerTag is one attribute. Value is a string, bool, float64 (JSON numbers)
// or whatever else the query API sends for Type.
type JaegerTag struct {
	Key   string `json:"key"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// JaegerLog is one span event.
type JaegerLog struct {
	Timestamp int64       `json:"timestamp"`
	Fields    []JaegerTag `json:"fields"`
}

// JaegerProcess is the resource that sent a span.
type JaegerProcess struct {
	ServiceName string      `json:"serviceName"`
	Tags        []JaegerTag `json:"tags"`
}

// JaegerTrace is one trace: its spans and the processes they came from.
type JaegerTrace struct {
	TraceID   string                   `json:"traceID"`
	Spans     []JaegerSpan             `json:"spans"`
	Processes map[string]JaegerProcess `json:"processes"`
}

// Tag returns the value of the span's attribute key.
func (s JaegerSpan) Tag(key string) (any, bool) {
	return findTag(s.Tags, key)
}

// TagString returns the attribute as text (numbers and booleans formatted),
// and whether the span has it.
func (s JaegerSpan) TagString(key string) (string, bool) {
	v, ok := s.Tag(key)
	if !ok {
		return "", false
	}
	if str, isStr := v.(string); isStr {
		return str, true
	}
	return fmt.Sprint(v), true
}

// ParentSpanID is the span ID of the CHILD_OF reference, "" for a root span.
func (s JaegerSpan) ParentSpanID() string {
	for _, r := range s.References {
		if r.RefType == "CHILD_OF" {
			return r.SpanID
		}
	}
	return ""
}

// Tag returns the value of the resource attribute key.
func (p JaegerProcess) Tag(key string) (any, bool) {
	return findTag(p.Tags, key)
}

func findTag(tags []JaegerTag, key string) (any, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return nil, false
}

// jaegerResponse is the envelope every query API answer comes in.
type jaegerResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
	} `json:"errors"`
}

// Services lists the service names Jaeger has received spans from.
func (j *Jaeger) Services(ctx context.Context) ([]string, error) {
	var names []string
	err := j.query(ctx, "/api/services", nil, &names)
	return names, err
}

// Traces returns every trace Jaeger holds for service (up to 10,000), with
// each span's Process filled in.
func (j *Jaeger) Traces(ctx context.Context, service string) ([]JaegerTrace, error) {
	params := url.Values{
		"service":  {service},
		"limit":    {"10000"},
		"lookback": {"6h"},
	}
	var traces []JaegerTrace
	if err := j.query(ctx, "/api/traces", params, &traces); err != nil {
		return nil, err
	}
	for ti := range traces {
		tr := &traces[ti]
		for si := range tr.Spans {
			tr.Spans[si].Process = tr.Processes[tr.Spans[si].ProcessID]
		}
	}
	return traces, nil
}

// Spans returns the spans of every trace Jaeger holds, from all services.
func (j *Jaeger) Spans(ctx context.Context) ([]JaegerSpan, error) {
	services, err := j.Services(ctx)
	if err != nil {
		return nil, err
	}
	var spans []JaegerSpan
	seen := map[string]bool{} // a trace spanning services comes back once per service
	for _, svc := range services {
		traces, err := j.Traces(ctx, svc)
		if err != nil {
			return nil, err
		}
		for _, tr := range traces {
			for _, s := range tr.Spans {
				if id := s.TraceID + "/" + s.SpanID; !seen[id] {
					seen[id] = true
					spans = append(spans, s)
				}
			}
		}
	}
	return spans, nil
}

// WaitForSpans polls the query API until done accepts the spans Jaeger holds
// (from all services) and returns them. Exporters send in batches and Jaeger
// stores asynchronously, so spans show up some time after they end; after
// timeout the test fails, showing what had arrived.
func (j *Jaeger) WaitForSpans(t testing.TB, timeout time.Duration, done func([]JaegerSpan) bool) []JaegerSpan {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var spans []JaegerSpan
	var err error
	for {
		spans, err = j.Spans(ctx)
		if err == nil && done(spans) {
			return spans
		}
		select {
		case <-ctx.Done():
			if err != nil {
				t.Fatalf("testserver: jaeger query did not succeed within %v: %v", timeout, err)
			}
			t.Fatalf("testserver: the expected spans did not reach jaeger within %v; it holds %d:\n%s",
				timeout, len(spans), describeSpans(spans))
			return nil
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func describeSpans(spans []JaegerSpan) string {
	var out []byte
	for i, s := range spans {
		if i == 40 {
			out = fmt.Appendf(out, "  ... %d more\n", len(spans)-i)
			break
		}
		out = fmt.Appendf(out, "  %s span=%s parent=%s service=%s tags=%v\n",
			s.OperationName, s.SpanID, s.ParentSpanID(), s.Process.ServiceName, s.Tags)
	}
	return string(out)
}

// query GETs path from the query API and decodes the data member into out.
func (j *Jaeger) query(ctx context.Context, path string, params url.Values, out any) error {
	u := j.QueryURL() + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("jaeger query %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("jaeger query %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("jaeger query %s: %s: %.300s", path, resp.Status, body)
	}
	var env jaegerResponse
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("jaeger query %s: decoding: %w", path, err)
	}
	if len(env.Errors) > 0 {
		return fmt.Errorf("jaeger query %s: %d: %s", path, env.Errors[0].Code, env.Errors[0].Msg)
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("jaeger query %s: decoding data: %w", path, err)
	}
	return nil
}
