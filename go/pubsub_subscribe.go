package valkite

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/settings"
	"github.com/valkite/valkite/go/models"
)

// Subscriptions travel as ordinary requests (ffi/src/pubsub.rs): SUBSCRIBE & co. are
// taken by the core as wishes and answered at once; prefixed with pubsubWait they are
// answered once the servers confirmed them, or fail with a *TimeoutError.
const pubsubWait = "\x00pubsub-wait"

// AllChannels, AllPatterns and AllShardedChannels unsubscribe from every subscription
// of their kind when passed to the unsubscribe methods (as does any empty list).
var (
	AllChannels        []string
	AllPatterns        []string
	AllShardedChannels []string
)

// defaultConnectionTimeout bounds the wait for configured subscriptions when the
// configuration sets no connection timeout (the core's default).
const defaultConnectionTimeout = 2 * time.Second

// initPubSub sets up delivery and, when the configuration lists subscriptions, waits
// (up to the connection timeout) until the servers confirmed them — unless the client
// connects lazily, in which case they are only recorded.
func (b *baseClient) initPubSub(s *settings.Settings, sub *config.BaseSubscriptionConfig) error {
	defer func() {
		if b.ps != nil {
			b.ps.cluster = s.Cluster
		}
	}()
	var cb config.MessageCallback
	var cbCtx any
	if sub != nil {
		cb, cbCtx = sub.GetCallback(), sub.GetContext()
	}
	b.ps = newPubSub(b.core, cb, cbCtx)
	if s.PubSubReconcileInterval > 0 {
		b.core.handleMu.RLock()
		if b.core.handle != nil {
			cPubSubSetInterval(b.core.handle, uint64(s.PubSubReconcileInterval.Milliseconds()))
		}
		b.core.handleMu.RUnlock()
	}
	kinds := []struct {
		cmd      string
		channels []string
	}{
		{"SUBSCRIBE", s.ExactChannels},
		{"PSUBSCRIBE", s.PatternChannels},
		{"SSUBSCRIBE", s.ShardedChannels},
	}
	any := false
	for _, k := range kinds {
		any = any || len(k.channels) > 0
	}
	if !any && cb == nil {
		return nil
	}
	if err := b.ps.start(); err != nil {
		return err
	}
	ctx := context.Background()
	for _, k := range kinds {
		if len(k.channels) > 0 {
			if err := b.pubsubRequest(ctx, k.cmd, k.channels, false, 0); err != nil {
				return err
			}
		}
	}
	if s.LazyConnect {
		return nil
	}
	timeout := s.ConnectionTimeout
	if timeout <= 0 {
		timeout = defaultConnectionTimeout
	}
	deadline := time.Now().Add(timeout)
	for _, k := range kinds {
		if len(k.channels) == 0 {
			continue
		}
		left := time.Until(deadline)
		if left <= 0 {
			left = time.Microsecond
		}
		if err := b.pubsubRequest(ctx, k.cmd, k.channels, true, left); err != nil {
			var te *errs.TimeoutError
			if errors.As(err, &te) {
				return &errs.ConnectionError{Msg: "valkite: configured subscriptions were not confirmed within the connection timeout (" + timeout.String() + ")"}
			}
			return err
		}
	}
	return nil
}

