package valkite

import (
	"context"
	"fmt"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Scripting and functions of the cluster client: the forms that take a route, and
// those whose default route differs from the command's own tips (FUNCTION STATS on
// every node, FUNCTION LIST and FUNCTION DUMP on a random node).

// scriptLoadRoute is where SCRIPT LOAD goes before a routed EVALSHA is retried: the
// same node(s) when the route names them, every node for a random one (which node
// ran the script is not known) or none.
func scriptLoadRoute(route config.Route) config.Route {
	if route == nil || route == config.RandomRoute {
		return nil
	}
	return route
}

// invokeScriptRouted is EVALSHA along route with the NOSCRIPT reload (withReload).
func (c *ClusterClient) invokeScriptRouted(
	ctx context.Context, hash string, args []string, route config.Route,
) (models.ClusterValue[any], error) {
	return withReload(hash,
		func() (models.ClusterValue[any], error) {
			return runRouted(ctx, c, cmds.EvalSha(hash, nil, args), route)
		},
		func(code string) error {
			_, err := runRouted(ctx, c, cmds.ScriptLoad(code), scriptLoadRoute(route))
			return err
		})
}

// InvokeScriptWithRoute runs a keyless script where route says (a random primary
// without one), loading it first where it is missing; a multi-node route gives one
// result per node. If some of a multi-node route's nodes lack the script, the whole
// call fails with NOSCRIPT, the script is loaded on all of them and the call runs
// again everywhere: nodes that had the script run it twice.
//
// See https://valkey.io/commands/evalsha/.
func (c *ClusterClient) InvokeScriptWithRoute(
	ctx context.Context, script options.Script, route options.RouteOption,
) (models.ClusterValue[any], error) {
	return c.invokeScriptRouted(ctx, script.GetHash(), nil, route.Route)
}

// InvokeScriptWithClusterOptions is InvokeScriptWithRoute with arguments.
//
// See https://valkey.io/commands/evalsha/.
func (c *ClusterClient) InvokeScriptWithClusterOptions(
	ctx context.Context, script options.Script, clusterScriptOptions options.ClusterScriptOptions,
) (models.ClusterValue[any], error) {
	var args []string
	if clusterScriptOptions.ScriptArgOptions != nil {
		args = clusterScriptOptions.Args
	}
	return c.invokeScriptRouted(ctx, script.GetHash(), args, routeOf(clusterScriptOptions.RouteOption))
}

// ScriptExistsWithRoute is ScriptExists on the nodes route names; several nodes'
// answers are combined digest by digest (cached only if cached everywhere).
//
// See https://valkey.io/commands/script-exists/.
func (c *ClusterClient) ScriptExistsWithRoute(
	ctx context.Context, sha1s []string, route options.RouteOption,
) ([]bool, error) {
	return runOne(ctx, c, cmds.ScriptExists(sha1s), route.Route)
}

// ScriptFlushWithOptions is ScriptFlush with a mode and a route, both optional.
//
// See https://valkey.io/commands/script-flush/.
func (c *ClusterClient) ScriptFlushWithOptions(ctx context.Context, options options.ScriptFlushOptions) (string, error) {
	return runOne(ctx, c, cmds.ScriptFlushWithMode(options.Mode), routeOf(options.RouteOption))
}

// ScriptKillWithRoute is ScriptKill on the nodes route names, sent on the management
// connection.
//
// See https://valkey.io/commands/script-kill/.
func (c *ClusterClient) ScriptKillWithRoute(ctx context.Context, route options.RouteOption) (string, error) {
	return c.killRouted(ctx, cmds.ScriptKill(), route.Route)
}

// killRouted runs a kill on the management connection along route.
func (c *ClusterClient) killRouted(ctx context.Context, cmd cmds.Cmd[string], route config.Route) (string, error) {
	side, err := c.sideCore()
	if err != nil {
		return "", err
	}
	var ra routeArg
	if route != nil {
		if ra, err = toRouteArg(route); err != nil {
			return "", err
		}
	}
	v, err := executeRouted(ctx, side, cmd, ra)
	if err != nil {
		return "", err
	}
	if v.IsMultiValue() {
		// SCRIPT KILL and FUNCTION KILL carry the one-succeeded policy, so the core
		// answers with one reply whatever the route; several would be a core bug.
		return "", &errs.ProtocolError{Msg: fmt.Sprintf("valkite: %s answered from %d nodes", cmd.Args[0], len(v.MultiValue()))}
	}
	return v.SingleValue(), nil
}

// FunctionLoadWithRoute is FunctionLoad on the nodes route names.
//
// See https://valkey.io/commands/function-load/.
func (c *ClusterClient) FunctionLoadWithRoute(
	ctx context.Context, libraryCode string, replace bool, route options.RouteOption,
) (string, error) {
	return runOne(ctx, c, cmds.FunctionLoad(libraryCode, replace), route.Route)
}

// FunctionFlushWithRoute is FunctionFlush on the nodes route names.
func (c *ClusterClient) FunctionFlushWithRoute(ctx context.Context, route options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.FunctionFlush(""), route.Route)
}

