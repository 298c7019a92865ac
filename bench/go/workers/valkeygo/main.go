// Command valkeygo is the benchmark worker for github.com/valkey-io/valkey-go.
package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/valkite/valkite/bench/harness"
)

func main() { harness.WorkerMain("valkey-go", connect) }

type client struct{ c valkey.Client }

// connect uses valkey-go's defaults (auto-pipelining on); it discovers a
// cluster by itself, and ForceSingleClient skips that probe for standalone.
func connect(_ context.Context, t harness.Target, _ string) (harness.Client, error) {
	opt := valkey.ClientOption{ForceSingleClient: !t.Cluster}
	for _, a := range t.Addrs {
		opt.InitAddress = append(opt.InitAddress, a.Host+":"+strconv.Itoa(a.Port))
	}
	c, err := valkey.NewClient(opt)
	if err != nil {
		return nil, err
	}
	return client{c}, nil
}

func (k client) Set(ctx context.Context, key, value string) error {
	s, err := k.c.Do(ctx, k.c.B().Set().Key(key).Value(value).Build()).ToString()
	if err == nil && s != "OK" {
		err = fmt.Errorf("SET replied %q", s)
	}
	return err
}

func (k client) Get(ctx context.Context, key string) (string, bool, error) {
	v, err := k.c.Do(ctx, k.c.B().Get().Key(key).Build()).ToString()
	if valkey.IsValkeyNil(err) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (k client) MGet(ctx context.Context, keys []string, check func(int, string, bool)) error {
	arr, err := k.c.Do(ctx, k.c.B().Mget().Key(keys...).Build()).ToArray()
	if err != nil {
		return err
	}
	if len(arr) != len(keys) {
		return fmt.Errorf("MGET returned %d values for %d keys", len(arr), len(keys))
	}
	if check != nil {
		for i := range arr {
			v, err := arr[i].ToString()
			check(i, v, err == nil)
		}
	}
	return nil
}

func (k client) Close() { k.c.Close() }

// BLPop: valkey-go sends blocking commands over connections of its own pool.
func (k client) BLPop(ctx context.Context, key string, timeout time.Duration) error {
	err := k.c.Do(ctx, k.c.B().Blpop().Key(key).Timeout(timeout.Seconds()).Build()).Error()
	if valkey.IsValkeyNil(err) {
		return nil
	}
	return err
}
