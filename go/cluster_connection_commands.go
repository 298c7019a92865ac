package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Connection commands of the cluster client. Connection state lives per node: a
// name set on one node's connection says nothing about the others, which is why
// these take routes and may answer once per node.

// Ping checks every primary (PING's tips ask for all shards) and returns "PONG"
// when all answered.
//
// See https://valkey.io/commands/ping/.
func (c *ClusterClient) Ping(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.Ping(), nil)
}

// PingWithOptions is Ping with a message to echo and, optionally, a route. Nodes
// reached by a multi-node route must all answer the same.
//
// See https://valkey.io/commands/ping/.
func (c *ClusterClient) PingWithOptions(ctx context.Context, pingOptions options.ClusterPingOptions) (string, error) {
	return runOne(ctx, c, cmds.ClusterPing(pingOptions), routeOf(pingOptions.RouteOption))
}

// Echo returns message, as answered by a random node.
//
// See https://valkey.io/commands/echo/.
func (c *ClusterClient) Echo(ctx context.Context, message string) (models.Result[string], error) {
	return runOne(ctx, c, cmds.Echo(message), nil)
}

// EchoWithOptions returns message from each node the route reaches.
//
// See https://valkey.io/commands/echo/.
func (c *ClusterClient) EchoWithOptions(
	ctx context.Context,
	message string,
	opts options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.EchoString(message), opts.Route)
}

// ClientId returns the id of this client's connection to a random node.
//
// See https://valkey.io/commands/client-id/.
func (c *ClusterClient) ClientId(ctx context.Context) (models.ClusterValue[int64], error) {
	return runRouted(ctx, c, cmds.ClientId(), nil)
}

// ClientIdWithOptions returns the id of this client's connection to each node the
// route reaches.
//
// See https://valkey.io/commands/client-id/.
func (c *ClusterClient) ClientIdWithOptions(
	ctx context.Context,
	opts options.RouteOption,
) (models.ClusterValue[int64], error) {
	return runRouted(ctx, c, cmds.ClientId(), opts.Route)
}

// ClientSetName names this client's connection on every node (the tips of CLIENT
// SETNAME ask for all nodes) and returns "OK". A reconnect returns to the configured
// client name.
//
// See https://valkey.io/commands/client-setname/.
func (c *ClusterClient) ClientSetName(ctx context.Context, connectionName string) (string, error) {
	return runOne(ctx, c, cmds.ClientSetName(connectionName), nil)
}

// ClientSetNameWithOptions names the connections to the nodes the route reaches.
//
// See https://valkey.io/commands/client-setname/.
func (c *ClusterClient) ClientSetNameWithOptions(
	ctx context.Context,
	connectionName string,
	opts options.RouteOption,
) (string, error) {
	return runOne(ctx, c, cmds.ClientSetName(connectionName), opts.Route)
}

// ClientGetName returns the name of this client's connection to a random node.
//
// See https://valkey.io/commands/client-getname/.
func (c *ClusterClient) ClientGetName(ctx context.Context) (models.Result[string], error) {
	return runOne(ctx, c, cmds.ClientGetName(), nil)
}

// ClientGetNameWithOptions returns the connection name on each node the route
// reaches.
//
// See https://valkey.io/commands/client-getname/.
func (c *ClusterClient) ClientGetNameWithOptions(
	ctx context.Context,
	opts options.RouteOption,
) (models.ClusterValue[models.Result[string]], error) {
	return runRouted(ctx, c, cmds.ClientGetName(), opts.Route)
}

// ClientPause suspends the clients of every primary for timeout (millisecond
// precision). Requests of this client to those nodes wait too, up to the request
// timeout.
//
// See https://valkey.io/commands/client-pause/.
func (c *ClusterClient) ClientPause(ctx context.Context, timeout time.Duration) (string, error) {
	return runOne(ctx, c, cmds.ClientPause(timeout), config.AllPrimaries)
}

// ClientPauseWithOptions is ClientPause limited to a mode (WRITE pauses only
// commands that may write) and sent along a route (all primaries when none).
//
// See https://valkey.io/commands/client-pause/.
func (c *ClusterClient) ClientPauseWithOptions(
	ctx context.Context,
	timeout time.Duration,
	options options.ClientPauseClusterOptions,
) (string, error) {
	route := orDefault(routeOf(options.RouteOption), config.AllPrimaries)
	return runOne(ctx, c, cmds.ClusterClientPause(timeout.Milliseconds(), options), route)
}

// ClientUnpause ends a pause on every primary and returns "OK".
//
// See https://valkey.io/commands/client-unpause/.
func (c *ClusterClient) ClientUnpause(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ClientUnpause(), config.AllPrimaries)
}

// ClientUnpauseWithOptions ends a pause on the nodes of the route (all primaries
// when none).
//
// See https://valkey.io/commands/client-unpause/.
func (c *ClusterClient) ClientUnpauseWithOptions(ctx context.Context, options options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.ClientUnpause(), orDefault(options.Route, config.AllPrimaries))
}

// ClientTrackingInfo returns the tracking state of this client's connection to a
// random node.
//
// See https://valkey.io/commands/client-trackinginfo/.
func (c *ClusterClient) ClientTrackingInfo(ctx context.Context) (models.ClientTrackingInfo, error) {
	return runOne(ctx, c, cmds.ClientTrackingInfo(), nil)
}

// ClientTrackingInfoWithOptions returns the tracking state of this client's connection
// to each node the route reaches (one node, as for ClientTrackingInfo, when none).
//
// See https://valkey.io/commands/client-trackinginfo/.
func (c *ClusterClient) ClientTrackingInfoWithOptions(
	ctx context.Context,
	opts options.RouteOption,
) (models.ClusterValue[models.ClientTrackingInfo], error) {
	return runRouted(ctx, c, cmds.ClientTrackingInfo(), opts.Route)
}
