package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Bitmap commands. Every result is what the client method returns.

// SetBit queues SETBIT; its result is the bit's old value, an int64.
func (b *BaseBatch[T]) SetBit(key string, offset int64, value int64) *T {
	return add(b, cmds.SetBit(key, offset, value))
}

// GetBit queues GETBIT; its result is an int64.
func (b *BaseBatch[T]) GetBit(key string, offset int64) *T { return add(b, cmds.GetBit(key, offset)) }

// BitCount queues BITCOUNT; its result is an int64.
func (b *BaseBatch[T]) BitCount(key string) *T { return add(b, cmds.BitCount(key)) }

// BitCountWithOptions queues BITCOUNT over a range; its result is an int64.
func (b *BaseBatch[T]) BitCountWithOptions(key string, opts options.BitCountOptions) *T {
	return add(b, cmds.BitCountWithOptions(key, opts))
}

// BitOp queues BITOP; its result is the stored string's length, an int64.
func (b *BaseBatch[T]) BitOp(bitwiseOperation options.BitOpType, destination string, keys []string) *T {
	return add(b, cmds.BitOp(bitwiseOperation, destination, keys))
}

// BitPos queues BITPOS; its result is an int64.
func (b *BaseBatch[T]) BitPos(key string, bit int64) *T { return add(b, cmds.BitPos(key, bit)) }

// BitPosWithOptions queues BITPOS over a range; its result is an int64.
func (b *BaseBatch[T]) BitPosWithOptions(key string, bit int64, bitposOptions options.BitPosOptions) *T {
	return add(b, cmds.BitPosWithOptions(key, bit, bitposOptions))
}

// BitField queues BITFIELD; its result is a []models.Result[int64].
func (b *BaseBatch[T]) BitField(key string, subCommands []options.BitFieldSubCommands) *T {
	return add(b, cmds.BitField(key, subCommands))
}

// BitFieldRO queues BITFIELD_RO; its result is a []models.Result[int64].
func (b *BaseBatch[T]) BitFieldRO(key string, subCommands []options.BitFieldROCommands) *T {
	return add(b, cmds.BitFieldRO(key, subCommands))
}
