package options

import "github.com/valkite/valkite/go/constants"

// BaseScanOptions are the options every SCAN-family command takes.
type BaseScanOptions struct {
	// Match keeps only items matching this glob. The filter runs after a batch
	// is fetched, so a page may come back empty while matches remain.
	Match string
	// Count hints how many items to examine per call (server default 10).
	Count int64
}

// NewBaseScanOptions returns empty options.
func NewBaseScanOptions() *BaseScanOptions { return &BaseScanOptions{} }

// SetMatch sets the MATCH pattern.
func (scanOptions *BaseScanOptions) SetMatch(m string) *BaseScanOptions {
	scanOptions.Match = m
	return scanOptions
}

// SetCount sets the COUNT hint.
func (scanOptions *BaseScanOptions) SetCount(c int64) *BaseScanOptions {
	scanOptions.Count = c
	return scanOptions
}

// ToArgs renders MATCH and COUNT.
func (opts *BaseScanOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Match != "" {
		args = append(args, constants.MatchKeyword, opts.Match)
	}
	if opts.Count != 0 {
		args = append(args, constants.CountKeyword, itoa(opts.Count))
	}
	return args, nil
}

// ScanOptions are SCAN's options: the base ones plus a TYPE filter.
type ScanOptions struct {
	BaseScanOptions
	Type constants.ObjectType
}

// NewScanOptions returns empty options.
func NewScanOptions() *ScanOptions { return &ScanOptions{} }

// SetMatch sets the MATCH pattern.
func (scanOptions *ScanOptions) SetMatch(match string) *ScanOptions {
	scanOptions.Match = match
	return scanOptions
}

// SetCount sets the COUNT hint.
func (scanOptions *ScanOptions) SetCount(count int64) *ScanOptions {
	scanOptions.Count = count
	return scanOptions
}

// SetType keeps only keys of this type.
func (scanOptions *ScanOptions) SetType(typeOpts constants.ObjectType) *ScanOptions {
	scanOptions.Type = typeOpts
	return scanOptions
}

// ToArgs renders TYPE, MATCH and COUNT.
func (opts *ScanOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Type != "" {
		args = append(args, constants.TypeKeyword, string(opts.Type))
	}
	base, err := opts.BaseScanOptions.ToArgs()
	return append(args, base...), err
}
