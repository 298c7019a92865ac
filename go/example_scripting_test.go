package valkite

import (
	"context"
	"fmt"

	"github.com/valkite/valkite/go/options"
)

// A script invoked by its digest: the first call loads it on the server, and a
// SCRIPT FLUSH later costs one reload, not an error.
func ExampleClient_InvokeScriptWithOptions() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	// Increments a counter and returns it with the caller's label.
	script := options.NewScript("local n = redis.call('INCRBY', KEYS[1], ARGV[1]) return {ARGV[2], n}")
	defer script.Close()
	key := "example:script-counter"
	_, _ = client.Del(ctx, []string{key})

	opts := options.NewScriptOptions().WithKeys([]string{key}).WithArgs([]string{"5", "total"})
	got, err := client.InvokeScriptWithOptions(ctx, *script, *opts)
	fmt.Println(got, err)
	_, _ = client.ScriptFlush(ctx) // the server forgets every script...
	got, err = client.InvokeScriptWithOptions(ctx, *script, *opts)
	fmt.Println(got, err) // ...and the client loads this one again

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// [total 5] <nil>
	// [total 10] <nil>
}

// A function library: loaded once, called by name.
func ExampleClient_FCallWithKeysAndArgs() {
	client := exampleClient()
	defer client.Close()
	ctx := context.Background()

	lib := "#!lua name=examplelib\n" +
		"redis.register_function('example_greet', function(keys, args) return 'hello ' .. args[1] end)"
	name, err := client.FunctionLoad(ctx, lib, true)
	fmt.Println(name, err)
	got, err := client.FCallWithKeysAndArgs(ctx, "example_greet", nil, []string{"world"})
	fmt.Println(got, err)
	_, _ = client.FunctionDelete(ctx, "examplelib")
	// Output:
	// examplelib <nil>
	// hello world <nil>
}
