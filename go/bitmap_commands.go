package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Bitmap commands, shared by Client and ClusterClient. Bit values other than 0/1,
// negative offsets and invalid BITFIELD encodings are refused before sending. In a
// cluster BitOp needs the destination and all sources in one slot.

// SetBit sets the bit at offset to value (0 or 1) and returns the bit's old value.
//
// See https://valkey.io/commands/setbit/.
func (b *baseClient) SetBit(ctx context.Context, key string, offset int64, value int64) (int64, error) {
	return run(ctx, b, cmds.SetBit(key, offset, value))
}

// GetBit returns the bit at offset (0 beyond the end of the string or for a missing
// key).
//
// See https://valkey.io/commands/getbit/.
func (b *baseClient) GetBit(ctx context.Context, key string, offset int64) (int64, error) {
	return run(ctx, b, cmds.GetBit(key, offset))
}

// BitCount returns the number of set bits in the string at key.
//
// See https://valkey.io/commands/bitcount/.
func (b *baseClient) BitCount(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.BitCount(key))
}

// BitCountWithOptions counts set bits within a byte or bit range.
//
// See https://valkey.io/commands/bitcount/.
func (b *baseClient) BitCountWithOptions(ctx context.Context, key string, options options.BitCountOptions) (int64, error) {
	return run(ctx, b, cmds.BitCountWithOptions(key, options))
}

// BitPos returns the position of the first bit equal to bit (0 or 1), or -1.
//
// See https://valkey.io/commands/bitpos/.
func (b *baseClient) BitPos(ctx context.Context, key string, bit int64) (int64, error) {
	return run(ctx, b, cmds.BitPos(key, bit))
}

// BitPosWithOptions is BitPos within a byte or bit range.
//
// See https://valkey.io/commands/bitpos/.
func (b *baseClient) BitPosWithOptions(
	ctx context.Context,
	key string,
	bit int64,
	options options.BitPosOptions,
) (int64, error) {
	return run(ctx, b, cmds.BitPosWithOptions(key, bit, options))
}

// BitField runs GET, SET, INCRBY and OVERFLOW sub-commands on the string at key and
// returns one result per GET/SET/INCRBY, nil where OVERFLOW FAIL stopped an update.
//
// See https://valkey.io/commands/bitfield/.
func (b *baseClient) BitField(
	ctx context.Context,
	key string,
	subCommands []options.BitFieldSubCommands,
) ([]models.Result[int64], error) {
	return run(ctx, b, cmds.BitField(key, subCommands))
}

// BitFieldRO is the read-only BitField (GET only), which replicas may serve.
//
// See https://valkey.io/commands/bitfield_ro/.
func (b *baseClient) BitFieldRO(
	ctx context.Context,
	key string,
	commands []options.BitFieldROCommands,
) ([]models.Result[int64], error) {
	return run(ctx, b, cmds.BitFieldRO(key, commands))
}

// BitOp stores the bitwise AND, OR, XOR (of two or more keys) or NOT (of one key)
// at destination and returns the length of the stored string.
//
// See https://valkey.io/commands/bitop/.
func (b *baseClient) BitOp(
	ctx context.Context,
	bitwiseOperation options.BitOpType,
	destination string,
	keys []string,
) (int64, error) {
	return run(ctx, b, cmds.BitOp(bitwiseOperation, destination, keys))
}
