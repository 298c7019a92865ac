package valkite

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/options"
)

// Connection management: every request of a client shares one connection per server,
// so CLIENT ID answers the same for all of them.
func ExampleClient_PingWithOptions() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	reply, _ := client.PingWithOptions(ctx, options.PingOptions{Message: "are you there?"})
	fmt.Println(reply)

	first, _ := client.ClientId(ctx)
	second, _ := client.ClientId(ctx)
	fmt.Println("one connection:", first == second)
	// Output:
	// are you there?
	// one connection: true
}

// Select switches the client to another database; the client remembers it, so a
// connection it makes after a reconnect selects the same one.
func ExampleClient_Select() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	_, _ = client.Select(ctx, 4)
	_, _ = client.Set(ctx, "example:db", "in database 4")

	_, _ = client.Select(ctx, 0)
	n, _ := client.Exists(ctx, []string{"example:db"})
	fmt.Println("in database 0:", n)

	_, _ = client.Select(ctx, 4)
	value, _ := client.Get(ctx, "example:db")
	fmt.Println(value.Value())

	_, _ = client.Del(ctx, []string{"example:db"})
	// Output:
	// in database 0: 0
	// in database 4
}

// Server management: read and change configuration at run time, and read INFO
// sections.
func ExampleClient_ConfigSet() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	before, _ := client.ConfigGet(ctx, []string{"maxmemory-policy"})
	_, _ = client.ConfigSet(ctx, map[string]string{"maxmemory-policy": "allkeys-lru"})
	now, _ := client.ConfigGet(ctx, []string{"maxmemory-policy"})
	fmt.Println("policy:", now["maxmemory-policy"])
	_, _ = client.ConfigSet(ctx, before)

	info, _ := client.InfoWithOptions(ctx, options.InfoOptions{Sections: []constants.Section{constants.Server}})
	port := exampleAddress().Port
	fmt.Println("INFO names our port:", strings.Contains(info, "\r\ntcp_port:"+strconv.Itoa(port)+"\r\n"))
	// Output:
	// policy: allkeys-lru
	// INFO names our port: true
}
