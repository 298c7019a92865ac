package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// GenericCommands are the standalone-only key-space commands: arbitrary commands, MOVE, SCAN, RANDOMKEY.
type GenericCommands interface {
	CustomCommand(ctx context.Context, args []string) (any, error)
	Move(ctx context.Context, key string, dbIndex int64) (bool, error)
	Scan(ctx context.Context, cursor models.Cursor) (models.ScanResult, error)
	ScanWithOptions(ctx context.Context, cursor models.Cursor, scanOptions options.ScanOptions) (models.ScanResult, error)
	RandomKey(ctx context.Context) (models.Result[string], error)
}
