package valkite

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/options"
)

// exampleClusterClient connects to the shared test cluster (3 shards, one replica
// each) through one of its nodes; the client learns the other nodes from it. In an
// application the seed is any node of your cluster, or several:
//
//	cfg := config.NewClusterClientConfiguration().
//		WithAddress(&config.NodeAddress{Host: "cache-1.internal", Port: 6379})
//	client, err := valkite.NewClusterClient(cfg)
//
// The generous request timeout keeps the examples steady on a busy test machine.
func exampleClusterClient() *ClusterClient {
	seed := sharedCluster.startForExample().Nodes[0]
	client, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second))
	if err != nil {
		panic(err)
	}
	return client
}

// A route says which nodes a command goes to. A single-node route (RandomRoute, a
// slot or key route) gives a single value; a multi-node route gives one value per
// node, keyed by the node's "host:port", unless the command's own tips say how to
// combine them.
func ExampleClusterClient_CustomCommandWithRoute() {
	client := exampleClusterClient()
	defer client.Close()
	ctx := context.Background()

	echo := []string{"ECHO", "hello"}
	random, _ := client.CustomCommandWithRoute(ctx, echo, config.RandomRoute)
	fmt.Println("random node:", random.IsSingleValue(), random.SingleValue())

	primaries, _ := client.CustomCommandWithRoute(ctx, echo, config.AllPrimaries)
	fmt.Println("all primaries:", primaries.IsMultiValue(), len(primaries.MultiValue()))
	for _, reply := range primaries.MultiValue() {
		fmt.Println("  ", reply)
	}

	nodes, _ := client.CustomCommandWithRoute(ctx, echo, config.AllNodes)
	fmt.Println("all nodes:", len(nodes.MultiValue()))

	// PING's tips say every node must succeed and any one reply stands for all.
	ping, _ := client.CustomCommandWithRoute(ctx, []string{"PING"}, config.AllNodes)
	fmt.Println("PING to all nodes:", ping.IsSingleValue(), ping.SingleValue())

	// CLUSTER COUNTKEYSINSLOT names no key, so nothing tells the client where to send
	// it: a key route sends it to the primary that owns the key's slot.
	key := "example:{routing}:user"
	slot, _ := client.ClusterKeySlot(ctx, key)
	count := []string{"CLUSTER", "COUNTKEYSINSLOT", strconv.FormatInt(slot, 10)}
	owner := config.NewSlotKeyRoute(config.SlotTypePrimary, key)

	before, _ := client.CustomCommandWithRoute(ctx, count, owner)
	_, _ = client.Set(ctx, key, "ann")
	after, _ := client.CustomCommandWithRoute(ctx, count, owner)
	fmt.Println("keys added to the slot:", after.SingleValue().(int64)-before.SingleValue().(int64))

	_, _ = client.Del(ctx, []string{key})
	// Output:
	// random node: true hello
	// all primaries: true 3
	//    hello
	//    hello
	//    hello
	// all nodes: 6
	// PING to all nodes: true PONG
	// keys added to the slot: 1
}

// INFO goes to every primary unless a route says otherwise; here every node answers,
// and each reply is that node's own text.
func ExampleClusterClient_InfoWithOptions() {
	client := exampleClusterClient()
	defer client.Close()
	ctx := context.Background()

	info, err := client.InfoWithOptions(ctx, options.ClusterInfoOptions{
		InfoOptions: &options.InfoOptions{Sections: []constants.Section{constants.Replication}},
		RouteOption: &options.RouteOption{Route: config.AllNodes},
	})
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	roles := map[string]int{}
	for _, text := range info.MultiValue() {
		for _, line := range strings.Split(text, "\r\n") {
			if role, ok := strings.CutPrefix(line, "role:"); ok {
				roles[role]++
			}
		}
	}
	fmt.Println("primaries:", roles["master"], "replicas:", roles["slave"])

	one, _ := client.InfoWithOptions(ctx, options.ClusterInfoOptions{
		InfoOptions: &options.InfoOptions{Sections: []constants.Section{constants.Server}},
		RouteOption: &options.RouteOption{Route: config.RandomRoute},
	})
	fmt.Println("one node:", one.IsSingleValue(), strings.Contains(one.SingleValue(), "tcp_port:"))
	// Output:
	// primaries: 3 replicas: 3
	// one node: true true
}

// Keys that share a hash tag ({...}) live in the same slot, so commands over several
// of them stay on one node.
func ExampleClusterClient_ClusterKeySlot() {
	client := exampleClusterClient()
	defer client.Close()
	ctx := context.Background()

	cart, _ := client.ClusterKeySlot(ctx, "{user:42}:cart")
	orders, _ := client.ClusterKeySlot(ctx, "{user:42}:orders")
	fmt.Println("same slot:", cart == orders)

	_, err := client.MSet(ctx, map[string]string{"{user:42}:cart": "3 items", "{user:42}:orders": "7"})
	fmt.Println("MSET error:", err)
	values, _ := client.MGet(ctx, []string{"{user:42}:cart", "{user:42}:orders"})
	fmt.Println(values[0].Value(), "/", values[1].Value())

	_, _ = client.Del(ctx, []string{"{user:42}:cart", "{user:42}:orders"})
	// Output:
	// same slot: true
	// MSET error: <nil>
	// 3 items / 7
}

// Connection management on a cluster: the client holds one connection per node, and a
// route picks which of them answer.
func ExampleClusterClient_ClientIdWithOptions() {
	client := exampleClusterClient()
	defer client.Close()
	ctx := context.Background()

	ids, _ := client.ClientIdWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
	fmt.Println("connections to primaries:", len(ids.MultiValue()))

	key := "example:{conn}:k"
	owner := options.RouteOption{Route: config.NewSlotKeyRoute(config.SlotTypePrimary, key)}
	first, _ := client.ClientIdWithOptions(ctx, owner)
	second, _ := client.ClientIdWithOptions(ctx, owner)
	fmt.Println("same connection each time:", first.SingleValue() == second.SingleValue())
	// Output:
	// connections to primaries: 3
	// same connection each time: true
}

// A script sent along a multi-node route runs on every node of it, and each node's
// result comes back under its address; the client loads the script where it is missing.
func ExampleClusterClient_InvokeScriptWithRoute() {
	client := exampleClusterClient()
	defer client.Close()
	ctx := context.Background()

	script := options.NewScript("return 'ready'")
	defer script.Close()
	replies, err := client.InvokeScriptWithRoute(ctx, *script, options.RouteOption{Route: config.AllPrimaries})
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	for _, reply := range replies.MultiValue() {
		fmt.Println(reply)
	}
	// Output:
	// ready
	// ready
	// ready
}
