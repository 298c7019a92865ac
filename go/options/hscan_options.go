package options

import (
	"fmt"

	"github.com/valkite/valkite/go/constants"
)

// HashScanOptions are HSCAN's options: the base ones plus NOVALUES.
type HashScanOptions struct {
	BaseScanOptions
	noValue bool // return field names only (Valkey 8.0+)
}

// NewHashScanOptions returns empty options.
func NewHashScanOptions() *HashScanOptions { return &HashScanOptions{} }

// SetNoValues returns field names only (Valkey 8.0+).
func (hashScanOptions *HashScanOptions) SetNoValues(noValue bool) *HashScanOptions {
	hashScanOptions.noValue = noValue
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

// ToArgs renders MATCH, COUNT and NOVALUES. A negative Count is refused here: the
// server would reject it only after the round trip.
func (options *HashScanOptions) ToArgs() ([]string, error) {
	if options.Count < 0 {
		return nil, fmt.Errorf("HSCAN: Count must not be negative, got %d", options.Count)
	}
	args, err := options.BaseScanOptions.ToArgs()
	if options.noValue {
		args = append(args, constants.NoValuesKeyword)
	}
	return args, err
}
