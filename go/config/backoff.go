package config

// BackoffStrategy spaces out reconnection attempts. Attempt n waits a random
// time up to factor × exponentBase^n milliseconds, with n capped at
// numOfRetries: past that the wait stops growing, but attempts never stop.
// Randomising the wait keeps many clients from reconnecting in lockstep after a
// shared outage.
type BackoffStrategy struct {
	numOfRetries  int
	factor        int // milliseconds
	exponentBase  int
	jitterPercent *int
}

// NewBackoffStrategy returns a strategy with the given growth parameters and
// the default jitter.
func NewBackoffStrategy(numOfRetries int, factor int, exponentBase int) *BackoffStrategy {
	return &BackoffStrategy{numOfRetries: numOfRetries, factor: factor, exponentBase: exponentBase}
}

// WithJitterPercent sets how far (in percent, 0 to 100) each wait may be
// randomised.
func (strategy *BackoffStrategy) WithJitterPercent(jitter int) *BackoffStrategy {
	strategy.jitterPercent = &jitter
	return strategy
}
