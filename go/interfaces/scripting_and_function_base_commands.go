package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/options"
)

// ScriptingAndFunctionBaseCommands run Lua scripts and server-side functions in both modes.
type ScriptingAndFunctionBaseCommands interface {
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
