package options

import "github.com/valkite/valkite/go/constants"

// RestoreOptions are RESTORE's optional arguments.
type RestoreOptions struct {
	Replace  bool     // overwrite an existing key
	AbsTTL   bool     // the TTL argument is a Unix time in milliseconds
	Eviction Eviction // eviction metadata for the restored key; zero = none
}

// Eviction is the eviction metadata RESTORE stores with the key: its idle time
// in seconds (IDLETIME) or its access frequency (FREQ).
type Eviction struct {
	Type  constants.EvictionType
	Count int64
}

// NewRestoreOptions returns empty options.
func NewRestoreOptions() *RestoreOptions { return &RestoreOptions{} }

// SetReplace overwrites an existing key (REPLACE).
func (restoreOption *RestoreOptions) SetReplace() *RestoreOptions {
	restoreOption.Replace = true
	return restoreOption
}

// SetABSTTL treats the TTL as an absolute Unix time in milliseconds (ABSTTL).
func (restoreOption *RestoreOptions) SetABSTTL() *RestoreOptions {
	restoreOption.AbsTTL = true
	return restoreOption
}

// SetEviction sets IDLETIME seconds or FREQ frequency.
func (restoreOption *RestoreOptions) SetEviction(evictionType constants.EvictionType, count int64) *RestoreOptions {
	restoreOption.Eviction = Eviction{Type: evictionType, Count: count}
	return restoreOption
}

// ToArgs renders the options after RESTORE's key, TTL and payload.
func (opts *RestoreOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Replace {
		args = append(args, constants.ReplaceKeyword)
	}
	if opts.AbsTTL {
		args = append(args, constants.ABSTTLKeyword)
	}
	if opts.Eviction != (Eviction{}) {
		args = append(args, string(opts.Eviction.Type), itoa(opts.Eviction.Count))
	}
	return args, nil
}
