package valkite

import (
	"context"
	"testing"
)

// The parent of a request's span: the extractor's context when valid, else the span
// id SpanFromContext finds; extractors can be replaced and cleared; bad input and
// panics give no parent rather than an error.
func TestOtelParentSelection(t *testing.T) {
	o := GetOtelInstance()
	t.Cleanup(func() { o.SetSpanContextExtractor(nil) })
	prev := o.fromCtx.Load()
	t.Cleanup(func() { o.fromCtx.Store(prev) })
	fn := DefaultSpanFromContext
	o.fromCtx.Store(&fn)
	ctx := WithSpan(context.Background(), 42)

	o.SetSpanContextExtractor(nil)
	if p := parentOf(ctx); p.remote || p.local != 42 {
		t.Fatalf("no extractor: %+v, want local 42", p)
	}
	a := SpanContext{TraceID: "0AF7651916CD43DD8448EB211C80319C", SpanID: "b7ad6b7169203331", TraceFlags: 1, TraceState: "ro=1,k@sys=v"}
	o.SetSpanContextExtractor(func(context.Context) (SpanContext, bool) { return a, true })
	p := parentOf(ctx)
	if !p.remote || p.traceID[0] != 0x0a || p.spanID[7] != 0x31 || p.flags != 1 || p.state != a.TraceState {
		t.Fatalf("first extractor: %+v", p)
	}
	b := SpanContext{TraceID: "4bf92f3577b34da6a3ce929d0e0e4736", SpanID: "00f067aa0ba902b7"}
	o.SetSpanContextExtractor(func(context.Context) (SpanContext, bool) { return b, true })
	if p := parentOf(ctx); !p.remote || p.traceID[0] != 0x4b {
		t.Fatalf("replaced extractor: %+v", p)
	}
	for name, bad := range map[string]SpanContext{
		"short trace":  {TraceID: "4bf9", SpanID: b.SpanID},
		"zero trace":   {TraceID: "00000000000000000000000000000000", SpanID: b.SpanID},
		"zero span":    {TraceID: b.TraceID, SpanID: "0000000000000000"},
		"not hex":      {TraceID: "4bf92f3577b34da6a3ce929d0e0e47zz", SpanID: b.SpanID},
		"bad state":    {TraceID: b.TraceID, SpanID: b.SpanID, TraceState: "Upper=1"},
		"dup state":    {TraceID: b.TraceID, SpanID: b.SpanID, TraceState: "a=1,a=2"},
		"state no val": {TraceID: b.TraceID, SpanID: b.SpanID, TraceState: "a"},
	} {
		o.SetSpanContextExtractor(func(context.Context) (SpanContext, bool) { return bad, true })
		if p := parentOf(ctx); p.remote || p.local != 42 {
			t.Errorf("%s: %+v, want the fallback to local 42", name, p)
		}
	}
	o.SetSpanContextExtractor(func(context.Context) (SpanContext, bool) { panic("boom") })
	if p := parentOf(ctx); p.remote || p.local != 42 {
		t.Errorf("panicking extractor: %+v", p)
	}
	o.SetSpanContextExtractor(func(context.Context) (SpanContext, bool) { return b, false })
	if p := parentOf(ctx); p.remote {
		t.Errorf("extractor saying no: %+v", p)
	}
	o.SetSpanContextExtractor(nil)
	panicky := func(context.Context) uint64 { panic("boom") }
	o.fromCtx.Store(&panicky)
	if p := parentOf(ctx); p.remote || p.local != 0 {
		t.Errorf("panicking SpanFromContext: %+v", p)
	}
	o.fromCtx.Store(&fn)
	if DefaultSpanFromContext(nil) != 0 || DefaultSpanFromContext(context.Background()) != 0 { //nolint:staticcheck // nil ctx on purpose
		t.Error("DefaultSpanFromContext without a span")
	}
}

// Span names and masked query text.
func TestOtelSpanNamesAndMasking(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		name, query string
	}{
		{[]string{"set", "k", "v"}, "SET", "SET ? ?"},
		{[]string{"GET", "k"}, "GET", "GET ?"},
		{[]string{"PING"}, "PING", "PING"},
		{[]string{"client", "list"}, "CLIENT LIST", "CLIENT LIST"},
		{[]string{"CONFIG", "SET", "requirepass", "pw"}, "CONFIG SET", "CONFIG SET ? ?"},
		{[]string{"ACL", "SETUSER", "u", ">pw"}, "ACL SETUSER", "ACL SETUSER ? ?"},
		{[]string{"AUTH", "u", "pw"}, "AUTH", "AUTH ? ?"},
		{[]string{"HELLO", "3", "AUTH", "u", "pw"}, "HELLO", "HELLO ? ? ? ?"},
		{[]string{"CLIENT"}, "CLIENT", "CLIENT"},
	} {
		name, words := spanName(tc.args)
		if q := maskedQuery(name, tc.args, words); name != tc.name || q != tc.query {
			t.Errorf("%q: %q / %q, want %q / %q", tc.args, name, q, tc.name, tc.query)
		}
	}
}
