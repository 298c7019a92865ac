package valkite

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Generic commands of the cluster client only. Cluster-wide SCAN is in
// cluster_scan.go.

// CustomCommand sends args (command name first) unchecked, routed as the core routes
// that command: by its keys, or by the server's command tips for keyless commands,
// which also say how replies from several nodes are combined (DBSIZE is summed,
// FLUSHALL answers "OK" once all primaries did). A command the tips fan out without
// a combining rule answers per node (a MultiValue keyed by address); any other
// answers with a SingleValue, whatever the reply's shape. Values are those of
// Client.CustomCommand, reshaped per command in the same way; a per-node reply is
// reshaped on its own. Use it only for commands with exactly one reply per node.
func (c *ClusterClient) CustomCommand(ctx context.Context, args []string) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.CustomCommand(args), nil)
}

// CustomCommandWithRoute is CustomCommand sent along route. A multi-node route
// answers per node unless the command's tips combine the replies.
func (c *ClusterClient) CustomCommandWithRoute(
	ctx context.Context,
	args []string,
	route config.Route,
) (models.ClusterValue[any], error) {
	if route == nil {
		return c.CustomCommand(ctx, args)
	}
	return runRouted(ctx, c, cmds.CustomCommand(args), route)
}

// RandomKey returns a random key of the cluster, nil when it is empty.
//
// See https://valkey.io/commands/randomkey/.
func (c *ClusterClient) RandomKey(ctx context.Context) (models.Result[string], error) {
	return runOne(ctx, c, cmds.RandomKey(), nil)
}

// RandomKeyWithRoute returns a random key held by the nodes of the route.
//
// See https://valkey.io/commands/randomkey/.
func (c *ClusterClient) RandomKeyWithRoute(ctx context.Context, opts options.RouteOption) (models.Result[string], error) {
	return runOne(ctx, c, cmds.RandomKey(), opts.Route)
}
