package valkite

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// OpenTelemetryConfig configures OpenTelemetry for the whole process: where traces
// and metrics go, and how often they are exported. Pass it to
// GetOtelInstance().Init once, at start-up.
//
// Endpoints: grpc://host:port (OTLP over gRPC), http://host:port[/path] or
// https://… (OTLP over HTTP; without a path the standard /v1/traces or /v1/metrics
// is used), file:///path (JSON lines, appended; a directory or a path without an
// extension means <dir>/signals.json, and the directory must exist).
type OpenTelemetryConfig struct {
	// Traces: where spans go and the share of requests traced; nil: no traces.
	Traces *OpenTelemetryTracesConfig
	// Metrics: where metrics go; nil: no metrics.
	Metrics *OpenTelemetryMetricsConfig
	// FlushIntervalMs: milliseconds between exports; nil means 5000. Must be positive.
	FlushIntervalMs *int64
	// SpanFromContext returns the span (from CreateSpan) that the spans of requests
	// made with ctx are children of, or 0 for none. Called on every sampled request,
	// from any goroutine; a panic in it means no parent. DefaultSpanFromContext reads
	// what WithSpan stored.
	SpanFromContext func(ctx context.Context) uint64
}

// OpenTelemetryTracesConfig says where spans are exported and which percentage of
// requests gets one.
type OpenTelemetryTracesConfig struct {
	Endpoint string
	// SamplePercentage: 0–100. Init uses 1 when it is 0. SetSamplePercentage changes
	// it at run time (0 included).
	SamplePercentage int32
}

// OpenTelemetryMetricsConfig says where metrics are exported.
type OpenTelemetryMetricsConfig struct {
	Endpoint string
}

// SpanContext is a W3C trace context from another tracing library: hex trace id (32
// digits) and span id (16), the trace flags, and the tracestate header value.
type SpanContext struct {
	TraceID    string
	SpanID     string
	TraceFlags byte
	TraceState string
}

type spanContextKey struct{}

// SpanContextKey is the context key under which WithSpan stores a span id.
var SpanContextKey = spanContextKey{}

// OpenTelemetry is the process's telemetry; get it with GetOtelInstance.
type OpenTelemetry struct {
	mu        sync.Mutex
	cfg       *OpenTelemetryConfig
	fromCtx   atomic.Pointer[func(context.Context) uint64]
	extractor atomic.Pointer[func(context.Context) (SpanContext, bool)]
}

var otel OpenTelemetry

// otelPct is the sample percentage while traces are configured, else 0: the one
// thing a request reads to know it is not traced.
var otelPct atomic.Int32

// defaultSamplePercentage is what Init uses when the configuration leaves it at 0.
const defaultSamplePercentage = 1

// defaultFlushIntervalMs is what Init uses when FlushIntervalMs is nil.
const defaultFlushIntervalMs = 5000

// GetOtelInstance returns the process's OpenTelemetry.
func GetOtelInstance() *OpenTelemetry { return &otel }

// Init starts exporting. Once per process: a second call after a successful one
// returns an error saying so and changes nothing; a call that failed can be retried
// with a corrected configuration.
func (o *OpenTelemetry) Init(config OpenTelemetryConfig) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cfg != nil {
		return errors.New("valkite: OpenTelemetry is already initialized: Init can be called once per process")
	}
	if config.Traces == nil && config.Metrics == nil {
		return errors.New("valkite: OpenTelemetry config: at least one of Traces or Metrics must be set")
	}
	flush := int64(defaultFlushIntervalMs)
	if config.FlushIntervalMs != nil {
		flush = *config.FlushIntervalMs
		if flush <= 0 {
			return fmt.Errorf("valkite: OpenTelemetry config: FlushIntervalMs must be positive, got %d", flush)
		}
	}
	var traces, metrics string
	pct := int32(0)
	if t := config.Traces; t != nil {
		if t.SamplePercentage < 0 || t.SamplePercentage > 100 {
			return fmt.Errorf("valkite: OpenTelemetry config: SamplePercentage must be within 0..100, got %d", t.SamplePercentage)
		}
		if t.Endpoint == "" {
			return errors.New("valkite: OpenTelemetry config: Traces.Endpoint is empty")
		}
		traces, pct = t.Endpoint, t.SamplePercentage
		if pct == 0 {
			pct = defaultSamplePercentage
		}
	}
	if m := config.Metrics; m != nil {
		if m.Endpoint == "" {
			return errors.New("valkite: OpenTelemetry config: Metrics.Endpoint is empty")
		}
		metrics = m.Endpoint
	}
	if st, msg := cOtelInit(traces, pct, metrics, flush); st != 0 {
		if st == otelStatusAlready {
			return errors.New("valkite: OpenTelemetry is already initialized: Init can be called once per process")
		}
		return errors.New("valkite: " + msg)
	}
	cfg := config
	if cfg.Traces != nil {
		t := *cfg.Traces
		t.SamplePercentage = pct
		cfg.Traces = &t
	}
	o.cfg = &cfg
	if fn := config.SpanFromContext; fn != nil {
		o.fromCtx.Store(&fn)
	}
	if cfg.Traces != nil {
		otelPct.Store(pct)
	}
	return nil
}

// IsInitialized says whether Init succeeded.
func (o *OpenTelemetry) IsInitialized() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.cfg != nil
}

// GetSamplePercentage returns the percentage of requests traced (0 when traces are
// not configured).
func (o *OpenTelemetry) GetSamplePercentage() int32 { return otelPct.Load() }

