package options

import "github.com/valkite/valkite/go/constants"

// ZScanOptions are ZSCAN's options: the base ones plus NOSCORES.
type ZScanOptions struct {
	BaseScanOptions
	NoScores bool // return members only (Valkey 8.0+)
}

// NewZScanOptions returns empty options.
func NewZScanOptions() *ZScanOptions { return &ZScanOptions{} }

// SetNoScores returns members only.
func (zScanOptions *ZScanOptions) SetNoScores(noScores bool) *ZScanOptions {
	zScanOptions.NoScores = noScores
	return zScanOptions
}

// SetMatch sets the MATCH pattern.
func (zScanOptions *ZScanOptions) SetMatch(match string) *ZScanOptions {
	zScanOptions.Match = match
	return zScanOptions
}

// SetCount sets the COUNT hint.
func (zScanOptions *ZScanOptions) SetCount(count int64) *ZScanOptions {
	zScanOptions.Count = count
	return zScanOptions
}

// ToArgs renders MATCH, COUNT and NOSCORES.
func (options *ZScanOptions) ToArgs() ([]string, error) {
	args, err := options.BaseScanOptions.ToArgs()
	if options.NoScores {
		args = append(args, constants.NoScoresKeyword)
	}
	return args, err
}
