// Command bigvalue times SET and GET of single large values on one client, as a new
// user would try it (issue 11), for valkite or valkey-go, and prints the process's peak
// RSS. The process holds two copies of each value (the one it sets and the one it gets
// back); run one process per client and size so the peaks do not mix.
//
//	go run ./cmd/bigvalue -addr 127.0.0.1:6379 -client valkite -mib 200 -rounds 3
//
// scripts/bigvalue.sh runs both clients over 1–200 MiB against a fresh server.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/valkey-io/valkey-go"

	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
)

// roundTripper is the one thing measured: SET then GET of one key.
type roundTripper interface {
	set(ctx context.Context, key, value string) error
	get(ctx context.Context, key string) (string, error)
	close()
}

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "host:port")
	client := flag.String("client", "valkite", "valkite or valkey-go")
	mib := flag.Int("mib", 200, "value size in MiB")
	rounds := flag.Int("rounds", 1, "SET/GET round trips")
	flag.Parse()
	host, p, _ := strings.Cut(*addr, ":")
	port, err := strconv.Atoi(p)
	if err != nil {
		fail(err)
	}
	var c roundTripper
	switch *client {
	case "valkite":
		c, err = newValkite(host, port)
	case "valkey-go":
		c, err = newValkeyGo(*addr)
	default:
		err = fmt.Errorf("unknown client %q (valkite or valkey-go)", *client)
	}
	if err != nil {
		fail(err)
	}
	defer c.close()
	b := make([]byte, *mib<<20)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	value := string(b)
	b = nil
	ctx := context.Background()
	key := "bigvalue:" + *client
	for r := 0; r < *rounds; r++ {
		start := time.Now()
		if err := c.set(ctx, key, value); err != nil {
			fail(err)
		}
		set := time.Since(start)
		start = time.Now()
		got, err := c.get(ctx, key)
		if err != nil {
			fail(err)
		}
		get := time.Since(start)
		if got != value {
			fail(fmt.Errorf("GET returned %d bytes, not the value set", len(got)))
		}
		got = ""
		fmt.Printf("%s %d MiB: SET %.3f s  GET %.3f s\n", *client, *mib, set.Seconds(), get.Seconds())
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("%s %d MiB: peak RSS %.0f MiB\n", *client, *mib, float64(ru.Maxrss)/1024)
	}
}

type valkiteClient struct{ c *valkite.Client }

func newValkite(host string, port int) (roundTripper, error) {
	c, err := valkite.NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: host, Port: port}).
		WithRequestTimeout(60 * time.Second))
	if err != nil {
		return nil, err
	}
	return valkiteClient{c}, nil
}

func (v valkiteClient) set(ctx context.Context, key, value string) error {
	_, err := v.c.Set(ctx, key, value)
	return err
}

func (v valkiteClient) get(ctx context.Context, key string) (string, error) {
	r, err := v.c.Get(ctx, key)
	return r.Value(), err
}

func (v valkiteClient) close() { v.c.Close() }

type valkeyGoClient struct{ c valkey.Client }

// newValkeyGo uses valkey-go's defaults, with a write timeout long enough for a value
// of hundreds of MiB.
func newValkeyGo(addr string) (roundTripper, error) {
	c, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{addr}, ForceSingleClient: true,
		ConnWriteTimeout: 60 * time.Second})
	if err != nil {
		return nil, err
	}
	return valkeyGoClient{c}, nil
}

func (v valkeyGoClient) set(ctx context.Context, key, value string) error {
	return v.c.Do(ctx, v.c.B().Set().Key(key).Value(value).Build()).Error()
}

func (v valkeyGoClient) get(ctx context.Context, key string) (string, error) {
	return v.c.Do(ctx, v.c.B().Get().Key(key).Build()).ToString()
}

func (v valkeyGoClient) close() { v.c.Close() }

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