// pubsubRequest records a wish (wait false) or records it and waits for its
// confirmation (wait true; timeout 0 = until confirmed or ctx ends).
func (b *baseClient) pubsubRequest(
	ctx context.Context, cmd string, channels []string, wait bool, timeout time.Duration,
) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if b.ps != nil {
		if err := b.ps.start(); err != nil {
			return err
		}
	}
	args := make([]string, 0, len(channels)+2)
	timeoutUs := uint64(0)
	if wait {
		args = append(args, pubsubWait)
		timeoutUs = math.MaxUint64
		if dl, ok := ctx.Deadline(); ok && (timeout <= 0 || time.Until(dl) < timeout) {
			timeout = time.Until(dl)
			if timeout <= 0 {
				return context.DeadlineExceeded
			}
		}
		if timeout > 0 {
			timeoutUs = uint64(timeout.Microseconds())
			if timeoutUs == 0 {
				timeoutUs = 1
			}
		}
	}
	args = append(args, cmd)
	args = append(args, channels...)
	c := b.core
	w, err := c.submit(args, timeoutUs, routeArg{})
	if err != nil {
		return err
	}
	if err := c.wait(ctx, w); err != nil {
		return err
	}
	defer c.recycle(w)
	if w.status != statusOK {
		return statusError(w.status, w.buf)
	}
	if len(w.buf) > 0 && (w.buf[0] == '-' || w.buf[0] == '!') {
		return replyError(w.buf)
	}
	return nil
}

// blocking turns a timeoutMs argument into a wait: 0 = none, negative = an error.
func (b *baseClient) blocking(ctx context.Context, cmd string, channels []string, timeoutMs int) error {
	if timeoutMs < 0 {
		return &errs.RequestError{Msg: "valkite: timeoutMs must not be negative"}
	}
	return b.pubsubRequest(ctx, cmd, channels, true, time.Duration(timeoutMs)*time.Millisecond)
}

// Subscribe subscribes to channels and returns once the server confirmed them.
// timeoutMs 0 waits until then or until ctx ends; on timeout the subscription stays
// wanted and the client keeps trying in the background.
func (b *baseClient) Subscribe(ctx context.Context, channels []string, timeoutMs int) error {
	return b.blocking(ctx, "SUBSCRIBE", channels, timeoutMs)
}

// SubscribeLazy records the subscriptions and returns at once; the client subscribes
// in the background (see GetSubscriptions).
func (b *baseClient) SubscribeLazy(ctx context.Context, channels []string) error {
	return b.pubsubRequest(ctx, "SUBSCRIBE", channels, false, 0)
}

// PSubscribe subscribes to glob patterns and returns once the server confirmed them.
func (b *baseClient) PSubscribe(ctx context.Context, patterns []string, timeoutMs int) error {
	return b.blocking(ctx, "PSUBSCRIBE", patterns, timeoutMs)
}

// PSubscribeBlocking is PSubscribe.
func (b *baseClient) PSubscribeBlocking(ctx context.Context, patterns []string, timeoutMs int) error {
	return b.PSubscribe(ctx, patterns, timeoutMs)
}

// PSubscribeLazy records pattern subscriptions and returns at once.
func (b *baseClient) PSubscribeLazy(ctx context.Context, patterns []string) error {
	return b.pubsubRequest(ctx, "PSUBSCRIBE", patterns, false, 0)
}

// Unsubscribe drops channel subscriptions (nil or empty: all of them) and returns once
// the server confirmed.
func (b *baseClient) Unsubscribe(ctx context.Context, channels []string, timeoutMs int) error {
	return b.blocking(ctx, "UNSUBSCRIBE", channels, timeoutMs)
}

// UnsubscribeLazy drops channel subscriptions (nil or empty: all) and returns at once.
func (b *baseClient) UnsubscribeLazy(ctx context.Context, channels []string) error {
	return b.pubsubRequest(ctx, "UNSUBSCRIBE", channels, false, 0)
}

// PUnsubscribe drops pattern subscriptions (nil or empty: all) and returns once the
// server confirmed.
func (b *baseClient) PUnsubscribe(ctx context.Context, patterns []string, timeoutMs int) error {
	return b.blocking(ctx, "PUNSUBSCRIBE", patterns, timeoutMs)
}

// PUnsubscribeLazy drops pattern subscriptions (nil or empty: all) and returns at once.
func (b *baseClient) PUnsubscribeLazy(ctx context.Context, patterns []string) error {
	return b.pubsubRequest(ctx, "PUNSUBSCRIBE", patterns, false, 0)
}

