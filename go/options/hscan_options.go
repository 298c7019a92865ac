package options

import "github.com/valkite/valkite/go/constants"

// HashScanOptions are HSCAN's options: the base ones plus NOVALUES.
type HashScanOptions struct {
	BaseScanOptions
	NoValues bool // return field names only (Valkey 8.0+)
}

// NewHashScanOptions returns empty options.
func NewHashScanOptions() *HashScanOptions { return &HashScanOptions{} }

// SetNoValues returns field names only.
func (hashScanOptions *HashScanOptions) SetNoValues(noValues bool) *HashScanOptions {
	hashScanOptions.NoValues = noValues
	return hashScanOptions
}

// SetMatch sets the MATCH pattern.
func (hashScanOptions *HashScanOptions) SetMatch(match string) *HashScanOptions {
	hashScanOptions.Match = match
	return hashScanOptions
}

// SetCount sets the COUNT hint.
func (hashScanOptions *HashScanOptions) SetCount(count int64) *HashScanOptions {
	hashScanOptions.Count = count
	return hashScanOptions
}

// ToArgs renders MATCH, COUNT and NOVALUES.
func (options *HashScanOptions) ToArgs() ([]string, error) {
	args, err := options.BaseScanOptions.ToArgs()
	if options.NoValues {
		args = append(args, constants.NoValuesKeyword)
	}
	return args, err
}
