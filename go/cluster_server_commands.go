package valkite

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Server management commands of the cluster client. Without a route each goes where
// the server's command tips send it (DBSIZE to every primary, summed; CONFIG SET to
// every node; TIME to one node …); with one, it goes where the route says and
// answers per node unless the tips say how to combine the replies.

// Select switches every node's connection to database index (Valkey 9 clusters may
// offer more than database 0; older ones accept only 0). Once it succeeded, connections
// opened later — a reconnect, a new node — start in that database too.
//
// See https://valkey.io/commands/select/.
func (c *ClusterClient) Select(ctx context.Context, index int64) (string, error) {
	reply, err := runOne(ctx, c, cmds.Select(index), config.AllNodes)
	return c.core.selected(index, reply, err)
}

// Info returns the default INFO sections of every primary, keyed by node address.
//
// See https://valkey.io/commands/info/.
func (c *ClusterClient) Info(ctx context.Context) (map[string]string, error) {
	return runPerNode(ctx, c, cmds.Info(), config.AllPrimaries)
}

// InfoWithOptions returns the requested INFO sections, from every primary (keyed by
// address) unless the options route elsewhere; a single-node route gives a single
// value.
//
// See https://valkey.io/commands/info/.
func (c *ClusterClient) InfoWithOptions(
	ctx context.Context,
	options options.ClusterInfoOptions,
) (models.ClusterValue[string], error) {
	route := orDefault(routeOf(options.RouteOption), config.AllPrimaries)
	return runRouted(ctx, c, cmds.ClusterInfoSections(options), route)
}

// DBSize returns the number of keys in the cluster: the sum over the primaries.
//
// See https://valkey.io/commands/dbsize/.
func (c *ClusterClient) DBSize(ctx context.Context) (int64, error) {
	return runOne(ctx, c, cmds.DBSize(), nil)
}

// DBSizeWithOptions returns the number of keys on the nodes the route reaches,
// summed when several are (a route including replicas counts their copies too).
//
// See https://valkey.io/commands/dbsize/.
func (c *ClusterClient) DBSizeWithOptions(ctx context.Context, routeOption options.RouteOption) (int64, error) {
	return runOne(ctx, c, cmds.DBSize(), routeOption.Route)
}

// Time returns one node's clock as [Unix seconds, microseconds within the second].
//
// See https://valkey.io/commands/time/.
func (c *ClusterClient) Time(ctx context.Context) ([]string, error) {
	return runOne(ctx, c, cmds.Time(), nil)
}

// TimeWithOptions returns the clock of each node the route reaches.
//
// See https://valkey.io/commands/time/.
func (c *ClusterClient) TimeWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[[]string], error) {
	return runRouted(ctx, c, cmds.Time(), routeOption.Route)
}

// FlushAll deletes every key of every database on every primary and returns "OK".
//
// See https://valkey.io/commands/flushall/.
func (c *ClusterClient) FlushAll(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.FlushAll(), nil)
}

// FlushAllWithOptions is FlushAll with a mode (SYNC or ASYNC) and a route, both
// optional.
//
// See https://valkey.io/commands/flushall/.
func (c *ClusterClient) FlushAllWithOptions(ctx context.Context, options options.FlushClusterOptions) (string, error) {
	return runOne(ctx, c, cmds.ClusterFlushAll(options), routeOf(options.RouteOption))
}

// FlushDB deletes every key of the current database on every primary and returns
// "OK".
//
// See https://valkey.io/commands/flushdb/.
func (c *ClusterClient) FlushDB(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.FlushDB(), nil)
}

// FlushDBWithOptions is FlushDB with a mode and a route, both optional.
//
// See https://valkey.io/commands/flushdb/.
func (c *ClusterClient) FlushDBWithOptions(ctx context.Context, options options.FlushClusterOptions) (string, error) {
	return runOne(ctx, c, cmds.ClusterFlushDB(options), routeOf(options.RouteOption))
}

// Lolwut returns a random node's generative art and version line.
//
// See https://valkey.io/commands/lolwut/.
func (c *ClusterClient) Lolwut(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.Lolwut(), nil)
}

// LolwutWithOptions is Lolwut for an art version and parameters, from each node the
// route reaches (a random one without a route).
//
// See https://valkey.io/commands/lolwut/.
func (c *ClusterClient) LolwutWithOptions(
	ctx context.Context,
	lolwutOptions options.ClusterLolwutOptions,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.ClusterLolwut(lolwutOptions), routeOf(lolwutOptions.RouteOption))
}

// LastSave returns the Unix time of a random node's last successful save.
//
// See https://valkey.io/commands/lastsave/.
func (c *ClusterClient) LastSave(ctx context.Context) (models.ClusterValue[int64], error) {
	return runRouted(ctx, c, cmds.LastSave(), nil)
}

