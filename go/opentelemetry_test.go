package valkite

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// runTraced runs f under a fresh user span at pct %, ends the span, and returns the
// user span's line and its children once the user span and want children are in the
// file.
func runTraced(t *testing.T, pct int32, want int, f func(ctx context.Context)) (spanLine, []spanLine) {
	t.Helper()
	file := otelFile(t)
	withSampling(t, pct)
	name := fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())
	id, ctx := userSpan(t, name)
	f(ctx)
	GetOtelInstance().EndSpan(id)
	var parent spanLine
	spans := awaitSpans(t, file, fmt.Sprintf("span %s with %d children", name, want), func(s []spanLine) bool {
		p, ok := spanNamed(s, name)
		parent = p
		return ok && len(childrenOf(s, p.SpanID)) >= want
	})
	return parent, childrenOf(spans, parent.SpanID)
}

func TestOtelCommandSpans(t *testing.T) {
	c, srv := newTestClient(t)
	key := testKey(t, "k")
	const secret = "s3cr3t-value-never-in-a-span"
	_, kids := runTraced(t, 100, 4, func(ctx context.Context) {
		if _, err := c.Set(ctx, key, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(ctx, key); err != nil {
			t.Fatal(err)
		}
		// A failing AUTH: its password must not show either.
		_, _ = c.CustomCommand(ctx, []string{"AUTH", "nobody", secret})
		if _, err := c.CustomCommand(ctx, []string{"CLIENT", "GETNAME"}); err != nil {
			t.Fatal(err)
		}
	})
	byName := map[string]spanLine{}
	for _, s := range kids {
		byName[s.Name] = s
	}
	for name, query := range map[string]string{
		"SET": "SET ? ?", "GET": "GET ?", "AUTH": "AUTH ? ?", "CLIENT GETNAME": "CLIENT GETNAME",
	} {
		s, ok := byName[name]
		if !ok {
			t.Fatalf("no %s span among %+v", name, kids)
		}
		if s.Kind != "Client" {
			t.Errorf("%s: kind %q", name, s.Kind)
		}
		a := s.Attributes
		if a["db.system.name"] != "valkey" || a["db.operation.name"] != name || a["db.query.text"] != query {
			t.Errorf("%s: attributes %v", name, a)
		}
		if a["server.address"] != srv.Host || fmt.Sprint(a["server.port"]) != strconv.Itoa(srv.Port) {
			t.Errorf("%s: server %v:%v, want %s", name, a["server.address"], a["server.port"], srv.Addr())
		}
		if a["db.namespace"] != "0" {
			t.Errorf("%s: db.namespace %v", name, a["db.namespace"])
		}
		if s.End < s.Start {
			t.Errorf("%s: ends before it starts", name)
		}
	}
	if byName["AUTH"].Status != "Error" || byName["GET"].Status == "Error" {
		t.Errorf("status: AUTH %q, GET %q", byName["AUTH"].Status, byName["GET"].Status)
	}
	b, _ := os.ReadFile(otelFile(t))
	if strings.Contains(string(b), secret) || strings.Contains(string(b), key) {
		t.Fatal("a value, key or password reached the signals file")
	}
}

func TestOtelBatchAndScriptSpans(t *testing.T) {
	c, _ := newTestClient(t)
	key := testKey(t, "k")
	script := options.NewScript("return 1")
	defer script.Close()
	_, kids := runTraced(t, 100, 3, func(ctx context.Context) {
		for _, atomic := range []bool{false, true} {
			b := pipeline.NewStandaloneBatch(atomic)
			b.Set(key, "v").Get(key)
			if _, err := c.Exec(ctx, *b, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.InvokeScript(ctx, *script); err != nil {
			t.Fatal(err)
		}
	})
	batches, evalsha := 0, 0
	for _, s := range kids {
		switch s.Name {
		case "Batch":
			batches++
			if s.Attributes["server.address"] == nil || s.Attributes["db.system.name"] != "valkey" {
				t.Errorf("Batch span attributes %v", s.Attributes)
			}
		case "EVALSHA":
			evalsha++
			if s.Attributes["db.query.text"] != "EVALSHA ? ?" {
				t.Errorf("EVALSHA query text %v", s.Attributes["db.query.text"])
			}
		}
	}
	if batches != 2 || evalsha < 1 {
		t.Fatalf("batch spans %d (want 2), EVALSHA spans %d; children %+v", batches, evalsha, kids)
	}
}

func TestOtelSamplingCounts(t *testing.T) {
	c, _ := newTestClient(t)
	key := testKey(t, "k")
	const n = 50
	run := func(ctx context.Context) {
		for range n {
			if _, err := c.Set(ctx, key, "v"); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, kids := runTraced(t, 100, n, run)
	if len(kids) != n {
		t.Fatalf("at 100%%: %d spans for %d commands", len(kids), n)
	}
	_, kids = runTraced(t, 0, 0, run)
	if len(kids) != 0 {
		t.Fatalf("at 0%%: %d spans", len(kids))
	}
}

func TestOtelRemoteParent(t *testing.T) {
	c, _ := newTestClient(t)
	file := otelFile(t)
	withSampling(t, 100)
	const traceID, spanID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	o := GetOtelInstance()
	o.SetSpanContextExtractor(func(ctx context.Context) (SpanContext, bool) {
		if ctx.Value(SpanContextKey) == "remote" {
			// A tracestate built at run time (heap memory, as any real one is).
			state := fmt.Sprintf("vendor=%d", time.Now().UnixNano()%1000)
			return SpanContext{TraceID: traceID, SpanID: spanID, TraceFlags: 1, TraceState: state}, true
		}
		if ctx.Value(SpanContextKey) == "bad" {
			return SpanContext{TraceID: "zz", SpanID: spanID}, true
		}
		panic("an extractor that panics must not break a request")
	})
	defer o.SetSpanContextExtractor(nil)
	ctx := context.WithValue(context.Background(), SpanContextKey, "remote")
	key := testKey(t, "k")
	if _, err := c.Set(ctx, key, "v"); err != nil {
		t.Fatal(err)
	}
	awaitSpans(t, file, "a child of the remote span", func(s []spanLine) bool {
		for _, x := range s {
			if x.Parent == spanID && x.TraceID == traceID && x.Name == "SET" {
				return true
			}
		}
		return false
	})
	// An invalid context and a panicking extractor both give an independent span.
	for _, v := range []any{"bad", "panic"} {
		if _, err := c.Get(context.WithValue(context.Background(), SpanContextKey, v), key); err != nil {
			t.Fatalf("%v: %v", v, err)
		}
	}
}

func TestOtelSetSamplePercentageBounds(t *testing.T) {
	otelFile(t)
	o := GetOtelInstance()
	for _, p := range []int32{-1, 101} {
		if err := o.SetSamplePercentage(p); err == nil {
			t.Errorf("SetSamplePercentage(%d) accepted", p)
		}
	}
	withSampling(t, 37)
	if got := o.GetSamplePercentage(); got != 37 {
		t.Fatalf("GetSamplePercentage = %d", got)
	}
	if !o.IsInitialized() {
		t.Fatal("not initialized")
	}
	if _, err := o.CreateSpan(""); err == nil {
		t.Error("empty span name accepted")
	}
	o.EndSpan(0) // harmless
}

// The untraced path at 0 %: deciding costs no allocation.
func TestOtelZeroPercentAllocatesNothing(t *testing.T) {
	otelFile(t)
	withSampling(t, 0)
	if a := testing.AllocsPerRun(1000, func() { _ = sampled() }); a != 0 {
		t.Fatalf("sampled() allocates %v", a)
	}
	c, _ := newTestClient(t)
	key := testKey(t, "k")
	ctx := context.Background()
	set := func() { _, _ = c.Set(ctx, key, "v") }
	set()
	at0 := testing.AllocsPerRun(200, set)
	otelPct.Store(0) // the same state as never initialised, for the request path
	base := testing.AllocsPerRun(200, set)
	if at0 > base {
		t.Fatalf("SET allocates %v at 0%% and %v untraced", at0, base)
	}
}

func TestOtelManyGoroutinesNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("100k traced commands: not in -short")
	}
	c, _ := newTestClient(t)
	otelFile(t)
	withSampling(t, 100)
	key := testKey(t, "k")
	const workers, per = 64, 100_000 / 64
	round := func() {
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range per {
					if _, err := c.Set(context.Background(), key, "v"); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	measure := func() (uint64, int) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc, runtime.NumGoroutine()
	}
	round()
	heap0, g0 := measure()
	round()
	heap1, g1 := measure()
	t.Logf("heap %d → %d bytes, goroutines %d → %d", heap0, heap1, g0, g1)
	if n := cLiveSpans(); n != 0 {
		t.Errorf("%d spans still live in the core after every command returned", n)
	}
	if g1 > g0+2 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if heap1 > heap0+8<<20 {
		t.Errorf("heap grew from %d to %d bytes over 100k traced commands", heap0, heap1)
	}
}

// Init's error cases and "once per process" need a process of their own: the test
// binary runs itself with this variable set.
const otelInitChild = "VALKITE_OTEL_INIT_CHILD"

func TestOtelInitErrors(t *testing.T) {
	if os.Getenv(otelInitChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOtelInitErrors$", "-test.v")
		cmd.Env = append(os.Environ(), otelInitChild+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "PASS: TestOtelInitErrors") {
			t.Fatalf("child did not run the test:\n%s", out)
		}
		return
	}
	o := GetOtelInstance()
	dir := t.TempDir()
	neg, zero := int64(-1), int64(0)
	for name, tc := range map[string]struct {
		cfg  OpenTelemetryConfig
		want string
	}{
		"nothing":     {OpenTelemetryConfig{}, "at least one"},
		"bad scheme":  {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "ftp://x"}}, "scheme"},
		"no scheme":   {OpenTelemetryConfig{Metrics: &OpenTelemetryMetricsConfig{Endpoint: "localhost:4317"}}, "scheme"},
		"missing dir": {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir + "/no/such/x.json"}}, "does not exist"},
		"pct high":    {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir, SamplePercentage: 101}}, "0..100"},
		"pct low":     {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir, SamplePercentage: -1}}, "0..100"},
		"flush neg":   {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir}, FlushIntervalMs: &neg}, "positive"},
		"flush zero":  {OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir}, FlushIntervalMs: &zero}, "positive"},
	} {
		err := o.Init(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Init = %v, want an error containing %q", name, err, tc.want)
		}
	}
	if o.IsInitialized() || o.GetSamplePercentage() != 0 {
		t.Fatal("a failed Init left telemetry initialised")
	}
	if err := o.SetSamplePercentage(5); err == nil {
		t.Error("SetSamplePercentage before Init accepted")
	}
	if _, err := o.CreateSpan("x"); err == nil {
		t.Error("CreateSpan before Init accepted")
	}
	// A failed call can be retried; the default sample percentage is 1.
	ok := OpenTelemetryConfig{Traces: &OpenTelemetryTracesConfig{Endpoint: "file://" + dir}}
	if err := o.Init(ok); err != nil {
		t.Fatalf("Init after failures: %v", err)
	}
	if got := o.GetSamplePercentage(); got != 1 {
		t.Errorf("default sample percentage %d, want 1", got)
	}
	err := o.Init(ok)
	if err == nil || !strings.Contains(err.Error(), "already initialized") {
		t.Fatalf("second Init = %v", err)
	}
}