// FunctionFlushSyncWithRoute is FunctionFlushSync on the nodes route names.
func (c *ClusterClient) FunctionFlushSyncWithRoute(ctx context.Context, route options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.FunctionFlush(options.SYNC), route.Route)
}

// FunctionFlushAsyncWithRoute is FunctionFlushAsync on the nodes route names.
func (c *ClusterClient) FunctionFlushAsyncWithRoute(ctx context.Context, route options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.FunctionFlush(options.ASYNC), route.Route)
}

// FCallWithRoute invokes a function without keys where route says.
//
// See https://valkey.io/commands/fcall/.
func (c *ClusterClient) FCallWithRoute(
	ctx context.Context, function string, route options.RouteOption,
) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCall(function, nil, nil), route.Route)
}

// FCallReadOnlyWithRoute is FCallWithRoute for a no-writes function (FCALL_RO).
func (c *ClusterClient) FCallReadOnlyWithRoute(
	ctx context.Context, function string, route options.RouteOption,
) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCallReadOnly(function, nil, nil), route.Route)
}

// FCallWithArgs invokes a function with arguments and no keys, on a random primary.
func (c *ClusterClient) FCallWithArgs(ctx context.Context, function string, args []string) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCall(function, nil, args), nil)
}

// FCallReadOnlyWithArgs is FCallWithArgs for a no-writes function.
func (c *ClusterClient) FCallReadOnlyWithArgs(
	ctx context.Context, function string, args []string,
) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCallReadOnly(function, nil, args), nil)
}

// FCallWithArgsWithRoute is FCallWithArgs where route says.
func (c *ClusterClient) FCallWithArgsWithRoute(
	ctx context.Context, function string, args []string, route options.RouteOption,
) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCall(function, nil, args), route.Route)
}

// FCallReadOnlyWithArgsWithRoute is FCallReadOnlyWithArgs where route says.
func (c *ClusterClient) FCallReadOnlyWithArgsWithRoute(
	ctx context.Context, function string, args []string, route options.RouteOption,
) (models.ClusterValue[any], error) {
	return runRouted(ctx, c, cmds.FCallReadOnly(function, nil, args), route.Route)
}

// FunctionStats returns every node's function statistics, keyed by address.
//
// See https://valkey.io/commands/function-stats/.
func (c *ClusterClient) FunctionStats(ctx context.Context) (map[string]models.FunctionStatsResult, error) {
	return runPerNode(ctx, c, cmds.FunctionStats(), config.AllNodes)
}

// FunctionStatsWithRoute is FunctionStats on the nodes route names (every node
// without one); one node's statistics come back as a single value.
func (c *ClusterClient) FunctionStatsWithRoute(
	ctx context.Context, opts options.RouteOption,
) (models.ClusterValue[models.FunctionStatsResult], error) {
	v, err := runRouted(ctx, c, cmds.FunctionStats(), orDefault(opts.Route, config.AllNodes))
	if err != nil {
		return v, err
	}
	if v.IsMultiValue() && len(v.MultiValue()) == 1 {
		for _, one := range v.MultiValue() {
			return models.CreateClusterSingleValue(one), nil
		}
	}
	return v, nil
}

