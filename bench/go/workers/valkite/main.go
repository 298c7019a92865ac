// Command valkite is the benchmark worker for valkite itself, driven through
// the same GLIDE-shaped API as the GLIDE worker.
package main

import (
	"context"
	"fmt"
	"time"

	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"

	"github.com/valkite/valkite/bench/harness"
)

func main() { harness.WorkerMain("valkite", connect) }

// commands is what both valkite client types offer for these workloads.
type commands interface {
	Set(ctx context.Context, key, value string) (string, error)
	Get(ctx context.Context, key string) (models.Result[string], error)
	MGet(ctx context.Context, keys []string) ([]models.Result[string], error)
	BLPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error)
	Close()
}

type client struct{ c commands }

func connect(_ context.Context, t harness.Target, variant string) (harness.Client, error) {
	if err := startTracing(variant); err != nil {
		return nil, err
	}
	if t.Cluster {
		c, err := connectCluster(t)
		if err != nil {
			return nil, err
		}
		return client{c}, nil
	}
	cfg := config.NewClientConfiguration()
	for _, a := range t.Addrs {
		cfg.WithAddress(&config.NodeAddress{Host: a.Host, Port: a.Port})
	}
	if t.Callers > 1000-8 { // the default cap (1000) would refuse requests
		cfg.WithInflightRequestsLimit(t.Callers + 64)
	}
	c, err := valkite.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	return client{c}, nil
}

func (v client) Set(ctx context.Context, key, value string) error {
	s, err := v.c.Set(ctx, key, value)
	if err == nil && s != "OK" {
		err = fmt.Errorf("SET replied %q", s)
	}
	return err
}

func (v client) Get(ctx context.Context, key string) (string, bool, error) {
	r, err := v.c.Get(ctx, key)
	if err != nil {
		return "", false, err
	}
	return r.Value(), !r.IsNil(), nil
}

func (v client) MGet(ctx context.Context, keys []string, check func(int, string, bool)) error {
	rs, err := v.c.MGet(ctx, keys)
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

func (v client) Close() { v.c.Close() }

func (v client) BLPop(ctx context.Context, key string, timeout time.Duration) error {
	_, err := v.c.BLPop(ctx, []string{key}, timeout)
	return err
}
