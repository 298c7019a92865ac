package options

import (
	"errors"
	"fmt"
)

// errNilBitField is the error of a nil sub-command pointer.
var errNilBitField = errors.New("BITFIELD: subcommand is a nil pointer")

// BitFieldSubCommands is one BITFIELD operation (GET, SET, INCRBY or
// OVERFLOW).
type BitFieldSubCommands interface {
	ToArgs() ([]string, error)
	dummyBitFieldSubCommands()
}

// BitFieldROCommands is an operation BITFIELD_RO accepts: only GET.
type BitFieldROCommands interface {
	ToArgs() ([]string, error)
	dummyBitFieldSubCommands()
	dummyBitFieldROCommands()
}

// EncType is the signedness of a bitfield integer; with the width it forms
// the encoding, as in "i8" or "u16".
type EncType string

const (
	SignedInt   EncType = "i"
	UnsignedInt EncType = "u"
)

// OverflowType is how SET and INCRBY handle integer overflow.
type OverflowType string

const (
	WRAP OverflowType = "WRAP" // wrap around, as C integers do
	SAT  OverflowType = "SAT"  // clamp to the type's minimum or maximum
	FAIL OverflowType = "FAIL" // do nothing and return nil for that operation
)

// bitfieldAddress checks and renders the encoding and offset shared by the
// operations. With UseHash the offset counts in units of the encoding width ("#n").
// The server accepts signed widths 1..64 and unsigned 1..63 and non-negative
// offsets; anything else is refused here, before the command is sent, with an
// error naming the field.
func bitfieldAddress(op string, enc EncType, bits, offset int64, useHash bool) ([]string, error) {
	switch enc {
	case SignedInt:
		if bits < 1 || bits > 64 {
			return nil, fmt.Errorf("BITFIELD %s: Bits must be 1..64 for a signed encoding, got i%d", op, bits)
		}
	case UnsignedInt:
		if bits < 1 || bits > 63 {
			return nil, fmt.Errorf("BITFIELD %s: Bits must be 1..63 for an unsigned encoding, got u%d", op, bits)
		}
	default:
		return nil, fmt.Errorf("BITFIELD %s: EncType must be SignedInt or UnsignedInt, got %q", op, string(enc))
	}
	if offset < 0 {
		return nil, fmt.Errorf("BITFIELD %s: Offset must not be negative, got %d", op, offset)
	}
	off := itoa(offset)
	if useHash {
		off = "#" + off
	}
	return []string{op, string(enc) + itoa(bits), off}, nil
}

// BitFieldGet reads an integer.
type BitFieldGet struct {
	EncType EncType
	Bits    int64
	Offset  int64
	UseHash bool
}

// NewBitFieldGet reads a bits-wide integer at offset.
func NewBitFieldGet(encType EncType, bits int64, offset int64) *BitFieldGet {
	return &BitFieldGet{EncType: encType, Bits: bits, Offset: offset}
}

// ToArgs renders GET enc offset.
func (cmd *BitFieldGet) ToArgs() ([]string, error) {
	if cmd == nil {
		return nil, errNilBitField
	}
	return bitfieldAddress("GET", cmd.EncType, cmd.Bits, cmd.Offset, cmd.UseHash)
}

func (cmd *BitFieldGet) dummyBitFieldROCommands()  {}
func (cmd *BitFieldGet) dummyBitFieldSubCommands() {}

// BitFieldSet writes an integer and returns the previous one.
type BitFieldSet struct {
	EncType EncType
	Bits    int64
	Offset  int64
	Value   int64
	UseHash bool
}

// NewBitFieldSet writes value as a bits-wide integer at offset.
func NewBitFieldSet(encType EncType, bits int64, offset int64, value int64) *BitFieldSet {
	return &BitFieldSet{EncType: encType, Bits: bits, Offset: offset, Value: value}
}

// ToArgs renders SET enc offset value.
func (cmd *BitFieldSet) ToArgs() ([]string, error) {
	if cmd == nil {
		return nil, errNilBitField
	}
	args, err := bitfieldAddress("SET", cmd.EncType, cmd.Bits, cmd.Offset, cmd.UseHash)
	if err != nil {
		return nil, err
	}
	return append(args, itoa(cmd.Value)), nil
}

func (cmd *BitFieldSet) dummyBitFieldSubCommands() {}

// BitFieldIncrBy adds to an integer and returns the new value.
type BitFieldIncrBy struct {
	EncType   EncType
	Bits      int64
	Offset    int64
	Increment int64
	UseHash   bool
}

// NewBitFieldIncrBy adds increment to the bits-wide integer at offset.
func NewBitFieldIncrBy(encType EncType, bits int64, offset int64, increment int64) *BitFieldIncrBy {
	return &BitFieldIncrBy{EncType: encType, Bits: bits, Offset: offset, Increment: increment}
}

// ToArgs renders INCRBY enc offset increment.
func (cmd *BitFieldIncrBy) ToArgs() ([]string, error) {
	if cmd == nil {
		return nil, errNilBitField
	}
	args, err := bitfieldAddress("INCRBY", cmd.EncType, cmd.Bits, cmd.Offset, cmd.UseHash)
	if err != nil {
		return nil, err
	}
	return append(args, itoa(cmd.Increment)), nil
}

func (cmd *BitFieldIncrBy) dummyBitFieldSubCommands() {}

// BitFieldOverflow sets the overflow behaviour of the SET and INCRBY
// operations after it.
type BitFieldOverflow struct {
	Overflow OverflowType
}

// NewBitFieldOverflow selects an overflow behaviour.
func NewBitFieldOverflow(overflow OverflowType) *BitFieldOverflow {
	return &BitFieldOverflow{Overflow: overflow}
}

// ToArgs renders OVERFLOW type.
func (cmd *BitFieldOverflow) ToArgs() ([]string, error) {
	if cmd == nil {
		return nil, errNilBitField
	}
	switch cmd.Overflow {
	case WRAP, SAT, FAIL:
		return []string{"OVERFLOW", string(cmd.Overflow)}, nil
	}
	return nil, fmt.Errorf("BITFIELD OVERFLOW: Overflow must be WRAP, SAT or FAIL, got %q", string(cmd.Overflow))
}

func (cmd *BitFieldOverflow) dummyBitFieldSubCommands() {}
