// Package otelbridge makes the span that go.opentelemetry.io/otel/trace sees as active
// in a request's context the parent of valkite's span for that request, with no code
// at the call sites: call Install once, after GetOtelInstance().Init.
//
// It lives in a module of its own so that the valkite module itself depends on no
// tracing library.
package otelbridge

import (
	"context"

	"go.opentelemetry.io/otel/trace"

	valkite "github.com/valkite/valkite/go"
)

// Extract returns the W3C context of ctx's active span, if it has a valid one.
func Extract(ctx context.Context) (valkite.SpanContext, bool) {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return valkite.SpanContext{}, false
	}
	return valkite.SpanContext{
		TraceID:    sc.TraceID().String(),
		SpanID:     sc.SpanID().String(),
		TraceFlags: byte(sc.TraceFlags()),
		TraceState: sc.TraceState().String(),
	}, true
}

// Install sets Extract as valkite's span-context extractor.
func Install() {
	valkite.GetOtelInstance().SetSpanContextExtractor(Extract)
}
