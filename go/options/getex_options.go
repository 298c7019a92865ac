package options

import "github.com/valkite/valkite/go/constants"

// GetExOptions are GETEX's optional arguments: a new TTL, or PERSIST to
// remove it. Without an expiry GETEX behaves like GET.
type GetExOptions struct {
	Expiry *Expiry
}

// NewGetExOptions returns empty options.
func NewGetExOptions() *GetExOptions { return &GetExOptions{} }

// SetExpiry sets the new TTL (or NewExpiryPersist to drop it).
func (getExOptions *GetExOptions) SetExpiry(expiry *Expiry) *GetExOptions {
	getExOptions.Expiry = expiry
	return getExOptions
}

// ToArgs renders the options after GETEX's key.
func (opts *GetExOptions) ToArgs() ([]string, error) {
	if opts.Expiry == nil {
		return []string{}, nil
	}
	args, err := opts.Expiry.args(constants.Persist)
	if err != nil {
		return []string{}, err
	}
	return args, nil
}
