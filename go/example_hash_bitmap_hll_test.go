package valkite

import (
	"context"
	"fmt"
	"time"

	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// A session record as a hash whose one-time token expires on its own (field expiry,
// Valkey 9.0+), while the rest of the record stays.
func ExampleClient_HSetEx() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:session"

	_, _ = client.HSet(ctx, key, map[string]string{"user": "ada"})
	set, _ := client.HSetEx(ctx, key, map[string]string{"token": "t-123"},
		options.NewHSetExOptions().SetExpiry(options.NewExpiryIn(30*time.Minute)))
	fmt.Println("set:", set)

	ttl, _ := client.HTtl(ctx, key, []string{"user", "token", "missing"})
	fmt.Println("user TTL:", ttl[0], "token has TTL:", ttl[1] > 0, "missing:", ttl[2])

	values, _ := client.HMGet(ctx, key, []string{"user", "missing"})
	fmt.Println(values[0].Value(), values[1].IsNil())

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// set: 1
	// user TTL: -1 token has TTL: true missing: -2
	// ada true
}

// Counters packed into one string with BITFIELD: OVERFLOW FAIL turns an increment that
// would wrap into a nil result instead.
func ExampleClient_BitField() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	key := "example:counters"

	results, _ := client.BitField(ctx, key, []options.BitFieldSubCommands{
		options.NewBitFieldIncrBy(options.UnsignedInt, 8, 0, 250),
		options.NewBitFieldOverflow(options.FAIL),
		options.NewBitFieldIncrBy(options.UnsignedInt, 8, 0, 10),
		options.NewBitFieldIncrBy(options.UnsignedInt, 8, 8, 1),
	})
	for _, r := range results {
		fmt.Println(r)
	}

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// 250
	// <nil>
	// 1
}

// In a batch, a nullable reply is the plain value or nil, as in GLIDE's batches.
func ExampleClient_Exec_hashAndHyperLogLog() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	tx := pipeline.NewStandaloneBatch(true).
		HSet("example:h", map[string]string{"f": "v"}).
		HGet("example:h", "f").
		HGet("example:h", "missing").
		PfAdd("example:visitors", []string{"ada", "grace", "ada"}).
		PfCount([]string{"example:visitors"})
	results, err := client.Exec(ctx, *tx, false)
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	for _, r := range results {
		fmt.Printf("%T %v\n", r, r)
	}

	_, _ = client.Del(ctx, []string{"example:h", "example:visitors"})
	// Output:
	// int64 1
	// string v
	// <nil> <nil>
	// bool true
	// int64 2
}

// A HyperLogLog counts distinct elements in a few kilobytes, however many there are;
// counts are estimates, exact for small sets like these.
func ExampleClient_PfCount() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()
	monday, tuesday, week := "example:{visits}:mon", "example:{visits}:tue", "example:{visits}:week"

	_, _ = client.PfAdd(ctx, monday, []string{"ada", "grace", "ada"})
	_, _ = client.PfAdd(ctx, tuesday, []string{"grace", "linus"})
	n, _ := client.PfCount(ctx, []string{monday})
	fmt.Println("monday:", n)

	_, _ = client.PfMerge(ctx, week, []string{monday, tuesday})
	n, _ = client.PfCount(ctx, []string{week})
	fmt.Println("week:", n)

	_, _ = client.Del(ctx, []string{monday, tuesday, week})
	// Output:
	// monday: 2
	// week: 3
}
