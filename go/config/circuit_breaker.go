package config

// ClientCircuitBreakerConfiguration stops sending requests for a while when
// too many of them fail, so a struggling server is not buried under retries.
// Zero fields take the default noted on each.
type ClientCircuitBreakerConfiguration struct {
	// WindowSizeMs is the sliding window the error rate is measured over
	// (default 10000).
	WindowSizeMs uint32
	// FailureRateThreshold is the error rate, in (0, 1], that opens the breaker
	// (default 0.5).
	FailureRateThreshold float32
	// MinErrors is how many errors the window needs before the rate counts
	// (default 50).
	MinErrors uint32
	// OpenTimeoutMs is how long the breaker stays open before letting a probe
	// through (default 5000).
	OpenTimeoutMs uint32
	// CountTimeouts makes timeouts count as errors (default false).
	CountTimeouts bool
	// ConsecutiveSuccesses is how many probes must succeed to close the breaker
	// again (default 3).
	ConsecutiveSuccesses uint32
}
