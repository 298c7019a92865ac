// Command bigvalue times one SET and one GET of a single large value through valkite
// on one client, as a new user would try it (issue 11): run it under `/usr/bin/time -v`
// for the peak RSS. The process itself holds two copies of the value (the one it sets
// and the one it gets back).
//
//	go run ./cmd/bigvalue -addr 127.0.0.1:6379 -mib 200
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "host:port")
	mib := flag.Int("mib", 200, "value size in MiB")
	rounds := flag.Int("rounds", 1, "SET/GET round trips")
	flag.Parse()
	host, p, _ := strings.Cut(*addr, ":")
	port, err := strconv.Atoi(p)
	if err != nil {
		fail(err)
	}
	c, err := valkite.NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: host, Port: port}).
		WithRequestTimeout(60 * time.Second))
	if err != nil {
		fail(err)
	}
	defer c.Close()
	b := make([]byte, *mib<<20)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	value := string(b)
	b = nil
	ctx := context.Background()
	for r := 0; r < *rounds; r++ {
		start := time.Now()
		if _, err := c.Set(ctx, "bigvalue", value); err != nil {
			fail(err)
		}
		set := time.Since(start)
		start = time.Now()
		got, err := c.Get(ctx, "bigvalue")
		if err != nil {
			fail(err)
		}
		get := time.Since(start)
		if got.Value() != value {
			fail(fmt.Errorf("GET returned %d bytes, not the value set", len(got.Value())))
		}
		fmt.Printf("valkite %d MiB: SET %v  GET %v\n", *mib, set.Round(time.Millisecond), get.Round(time.Millisecond))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
