package valkite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
)

// GLIDE code that passes a bare integer as the connection timeout (500 ns, meant as
// milliseconds) connects with the default timeout instead of failing at NewClient; the
// same mistake on the request timeout, which on GLIDE would time every request out, is
// still refused.
func TestNewClientSubMillisecondTimeouts(t *testing.T) {
	s := sharedValkey.get(t)
	addr := &config.NodeAddress{Host: s.Host, Port: s.Port}

	cfg := config.NewClientConfiguration().WithAddress(addr).
		WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().WithConnectionTimeout(500))
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient with a 500ns connection timeout: %v, want it to connect", err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if pong, err := c.Ping(ctx); err != nil || pong != "PONG" {
		t.Fatalf("Ping on that client: (%q, %v)", pong, err)
	}

	bad := config.NewClientConfiguration().WithAddress(addr).WithRequestTimeout(500)
	rc, err := NewClient(bad)
	var ce *ConfigurationError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "500 * time.Millisecond") {
		if rc != nil {
			rc.Close()
		}
		t.Fatalf("NewClient with a 500ns request timeout: %v, want a *ConfigurationError suggesting 500 * time.Millisecond", err)
	}
}
