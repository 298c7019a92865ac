package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// BitmapCommands are the commands on strings seen as bit arrays: single bits, counts, searches, BITFIELD and BITOP.
type BitmapCommands interface {
	SetBit(ctx context.Context, key string, offset int64, value int64) (int64, error)
	GetBit(ctx context.Context, key string, offset int64) (int64, error)
	BitCount(ctx context.Context, key string) (int64, error)
	BitCountWithOptions(ctx context.Context, key string, options options.BitCountOptions) (int64, error)
	BitPos(ctx context.Context, key string, bit int64) (int64, error)
	BitPosWithOptions(ctx context.Context, key string, bit int64, options options.BitPosOptions) (int64, error)
	BitField(ctx context.Context, key string, subCommands []options.BitFieldSubCommands) ([]models.Result[int64], error)
	BitFieldRO(ctx context.Context, key string, commands []options.BitFieldROCommands) ([]models.Result[int64], error)
	BitOp(ctx context.Context, bitwiseOperation options.BitOpType, destination string, keys []string) (int64, error)
}
