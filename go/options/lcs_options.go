package options

// LCS keywords.
const (
	LCSIdxCommand          = "IDX"
	LCSMinMatchLenCommand  = "MINMATCHLEN"
	LCSWithMatchLenCommand = "WITHMATCHLEN"
	LCSLenCommand          = "LEN"
)

// LCSIdxOptions ask LCS for the positions of the matches (IDX) rather than
// the subsequence itself.
type LCSIdxOptions struct {
	Idx          bool  // request match positions; on by default
	MinMatchLen  int64 // drop matches shorter than this; 0 = keep all
	WithMatchLen bool  // include each match's length
}

// NewLCSIdxOptions returns options with IDX on.
func NewLCSIdxOptions() *LCSIdxOptions { return &LCSIdxOptions{Idx: true} }

// SetIdx turns IDX on or off.
func (options *LCSIdxOptions) SetIdx(idx bool) *LCSIdxOptions {
	options.Idx = idx
	return options
}

// SetMinMatchLen drops shorter matches (MINMATCHLEN).
func (options *LCSIdxOptions) SetMinMatchLen(minMatchLen int64) *LCSIdxOptions {
	options.MinMatchLen = minMatchLen
	return options
}

// SetWithMatchLen includes match lengths (WITHMATCHLEN).
func (options *LCSIdxOptions) SetWithMatchLen(withMatchLen bool) *LCSIdxOptions {
	options.WithMatchLen = withMatchLen
	return options
}

// ToArgs renders the options after LCS's two keys.
func (opts *LCSIdxOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Idx {
		args = append(args, LCSIdxCommand)
	}
	if opts.MinMatchLen != 0 {
		args = append(args, LCSMinMatchLenCommand, itoa(opts.MinMatchLen))
	}
	if opts.WithMatchLen {
		args = append(args, LCSWithMatchLenCommand)
	}
	return args, nil
}
