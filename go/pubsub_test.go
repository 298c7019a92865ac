package valkite

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
)

// Pub/sub tests (prefix psb): subscribers are separate clients from publishers, as in
// real use; each test names its channels after itself.

func psbChannel(t *testing.T, name string) string { return testKey(t, "ch:"+name) }

func psbSubscriber(t *testing.T, s *testserver.Server, sub *config.StandaloneSubscriptionConfig) *Client {
	t.Helper()
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(5 * time.Second)
	if sub != nil {
		cfg.WithSubscriptionConfig(sub)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient with subscriptions: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func psbPublish(t *testing.T, pub *Client, channel, msg string) int64 {
	t.Helper()
	v, err := pub.CustomCommand(context.Background(), []string{"PUBLISH", channel, msg})
	if err != nil {
		t.Fatalf("PUBLISH %s: %v", channel, err)
	}
	n, _ := v.(int64)
	return n
}

// psbNext waits for the next queued message (bounded).
func psbNext(t *testing.T, q *PubSubMessageQueue) *models.PubSubMessage {
	t.Helper()
	select {
	case m := <-q.WaitForMessage():
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5 s")
		return nil
	}
}

func TestPubSubConfiguredExactAndPatternToQueue(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "exact")
	pat := psbChannel(t, "pat") + ":*"
	sub := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().
		WithSubscription(config.ExactChannelMode, ch).
		WithSubscription(config.PatternChannelMode, pat))

	// NewClient returned only after the server confirmed: a publish now reaches it.
	st, err := sub.GetSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.ActualSubscriptions[models.Exact][ch]; !ok {
		t.Fatalf("actual exact subscriptions %v lack %q", st.ActualSubscriptions, ch)
	}
	if _, ok := st.ActualSubscriptions[models.Pattern][pat]; !ok {
		t.Fatalf("actual pattern subscriptions %v lack %q", st.ActualSubscriptions, pat)
	}
	if n := psbPublish(t, pub, ch, "hello"); n != 1 {
		t.Fatalf("PUBLISH reached %d subscribers, want 1", n)
	}
	q, err := sub.GetQueue()
	if err != nil {
		t.Fatal(err)
	}
	m := psbNext(t, q)
	if m.Message != "hello" || m.Channel != ch || !m.Pattern.IsNil() {
		t.Fatalf("exact message = %+v", m)
	}
	pch := strings.TrimSuffix(pat, "*") + "x"
	psbPublish(t, pub, pch, "via pattern")
	m = psbNext(t, q)
	if m.Message != "via pattern" || m.Channel != pch || m.Pattern.IsNil() || m.Pattern.Value() != pat {
		t.Fatalf("pattern message = %+v", m)
	}
	if q.Len() != 0 || q.Pop() != nil {
		t.Fatal("queue should be empty")
	}
}

func TestPubSubCallbackPanicIsRecoveredAndDeliveryContinues(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "cb")
	var mu sync.Mutex
	var got []string
	done := make(chan struct{})
	var panics atomic.Int32
	old := pubsubPanicReport
	pubsubPanicReport = func(*models.PubSubMessage, any) { panics.Add(1) }
	defer func() { pubsubPanicReport = old }()
	sub := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().
		WithSubscription(config.ExactChannelMode, ch).
		WithCallback(func(m *models.PubSubMessage, ctx any) {
			if ctx.(string) != "my-ctx" {
				t.Errorf("callback context = %v", ctx)
			}
			if m.Message == "boom" {
				panic("callback failure")
			}
			mu.Lock()
			got = append(got, m.Message)
			if len(got) == 2 {
				close(done)
			}
			mu.Unlock()
		}, "my-ctx"))
	if _, err := sub.GetQueue(); err == nil {
		t.Fatal("GetQueue on a callback client should fail")
	}
	psbPublish(t, pub, ch, "one")
	psbPublish(t, pub, ch, "boom")
	psbPublish(t, pub, ch, "two")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("callback got %v", got)
	}
	if got[0] != "one" || got[1] != "two" || panics.Load() != 1 {
		t.Fatalf("got %v, panics %d", got, panics.Load())
	}
}

