package valkite

import (
	"time"

	"github.com/valkite/valkite/go/internal/errs"
)

// CircuitBreakerError is returned, at once and without anything sent, while the
// circuit breaker set with WithClientCircuitBreaker is open.
type CircuitBreakerError = errs.CircuitBreakerError

// NewCircuitBreakerError builds a *CircuitBreakerError.
func NewCircuitBreakerError(message string) *CircuitBreakerError {
	return &CircuitBreakerError{Msg: message}
}

// circuitBreakerStatusError maps the breaker's status; ok is false for other statuses.
func circuitBreakerStatusError(st uint8, msg []byte) (error, bool) {
	if st != statusCircuitOpen {
		return nil, false
	}
	return &errs.CircuitBreakerError{Msg: string(msg)}, true
}

// breakerMillis converts a breaker duration for the C ABI (0 = default).
func breakerMillis(d time.Duration) uint32 { return uint32(d / time.Millisecond) }
