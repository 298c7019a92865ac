package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Connection commands of the standalone client. The client multiplexes requests over
// its connection, so state set here (a name, a paused or reset connection) applies to
// every request of this Client, and a reconnect returns to the configured state.

// Ping returns "PONG".
//
// See https://valkey.io/commands/ping/.
func (c *Client) Ping(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Ping())
}

// PingWithOptions returns the message of pingOptions, or "PONG" without one.
//
// See https://valkey.io/commands/ping/.
func (c *Client) PingWithOptions(ctx context.Context, pingOptions options.PingOptions) (string, error) {
	return run(ctx, &c.baseClient, cmds.PingWithOptions(pingOptions))
}

// Echo returns message.
//
// See https://valkey.io/commands/echo/.
func (c *Client) Echo(ctx context.Context, message string) (models.Result[string], error) {
	return run(ctx, &c.baseClient, cmds.Echo(message))
}

// ClientId returns the server's id for this client's connection.
//
// See https://valkey.io/commands/client-id/.
func (c *Client) ClientId(ctx context.Context) (int64, error) {
	return run(ctx, &c.baseClient, cmds.ClientId())
}

// ClientGetName returns the connection's name, nil when none is set.
//
// See https://valkey.io/commands/client-getname/.
func (c *Client) ClientGetName(ctx context.Context) (models.Result[string], error) {
	return run(ctx, &c.baseClient, cmds.ClientGetName())
}

// ClientSetName names the connection (an empty name clears it) and returns "OK".
//
// See https://valkey.io/commands/client-setname/.
func (c *Client) ClientSetName(ctx context.Context, connectionName string) (string, error) {
	return run(ctx, &c.baseClient, cmds.ClientSetName(connectionName))
}

// ClientPause suspends every client of the server for timeout (millisecond precision).
// Commands this client sends meanwhile wait too, up to the request timeout.
//
// See https://valkey.io/commands/client-pause/.
func (c *Client) ClientPause(ctx context.Context, timeout time.Duration) (string, error) {
	return run(ctx, &c.baseClient, cmds.ClientPause(timeout))
}

// ClientPauseWithMode is ClientPause limited to the commands mode selects (WRITE
// pauses only commands that may write).
//
// See https://valkey.io/commands/client-pause/.
func (c *Client) ClientPauseWithMode(
	ctx context.Context,
	timeout time.Duration,
	mode options.ClientPauseMode,
) (string, error) {
	return run(ctx, &c.baseClient, cmds.ClientPauseWithOptions(timeout, mode))
}

// ClientUnpause ends a pause early and returns "OK".
//
// See https://valkey.io/commands/client-unpause/.
func (c *Client) ClientUnpause(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.ClientUnpause())
}

// ClientReply sets the reply mode of the connection. Only ON is safe: with OFF or SKIP
// the server stops answering requests this client is waiting on, so every later
// command of the connection gets the wrong reply or times out.
//
// See https://valkey.io/commands/client-reply/.
func (c *Client) ClientReply(ctx context.Context, mode options.ClientReplyMode) (string, error) {
	return run(ctx, &c.baseClient, cmds.ClientReply(mode))
}

// Reset returns the connection to its initial server-side state (database 0, no name,
// no transaction or subscriptions) and returns "RESET".
//
// See https://valkey.io/commands/reset/.
func (c *Client) Reset(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Reset())
}

// ClientTrackingInfo returns the client-side-caching tracking state of this client's
// connection (flags, redirect id, prefixes).
//
// See https://valkey.io/commands/client-trackinginfo/.
func (c *Client) ClientTrackingInfo(ctx context.Context) (models.ClientTrackingInfo, error) {
	return run(ctx, &c.baseClient, cmds.ClientTrackingInfo())
}