// SetSamplePercentage changes the percentage of requests traced (0–100). It needs
// traces to be configured.
func (o *OpenTelemetry) SetSamplePercentage(percentage int32) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cfg == nil || o.cfg.Traces == nil {
		return errors.New("valkite: OpenTelemetry traces are not initialized")
	}
	if percentage < 0 || percentage > 100 {
		return fmt.Errorf("valkite: sample percentage must be within 0..100, got %d", percentage)
	}
	o.cfg.Traces.SamplePercentage = percentage
	otelPct.Store(percentage)
	return nil
}

// maxSpanName bounds the names CreateSpan accepts.
const maxSpanName = 256

// CreateSpan starts a span of your own (kind internal) and returns its id, for
// WithSpan (so that requests made with that context become its children) and
// EndSpan, which you must call.
func (o *OpenTelemetry) CreateSpan(name string) (uint64, error) {
	if !o.IsInitialized() {
		return 0, errors.New("valkite: OpenTelemetry is not initialized")
	}
	if name == "" {
		return 0, errors.New("valkite: span name is empty")
	}
	if len(name) > maxSpanName {
		return 0, fmt.Errorf("valkite: span name is %d bytes long, at most %d allowed", len(name), maxSpanName)
	}
	id := cSpanStart(name, spanKindInternal, spanParent{}, "", -1)
	if id == 0 {
		return 0, fmt.Errorf("valkite: span %q could not be created (are traces configured?)", name)
	}
	return id, nil
}

// EndSpan ends a span from CreateSpan. 0 and ended spans are ignored.
func (o *OpenTelemetry) EndSpan(spanPtr uint64) {
	if spanPtr != 0 {
		cSpanEnd(spanPtr, "")
	}
}

// WithSpan returns a context carrying span (from CreateSpan), for
// DefaultSpanFromContext.
func WithSpan(ctx context.Context, spanPtr uint64) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, SpanContextKey, spanPtr)
}

// DefaultSpanFromContext returns the span WithSpan stored in ctx, or 0.
func DefaultSpanFromContext(ctx context.Context) uint64 {
	if ctx == nil {
		return 0
	}
	id, _ := ctx.Value(SpanContextKey).(uint64)
	return id
}

// SetSpanContextExtractor sets (nil: clears) a function giving the remote parent of
// a sampled request's span from its ctx — a span of another tracing library. When it
// returns a valid context it wins over SpanFromContext; an invalid one (bad hex, zero
// ids, malformed tracestate) or a panic means it is not used.
func (o *OpenTelemetry) SetSpanContextExtractor(fn func(context.Context) (SpanContext, bool)) {
	if fn == nil {
		o.extractor.Store(nil)
		return
	}
	o.extractor.Store(&fn)
}

// remoteParent asks the extractor, if any; a panic or an invalid context gives none.
func (o *OpenTelemetry) remoteParent(ctx context.Context) (p spanParent, ok bool) {
	fn := o.extractor.Load()
	if fn == nil {
		return p, false
	}
	defer func() {
		if recover() != nil {
			p, ok = spanParent{}, false
		}
	}()
	sc, ok := (*fn)(ctx)
	if !ok {
		return p, false
	}
	return parseSpanContext(sc)
}

// localParent asks SpanFromContext, if set; a panic gives none.
func (o *OpenTelemetry) localParent(ctx context.Context) (id uint64) {
	fn := o.fromCtx.Load()
	if fn == nil {
		return 0
	}
	defer func() {
		if recover() != nil {
			id = 0
		}
	}()
	return (*fn)(ctx)
}

// parseSpanContext checks and decodes a remote context.
func parseSpanContext(sc SpanContext) (spanParent, bool) {
	var p spanParent
	if len(sc.TraceID) != 32 || len(sc.SpanID) != 16 {
		return p, false
	}
	if _, err := hex.Decode(p.traceID[:], []byte(strings.ToLower(sc.TraceID))); err != nil {
		return p, false
	}
	if _, err := hex.Decode(p.spanID[:], []byte(strings.ToLower(sc.SpanID))); err != nil {
		return p, false
	}
	if p.traceID == [16]byte{} || p.spanID == [8]byte{} {
		return p, false
	}
	if !validTraceState(sc.TraceState) {
		return p, false
	}
	p.remote, p.flags, p.state = true, sc.TraceFlags, sc.TraceState
	return p, true
}

// validTraceState checks a W3C tracestate value: up to 32 comma-separated key=value
// members with distinct keys, keys of lowercase letters, digits and _-*/ (with one
// optional tenant@system), values of printable ASCII without ',' and '='.
func validTraceState(s string) bool {
	if s == "" {
		return true
	}
	members := strings.Split(s, ",")
	if len(members) > 32 {
		return false
	}
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		m = strings.Trim(m, " \t")
		if m == "" {
			continue
		}
		k, v, ok := strings.Cut(m, "=")
		if !ok || !validTraceStateKey(k) || !validTraceStateValue(v) || seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

func validTraceStateKey(k string) bool {
	if tenant, system, ok := strings.Cut(k, "@"); ok {
		return keyPart(tenant, 241, true) && keyPart(system, 14, false)
	}
	return keyPart(k, 256, false)
}

func keyPart(s string, max int, digitFirst bool) bool {
	if s == "" || len(s) > max {
		return false
	}
	lower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if !lower(s[0]) && !(digitFirst && digit(s[0])) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !lower(c) && !digit(c) && c != '_' && c != '-' && c != '*' && c != '/' {
			return false
		}
	}
	return true
}

func validTraceStateValue(v string) bool {
	if v == "" || len(v) > 256 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c > 0x7e || c == ',' || c == '=' {
			return false
		}
	}
	return v[len(v)-1] != ' '
}
