package valkite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/valkite/valkite/go/config"
)

// These examples run against the shared test server (started on first use, on a free
// port), so their output is checked with the tests. In an application the address is
// your server's, e.g. &config.NodeAddress{Host: "localhost", Port: 6379}.

// exampleAddress is the shared test server's address.
func exampleAddress() *config.NodeAddress {
	s := sharedValkey.startForExample()
	return &config.NodeAddress{Host: s.Host, Port: s.Port}
}

// The announcement's standalone sample: connect, ping, store and read a value.
func ExampleNewClient() {
	cfg := config.NewClientConfiguration().
		WithAddress(exampleAddress())

	client, err := NewClient(cfg)
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	defer client.Close()

	result, err := client.Ping(context.Background())
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	fmt.Println(result)

	_, _ = client.Set(context.Background(), "example:hello", "valkey")
	value, _ := client.Get(context.Background(), "example:hello")
	fmt.Println(value.Value())

	_, _ = client.Del(context.Background(), []string{"example:hello"})
	// Output:
	// PONG
	// valkey
}

// Timeouts are time.Duration values; the reconnect strategy, database, client name
// and connection timeout apply to every connection the client makes, including the
// ones it makes by itself after a connection was lost.
func ExampleNewClient_options() {
	cfg := config.NewClientConfiguration().
		WithAddress(exampleAddress()).
		WithRequestTimeout(500 * time.Millisecond).
		WithReconnectStrategy(config.NewBackoffStrategy(5, 10, 2)).
		WithDatabaseId(3).
		WithClientName("inventory-service").
		WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().
			WithConnectionTimeout(time.Second))

	client, err := NewClient(cfg)
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	defer client.Close()

	name, _ := client.ClientGetName(context.Background())
	fmt.Println(name.Value())
	// Output:
	// inventory-service
}

// A bare number is nanoseconds: WithRequestTimeout(500) would time every request out,
// so NewClient refuses it with a *ConfigurationError that says what was probably meant.
func ExampleNewClient_timeoutUnits() {
	cfg := config.NewClientConfiguration().
		WithAddress(exampleAddress()).
		WithRequestTimeout(500)

	_, err := NewClient(cfg)
	var configErr *ConfigurationError
	fmt.Println(errors.As(err, &configErr))
	fmt.Println(err)
	// Output:
	// true
	// request timeout 500ns is below 1ms; did you mean 500 * time.Millisecond?
}

// A context bounds one call: when it ends first, the call returns the context's
// error and the connection stays usable.
func ExampleClient_CustomCommand_contextDeadline() {
	client, err := NewClient(config.NewClientConfiguration().WithAddress(exampleAddress()))
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	defer client.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	// BLPOP on an empty list waits (here up to 0.1 s) for an element to arrive.
	_, err = client.CustomCommand(ctx, []string{"BLPOP", "example:empty-list", "0.1"})
	fmt.Println(errors.Is(err, context.DeadlineExceeded))

	echo, _ := client.Echo(context.Background(), "still in sync")
	fmt.Println(echo.Value())
	// Output:
	// true
	// still in sync
}

// After Close, every call returns a *ClosingError.
func ExampleClient_Close() {
	client, err := NewClient(config.NewClientConfiguration().WithAddress(exampleAddress()))
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	client.Close()

	_, err = client.Get(context.Background(), "example:key")
	var closing *ClosingError
	fmt.Println(errors.As(err, &closing))
	// Output:
	// true
}