// In a cluster, a command's span names the node that served it: the key's shard.
func TestOtelClusterServedBy(t *testing.T) {
	c, cl := newClusterTestClient(t)
	keys := map[string]string{} // key → the address that must serve it
	for i := 0; len(keys) < 3 && i < 100; i++ {
		k := fmt.Sprintf("%s:%d", testKey(t, "k"), i)
		addr := cl.NodeForKey(k).Addr()
		seen := false
		for _, a := range keys {
			seen = seen || a == addr
		}
		if !seen {
			keys[k] = addr
		}
	}
	_, kids := runTraced(t, 100, len(keys), func(ctx context.Context) {
		for k := range keys {
			if _, err := c.Set(ctx, k, "v"); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := map[string]bool{}
	for _, a := range keys {
		want[a] = true
	}
	for _, s := range kids {
		addr := fmt.Sprintf("%v:%v", s.Attributes["server.address"], s.Attributes["server.port"])
		if s.Name != "SET" || !want[addr] {
			t.Errorf("span %s served by %s, want one of %v", s.Name, addr, want)
		}
		delete(want, addr)
	}
	if len(want) != 0 {
		t.Errorf("no span served by %v", want)
	}
}

// A redirection shows on the span: a MOVED event, and the node that finally served
// the request; the MOVED counter reaches the metrics.
func TestOtelMovedEventAndMetric(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 2, 0)
	c := connectCluster(t, cl)
	key := testKey(t, "k")
	if _, err := c.Set(context.Background(), key, "v"); err != nil {
		t.Fatal(err)
	}
	src := cl.NodeForKey(key)
	var dst *testserver.Node
	for _, p := range cl.Primaries() {
		if p.ID != src.ID {
			dst = p
		}
	}
	moveSlot(t, cl, testserver.KeySlot(key), src, dst)
	_, kids := runTraced(t, 100, 1, func(ctx context.Context) {
		if _, err := c.Get(ctx, key); err != nil {
			t.Fatal(err)
		}
	})
	s := kids[0]
	addr := fmt.Sprintf("%v:%v", s.Attributes["server.address"], s.Attributes["server.port"])
	if addr != dst.Addr() {
		t.Errorf("served by %s, want %s (the slot's new owner)", addr, dst.Addr())
	}
	var events string
	for _, e := range s.Events {
		events += string(e)
	}
	if !strings.Contains(events, `"MOVED"`) {
		t.Errorf("no MOVED event: %s", events)
	}
	file := otelFile(t)
	deadline := time.Now().Add(15 * time.Second)
	for {
		b, _ := os.ReadFile(file)
		if moved := lastMetric(string(b), "valkite.request.moved"); moved >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the MOVED counter never reached the metrics")
		}
		time.Sleep(otelFlushMs * time.Millisecond)
	}
}

// lastMetric is the last value exported for metric name, or -1.
func lastMetric(file, name string) float64 {
	v := -1.0
	for _, l := range strings.Split(file, "\n") {
		if !strings.Contains(l, `"metric":"`+name+`"`) {
			continue
		}
		var m struct {
			Value float64 `json:"value"`
		}
		if json.Unmarshal([]byte(l), &m) == nil {
			v = m.Value
		}
	}
	return v
}
