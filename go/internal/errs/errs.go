// Package errs defines valkite's error types. The root package re-exports them as
// type aliases so that errors.As works on the names users import, while internal
// packages (command decoders, batches) can produce them without an import cycle.
package errs

import "strings"

// ConnectionError: the connection could not be made or was lost with the request on it.
type ConnectionError struct{ Msg string }

func (e *ConnectionError) Error() string { return e.Msg }

// TimeoutError: the request timeout elapsed before the reply arrived.
type TimeoutError struct{ Msg string }

func (e *TimeoutError) Error() string { return e.Msg }

// DisconnectError: the client is between connections; the request was not sent.
type DisconnectError struct{ Msg string }

func (e *DisconnectError) Error() string { return e.Msg }

// ExecAbortError: a transaction was aborted by the server (EXECABORT).
type ExecAbortError struct{ Msg string }

func (e *ExecAbortError) Error() string { return e.Msg }

// ClosingError: the client was closed, before or while the request was pending.
type ClosingError struct{ Msg string }

func (e *ClosingError) Error() string { return e.Msg }

// ConfigurationError: the configuration was rejected before any connection was made.
type ConfigurationError struct{ Msg string }

func (e *ConfigurationError) Error() string { return e.Msg }

// BatchError: a batch could not be executed as built (an argument error recorded
// while queueing), or raiseOnError surfaced the errors of its commands.
type BatchError struct{ Errors []error }

func (e *BatchError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, err := range e.Errors {
		parts[i] = err.Error()
	}
	return "batch error: " + strings.Join(parts, "; ")
}

// Unwrap lets errors.Is/As look inside a BatchError.
func (e *BatchError) Unwrap() []error { return e.Errors }

// RequestError is an error reply from the server ("-ERR …", "-WRONGTYPE …").
// Error() is the server's message verbatim, as GLIDE returns it.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string { return e.Msg }

// Code is the error prefix the server chose (ERR, WRONGTYPE, MOVED, NOSCRIPT …).
func (e *RequestError) Code() string {
	if i := strings.IndexByte(e.Msg, ' '); i > 0 {
		return e.Msg[:i]
	}
	return e.Msg
}

// ProtocolError: the reply could not be decoded as the command's result type.
type ProtocolError struct{ Msg string }

func (e *ProtocolError) Error() string { return e.Msg }
