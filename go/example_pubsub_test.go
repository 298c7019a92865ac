package valkite

import (
	"context"
	"fmt"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"
)

// awaitMessage waits for the next message of queue, or gives up after a few seconds
// so that a lost message fails the example instead of hanging it.
func awaitMessage(queue *PubSubMessageQueue) *models.PubSubMessage {
	select {
	case m := <-queue.WaitForMessage():
		return m
	case <-time.After(5 * time.Second):
		return models.NewPubSubMessage("(no message within 5s)", "")
	}
}

// Subscribe returns once the server confirmed the subscription, so a message
// published after it returns is delivered. Without a callback in the configuration,
// messages wait in the client's queue until they are read.
func ExampleClient_Subscribe() {
	subscriber := exampleClient()
	defer subscriber.Close()
	publisher := exampleClient()
	defer publisher.Close()
	ctx := context.Background()

	queue, err := subscriber.GetQueue()
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	if err := subscriber.Subscribe(ctx, []string{"example:news"}, 5000); err != nil {
		fmt.Println("Error:", err)
		return
	}

	counts, _ := publisher.PubSubNumSub(ctx, "example:news")
	fmt.Println("subscribers:", counts)
	receivers, _ := publisher.Publish(ctx, "example:news", "valkite 0.1 is out")
	fmt.Println("subscribers reached:", receivers)

	m := awaitMessage(queue)
	fmt.Printf("%s: %s\n", m.Channel, m.Message)

	_ = subscriber.Unsubscribe(ctx, []string{"example:news"}, 5000)
	// Output:
	// subscribers: map[example:news:1]
	// subscribers reached: 1
	// example:news: valkite 0.1 is out
}

// Subscriptions in the configuration are in place when NewClient returns, and are
// renewed by the client after every reconnect. With a callback, each message is handed
// to it, in the order the server sent them; a pattern subscription's messages also
// carry the pattern that matched.
func ExampleNewClient_pubSubCallback() {
	received := make(chan *models.PubSubMessage, 10)
	subscriptions := config.NewStandaloneSubscriptionConfig().
		WithSubscription(config.PatternChannelMode, "example:orders.*").
		WithCallback(func(m *models.PubSubMessage, _ any) { received <- m }, nil)

	subscriber, err := NewClient(config.NewClientConfiguration().
		WithAddress(exampleAddress()).
		WithSubscriptionConfig(subscriptions))
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	defer subscriber.Close()
	publisher := exampleClient()
	defer publisher.Close()
	ctx := context.Background()

	_, _ = publisher.Publish(ctx, "example:orders.eu", "order 1001")
	_, _ = publisher.Publish(ctx, "example:orders.us", "order 1002")
	for range 2 {
		select {
		case m := <-received:
			fmt.Printf("%s via %s: %s\n", m.Channel, m.Pattern.Value(), m.Message)
		case <-time.After(5 * time.Second):
			fmt.Println("no message within 5s")
			return
		}
	}
	// Output:
	// example:orders.eu via example:orders.*: order 1001
	// example:orders.us via example:orders.*: order 1002
}

// Sharded channels live in slots like keys: SSubscribe subscribes on the primary that
// owns the channel's slot, and a sharded Publish goes there too, so a message crosses
// only that shard.
func ExampleClusterClient_SSubscribe() {
	subscriber := exampleClusterClient()
	defer subscriber.Close()
	publisher := exampleClusterClient()
	defer publisher.Close()
	ctx := context.Background()

	queue, err := subscriber.GetQueue()
	if err != nil {
		fmt.Println("Error:", err)
		return
	}
	if err := subscriber.SSubscribe(ctx, []string{"example:{user:7}:alerts"}, 5000); err != nil {
		fmt.Println("Error:", err)
		return
	}

	receivers, _ := publisher.Publish(ctx, "example:{user:7}:alerts", "password changed", true)
	fmt.Println("subscribers reached:", receivers)

	m := awaitMessage(queue)
	fmt.Printf("%s: %s\n", m.Channel, m.Message)

	_ = subscriber.SUnsubscribe(ctx, []string{"example:{user:7}:alerts"}, 5000)
	// Output:
	// subscribers reached: 1
	// example:{user:7}:alerts: password changed
}
