package valkite

import (
	"errors"
	"testing"
)

func TestRootValues(t *testing.T) {
	if OK != "OK" {
		t.Fatalf("OK = %q", OK)
	}
	inner := []error{errors.New("first"), &RequestError{Msg: "ERR second"}}
	be := NewBatchError(inner)
	var target *RequestError
	if !errors.As(be, &target) || target.Msg != "ERR second" {
		t.Fatalf("errors.As through NewBatchError: %v", be)
	}
	if got, want := ErrorsToString(inner), "- first\n- ERR second\n"; got != want {
		t.Fatalf("ErrorsToString = %q, want %q", got, want)
	}
	if got := ErrorsToString(nil); got != "" {
		t.Fatalf("ErrorsToString(nil) = %q", got)
	}
	var cbe error = &CircuitBreakerError{Msg: "open"}
	var asCB *CircuitBreakerError
	if !errors.As(cbe, &asCB) || cbe.Error() != "open" {
		t.Fatalf("CircuitBreakerError: %v", cbe)
	}
}
