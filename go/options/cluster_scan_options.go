package options

import "github.com/valkite/valkite/go/constants"

// ClusterScanOptions are the options of a cluster-wide SCAN.
type ClusterScanOptions struct {
	BaseScanOptions
	ScanType constants.ObjectType
	// AllowNonCoveredSlots keeps scanning when some slots have no owner
	// (during a failover, say) instead of failing; keys there are skipped.
	AllowNonCoveredSlots bool
}

// NewClusterScanOptions returns empty options.
func NewClusterScanOptions() *ClusterScanOptions { return &ClusterScanOptions{} }

// SetMatch sets the MATCH pattern.
func (scanOptions *ClusterScanOptions) SetMatch(m string) *ClusterScanOptions {
	scanOptions.Match = m
	return scanOptions
}

// SetCount sets the COUNT hint used on each node.
func (scanOptions *ClusterScanOptions) SetCount(c int64) *ClusterScanOptions {
	scanOptions.Count = c
	return scanOptions
}

// SetType keeps only keys of this type.
func (scanOptions *ClusterScanOptions) SetType(t constants.ObjectType) *ClusterScanOptions {
	scanOptions.ScanType = t
	return scanOptions
}

// SetAllowNonCoveredSlots tolerates unowned slots.
func (scanOptions *ClusterScanOptions) SetAllowNonCoveredSlots(allow bool) *ClusterScanOptions {
	scanOptions.AllowNonCoveredSlots = allow
	return scanOptions
}

// ToArgs renders MATCH, COUNT, TYPE and ALLOW_NON_COVERED_SLOTS, the last being
// a client-side flag the core consumes rather than a server argument.
func (opts *ClusterScanOptions) ToArgs() ([]string, error) {
	args, err := opts.BaseScanOptions.ToArgs()
	if opts.ScanType != "" {
		args = append(args, constants.TypeKeyword, string(opts.ScanType))
	}
	if opts.AllowNonCoveredSlots {
		args = append(args, "ALLOW_NON_COVERED_SLOTS")
	}
	return args, err
}
