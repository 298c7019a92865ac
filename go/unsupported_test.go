package valkite

import (
	"errors"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
)

// Options the core does not implement must fail construction, not be ignored.
func TestUnsupportedOptionsAreRejected(t *testing.T) {
	cases := map[string]*config.ClientConfiguration{
		"compression":       config.NewClientConfiguration().WithCompressionConfiguration(config.NewCompressionConfiguration()),
		"client-side cache": config.NewClientConfiguration().WithClientSideCache(mustCache(t)),
	}
	for want, cfg := range cases {
		_, err := NewClient(cfg.WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 1}))
		var ce *ConfigurationError
		if !errors.As(err, &ce) || !strings.Contains(ce.Error(), want) {
			t.Errorf("%s: want a ConfigurationError naming it, got %v", want, err)
		}
	}
}

func mustCache(t *testing.T) *config.ClientSideCache {
	c, err := config.NewClientSideCache(1024, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestInflightRequestsLimitIsValidatedAndApplied(t *testing.T) {
	_, err := NewClient(config.NewClientConfiguration().WithInflightRequestsLimit(-1))
	var ce *ConfigurationError
	if !errors.As(err, &ce) {
		t.Fatalf("negative limit: want ConfigurationError, got %v", err)
	}
	s, err := config.NewClientConfiguration().WithInflightRequestsLimit(7).ToSettings()
	if err != nil || s.InflightLimit != 7 {
		t.Fatalf("limit not carried: %v %+v", err, s)
	}
}
