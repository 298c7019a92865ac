package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// startTracing initialises OpenTelemetry tracing for the variants "otel0",
// "otel1" and "otel100" (the number is the sample percentage), exporting to
// the endpoint in VALKITE_BENCH_OTLP, which the orchestrator sets to the
// Jaeger it started. Any other variant leaves tracing uninitialised, which is
// the baseline the variants are compared with.
func startTracing(variant string) error {
	rest, ok := strings.CutPrefix(variant, "otel")
	if !ok {
		return nil
	}
	pct, err := strconv.Atoi(rest)
	if err != nil || pct < 0 || pct > 100 {
		return fmt.Errorf("variant %q: want otel<percentage 0-100>", variant)
	}
	endpoint := os.Getenv("VALKITE_BENCH_OTLP")
	if endpoint == "" {
		return fmt.Errorf("variant %q needs VALKITE_BENCH_OTLP (an OTLP endpoint such as grpc://127.0.0.1:4317)", variant)
	}
	return initTracing(endpoint, int32(pct))
}
