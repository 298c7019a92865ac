// Command glide is the benchmark worker for Valkey GLIDE's Go client v2.
package main

import (
	"context"
	"fmt"
	"time"

	glide "github.com/valkey-io/valkey-glide/go/v2"
	"github.com/valkey-io/valkey-glide/go/v2/config"
	"github.com/valkey-io/valkey-glide/go/v2/models"

	"github.com/valkite/valkite/bench/harness"
)

func main() { harness.WorkerMain("GLIDE", connect) }

// commands is what both GLIDE client types offer for these workloads.
type commands interface {
	Set(ctx context.Context, key, value string) (string, error)
	Get(ctx context.Context, key string) (models.Result[string], error)
	MGet(ctx context.Context, keys []string) ([]models.Result[string], error)
	BLPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error)
	Close()
}

type client struct{ c commands }

func connect(_ context.Context, t harness.Target, _ string) (harness.Client, error) {
	if t.Cluster {
		cfg := config.NewClusterClientConfiguration()
		for _, a := range t.Addrs {
			cfg.WithAddress(&config.NodeAddress{Host: a.Host, Port: a.Port})
		}
		c, err := glide.NewClusterClient(cfg)
		if err != nil {
			return nil, err
		}
		return client{c}, nil
	}
	cfg := config.NewClientConfiguration()
	for _, a := range t.Addrs {
		cfg.WithAddress(&config.NodeAddress{Host: a.Host, Port: a.Port})
	}
	c, err := glide.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	return client{c}, nil
}

func (g client) Set(ctx context.Context, key, value string) error {
	s, err := g.c.Set(ctx, key, value)
	if err == nil && s != "OK" {
		err = fmt.Errorf("SET replied %q", s)
	}
	return err
}

func (g client) Get(ctx context.Context, key string) (string, bool, error) {
	r, err := g.c.Get(ctx, key)
	if err != nil {
		return "", false, err
	}
	return r.Value(), !r.IsNil(), nil
}

func (g client) MGet(ctx context.Context, keys []string, check func(int, string, bool)) error {
	rs, err := g.c.MGet(ctx, keys)
	if err != nil {
		return err
	}
	if len(rs) != len(keys) {
		return fmt.Errorf("MGET returned %d values for %d keys", len(rs), len(keys))
	}
	if check != nil {
		for i, r := range rs {
			check(i, r.Value(), !r.IsNil())
		}
	}
	return nil
}

func (g client) Close() { g.c.Close() }

func (g client) BLPop(ctx context.Context, key string, timeout time.Duration) error {
	_, err := g.c.BLPop(ctx, []string{key}, timeout)
	return err
}