func TestPubSubDynamicLazyBlockingAndUnsubscribe(t *testing.T) {
	pub, srv := newTestClient(t)
	sub := psbSubscriber(t, srv, nil)
	ctx := context.Background()
	a, b, c := psbChannel(t, "a"), psbChannel(t, "b"), psbChannel(t, "c")
	if err := sub.Subscribe(ctx, []string{a, b}, 0); err != nil {
		t.Fatal(err)
	}
	if err := sub.Subscribe(ctx, []string{a}, -1); err == nil {
		t.Fatal("negative timeout must be an error")
	}
	if err := sub.SubscribeLazy(ctx, []string{c}); err != nil {
		t.Fatal(err)
	}
	if err := sub.PSubscribe(ctx, []string{c + "*"}, 2000); err != nil {
		t.Fatal(err)
	}
	// The lazy wish is in place once the blocking call behind it confirmed (one
	// reconciliation round sends both), checked through the state.
	deadline := time.Now().Add(3 * time.Second)
	for {
		st, err := sub.GetSubscriptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := st.ActualSubscriptions[models.Exact][c]; ok {
			if len(st.DesiredSubscriptions[models.Exact]) != 3 {
				t.Fatalf("desired = %v", st.DesiredSubscriptions)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lazy subscription never confirmed: %v", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := psbPublish(t, pub, c, "x"); n != 2 { // exact + pattern
		t.Fatalf("PUBLISH %s reached %d, want 2", c, n)
	}
	q, _ := sub.GetQueue()
	psbNext(t, q)
	psbNext(t, q)
	// Unsubscribe some, then all.
	if err := sub.Unsubscribe(ctx, []string{a}, 2000); err != nil {
		t.Fatal(err)
	}
	if n := psbPublish(t, pub, a, "gone"); n != 0 {
		t.Fatalf("PUBLISH after unsubscribe reached %d", n)
	}
	if n := psbPublish(t, pub, b, "still"); n != 1 {
		t.Fatalf("PUBLISH to the other channel reached %d", n)
	}
	if m := psbNext(t, q); m.Message != "still" {
		t.Fatalf("got %+v", m)
	}
	if err := sub.Unsubscribe(ctx, AllChannels, 2000); err != nil {
		t.Fatal(err)
	}
	if err := sub.PUnsubscribe(ctx, nil, 2000); err != nil {
		t.Fatal(err)
	}
	st, _ := sub.GetSubscriptions(ctx)
	if len(st.ActualSubscriptions[models.Exact])+len(st.ActualSubscriptions[models.Pattern]) != 0 ||
		len(st.DesiredSubscriptions[models.Exact]) != 0 {
		t.Fatalf("after unsubscribing all: %+v", st)
	}
	if n := psbPublish(t, pub, b, "none"); n != 0 {
		t.Fatalf("PUBLISH reached %d after unsubscribing all", n)
	}
}

func TestPubSubCustomCommandSubscribeIsLazy(t *testing.T) {
	pub, srv := newTestClient(t)
	sub := psbSubscriber(t, srv, nil)
	ctx := context.Background()
	ch := psbChannel(t, "raw")
	if _, err := sub.CustomCommand(ctx, []string{"SUBSCRIBE", ch}); err != nil {
		t.Fatal(err)
	}
	// Ordinary commands keep their replies in step around subscription traffic.
	for i := 0; i < 50; i++ {
		k := testKey(t, "k"+strconv.Itoa(i))
		if _, err := sub.Set(ctx, k, strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
		v, err := sub.Get(ctx, k)
		if err != nil || v.Value() != strconv.Itoa(i) {
			t.Fatalf("GET %s = %v, %v", k, v, err)
		}
	}
	if err := sub.Subscribe(ctx, []string{ch}, 2000); err != nil {
		t.Fatal(err)
	}
	psbPublish(t, pub, ch, "m")
	q, _ := sub.GetQueue()
	if m := psbNext(t, q); m.Message != "m" {
		t.Fatalf("got %+v", m)
	}
}

func TestPubSubOrderOf10000Messages(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "order")
	sub := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().WithSubscription(config.ExactChannelMode, ch))
	q, _ := sub.GetQueue()
	const n = 10000
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			if _, err := pub.CustomCommand(ctx, []string{"PUBLISH", ch, strconv.Itoa(i)}); err != nil {
				t.Errorf("publish %d: %v", i, err)
				return
			}
		}
	}()
	for i := 0; i < n; i++ {
		m := psbNext(t, q)
		if m.Message != strconv.Itoa(i) {
			t.Fatalf("message %d is %q: order lost", i, m.Message)
		}
	}
	wg.Wait()
}

func TestPubSubManyChannelsAndLargeMessage(t *testing.T) {
	pub, srv := newTestClient(t)
	sub := psbSubscriber(t, srv, nil)
	ctx := context.Background()
	var chans []string
	for i := 0; i < 600; i++ { // more than one SUBSCRIBE's worth
		chans = append(chans, psbChannel(t, strconv.Itoa(i)))
	}
	if err := sub.Subscribe(ctx, chans, 5000); err != nil {
		t.Fatal(err)
	}
	q, _ := sub.GetQueue()
	for _, ch := range []string{chans[0], chans[299], chans[599]} {
		psbPublish(t, pub, ch, ch)
		if m := psbNext(t, q); m.Message != ch || m.Channel != ch {
			t.Fatalf("got %+v", m)
		}
	}
	big := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
	psbPublish(t, pub, chans[1], big)
	if m := psbNext(t, q); m.Message != big {
		t.Fatalf("1 MiB message arrived with %d bytes", len(m.Message))
	}
}

