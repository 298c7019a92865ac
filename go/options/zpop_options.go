package options

import "github.com/valkite/valkite/go/constants"

// ZPopOptions are the count of ZPOPMIN/ZPOPMAX and ZMPOP-style commands.
type ZPopOptions struct {
	Count int64 // how many elements to pop; <= 0 = the command's default (1)
}

// NewZPopOptions returns empty options.
func NewZPopOptions() *ZPopOptions { return &ZPopOptions{} }

// SetCount sets how many elements to pop.
func (opts *ZPopOptions) SetCount(count int64) *ZPopOptions {
	opts.Count = count
	return opts
}

// ToArgs renders the count, preceded by COUNT when withKeyword is set (ZMPOP
// takes the keyword, ZPOPMIN a bare number).
func (opts *ZPopOptions) ToArgs(withKeyword bool) ([]string, error) {
	if opts.Count <= 0 {
		return []string{}, nil
	}
	if withKeyword {
		return []string{constants.CountKeyword, itoa(opts.Count)}, nil
	}
	return []string{itoa(opts.Count)}, nil
}
