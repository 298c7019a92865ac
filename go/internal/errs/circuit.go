package errs

// CircuitBreakerError: the client's circuit breaker is open after repeated failures;
// the request was refused without being sent.
type CircuitBreakerError struct{ Msg string }

func (e *CircuitBreakerError) Error() string { return e.Msg }