// LastSaveWithOptions returns the last save time of each node the route reaches.
//
// See https://valkey.io/commands/lastsave/.
func (c *ClusterClient) LastSaveWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[int64], error) {
	return runRouted(ctx, c, cmds.LastSave(), routeOption.Route)
}

// Save writes a snapshot on every primary, blocking each while it does, and returns
// "OK".
//
// See https://valkey.io/commands/save/.
func (c *ClusterClient) Save(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.Save(), config.AllPrimaries)
}

// SaveWithOptions is Save on the nodes of the route (all primaries when none).
//
// See https://valkey.io/commands/save/.
func (c *ClusterClient) SaveWithOptions(ctx context.Context, routeOption options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.Save(), orDefault(routeOption.Route, config.AllPrimaries))
}

// BgSave starts a background snapshot on every primary and returns each node's
// status line.
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSave(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSave(), config.AllPrimaries)
}

// BgSaveWithOptions is BgSave on the nodes of the route (all primaries when none).
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSaveWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSave(), orDefault(routeOption.Route, config.AllPrimaries))
}

// BgSaveSchedule starts, or schedules after a running AOF rewrite, a background
// snapshot on every primary.
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSaveSchedule(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSaveSchedule(), config.AllPrimaries)
}

// BgSaveScheduleWithOptions is BgSaveSchedule on the nodes of the route (all
// primaries when none).
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSaveScheduleWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSaveSchedule(), orDefault(routeOption.Route, config.AllPrimaries))
}

// BgSaveCancel cancels running or scheduled background snapshots on every primary.
// Valkey 8.1+.
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSaveCancel(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSaveCancel(), config.AllPrimaries)
}

// BgSaveCancelWithOptions is BgSaveCancel on the nodes of the route (all primaries
// when none).
//
// See https://valkey.io/commands/bgsave/.
func (c *ClusterClient) BgSaveCancelWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgSaveCancel(), orDefault(routeOption.Route, config.AllPrimaries))
}

// BgRewriteAof starts an append-only file rewrite on every primary.
//
// See https://valkey.io/commands/bgrewriteaof/.
func (c *ClusterClient) BgRewriteAof(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgRewriteAof(), config.AllPrimaries)
}

// BgRewriteAofWithOptions is BgRewriteAof on the nodes of the route (all primaries
// when none).
//
// See https://valkey.io/commands/bgrewriteaof/.
func (c *ClusterClient) BgRewriteAofWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.BgRewriteAof(), orDefault(routeOption.Route, config.AllPrimaries))
}

// ConfigResetStat resets the INFO statistics of every node and returns "OK".
//
// See https://valkey.io/commands/config-resetstat/.
func (c *ClusterClient) ConfigResetStat(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ConfigResetStat(), nil)
}

// ConfigResetStatWithOptions is ConfigResetStat on the nodes of the route.
//
// See https://valkey.io/commands/config-resetstat/.
func (c *ClusterClient) ConfigResetStatWithOptions(ctx context.Context, routeOption options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.ConfigResetStat(), routeOption.Route)
}

// ConfigSet sets configuration parameters on every node and returns "OK".
//
// See https://valkey.io/commands/config-set/.
func (c *ClusterClient) ConfigSet(ctx context.Context, parameters map[string]string) (string, error) {
	return runOne(ctx, c, cmds.ConfigSet(parameters), nil)
}

// ConfigSetWithOptions sets configuration parameters on the nodes of the route.
//
// See https://valkey.io/commands/config-set/.
func (c *ClusterClient) ConfigSetWithOptions(
	ctx context.Context,
	parameters map[string]string,
	routeOption options.RouteOption,
) (string, error) {
	return runOne(ctx, c, cmds.ConfigSet(parameters), routeOption.Route)
}

// ConfigGet returns a random node's values for the parameters (glob patterns
// allowed).
//
// See https://valkey.io/commands/config-get/.
func (c *ClusterClient) ConfigGet(ctx context.Context, parameters []string) (map[string]string, error) {
	return runOne(ctx, c, cmds.ConfigGet(parameters), nil)
}

// ConfigGetWithOptions returns the parameters' values on each node the route
// reaches.
//
// See https://valkey.io/commands/config-get/.
func (c *ClusterClient) ConfigGetWithOptions(
	ctx context.Context,
	parameters []string,
	routeOption options.RouteOption,
) (models.ClusterValue[map[string]string], error) {
	return runRouted(ctx, c, cmds.ConfigGet(parameters), routeOption.Route)
}

// ConfigRewrite writes every node's running configuration back to its config file.
//
// See https://valkey.io/commands/config-rewrite/.
func (c *ClusterClient) ConfigRewrite(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ConfigRewrite(), nil)
}

// ConfigRewriteWithOptions is ConfigRewrite on the nodes of the route.
//
// See https://valkey.io/commands/config-rewrite/.
func (c *ClusterClient) ConfigRewriteWithOptions(ctx context.Context, routeOption options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.ConfigRewrite(), routeOption.Route)
}