// SSubscribe subscribes to sharded channels, each on the primary that owns its slot,
// and returns once they are confirmed.
func (c *ClusterClient) SSubscribe(ctx context.Context, channels []string, timeoutMs int) error {
	return c.blocking(ctx, "SSUBSCRIBE", channels, timeoutMs)
}

// SSubscribeLazy records sharded subscriptions and returns at once.
func (c *ClusterClient) SSubscribeLazy(ctx context.Context, channels []string) error {
	return c.pubsubRequest(ctx, "SSUBSCRIBE", channels, false, 0)
}

// SUnsubscribe drops sharded subscriptions (nil or empty: all) and returns once
// confirmed.
func (c *ClusterClient) SUnsubscribe(ctx context.Context, channels []string, timeoutMs int) error {
	return c.blocking(ctx, "SUNSUBSCRIBE", channels, timeoutMs)
}

// SUnsubscribeLazy drops sharded subscriptions (nil or empty: all) and returns at once.
func (c *ClusterClient) SUnsubscribeLazy(ctx context.Context, channels []string) error {
	return c.pubsubRequest(ctx, "SUNSUBSCRIBE", channels, false, 0)
}

// GetSubscriptions reports the subscriptions the client wants and those the servers
// have confirmed. They differ briefly after a change or a reconnect.
func (b *baseClient) GetSubscriptions(ctx context.Context) (*models.PubSubState, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	buf := make([]byte, 4096)
	for {
		b.core.handleMu.RLock()
		if b.core.handle == nil {
			b.core.handleMu.RUnlock()
			return nil, &errs.ClosingError{Msg: "client is closed"}
		}
		st, n := cPubSubState(b.core.handle, buf)
		b.core.handleMu.RUnlock()
		if st == statusBufferTooSmall {
			buf = make([]byte, n)
			continue
		}
		if st != statusOK {
			return nil, statusError(st, nil)
		}
		return decodePubSubState(buf[:n], b.sharded()), nil
	}
}

func (b *baseClient) sharded() bool { return b.ps != nil && b.ps.cluster }

func decodePubSubState(buf []byte, cluster bool) *models.PubSubState {
	out := models.NewPubSubState()
	kinds := []models.PubSubChannelMode{models.Exact, models.Pattern, models.Sharded}
	for _, dst := range []map[models.PubSubChannelMode]map[string]struct{}{out.DesiredSubscriptions, out.ActualSubscriptions} {
		for _, k := range kinds {
			if len(buf) < 4 {
				return out
			}
			n := int(binary.LittleEndian.Uint32(buf))
			buf = buf[4:]
			set := make(map[string]struct{}, n)
			for i := 0; i < n && len(buf) >= 4; i++ {
				l := int(binary.LittleEndian.Uint32(buf))
				if len(buf) < 4+l {
					return out
				}
				set[string(buf[4:4+l])] = struct{}{}
				buf = buf[4+l:]
			}
			if k == models.Sharded && !cluster {
				continue
			}
			dst[k] = set
		}
	}
	return out
}

// GetQueue returns the client's message queue. A client configured with a callback
// has none: its messages go to the callback.
func (b *baseClient) GetQueue() (*PubSubMessageQueue, error) {
	if b.ps == nil || b.ps.queue == nil {
		return nil, &errs.ConfigurationError{Msg: "valkite: this client delivers messages to its callback; it has no message queue"}
	}
	if err := b.ps.start(); err != nil {
		return nil, err
	}
	return b.ps.queue, nil
}

// pubsubQueuedInCore reports messages the core holds that Go has not taken yet (for
// tests and diagnostics).
func (b *baseClient) pubsubQueuedInCore() (uint64, uint64) {
	b.core.handleMu.RLock()
	defer b.core.handleMu.RUnlock()
	if b.core.handle == nil {
		return 0, 0
	}
	return cPubSubQueued(b.core.handle)
}
