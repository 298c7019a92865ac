package valkite

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"

	"github.com/valkite/valkite/go/internal/errs"
)

// The request side of tracing. A request reads otelPct once; at 0 (not initialised,
// or sampling off) nothing else happens. A sampled request gets a span started here
// (named by the command, with its masked query text), carries the span's id in its
// submission record so the core records the node that served it (and redirections
// and retries as events), and ends it when its outcome is known.

// sampled decides, for one request, whether it is traced.
func sampled() bool {
	p := otelPct.Load()
	return p > 0 && (p >= 100 || rand.IntN(100) < int(p))
}

// containers are the commands whose first argument names the operation, so their
// spans get two-word names (CLIENT LIST, CONFIG GET …).
var containers = map[string]bool{
	"ACL": true, "CLIENT": true, "CLUSTER": true, "COMMAND": true, "CONFIG": true,
	"DEBUG": true, "FUNCTION": true, "LATENCY": true, "MEMORY": true, "MODULE": true,
	"OBJECT": true, "PUBSUB": true, "SCRIPT": true, "SLOWLOG": true, "XGROUP": true,
	"XINFO": true,
}

// spanName is the operation's name: the command, or container and subcommand.
func spanName(args []string) (name string, words int) {
	if len(args) == 0 {
		return "", 0
	}
	first := strings.ToUpper(args[0])
	if containers[first] && len(args) > 1 {
		return first + " " + strings.ToUpper(args[1]), 2
	}
	return first, 1
}

// maskedQuery is the operation's name followed by one "?" per further argument: no
// key, value or password ever reaches a span.
func maskedQuery(name string, args []string, words int) string {
	n := len(args) - words
	if n <= 0 {
		return name
	}
	var b strings.Builder
	b.Grow(len(name) + 2*n)
	b.WriteString(name)
	for range n {
		b.WriteString(" ?")
	}
	return b.String()
}

// parentOf finds the parent of a request's span: the extractor's remote context
// first, then SpanFromContext's span.
func parentOf(ctx context.Context) spanParent {
	if ctx == nil {
		return spanParent{}
	}
	if p, ok := otel.remoteParent(ctx); ok {
		return p
	}
	return spanParent{local: otel.localParent(ctx)}
}

// startRequestSpan starts the span of one sampled command; 0 if none could be.
func startRequestSpan(ctx context.Context, c *core, args []string) uint64 {
	name, words := spanName(args)
	if name == "" {
		return 0
	}
	return cSpanStart(name, spanKindClient, parentOf(ctx), maskedQuery(name, args, words), c.database())
}

// startBatchSpan starts the span of a sampled batch.
func startBatchSpan(ctx context.Context, c *core, atomic bool) uint64 {
	q := "PIPELINE"
	if atomic {
		q = "MULTI"
	}
	return cSpanStart("Batch", spanKindClient, parentOf(ctx), q, c.database())
}

// endRequestSpan ends a request's span with the kind of its failure, if any.
func endRequestSpan(span uint64, err error) {
	cSpanEnd(span, failureKind(err))
}

// failureKind names an error's kind for a span's status; never the error's text,
// which may quote a value.
func failureKind(err error) string {
	if err == nil {
		return ""
	}
	var (
		re *errs.RequestError
		te *errs.TimeoutError
		ce *errs.ClosingError
		ee *errs.ConnectionError
	)
	switch {
	case errors.As(err, &te):
		return "timeout"
	case errors.As(err, &ce):
		return "closing"
	case errors.As(err, &ee):
		return "connection"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "cancelled"
	case errors.As(err, &re):
		return "server error"
	}
	return "error"
}