// FunctionDelete deletes a library on every primary and returns "OK".
//
// See https://valkey.io/commands/function-delete/.
func (c *ClusterClient) FunctionDelete(ctx context.Context, libName string) (string, error) {
	return runOne(ctx, c, cmds.FunctionDelete(libName), nil)
}

// FunctionDeleteWithRoute is FunctionDelete on the nodes route names.
func (c *ClusterClient) FunctionDeleteWithRoute(
	ctx context.Context, libName string, route options.RouteOption,
) (string, error) {
	return runOne(ctx, c, cmds.FunctionDelete(libName), route.Route)
}

// FunctionKill stops the function running on whichever primary runs one, sent on
// the management connection.
//
// See https://valkey.io/commands/function-kill/.
func (c *ClusterClient) FunctionKill(ctx context.Context) (string, error) {
	return c.killRouted(ctx, cmds.FunctionKill(), nil)
}

// FunctionKillWithRoute is FunctionKill on the nodes route names.
func (c *ClusterClient) FunctionKillWithRoute(ctx context.Context, route options.RouteOption) (string, error) {
	return c.killRouted(ctx, cmds.FunctionKill(), route.Route)
}

// FunctionList lists one random node's libraries (they are the same everywhere when
// loaded through this client).
//
// See https://valkey.io/commands/function-list/.
func (c *ClusterClient) FunctionList(ctx context.Context, query models.FunctionListQuery) ([]models.LibraryInfo, error) {
	return runOne(ctx, c, cmds.FunctionList(query), config.RandomRoute)
}

// FunctionListWithRoute is FunctionList on the nodes route names.
func (c *ClusterClient) FunctionListWithRoute(
	ctx context.Context, query models.FunctionListQuery, route options.RouteOption,
) (models.ClusterValue[[]models.LibraryInfo], error) {
	return runRouted(ctx, c, cmds.FunctionList(query), orDefault(route.Route, config.RandomRoute))
}

// FunctionDump serializes a random node's libraries.
//
// See https://valkey.io/commands/function-dump/.
func (c *ClusterClient) FunctionDump(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.FunctionDump(), config.RandomRoute)
}

// FunctionDumpWithRoute serializes the libraries of the nodes route names.
func (c *ClusterClient) FunctionDumpWithRoute(ctx context.Context, route config.Route) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.FunctionDump(), orDefault(route, config.RandomRoute))
}

// FunctionRestore restores libraries on every primary and returns "OK".
//
// See https://valkey.io/commands/function-restore/.
func (c *ClusterClient) FunctionRestore(ctx context.Context, payload string) (string, error) {
	return runOne(ctx, c, cmds.FunctionRestore(payload), nil)
}

// FunctionRestoreWithRoute is FunctionRestore on the nodes route names.
func (c *ClusterClient) FunctionRestoreWithRoute(ctx context.Context, payload string, route config.Route) (string, error) {
	return runOne(ctx, c, cmds.FunctionRestore(payload), route)
}

// FunctionRestoreWithPolicy is FunctionRestore with APPEND, FLUSH or REPLACE.
func (c *ClusterClient) FunctionRestoreWithPolicy(
	ctx context.Context, payload string, policy constants.FunctionRestorePolicy,
) (string, error) {
	return runOne(ctx, c, cmds.FunctionRestoreWithPolicy(payload, policy), nil)
}

// FunctionRestoreWithPolicyWithRoute is FunctionRestoreWithPolicy on the nodes route
// names.
func (c *ClusterClient) FunctionRestoreWithPolicyWithRoute(
	ctx context.Context, payload string, policy constants.FunctionRestorePolicy, route config.Route,
) (string, error) {
	return runOne(ctx, c, cmds.FunctionRestoreWithPolicy(payload, policy), route)
}

// ScriptKill on the cluster client is the shared ScriptKill (baseClient): every
// primary, the first success wins, on the management connection.
