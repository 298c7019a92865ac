// The cluster sample from the Valkey GLIDE Go GA announcement, with the import path
// changed to valkite (and the "context" import the announcement's listing leaves out).
// The seed node defaults to the sample's localhost:7010; -host and -port (or the
// VALKITE_HOST and VALKITE_PORT environment variables) point it at another one, which
// is how the tests run it against their own cluster.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	glide "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
)

func main() {
	// Specify the address of any single node in your cluster
	// This example connects to a local cluster node on port 7010
	host, port := seedAddress()

	// Connect to a Valkey cluster through any node
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: host, Port: port})

	client, err := glide.NewClusterClient(cfg)
	if err != nil {
		fmt.Println("There was an error: ", err)
		return
	}

	res, err := client.Ping(context.Background())
	if err != nil {
		fmt.Println("There was an error: ", err)
		return
	}
	fmt.Println(res) // PONG
	client.Close()
}

// seedAddress is the sample's localhost:7010 unless the environment or the command
// line says otherwise (flags win).
func seedAddress() (string, int) {
	defHost, defPort := "localhost", 7010
	if h := os.Getenv("VALKITE_HOST"); h != "" {
		defHost = h
	}
	if p, err := strconv.Atoi(os.Getenv("VALKITE_PORT")); err == nil {
		defPort = p
	}
	host := flag.String("host", defHost, "host of any cluster node")
	port := flag.Int("port", defPort, "port of that node")
	flag.Parse()
	return *host, *port
}
