package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
)

// ScriptingAndFunctionStandaloneCommands manage function libraries on a standalone server.
type ScriptingAndFunctionStandaloneCommands interface {
	FunctionStats(ctx context.Context) (map[string]models.FunctionStatsResult, error)
	FunctionDelete(ctx context.Context, libName string) (string, error)
	FunctionKill(ctx context.Context) (string, error)
	FunctionList(ctx context.Context, query models.FunctionListQuery) ([]models.LibraryInfo, error)
	FunctionDump(ctx context.Context) (string, error)
	FunctionRestore(ctx context.Context, payload string) (string, error)
	FunctionRestoreWithPolicy(ctx context.Context, payload string, policy constants.FunctionRestorePolicy) (string, error)
}
