// The standalone sample from the Valkey GLIDE Go GA announcement, with the import path
// changed to valkite (and the "context" import the announcement's listing leaves out).
// It expects a server on localhost:6379: scripts/demo.sh starts one.
package main

import (
	"context"
	"fmt"

	glide "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
)

func main() {
	// Connect to a standalone Valkey server
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: "localhost", Port: 6379})

	client, err := glide.NewClient(cfg)
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	defer client.Close()

	// Test the connection
	result, err := client.Ping(context.Background())
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	fmt.Println(result) // PONG

	// Store and retrieve a value
	client.Set(context.Background(), "hello", "valkey")
	value, _ := client.Get(context.Background(), "hello")
	fmt.Println(value) // valkey
}