func TestPubSubAbandonedWaitDoesNotSwallow(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "w")
	sub := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().WithSubscription(config.ExactChannelMode, ch))
	q, _ := sub.GetQueue()
	_ = q.WaitForMessage() // the caller stops waiting at once
	sig := make(chan struct{}, 1)
	q.RegisterSignalChannel(sig)
	psbPublish(t, pub, ch, "first")
	select {
	case <-sig:
	case <-time.After(5 * time.Second):
		t.Fatal("no signal")
	}
	q.UnregisterSignalChannel(sig)
	if q.Len() != 1 {
		t.Fatalf("Len = %d, want 1", q.Len())
	}
	if m := q.Pop(); m == nil || m.Message != "first" {
		t.Fatalf("Pop after an abandoned wait = %+v", m)
	}
	psbPublish(t, pub, ch, "second")
	if m := psbNext(t, q); m.Message != "second" {
		t.Fatalf("got %+v", m)
	}
}

func TestPubSubResubscribesAfterClientKill(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "kill")
	sub := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().WithSubscription(config.ExactChannelMode, ch))
	ctx := context.Background()
	q, _ := sub.GetQueue()
	id, err := sub.CustomCommand(ctx, []string{"CLIENT", "ID"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := pub.CustomCommand(ctx, []string{"CLIENT", "KILL", "ID", fmt.Sprint(id)}); err != nil {
		t.Fatal(err)
	}
	// Back when a publish reaches the subscriber again.
	for {
		if psbPublish(t, pub, ch, "back") == 1 {
			break
		}
		if time.Since(start) > 2*time.Second {
			t.Fatal("not resubscribed within 2 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if m := psbNext(t, q); m.Message != "back" {
		t.Fatalf("got %+v", m)
	}
	t.Logf("resubscribed and delivering %v after CLIENT KILL", time.Since(start))
	if time.Since(start) > 2*time.Second {
		t.Fatalf("delivery back after %v, want ≤ 2 s", time.Since(start))
	}
}

func TestPubSubCloseLeavesNoGoroutines(t *testing.T) {
	_, srv := newTestClient(t)
	before := runtime.NumGoroutine()
	for i := 0; i < 5; i++ {
		c := psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().
			WithSubscription(config.ExactChannelMode, psbChannel(t, "leak")))
		if _, err := c.GetQueue(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines: %d before, %d after closing", before, runtime.NumGoroutine())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPubSubCloseFromInsideTheCallback(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "selfclose")
	closed := make(chan struct{})
	var sub *Client
	ready := make(chan struct{})
	sub = psbSubscriber(t, srv, config.NewStandaloneSubscriptionConfig().
		WithSubscription(config.ExactChannelMode, ch).
		WithCallback(func(*models.PubSubMessage, any) {
			<-ready
			sub.Close()
			close(closed)
		}, nil))
	close(ready)
	psbPublish(t, pub, ch, "bye")
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close from inside the callback did not return")
	}
}

// A lazily connecting client with configured subscriptions returns at once; its
// subscriptions are what makes it connect, and they come up without any command.
func TestPubSubLazyConnectSubscribesInTheBackground(t *testing.T) {
	pub, srv := newTestClient(t)
	ch := psbChannel(t, "lazy")
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: srv.Host, Port: srv.Port}).
		WithLazyConnect(true).
		WithSubscriptionConfig(config.NewStandaloneSubscriptionConfig().WithSubscription(config.ExactChannelMode, ch))
	sub, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	q, _ := sub.GetQueue()
	deadline := time.Now().Add(5 * time.Second)
	for psbPublish(t, pub, ch, "hi") != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the lazy client never subscribed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if m := psbNext(t, q); m.Message != "hi" {
		t.Fatalf("got %+v", m)
	}
}

// Messages of an exact, a pattern and a sharded channel each keep their order.
func TestPubSubOrderPerKindInCluster(t *testing.T) {
	pub, cl := newClusterTestClient(t)
	e, p, s := psbChannel(t, "e"), psbChannel(t, "p"), psbChannel(t, "s")
	sub := psbClusterSubscriber(t, cl, config.NewClusterSubscriptionConfig().
		WithSubscription(config.ExactClusterChannelMode, e).
		WithSubscription(config.PatternClusterChannelMode, p+"*").
		WithSubscription(config.ShardedClusterChannelMode, s))
	q, _ := sub.GetQueue()
	ctx := context.Background()
	// The server orders messages per publishing node only (an unsharded PUBLISH
	// reaches other nodes over the cluster bus), so each channel is published at one
	// node: the subscriber's for exact and pattern, the shard's for sharded.
	for i := 0; i < 100; i++ {
		for _, c := range []struct{ ch, at string }{{e, e}, {p + "x", p + "*"}} {
			route := config.NewSlotKeyRoute(config.SlotTypePrimary, c.at)
			if _, err := pub.CustomCommandWithRoute(ctx, []string{"PUBLISH", c.ch, strconv.Itoa(i)}, route); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := pub.Publish(ctx, s, strconv.Itoa(i), true); err != nil {
			t.Fatal(err)
		}
	}
	next := map[string]int{}
	for n := 0; n < 300; n++ {
		m := psbNext(t, q)
		if m.Message != strconv.Itoa(next[m.Channel]) {
			t.Fatalf("channel %s: got %s, want %d", m.Channel, m.Message, next[m.Channel])
		}
		next[m.Channel]++
	}
}
