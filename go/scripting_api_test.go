package valkite

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Compile-time proof that both clients offer GLIDE's scripting and function groups
// with GLIDE's exact signatures (the method list is GLIDE's public API, a fact): a
// missing or differently typed method fails the build of the tests.

type scriptingAndFunctionBaseCommands interface {
	FunctionLoad(ctx context.Context, libraryCode string, replace bool) (string, error)
	FunctionFlush(ctx context.Context) (string, error)
	FunctionFlushSync(ctx context.Context) (string, error)
	FunctionFlushAsync(ctx context.Context) (string, error)
	FCall(ctx context.Context, function string) (any, error)
	FCallReadOnly(ctx context.Context, function string) (any, error)
	FCallWithKeysAndArgs(ctx context.Context, function string, keys []string, args []string) (any, error)
	FCallReadOnlyWithKeysAndArgs(ctx context.Context, function string, keys []string, args []string) (any, error)
	InvokeScript(ctx context.Context, script options.Script) (any, error)
	InvokeScriptWithOptions(ctx context.Context, script options.Script, scriptOptions options.ScriptOptions) (any, error)
	ScriptExists(ctx context.Context, sha1s []string) ([]bool, error)
	ScriptFlush(ctx context.Context) (string, error)
	ScriptFlushWithMode(ctx context.Context, mode options.FlushMode) (string, error)
	ScriptShow(ctx context.Context, sha1 string) (string, error)
	ScriptKill(ctx context.Context) (string, error)
}

type scriptingAndFunctionStandaloneCommands interface {
	scriptingAndFunctionBaseCommands
	FunctionStats(ctx context.Context) (map[string]models.FunctionStatsResult, error)
	FunctionDelete(ctx context.Context, libName string) (string, error)
	FunctionKill(ctx context.Context) (string, error)
	FunctionList(ctx context.Context, query models.FunctionListQuery) ([]models.LibraryInfo, error)
	FunctionDump(ctx context.Context) (string, error)
	FunctionRestore(ctx context.Context, payload string) (string, error)
	FunctionRestoreWithPolicy(ctx context.Context, payload string, policy constants.FunctionRestorePolicy) (string, error)
}

type scriptingAndFunctionClusterCommands interface {
	scriptingAndFunctionBaseCommands
	FunctionLoadWithRoute(ctx context.Context, libraryCode string, replace bool, route options.RouteOption) (string, error)
	FunctionFlushWithRoute(ctx context.Context, route options.RouteOption) (string, error)
	FunctionFlushSyncWithRoute(ctx context.Context, route options.RouteOption) (string, error)
	FunctionFlushAsyncWithRoute(ctx context.Context, route options.RouteOption) (string, error)
	FCallWithRoute(ctx context.Context, function string, route options.RouteOption) (models.ClusterValue[any], error)
	FCallReadOnlyWithRoute(ctx context.Context, function string, route options.RouteOption) (models.ClusterValue[any], error)
	FCallWithArgs(ctx context.Context, function string, args []string) (models.ClusterValue[any], error)
	FCallReadOnlyWithArgs(ctx context.Context, function string, args []string) (models.ClusterValue[any], error)
	FCallWithArgsWithRoute(ctx context.Context, function string, args []string, route options.RouteOption) (models.ClusterValue[any], error)
	FCallReadOnlyWithArgsWithRoute(ctx context.Context, function string, args []string, route options.RouteOption) (models.ClusterValue[any], error)
	FunctionStats(ctx context.Context) (map[string]models.FunctionStatsResult, error)
	FunctionStatsWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[models.FunctionStatsResult], error)
	FunctionDelete(ctx context.Context, libName string) (string, error)
	FunctionDeleteWithRoute(ctx context.Context, libName string, route options.RouteOption) (string, error)
	FunctionKill(ctx context.Context) (string, error)
	FunctionKillWithRoute(ctx context.Context, route options.RouteOption) (string, error)
	FunctionList(ctx context.Context, query models.FunctionListQuery) ([]models.LibraryInfo, error)
	FunctionListWithRoute(ctx context.Context, query models.FunctionListQuery, route options.RouteOption) (models.ClusterValue[[]models.LibraryInfo], error)
	FunctionDump(ctx context.Context) (string, error)
	FunctionDumpWithRoute(ctx context.Context, route config.Route) (models.ClusterValue[string], error)
	FunctionRestore(ctx context.Context, payload string) (string, error)
	FunctionRestoreWithRoute(ctx context.Context, payload string, route config.Route) (string, error)
	FunctionRestoreWithPolicy(ctx context.Context, payload string, policy constants.FunctionRestorePolicy) (string, error)
	FunctionRestoreWithPolicyWithRoute(ctx context.Context, payload string, policy constants.FunctionRestorePolicy, route config.Route) (string, error)
	InvokeScriptWithRoute(ctx context.Context, script options.Script, route options.RouteOption) (models.ClusterValue[any], error)
	InvokeScriptWithClusterOptions(ctx context.Context, script options.Script, clusterScriptOptions options.ClusterScriptOptions) (models.ClusterValue[any], error)
	ScriptExistsWithRoute(ctx context.Context, sha1s []string, route options.RouteOption) ([]bool, error)
	ScriptFlushWithOptions(ctx context.Context, options options.ScriptFlushOptions) (string, error)
	ScriptKillWithRoute(ctx context.Context, route options.RouteOption) (string, error)
}

// The batch twins, on both batch kinds.
type scriptingBatchCommands[T any] interface {
	FunctionLoad(libraryCode string, replace bool) *T
	FunctionDelete(libName string) *T
	FunctionFlush() *T
	FunctionFlushSync() *T
	FunctionFlushAsync() *T
	FCall(function string) *T
	FCallWithKeysAndArgs(function string, keys []string, args []string) *T
	FCallReadOnly(function string) *T
	FCallReadOnlyWithKeysAndArgs(function string, keys []string, args []string) *T
	FunctionList(query models.FunctionListQuery) *T
	FunctionDump() *T
	FunctionRestore(payload string) *T
	FunctionRestoreWithPolicy(payload string, policy constants.FunctionRestorePolicy) *T
	FunctionKill() *T
	ScriptExists(sha1s []string) *T
	ScriptFlush() *T
	ScriptFlushWithMode(mode options.FlushMode) *T
	ScriptShow(sha1 string) *T
	ScriptKill() *T
	FunctionStats() *T
}

var (
	_ scriptingBatchCommands[pipeline.StandaloneBatch] = (*pipeline.StandaloneBatch)(nil)
	_ scriptingBatchCommands[pipeline.ClusterBatch]    = (*pipeline.ClusterBatch)(nil)
	_ scriptingAndFunctionStandaloneCommands           = (*Client)(nil)
	_ scriptingAndFunctionClusterCommands              = (*ClusterClient)(nil)
	_ config.Route                                     = config.RandomRoute
	_ constants.FunctionRestorePolicy                  = constants.AppendPolicy
	_ models.FunctionListQuery                         = models.FunctionListQuery{}
	_ options.FlushMode                                = options.SYNC
)
