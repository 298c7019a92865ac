package valkite

import (
	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/errs"
)

// Client is a client for a standalone Valkey server (a primary, optionally with
// replicas). It is safe for concurrent use by any number of goroutines: they share one
// multiplexed connection per server.
type Client struct {
	baseClient
}

// NewClient validates the configuration, connects (unless lazy connect is set) and
// returns a ready client. An invalid configuration returns a *ConfigurationError before
// any connection is attempted.
func NewClient(cfg *config.ClientConfiguration) (*Client, error) {
	if cfg == nil {
		return nil, &errs.ConfigurationError{Msg: "configuration is nil"}
	}
	s, err := cfg.ToSettings()
	if err != nil {
		return nil, &errs.ConfigurationError{Msg: err.Error()}
	}
	if err := checkSupported(s); err != nil {
		return nil, err
	}
	c, err := newCore(s)
	if err != nil {
		return nil, err
	}
	cl := &Client{baseClient{core: c, settings: s}}
	var sub *config.BaseSubscriptionConfig
	if sc := cfg.GetSubscription(); sc != nil {
		sub = sc.BaseSubscriptionConfig
	}
	if err := cl.initPubSub(s, sub); err != nil {
		cl.Close()
		return nil, err
	}
	return cl, nil
}

// Close closes the client's connections. Requests still pending complete with a
// *ClosingError, as do later calls. Close is idempotent.
func (b *baseClient) Close() {
	if b.ps != nil {
		b.ps.close()
	}
	if b.core != nil {
		b.core.close()
	}
	b.side.close()
}
