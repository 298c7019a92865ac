package options

import "github.com/valkite/valkite/go/internal/errs"

// BitmapIndexType says whether BITCOUNT/BITPOS ranges count bytes or bits.
type BitmapIndexType string

const (
	BYTE BitmapIndexType = "BYTE"
	BIT  BitmapIndexType = "BIT"
)

// BitCountOptions restrict BITCOUNT to a range. The range is always sent, so
// the zero value counts byte 0 only; leave the options out to count it all.
type BitCountOptions struct {
	Start           int64
	End             int64
	BitMapIndexType BitmapIndexType // empty = the server's default (BYTE)
}

// NewBitCountOptions returns a 0..0 range.
func NewBitCountOptions() *BitCountOptions { return &BitCountOptions{} }

// SetStart sets the first index (negative counts from the end).
func (options *BitCountOptions) SetStart(start int64) *BitCountOptions {
	options.Start = start
	return options
}

// SetEnd sets the last index, inclusive.
func (options *BitCountOptions) SetEnd(end int64) *BitCountOptions {
	options.End = end
	return options
}

// SetBitmapIndexType counts the range in bits or bytes.
func (options *BitCountOptions) SetBitmapIndexType(bitMapIndexType BitmapIndexType) *BitCountOptions {
	options.BitMapIndexType = bitMapIndexType
	return options
}

// ToArgs renders start, end and the index type.
func (opts *BitCountOptions) ToArgs() ([]string, error) {
	return bitRangeArgs(opts.Start, opts.End, opts.BitMapIndexType), nil
}

// BitPosOptions restrict BITPOS to a range. Unlike BitCountOptions, only what was
// set is sent: a start alone searches to the end of the string, and the end and
// the index type are sent only after a start and an end respectively (the
// server's grammar is start [end [BYTE|BIT]]; a later part without the earlier
// ones is left out, as GLIDE does).
type BitPosOptions struct {
	start           *int64
	end             *int64
	bitMapIndexType BitmapIndexType
}

// NewBitPosOptions returns options that search the whole string.
func NewBitPosOptions() *BitPosOptions { return &BitPosOptions{} }

// SetStart sets the first index (negative counts from the end).
func (options *BitPosOptions) SetStart(start int64) *BitPosOptions {
	options.start = &start
	return options
}

// SetEnd sets the last index, inclusive; it needs a start.
func (options *BitPosOptions) SetEnd(end int64) *BitPosOptions {
	options.end = &end
	return options
}

// SetBitmapIndexType searches the range in bits or bytes; it needs a start and an end.
func (options *BitPosOptions) SetBitmapIndexType(bitMapIndexType BitmapIndexType) *BitPosOptions {
	options.bitMapIndexType = bitMapIndexType
	return options
}

// ToArgs renders start, end and the index type, each only when the ones before it
// are set.
func (opts *BitPosOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.start == nil {
		return args, nil
	}
	args = append(args, itoa(*opts.start))
	if opts.end == nil {
		return args, nil
	}
	args = append(args, itoa(*opts.end))
	if opts.bitMapIndexType == BIT || opts.bitMapIndexType == BYTE {
		args = append(args, string(opts.bitMapIndexType))
	}
	return args, nil
}

func bitRangeArgs(start, end int64, t BitmapIndexType) []string {
	args := []string{itoa(start), itoa(end)}
	if t == BIT || t == BYTE {
		args = append(args, string(t))
	}
	return args
}

// BitOpType is a BITOP operation.
type BitOpType string

const (
	AND BitOpType = "AND"
	OR  BitOpType = "OR"
	XOR BitOpType = "XOR"
	NOT BitOpType = "NOT"
)

// BitOp is a complete BITOP call: operation, destination and sources.
type BitOp struct {
	Operation BitOpType
	DestKey   string
	SrcKeys   []string
}

// NewBitOp checks the source count (one for NOT, at least two otherwise) before
// anything is sent; the operation itself is left to the server, which knows which
// ones it supports. Its errors are *RequestError values, the type GLIDE gives them.
func NewBitOp(operation BitOpType, destKey string, srcKeys []string) (*BitOp, error) {
	if operation == NOT && len(srcKeys) != 1 {
		return nil, &errs.RequestError{Msg: "BITOP NOT: keys must hold exactly one source key"}
	}
	if operation != NOT && len(srcKeys) < 2 {
		return nil, &errs.RequestError{Msg: "BITOP " + string(operation) + ": keys must hold at least two source keys"}
	}
	return &BitOp{Operation: operation, DestKey: destKey, SrcKeys: srcKeys}, nil
}

// ToArgs renders operation, destination and sources.
func (cmd *BitOp) ToArgs() ([]string, error) {
	return append([]string{string(cmd.Operation), cmd.DestKey}, cmd.SrcKeys...), nil
}
