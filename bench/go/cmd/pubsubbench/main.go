// Command pubsubbench measures publish → receive through each client: one publishing
// client (with -publishers goroutines) and one subscribing client of the same library,
// on one channel. It reports messages received per second and the publish-to-receive
// latency (p50/p99; the send time travels in the payload). Every message must arrive.
//
//	go run ./cmd/pubsubbench -addr 127.0.0.1:6379 -size 64 -n 200000
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/valkey-io/valkey-go"

	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"
)

type result struct {
	client   string
	size     int
	rate     float64
	p50, p99 time.Duration
}

// recorder counts received messages and their latencies.
type recorder struct {
	lat  []time.Duration
	mu   sync.Mutex
	got  atomic.Int64
	done chan struct{}
	want int64
}

func newRecorder(n int) *recorder {
	return &recorder{lat: make([]time.Duration, 0, n), done: make(chan struct{}), want: int64(n)}
}

func (r *recorder) receive(payload string) {
	if len(payload) < 8 {
		return
	}
	sent := int64(binary.LittleEndian.Uint64([]byte(payload[:8])))
	d := time.Duration(time.Now().UnixNano() - sent)
	r.mu.Lock()
	r.lat = append(r.lat, d)
	r.mu.Unlock()
	if r.got.Add(1) == r.want {
		close(r.done)
	}
}

func payload(size int) []byte {
	b := make([]byte, size)
	for i := 8; i < size; i++ {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

// publishAll runs n publishes over p goroutines; each stamps its send time.
func publishAll(n, p, size int, publish func(msg string) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for g := 0; g < p; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := payload(size)
			for next.Add(1) <= int64(n) {
				binary.LittleEndian.PutUint64(buf, uint64(time.Now().UnixNano()))
				if err := publish(string(buf)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e, ok := firstErr.Load().(error); ok {
		return e
	}
	return nil
}

func finish(name string, size int, r *recorder, start time.Time) (result, error) {
	select {
	case <-r.done:
	case <-time.After(60 * time.Second):
		return result{}, fmt.Errorf("%s: only %d of %d messages arrived", name, r.got.Load(), r.want)
	}
	el := time.Since(start)
	r.mu.Lock()
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	res := result{client: name, size: size, rate: float64(r.want) / el.Seconds(),
		p50: r.lat[len(r.lat)/2], p99: r.lat[len(r.lat)*99/100]}
	r.mu.Unlock()
	return res, nil
}

func runValkite(host string, port, n, p, size int, ch string) (result, error) {
	r := newRecorder(n)
	sub, err := valkite.NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: host, Port: port}).
		WithSubscriptionConfig(config.NewStandaloneSubscriptionConfig().
			WithSubscription(config.ExactChannelMode, ch).
			WithCallback(func(m *models.PubSubMessage, _ any) { r.receive(m.Message) }, nil)))
	if err != nil {
		return result{}, err
	}
	defer sub.Close()
	pub, err := valkite.NewClient(config.NewClientConfiguration().WithAddress(&config.NodeAddress{Host: host, Port: port}))
	if err != nil {
		return result{}, err
	}
	defer pub.Close()
	ctx := context.Background()
	start := time.Now()
	if err := publishAll(n, p, size, func(m string) error { _, err := pub.Publish(ctx, ch, m); return err }); err != nil {
		return result{}, err
	}
	return finish("valkite", size, r, start)
}

func runValkeyGo(addr string, n, p, size int, ch string) (result, error) {
	r := newRecorder(n)
	sub, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{addr}, ForceSingleClient: true})
	if err != nil {
		return result{}, err
	}
	defer sub.Close()
	pub, err := valkey.NewClient(valkey.ClientOption{InitAddress: []string{addr}, ForceSingleClient: true})
	if err != nil {
		return result{}, err
	}
	defer pub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	var once sync.Once
	go sub.Receive(valkey.WithOnSubscriptionHook(ctx, func(valkey.PubSubSubscription) { once.Do(func() { close(ready) }) }),
		sub.B().Subscribe().Channel(ch).Build(), func(m valkey.PubSubMessage) { r.receive(m.Message) })
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		return result{}, fmt.Errorf("valkey-go: subscription not confirmed")
	}
	start := time.Now()
	if err := publishAll(n, p, size, func(m string) error {
		return pub.Do(ctx, pub.B().Publish().Channel(ch).Message(m).Build()).Error()
	}); err != nil {
		return result{}, err
	}
	return finish("valkey-go", size, r, start)
}

func runGoRedis(addr string, n, p, size int, ch string) (result, error) {
	r := newRecorder(n)
	sub := redis.NewClient(&redis.Options{Addr: addr})
	defer sub.Close()
	pub := redis.NewClient(&redis.Options{Addr: addr})
	defer pub.Close()
	ctx := context.Background()
	ps := sub.Subscribe(ctx, ch)
	defer ps.Close()
	if _, err := ps.Receive(ctx); err != nil { // the subscription confirmation
		return result{}, err
	}
	go func() {
		for {
			m, err := ps.ReceiveMessage(ctx)
			if err != nil {
				return
			}
			r.receive(m.Payload)
		}
	}()
	start := time.Now()
	if err := publishAll(n, p, size, func(m string) error { return pub.Publish(ctx, ch, m).Err() }); err != nil {
		return result{}, err
	}
	return finish("go-redis", size, r, start)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "server address")
	n := flag.Int("n", 100000, "messages per run")
	p := flag.Int("publishers", 16, "publishing goroutines (one publishing client)")
	sizes := flag.String("sizes", "64,4096", "message sizes in bytes")
	rounds := flag.Int("rounds", 3, "rounds (clients rotate within each)")
	clients := flag.String("clients", "valkite,valkey-go,go-redis", "clients")
	flag.Parse()
	host, portS, _ := strings.Cut(*addr, ":")
	port, _ := strconv.Atoi(portS)
	best := map[string]result{}
	for round := 0; round < *rounds; round++ {
		for _, s := range strings.Split(*sizes, ",") {
			size, _ := strconv.Atoi(s)
			names := strings.Split(*clients, ",")
			for i := range names {
				name := names[(i+round)%len(names)]
				ch := fmt.Sprintf("bench:%s:%d:%d", name, size, round)
				var res result
				var err error
				switch name {
				case "valkite":
					res, err = runValkite(host, port, *n, *p, size, ch)
				case "valkey-go":
					res, err = runValkeyGo(*addr, *n, *p, size, ch)
				case "go-redis":
					res, err = runGoRedis(*addr, *n, *p, size, ch)
				}
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s %d B: %v\n", name, size, err)
					continue
				}
				fmt.Fprintf(os.Stderr, "round %d %-9s %5d B  %9.0f msg/s  p50 %v  p99 %v\n", round, name, size, res.rate, res.p50, res.p99)
				key := name + "/" + s
				if b, ok := best[key]; !ok || res.rate > b.rate {
					best[key] = res
				}
			}
		}
	}
	fmt.Printf("| client | size | msg/s (best of %d) | p50 | p99 |\n| --- | --- | --- | --- | --- |\n", *rounds)
	for _, s := range strings.Split(*sizes, ",") {
		for _, name := range strings.Split(*clients, ",") {
			if r, ok := best[name+"/"+s]; ok {
				fmt.Printf("| %s | %s B | %.0f | %v | %v |\n", r.client, s, r.rate, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond))
			}
		}
	}
}
