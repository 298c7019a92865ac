package options

import "github.com/valkite/valkite/go/constants"

// HSetExOptions are HSETEX's optional arguments (Valkey 9.0+). Unlike most
// option types its setters work on values, returning a modified copy.
type HSetExOptions struct {
	// ConditionalSet is FNX (no field exists) or FXX (all fields exist).
	ConditionalSet constants.ConditionalSet
	// Expiry applies to the fields set; KEEPTTL keeps their current TTLs.
	Expiry *Expiry
}

// NewHSetExOptions returns empty options.
func NewHSetExOptions() HSetExOptions { return HSetExOptions{} }

// SetConditionalSet returns a copy with the condition set.
func (opts HSetExOptions) SetConditionalSet(conditionalSet constants.ConditionalSet) HSetExOptions {
	opts.ConditionalSet = conditionalSet
	return opts
}

// SetExpiry returns a copy with the expiry set.
func (opts HSetExOptions) SetExpiry(expiry *Expiry) HSetExOptions {
	opts.Expiry = expiry
	return opts
}

// ToArgs renders the condition and expiry, before HSETEX's FIELDS block.
func (opts *HSetExOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.ConditionalSet != "" {
		c, err := opts.ConditionalSet.ToString()
		if err != nil {
			return nil, err
		}
		args = append(args, c)
	}
	if opts.Expiry != nil {
		ex, err := opts.Expiry.args(constants.KeepExisting)
		if err != nil {
			return nil, err
		}
		args = append(args, ex...)
	}
	return args, nil
}

// HGetExOptions are HGETEX's optional arguments (Valkey 9.0+).
type HGetExOptions struct {
	// Expiry sets the fields' TTL; PERSIST removes it.
	Expiry *Expiry
}

// NewHGetExOptions returns empty options.
func NewHGetExOptions() HGetExOptions { return HGetExOptions{} }

// SetExpiry returns a copy with the expiry set.
func (opts HGetExOptions) SetExpiry(expiry *Expiry) HGetExOptions {
	opts.Expiry = expiry
	return opts
}

// ToArgs renders the expiry, before HGETEX's FIELDS block.
func (opts *HGetExOptions) ToArgs() ([]string, error) {
	if opts.Expiry == nil {
		return []string{}, nil
	}
	return opts.Expiry.args(constants.Persist)
}

// HExpireOptions are the condition of HEXPIRE and its relatives.
type HExpireOptions struct {
	ExpireCondition constants.ExpireCondition
}

// NewHExpireOptions returns empty options.
func NewHExpireOptions() HExpireOptions { return HExpireOptions{} }

// SetExpireCondition returns a copy with the condition set.
func (opts HExpireOptions) SetExpireCondition(condition constants.ExpireCondition) HExpireOptions {
	opts.ExpireCondition = condition
	return opts
}

// ToArgs renders the condition, if any.
func (opts *HExpireOptions) ToArgs() ([]string, error) {
	if opts.ExpireCondition == "" {
		return []string{}, nil
	}
	c, err := opts.ExpireCondition.ToString()
	if err != nil {
		return nil, err
	}
	return []string{c}, nil
}
