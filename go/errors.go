package valkite

import "github.com/valkite/valkite/go/internal/errs"

// The error types are defined in an internal package (so that command decoders and
// batches can build them without an import cycle) and re-exported here as aliases:
// errors.As(err, new(*valkite.TimeoutError)) works as it does with GLIDE.
type (
	// ConnectionError: the connection could not be made, or was lost with the request on it.
	ConnectionError = errs.ConnectionError
	// TimeoutError: the request timeout elapsed before the reply arrived.
	TimeoutError = errs.TimeoutError
	// DisconnectError: the client is between connections and did not send the request.
	DisconnectError = errs.DisconnectError
	// ExecAbortError: the server aborted a transaction.
	ExecAbortError = errs.ExecAbortError
	// ClosingError: the client is closed.
	ClosingError = errs.ClosingError
	// ConfigurationError: the configuration was rejected before any connection was made.
	ConfigurationError = errs.ConfigurationError
	// BatchError: a batch could not run as built, or raiseOnError surfaced its failures.
	BatchError = errs.BatchError
	// RequestError: the server answered with an error; Error() is its message verbatim.
	RequestError = errs.RequestError
)

// NewConnectionError builds a *ConnectionError (GLIDE offers the same constructors).
func NewConnectionError(message string) *ConnectionError { return &ConnectionError{Msg: message} }

// NewTimeoutError builds a *TimeoutError.
func NewTimeoutError(message string) *TimeoutError { return &TimeoutError{Msg: message} }

// NewDisconnectError builds a *DisconnectError.
func NewDisconnectError(message string) *DisconnectError { return &DisconnectError{Msg: message} }

// NewExecAbortError builds an *ExecAbortError.
func NewExecAbortError(message string) *ExecAbortError { return &ExecAbortError{Msg: message} }

// NewClosingError builds a *ClosingError.
func NewClosingError(message string) *ClosingError { return &ClosingError{Msg: message} }

// NewConfigurationError builds a *ConfigurationError.
func NewConfigurationError(message string) *ConfigurationError {
	return &ConfigurationError{Msg: message}
}

// IsError returns val as an error when it is one: batch results with
// raiseOnError=false carry failed commands' errors in their slots.
func IsError(val any) error {
	if err, ok := val.(error); ok {
		return err
	}
	return nil
}
