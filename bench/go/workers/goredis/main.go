// Command goredis is the benchmark worker for github.com/redis/go-redis/v9,
// both plain (-variant "") and through its AutoPipeline (-variant ap).
package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/valkite/valkite/bench/harness"
)

func main() { harness.WorkerMain("go-redis", connect) }

// commands is the part of go-redis's command surface the workloads use; the
// plain clients and the AutoPipeliner all provide it.
type commands interface {
	Set(ctx context.Context, key string, value any, expiration time.Duration) *redis.StatusCmd
	Get(ctx context.Context, key string) *redis.StringCmd
	MGet(ctx context.Context, keys ...string) *redis.SliceCmd
}

type client struct {
	cmd   commands
	close func()
}

func connect(ctx context.Context, t harness.Target, variant string) (harness.Client, error) {
	addrs := make([]string, 0, len(t.Addrs))
	for _, a := range t.Addrs {
		addrs = append(addrs, a.Host+":"+strconv.Itoa(a.Port))
	}
	var base interface {
		commands
		Ping(ctx context.Context) *redis.StatusCmd
		Close() error
	}
	var autopipe func() (*redis.AutoPipeliner, error)
	if t.Cluster {
		c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
		base, autopipe = c, c.AutoPipeline
	} else {
		c := redis.NewClient(&redis.Options{Addr: addrs[0]})
		base, autopipe = c, c.AutoPipeline
	}
	if err := base.Ping(ctx).Err(); err != nil {
		_ = base.Close()
		return nil, err
	}
	switch variant {
	case "":
		return client{cmd: base, close: func() { _ = base.Close() }}, nil
	case "ap":
		ap, err := autopipe()
		if err != nil {
			_ = base.Close()
			return nil, err
		}
		return client{cmd: ap, close: func() { _ = ap.Close(); _ = base.Close() }}, nil
	}
	return nil, fmt.Errorf("unknown variant %q", variant)
}

func (c client) Set(ctx context.Context, key, value string) error {
	s, err := c.cmd.Set(ctx, key, value, 0).Result()
	if err == nil && s != "OK" {
		err = fmt.Errorf("SET replied %q", s)
	}
	return err
}

func (c client) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := c.cmd.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (c client) MGet(ctx context.Context, keys []string, check func(int, string, bool)) error {
	vals, err := c.cmd.MGet(ctx, keys...).Result()
	if err != nil {
		return err
	}
	if len(vals) != len(keys) {
		return fmt.Errorf("MGET returned %d values for %d keys", len(vals), len(keys))
	}
	if check != nil {
		for i, v := range vals {
			s, ok := v.(string)
			check(i, s, ok)
		}
	}
	return nil
}

func (c client) Close() { c.close() }
