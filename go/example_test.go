package valkite

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// exampleClient connects to the shared test server, so the examples run (and their
// output is checked) with the tests. In an application the configuration names your
// server instead:
//
//	cfg := config.NewClientConfiguration().
//		WithAddress(&config.NodeAddress{Host: "localhost", Port: 6379})
//	client, err := valkite.NewClient(cfg)
func exampleClient() *Client {
	client, err := NewClient(config.NewClientConfiguration().WithAddress(exampleAddress()))
	if err != nil {
		panic(err)
	}
	return client
}

func ExampleClient_Set() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	ok, err := client.Set(ctx, "example:greeting", "hello")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(ok)

	value, _ := client.Get(ctx, "example:greeting")
	fmt.Println(value.Value())

	missing, _ := client.Get(ctx, "example:no-such-key")
	fmt.Println(missing.IsNil())

	_, _ = client.Del(ctx, []string{"example:greeting"})
	// Output:
	// OK
	// hello
	// true
}

func ExampleClient_SetWithOptions() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	// Take a lock only if nobody holds it, and let it expire on its own.
	lock := options.NewSetOptions().
		SetOnlyIfDoesNotExist().
		SetExpiry(options.NewExpiryIn(30 * time.Second))

	first, _ := client.SetWithOptions(ctx, "example:lock", "owner-1", *lock)
	second, _ := client.SetWithOptions(ctx, "example:lock", "owner-2", *lock)
	fmt.Println(first.Value(), second.IsNil())

	_, _ = client.Del(ctx, []string{"example:lock"})
	// Output:
	// OK true
}

func ExampleClient_MGet() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	_, _ = client.MSet(ctx, map[string]string{"example:a": "1", "example:b": "2"})
	values, _ := client.MGet(ctx, []string{"example:a", "example:missing", "example:b"})
	for _, v := range values {
		if v.IsNil() {
			fmt.Println("(nil)")
		} else {
			fmt.Println(v.Value())
		}
	}

	_, _ = client.Del(ctx, []string{"example:a", "example:b"})
	// Output:
	// 1
	// (nil)
	// 2
}

func ExampleClient_Expire() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	_, _ = client.Set(ctx, "example:session", "data")
	set, _ := client.Expire(ctx, "example:session", time.Minute)
	ttl, _ := client.TTL(ctx, "example:session")
	fmt.Println(set, ttl > 0 && ttl <= 60)

	_, _ = client.Del(ctx, []string{"example:session"})
	// Output:
	// true true
}

func ExampleClient_Scan() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	_, _ = client.MSet(ctx, map[string]string{"example:scan:1": "a", "example:scan:2": "b", "example:scan:3": "c"})

	// Iterate page by page until the server reports the end of the iteration.
	var keys []string
	opts := options.NewScanOptions().SetMatch("example:scan:*")
	for cursor := models.NewCursor(); !cursor.IsFinished(); {
		page, err := client.ScanWithOptions(ctx, cursor, *opts)
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		keys = append(keys, page.Data...)
		cursor = page.Cursor
	}
	sort.Strings(keys)
	fmt.Println(keys)

	_, _ = client.Del(ctx, keys)
	// Output:
	// [example:scan:1 example:scan:2 example:scan:3]
}

func ExampleClient_CustomCommand() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	_, _ = client.CustomCommand(ctx, []string{"HSET", "example:user", "name", "Ada"})
	reply, _ := client.CustomCommand(ctx, []string{"HGETALL", "example:user"})
	fields := reply.(map[string]any) // RESP3 maps arrive as map[string]any
	fmt.Println(fields["name"])

	_, _ = client.Del(ctx, []string{"example:user"})
	// Output:
	// Ada
}
