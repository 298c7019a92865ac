package cmds

import (
	"fmt"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Bitmap" group (GLIDE's BitmapCommands). Offsets and bit values the server
// would reject are refused before sending, with an error naming the argument.

func checkBit(cmd string, bit int64) error {
	if bit != 0 && bit != 1 {
		return fmt.Errorf("%s: bit value must be 0 or 1, got %d", cmd, bit)
	}
	return nil
}

func checkBitOffset(cmd string, offset int64) error {
	if offset < 0 {
		return fmt.Errorf("%s: offset must not be negative, got %d", cmd, offset)
	}
	return nil
}

func SetBit(key string, offset, value int64) Cmd[int64] {
	if err := checkBitOffset("SETBIT", offset); err != nil {
		return Failed[int64](err)
	}
	if err := checkBit("SETBIT", value); err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: []string{"SETBIT", key, itoa(offset), itoa(value)}, Decode: DecodeInt}
}

func GetBit(key string, offset int64) Cmd[int64] {
	if err := checkBitOffset("GETBIT", offset); err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: []string{"GETBIT", key, itoa(offset)}, Decode: DecodeInt}
}

func BitCount(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"BITCOUNT", key}, Decode: DecodeInt}
}

func BitCountWithOptions(key string, opts options.BitCountOptions) Cmd[int64] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"BITCOUNT", key}, optArgs), Decode: DecodeInt}
}

func BitPos(key string, bit int64) Cmd[int64] {
	if err := checkBit("BITPOS", bit); err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: []string{"BITPOS", key, itoa(bit)}, Decode: DecodeInt}
}

func BitPosWithOptions(key string, bit int64, opts options.BitPosOptions) Cmd[int64] {
	if err := checkBit("BITPOS", bit); err != nil {
		return Failed[int64](err)
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"BITPOS", key, itoa(bit)}, optArgs), Decode: DecodeInt}
}

// BitOp routes by its keys (destination first) in a cluster; keys in different
// slots get the server's CROSSSLOT error.
func BitOp(op options.BitOpType, destination string, keys []string) Cmd[int64] {
	bitOp, err := options.NewBitOp(op, destination, keys)
	if err != nil {
		return Failed[int64](err)
	}
	optArgs, err := bitOp.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"BITOP"}, optArgs), Decode: DecodeInt}
}

// bitfieldArgs renders the sub-commands; the first invalid one fails the command,
// named by its position.
func bitfieldArgs[S interface{ ToArgs() ([]string, error) }](cmd, key string, subs []S) ([]string, error) {
	args := make([]string, 0, 2+4*len(subs))
	args = append(args, cmd, key)
	for i, s := range subs {
		if any(s) == nil {
			return nil, fmt.Errorf("%s: subcommand %d is nil", cmd, i+1)
		}
		a, err := s.ToArgs()
		if err != nil {
			return nil, fmt.Errorf("%s: subcommand %d: %w", cmd, i+1, err)
		}
		args = append(args, a...)
	}
	return args, nil
}

func BitField(key string, subCommands []options.BitFieldSubCommands) Cmd[[]models.Result[int64]] {
	args, err := bitfieldArgs("BITFIELD", key, subCommands)
	if err != nil {
		return Failed[[]models.Result[int64]](err)
	}
	return Cmd[[]models.Result[int64]]{Args: args, Decode: DecodeNullableIntArray}
}

func BitFieldRO(key string, commands []options.BitFieldROCommands) Cmd[[]models.Result[int64]] {
	args, err := bitfieldArgs("BITFIELD_RO", key, commands)
	if err != nil {
		return Failed[[]models.Result[int64]](err)
	}
	return Cmd[[]models.Result[int64]]{Args: args, Decode: DecodeNullableIntArray}
}
