package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A connection timeout below 1 ms means the default, as on GLIDE, with one warning per
// process; a request timeout below 1 ms is still refused.
func TestSubMillisecondConnectionTimeoutMeansDefault(t *testing.T) {
	var logged []string
	logSubMillis = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	subMillisWarned.Store(false)
	t.Cleanup(func() {
		logSubMillis = defaultLogSubMillis
		subMillisWarned.Store(false)
	})

	standalone := NewClientConfiguration().WithAdvancedConfiguration(
		NewAdvancedClientConfiguration().WithConnectionTimeout(500))
	s, err := standalone.ToSettings()
	if err != nil {
		t.Fatalf("500ns connection timeout: %v, want it accepted", err)
	}
	if s.ConnectionTimeout != 0 {
		t.Fatalf("500ns connection timeout became %v, want 0 (the default)", s.ConnectionTimeout)
	}
	cluster := NewClusterClientConfiguration().WithAdvancedConfiguration(
		NewAdvancedClusterClientConfiguration().WithConnectionTimeout(999 * time.Microsecond))
	if s, err := cluster.ToSettings(); err != nil || s.ConnectionTimeout != 0 {
		t.Fatalf("999µs cluster connection timeout: (%v, %v), want the default", s.ConnectionTimeout, err)
	}
	if len(logged) != 1 {
		t.Fatalf("warnings: %q, want exactly one per process", logged)
	}
	if !strings.Contains(logged[0], "500ns") || !strings.Contains(logged[0], "500 * time.Millisecond") {
		t.Fatalf("warning %q should name the value and the likely intent", logged[0])
	}

	// 1 ms and above are kept; negative values are still refused.
	if s, err := NewClientConfiguration().WithAdvancedConfiguration(
		NewAdvancedClientConfiguration().WithConnectionTimeout(time.Millisecond)).ToSettings(); err != nil ||
		s.ConnectionTimeout != time.Millisecond {
		t.Fatalf("1ms connection timeout: (%v, %v)", s.ConnectionTimeout, err)
	}
	if _, err := NewClientConfiguration().WithAdvancedConfiguration(
		NewAdvancedClientConfiguration().WithConnectionTimeout(-time.Millisecond)).ToSettings(); err == nil {
		t.Fatal("negative connection timeout accepted")
	}
	_, err = NewClientConfiguration().WithRequestTimeout(500).ToSettings()
	if err == nil || !strings.Contains(err.Error(), "500 * time.Millisecond") {
		t.Fatalf("500ns request timeout: %v, want it refused", err)
	}
	if len(logged) != 1 {
		t.Fatalf("warnings: %q, want still one", logged)
	}
}
