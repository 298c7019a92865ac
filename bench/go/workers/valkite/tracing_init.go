package main

import valkite "github.com/valkite/valkite/go"

// initTracing initialises valkite's process-wide OpenTelemetry tracing with
// the defaults a user gets (flush interval 5 s, the SDK's batch queue).
func initTracing(endpoint string, samplePercentage int32) error {
	return valkite.GetOtelInstance().Init(valkite.OpenTelemetryConfig{
		Traces: &valkite.OpenTelemetryTracesConfig{Endpoint: endpoint, SamplePercentage: samplePercentage},
	})
}
