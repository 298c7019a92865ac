package valkite

/*
#include "valkite.h"
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// The cgo crossings of OpenTelemetry (opentelemetry*.go). None of them is on the path
// of an untraced request.

const routeTraced = byte(C.VK_ROUTE_TRACED)

func strPtr(s string) *C.uint8_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}

// cOtelInit starts the exporters; msg is the core's reason when it refuses, and
// already says whether Init was called before.
func cOtelInit(traces string, pct int32, metrics string, flushMs int64) (st uint8, msg string) {
	var buf [512]byte
	var n C.size_t
	r := C.vk_otel_init(strPtr(traces), C.size_t(len(traces)), C.int32_t(pct),
		strPtr(metrics), C.size_t(len(metrics)), C.int64_t(flushMs),
		(*C.uint8_t)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n)
	return uint8(r), string(buf[:n])
}

const (
	otelStatusAlready = uint8(C.VK_ERR_CONFIGURATION)
	spanKindClient    = uint8(C.VK_OTEL_SPAN_CLIENT)
	spanKindInternal  = uint8(C.VK_OTEL_SPAN_INTERNAL)
)

// spanParent is a new span's parent as the core takes it.
type spanParent struct {
	local   uint64
	remote  bool
	traceID [16]byte
	spanID  [8]byte
	flags   byte
	state   string
}

// cSpanStart starts a span; 0 when the core has no traces configured.
func cSpanStart(name string, kind uint8, p spanParent, query string, db int64) uint64 {
	// The parent struct holds a pointer to the tracestate's bytes: cgo lets memory
	// passed to C point at Go memory only when that memory is pinned.
	var pin runtime.Pinner
	defer pin.Unpin()
	var cp C.VkSpanParent
	switch {
	case p.remote:
		cp.kind = C.VK_OTEL_PARENT_REMOTE
		for i, b := range p.traceID {
			cp.trace_id[i] = C.uint8_t(b)
		}
		for i, b := range p.spanID {
			cp.span_id[i] = C.uint8_t(b)
		}
		cp.flags = C.uint8_t(p.flags)
		if len(p.state) > 0 {
			pin.Pin(unsafe.StringData(p.state))
		}
		cp.state = strPtr(p.state)
		cp.state_len = C.size_t(len(p.state))
	case p.local != 0:
		cp.kind = C.VK_OTEL_PARENT_LOCAL
		cp.local = C.uint64_t(p.local)
	}
	return uint64(C.vk_otel_span_start(strPtr(name), C.size_t(len(name)), C.uint8_t(kind), &cp,
		strPtr(query), C.size_t(len(query)), C.int64_t(db)))
}

// cLiveSpans counts the core's spans started and not ended.
func cLiveSpans() uint64 { return uint64(C.vk_otel_live_spans()) }

// cSpanEnd ends a span; failure is the error's kind (never its text).
func cSpanEnd(span uint64, failure string) {
	C.vk_otel_span_end(C.uint64_t(span), strPtr(failure), C.size_t(len(failure)))
}
