package valkite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func TestPingEcho(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if got, err := c.Ping(ctx); err != nil || got != "PONG" {
		t.Fatalf("Ping = %q, %v", got, err)
	}
	if got, err := c.PingWithOptions(ctx, options.PingOptions{Message: "hello"}); err != nil || got != "hello" {
		t.Fatalf("Ping(message) = %q, %v", got, err)
	}
	if got, err := c.PingWithOptions(ctx, options.PingOptions{}); err != nil || got != "PONG" {
		t.Fatalf("Ping(no message) = %q, %v", got, err)
	}
	r, err := c.Echo(ctx, "echo\x00me")
	requireResult(t, "Echo", r, err, "echo\x00me")
	r, err = c.Echo(ctx, "")
	requireResult(t, "Echo(empty)", r, err, "")
}

func TestClientIdAndName(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	id, err := c.ClientId(ctx)
	if err != nil || id <= 0 {
		t.Fatalf("ClientId = %d, %v", id, err)
	}
	// Requests share one connection, so the id is stable.
	if again, _ := c.ClientId(ctx); again != id {
		t.Fatalf("ClientId changed: %d then %d", id, again)
	}
	other, _ := newTestClient(t)
	if oid, _ := other.ClientId(ctx); oid == id {
		t.Fatal("two clients share a connection id")
	}

	name, err := c.ClientGetName(ctx)
	requireNil(t, "ClientGetName(unset)", name, err)
	if ok, err := c.ClientSetName(ctx, "valkite-test"); err != nil || ok != "OK" {
		t.Fatalf("ClientSetName = %q, %v", ok, err)
	}
	name, err = c.ClientGetName(ctx)
	requireResult(t, "ClientGetName", name, err, "valkite-test")
	_, err = c.ClientSetName(ctx, "has space")
	requireServerError(t, err, "ERR")
	if ok, err := c.ClientSetName(ctx, ""); err != nil || ok != "OK" {
		t.Fatalf("ClientSetName(clear) = %q, %v", ok, err)
	}
	name, err = c.ClientGetName(ctx)
	requireNil(t, "ClientGetName(cleared)", name, err)
}

