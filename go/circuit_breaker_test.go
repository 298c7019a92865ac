package valkite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// The breaker opens on a stopped server, refuses requests at once without sending
// them, and closes again once the server is back and a probe succeeds.
func TestCircuitBreaker(t *testing.T) {
	s := testserver.StartValkey(t)
	c := openClient(t, cfgFor(s).
		WithReconnectStrategy(config.NewBackoffStrategy(2, 20, 2)).
		WithClientCircuitBreaker(&config.ClientCircuitBreakerConfiguration{
			MinErrors:            3,
			FailureRateThreshold: 0.5,
			OpenTimeoutMs:        1500,
			ConsecutiveSuccesses: 1,
		}))
	ctx := context.Background()
	key := testKey(t, "k")
	if _, err := c.Set(ctx, key, "v"); err != nil {
		t.Fatalf("Set: %v", err)
	}

	s.Stop()
	var cbe *CircuitBreakerError
	for i := 0; i < 20 && !errors.As(func() error { _, err := c.Get(ctx, key); return err }(), &cbe); i++ {
	}
	if cbe == nil {
		t.Fatal("the breaker never opened while the server was down")
	}

	s.Restart(t)
	start := time.Now()
	_, err := c.Get(ctx, key)
	if !errors.As(err, &cbe) {
		t.Fatalf("Get right after the restart: want a CircuitBreakerError while open, got %v", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Fatalf("a refused request took %v", d)
	}
	if stat := s.Info(t, "commandstats")["cmdstat_get"]; stat != "" {
		t.Fatalf("a refused GET reached the server: %s", stat)
	}

	waitFor(t, "the breaker to close", func() bool {
		_, err := c.Set(ctx, key, "again")
		return err == nil
	})
	if v, err := c.Get(ctx, key); err != nil || v.Value() != "again" {
		t.Fatalf("Get after recovery = %v, %v", v, err)
	}
}
