package valkite

import (
	"context"
	"fmt"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Scripting and functions shared by Client and ClusterClient. Without a route, a
// cluster client sends each command where the server's command tips say: FUNCTION
// LOAD/DELETE/FLUSH/RESTORE and SCRIPT EXISTS to every primary (combined), SCRIPT
// FLUSH to every node, FCALL and EVALSHA by their first key, or to a random primary
// when they have none.

// withReload runs call (an EVALSHA); if the server answers NOSCRIPT and the script's
// code is still in the process-wide store, it loads the code with load and runs call
// once more. A NOSCRIPT after the script was closed is returned as is.
func withReload[T any](hash string, call func() (T, error), load func(code string) error) (T, error) {
	v, err := call()
	if err == nil || !cmds.IsNoScript(err) {
		return v, err
	}
	code, ok := options.ScriptSource(hash)
	if !ok {
		return v, err
	}
	if lerr := load(code); lerr != nil {
		return v, lerr
	}
	return call()
}

// invokeScript is EVALSHA with the reload above. loadRoute is where SCRIPT LOAD goes:
// the node the script runs on when that is known (its first key's slot), every node
// otherwise (the zero routeArg: SCRIPT LOAD's own tips).
func (b *baseClient) invokeScript(ctx context.Context, hash string, keys, args []string) (any, error) {
	load := routeArg{}
	if len(keys) > 0 {
		load = routeArg{kind: routeSlotKeyPrimary, data: keys[0]}
	}
	return withReload(hash,
		func() (any, error) { return executeOn(ctx, b.core, cmds.EvalSha(hash, keys, args), routeArg{}) },
		func(code string) error {
			_, err := executeOn(ctx, b.core, cmds.ScriptLoad(code), load)
			return err
		})
}

// InvokeScript runs a script by its digest (EVALSHA), loading it first if the server
// does not know it, and returns what the script returns.
//
// See https://valkey.io/commands/evalsha/.
func (b *baseClient) InvokeScript(ctx context.Context, script options.Script) (any, error) {
	return b.invokeScript(ctx, script.GetHash(), nil, nil)
}

// InvokeScriptWithOptions is InvokeScript with keys (KEYS) and arguments (ARGV). In a
// cluster the script runs on the node owning its first key; all keys must share a
// slot.
//
// See https://valkey.io/commands/evalsha/.
func (b *baseClient) InvokeScriptWithOptions(
	ctx context.Context, script options.Script, scriptOptions options.ScriptOptions,
) (any, error) {
	return b.invokeScript(ctx, script.GetHash(), scriptOptions.Keys, scriptOptions.Args)
}

// ScriptExists reports, for each digest, whether the script is cached (in a cluster:
// cached on every primary).
//
// See https://valkey.io/commands/script-exists/.
func (b *baseClient) ScriptExists(ctx context.Context, sha1s []string) ([]bool, error) {
	return run(ctx, b, cmds.ScriptExists(sha1s))
}

// ScriptFlush empties the script cache and returns "OK".
//
// See https://valkey.io/commands/script-flush/.
func (b *baseClient) ScriptFlush(ctx context.Context) (string, error) {
	return run(ctx, b, cmds.ScriptFlush())
}

// ScriptFlushWithMode is ScriptFlush, synchronous or asynchronous.
//
// See https://valkey.io/commands/script-flush/.
func (b *baseClient) ScriptFlushWithMode(ctx context.Context, mode options.FlushMode) (string, error) {
	return run(ctx, b, cmds.ScriptFlushWithMode(mode))
}

// ScriptShow returns the source of a cached script (Valkey 8.0+).
//
// See https://valkey.io/commands/script-show/.
func (b *baseClient) ScriptShow(ctx context.Context, sha1 string) (string, error) {
	return run(ctx, b, cmds.ScriptShow(sha1))
}

// ScriptKill stops the script running on the server (in a cluster: on whichever
// primary runs one), provided it has not written. It travels on a management
// connection, since the client's own connection waits for the busy script.
//
// See https://valkey.io/commands/script-kill/.
func (b *baseClient) ScriptKill(ctx context.Context) (string, error) {
	return b.onSide(ctx, cmds.ScriptKill(), routeArg{})
}

// onSide runs a kill on the management connection.
func (b *baseClient) onSide(ctx context.Context, cmd cmds.Cmd[string], route routeArg) (string, error) {
	side, err := b.sideCore()
	if err != nil {
		return "", err
	}
	return executeOn(ctx, side, cmd, route)
}

// FunctionLoad loads a library (replacing one of the same name if replace) and
// returns its name; in a cluster, on every primary.
//
// See https://valkey.io/commands/function-load/.
func (b *baseClient) FunctionLoad(ctx context.Context, libraryCode string, replace bool) (string, error) {
	return run(ctx, b, cmds.FunctionLoad(libraryCode, replace))
}

// FunctionFlush deletes every library and returns "OK".
//
// See https://valkey.io/commands/function-flush/.
func (b *baseClient) FunctionFlush(ctx context.Context) (string, error) {
	return run(ctx, b, cmds.FunctionFlush(""))
}

// FunctionFlushSync is FunctionFlush, freeing memory before replying.
func (b *baseClient) FunctionFlushSync(ctx context.Context) (string, error) {
	return run(ctx, b, cmds.FunctionFlush(options.SYNC))
}

// FunctionFlushAsync is FunctionFlush, freeing memory in the background.
func (b *baseClient) FunctionFlushAsync(ctx context.Context) (string, error) {
	return run(ctx, b, cmds.FunctionFlush(options.ASYNC))
}

// FCall invokes a loaded function without keys or arguments.
//
// See https://valkey.io/commands/fcall/.
func (b *baseClient) FCall(ctx context.Context, function string) (any, error) {
	return run(ctx, b, cmds.FCall(function, nil, nil))
}

// FCallReadOnly invokes a no-writes function (FCALL_RO), which the read strategy
// may send to a replica.
//
// See https://valkey.io/commands/fcall_ro/.
func (b *baseClient) FCallReadOnly(ctx context.Context, function string) (any, error) {
	return run(ctx, b, cmds.FCallReadOnly(function, nil, nil))
}

// FCallWithKeysAndArgs invokes a function with keys and arguments; in a cluster it
// runs on the node owning the first key.
//
// See https://valkey.io/commands/fcall/.
func (b *baseClient) FCallWithKeysAndArgs(ctx context.Context, function string, keys []string, args []string) (any, error) {
	return run(ctx, b, cmds.FCall(function, keys, args))
}

// FCallReadOnlyWithKeysAndArgs is FCallReadOnly with keys and arguments.
//
// See https://valkey.io/commands/fcall_ro/.
func (b *baseClient) FCallReadOnlyWithKeysAndArgs(
	ctx context.Context, function string, keys []string, args []string,
) (any, error) {
	return run(ctx, b, cmds.FCallReadOnly(function, keys, args))
}

// Standalone-only forms (the cluster client has its own, with routes).

// FunctionStats returns the server's function statistics keyed by its address
// ("host:port" as configured).
//
// See https://valkey.io/commands/function-stats/.
func (c *Client) FunctionStats(ctx context.Context) (map[string]models.FunctionStatsResult, error) {
	v, err := run(ctx, &c.baseClient, cmds.FunctionStats())
	if err != nil {
		return nil, err
	}
	return map[string]models.FunctionStatsResult{c.addressKey(): v}, nil
}

// addressKey names the server a standalone client talks to.
func (c *Client) addressKey() string {
	if c.settings == nil || len(c.settings.Addresses) == 0 {
		return ""
	}
	a := c.settings.Addresses[0]
	return fmt.Sprintf("%s:%d", a.Host, a.Port)
}

// FunctionDelete deletes a library and returns "OK".
//
// See https://valkey.io/commands/function-delete/.
func (c *Client) FunctionDelete(ctx context.Context, libName string) (string, error) {
	return run(ctx, &c.baseClient, cmds.FunctionDelete(libName))
}

// FunctionKill stops the running function, provided it has not written. It travels
// on a management connection (see ScriptKill).
//
// See https://valkey.io/commands/function-kill/.
func (c *Client) FunctionKill(ctx context.Context) (string, error) {
	return c.onSide(ctx, cmds.FunctionKill(), routeArg{})
}

// FunctionList lists the libraries the query selects.
//
// See https://valkey.io/commands/function-list/.
func (c *Client) FunctionList(ctx context.Context, query models.FunctionListQuery) ([]models.LibraryInfo, error) {
	return run(ctx, &c.baseClient, cmds.FunctionList(query))
}

// FunctionDump returns every library serialized, for FunctionRestore.
//
// See https://valkey.io/commands/function-dump/.
func (c *Client) FunctionDump(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.FunctionDump())
}

// FunctionRestore restores libraries from a FunctionDump payload (failing on a name
// that exists) and returns "OK".
//
// See https://valkey.io/commands/function-restore/.
func (c *Client) FunctionRestore(ctx context.Context, payload string) (string, error) {
	return run(ctx, &c.baseClient, cmds.FunctionRestore(payload))
}

// FunctionRestoreWithPolicy is FunctionRestore with APPEND, FLUSH or REPLACE.
//
// See https://valkey.io/commands/function-restore/.
func (c *Client) FunctionRestoreWithPolicy(
	ctx context.Context, payload string, policy constants.FunctionRestorePolicy,
) (string, error) {
	return run(ctx, &c.baseClient, cmds.FunctionRestoreWithPolicy(payload, policy))
}