func TestClientPause(t *testing.T) {
	// Pausing is server-wide: use a server no other test shares.
	c, srv := newDedicatedClient(t)
	ctx := context.Background()
	other, _ := connect(t, srv)

	// An ALL pause holds every command, reads included, until it ends.
	if ok, err := c.ClientPause(ctx, 300*time.Millisecond); err != nil || ok != "OK" {
		t.Fatalf("ClientPause = %q, %v", ok, err)
	}
	start := time.Now()
	if _, err := other.Get(ctx, "k"); err != nil {
		t.Fatalf("read after the pause: %v", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Fatalf("read was not held by the ALL pause (waited %v)", waited)
	}

	// A WRITE pause lets reads (and CLIENT UNPAUSE) through and holds writes.
	if ok, err := c.ClientPauseWithMode(ctx, 10*time.Second, options.ClientPauseModeWrite); err != nil || ok != "OK" {
		t.Fatalf("ClientPause WRITE = %q, %v", ok, err)
	}
	start = time.Now()
	if _, err := other.Get(ctx, "k"); err != nil || time.Since(start) > 2*time.Second {
		t.Fatalf("read during WRITE pause: %v after %v", err, time.Since(start))
	}
	if ok, err := c.ClientUnpause(ctx); err != nil || ok != "OK" {
		t.Fatalf("ClientUnpause = %q, %v", ok, err)
	}
	start = time.Now()
	if _, err := other.Set(ctx, "k", "v"); err != nil || time.Since(start) > 2*time.Second {
		t.Fatalf("write after unpause: %v after %v", err, time.Since(start))
	}

	_, err := c.ClientPause(ctx, -time.Second)
	requireServerError(t, err, "ERR")
	_, err = c.ClientPauseWithMode(ctx, time.Second, options.ClientPauseMode("SOMETIMES"))
	requireServerError(t, err, "ERR")
}

func TestClientReplyOn(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if ok, err := c.ClientReply(ctx, options.ClientReplyModeOn); err != nil || ok != "OK" {
		t.Fatalf("ClientReply ON = %q, %v", ok, err)
	}
	if got, err := c.Ping(ctx); err != nil || got != "PONG" {
		t.Fatalf("Ping after CLIENT REPLY ON = %q, %v", got, err)
	}
	_, err := c.ClientReply(ctx, options.ClientReplyMode("MAYBE"))
	requireServerError(t, err, "ERR")
}

func TestReset(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if _, err := c.Select(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ClientSetName(ctx, "before-reset"); err != nil {
		t.Fatal(err)
	}
	k := testKey(t, "k")
	if _, err := c.Set(ctx, k, "in db 4"); err != nil {
		t.Fatal(err)
	}

	if got, err := c.Reset(ctx); err != nil || got != "RESET" {
		t.Fatalf("Reset = %q, %v", got, err)
	}
	name, err := c.ClientGetName(ctx)
	requireNil(t, "name after Reset", name, err)
	// Back in database 0, where the key does not exist.
	v, err := c.Get(ctx, k)
	requireNil(t, "Get after Reset", v, err)

	// RESET also returns the connection to RESP2: every decoder must still work on
	// RESP2's shapes (maps as flat arrays, booleans as integers, doubles as strings).
	if _, err := c.CustomCommand(ctx, []string{"HSET", k, "f", "v"}); err != nil {
		t.Fatal(err)
	}
	h, err := c.CustomCommand(ctx, []string{"HGETALL", k})
	requireNoErr(t, "HGETALL after Reset", err)
	if _, isArray := h.([]any); !isArray {
		t.Logf("HGETALL after RESET decoded as %T (the core may have re-negotiated RESP3)", h)
	}
	if ok, err := c.Expire(ctx, k, time.Minute); err != nil || !ok {
		t.Fatalf("Expire after Reset = %v, %v", ok, err)
	}
	cfg, err := c.ConfigGet(ctx, []string{"maxmemory"})
	if err != nil || cfg["maxmemory"] == "" {
		t.Fatalf("ConfigGet after Reset = %v, %v", cfg, err)
	}
	if f, err := c.IncrByFloat(ctx, testKey(t, "f"), 2.5); err != nil || f != 2.5 {
		t.Fatalf("IncrByFloat after Reset = %v, %v", f, err)
	}
	if _, err := c.Del(ctx, []string{k, testKey(t, "f")}); err != nil {
		t.Fatal(err)
	}
}

func TestRedis70Connection(t *testing.T) {
	c, _ := newRedisTestClient(t)
	ctx := context.Background()
	if got, err := c.Ping(ctx); err != nil || got != "PONG" {
		t.Fatalf("Ping = %q, %v", got, err)
	}
	r, err := c.Echo(ctx, "x")
	requireResult(t, "Echo", r, err, "x")
	if _, err := c.ClientSetName(ctx, "r7"); err != nil {
		t.Fatal(err)
	}
	name, err := c.ClientGetName(ctx)
	requireResult(t, "ClientGetName", name, err, "r7")
	if id, err := c.ClientId(ctx); err != nil || id <= 0 {
		t.Fatalf("ClientId = %d, %v", id, err)
	}
	if got, err := c.Reset(ctx); err != nil || !strings.EqualFold(got, "RESET") {
		t.Fatalf("Reset = %q, %v", got, err)
	}
}

// connectionManagementCommands lists GLIDE's standalone ConnectionManagementCommands
// signatures.
type connectionManagementCommands interface {
	Ping(ctx context.Context) (string, error)
	PingWithOptions(ctx context.Context, pingOptions options.PingOptions) (string, error)
	Echo(ctx context.Context, message string) (models.Result[string], error)
	ClientId(ctx context.Context) (int64, error)
	ClientGetName(ctx context.Context) (models.Result[string], error)
	ClientSetName(ctx context.Context, connectionName string) (string, error)
	ClientPause(ctx context.Context, timeout time.Duration) (string, error)
	ClientPauseWithMode(ctx context.Context, timeout time.Duration, mode options.ClientPauseMode) (string, error)
	ClientUnpause(ctx context.Context) (string, error)
	ClientReply(ctx context.Context, mode options.ClientReplyMode) (string, error)
	Reset(ctx context.Context) (string, error)
}

var _ connectionManagementCommands = (*Client)(nil)
