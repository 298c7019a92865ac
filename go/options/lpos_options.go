package options

import "github.com/valkite/valkite/go/constants"

// LPosOptions are LPOS's optional arguments. The Is*Set flags exist because
// zero is a meaningful MAXLEN (scan the whole list).
type LPosOptions struct {
	IsRankSet   bool
	Rank        int64 // which match to return; negative counts from the tail
	IsMaxLenSet bool
	MaxLen      int64 // compare at most this many elements; 0 = all
}

// NewLPosOptions returns empty options.
func NewLPosOptions() *LPosOptions { return &LPosOptions{} }

// SetRank returns the rank-th match (RANK).
func (lposOptions *LPosOptions) SetRank(rank int64) *LPosOptions {
	lposOptions.IsRankSet, lposOptions.Rank = true, rank
	return lposOptions
}

// SetMaxLen limits the number of elements compared (MAXLEN).
func (lposOptions *LPosOptions) SetMaxLen(maxLen int64) *LPosOptions {
	lposOptions.IsMaxLenSet, lposOptions.MaxLen = true, maxLen
	return lposOptions
}

// ToArgs renders the options after LPOS's key and element.
func (opts *LPosOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.IsRankSet {
		args = append(args, constants.RankKeyword, itoa(opts.Rank))
	}
	if opts.IsMaxLenSet {
		args = append(args, constants.MaxLenKeyword, itoa(opts.MaxLen))
	}
	return args, nil
}
