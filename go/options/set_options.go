package options

import "github.com/valkite/valkite/go/constants"

// SetOptions are SET's optional arguments: a write condition, GET to return
// the previous value, and an expiry.
type SetOptions struct {
	// ConditionalSet makes the write conditional (NX, XX, or IFEQ with
	// ComparisonValue).
	ConditionalSet constants.ConditionalSet
	// ComparisonValue is the value IFEQ compares with; ignored otherwise.
	ComparisonValue string
	// ReturnOldValue makes SET reply with the previous value (GET).
	ReturnOldValue bool
	// Expiry sets a TTL; KEEPTTL keeps the current one. nil clears any TTL, as
	// a plain SET does.
	Expiry *Expiry
}

// NewSetOptions returns empty options.
func NewSetOptions() *SetOptions { return &SetOptions{} }

// SetConditionalSet sets the write condition. Use SetOnlyIfEquals for IFEQ,
// which needs a comparison value.
func (setOptions *SetOptions) SetConditionalSet(conditionalSet constants.ConditionalSet) *SetOptions {
	setOptions.ConditionalSet, setOptions.ComparisonValue = conditionalSet, ""
	return setOptions
}

// SetOnlyIfExists writes only over an existing key (XX).
func (setOptions *SetOptions) SetOnlyIfExists() *SetOptions {
	return setOptions.SetConditionalSet(constants.OnlyIfExists)
}

// SetOnlyIfDoesNotExist writes only a new key (NX).
func (setOptions *SetOptions) SetOnlyIfDoesNotExist() *SetOptions {
	return setOptions.SetConditionalSet(constants.OnlyIfDoesNotExist)
}

// SetOnlyIfEquals writes only when the key holds comparisonValue (IFEQ,
// Valkey 8.1+).
func (setOptions *SetOptions) SetOnlyIfEquals(comparisonValue string) *SetOptions {
	setOptions.ConditionalSet, setOptions.ComparisonValue = constants.OnlyIfEquals, comparisonValue
	return setOptions
}

// SetReturnOldValue asks for the previous value (GET).
func (setOptions *SetOptions) SetReturnOldValue(returnOldValue bool) *SetOptions {
	setOptions.ReturnOldValue = returnOldValue
	return setOptions
}

// SetExpiry sets the TTL.
func (setOptions *SetOptions) SetExpiry(expiry *Expiry) *SetOptions {
	setOptions.Expiry = expiry
	return setOptions
}

// ToArgs renders the options after SET's key and value.
func (opts *SetOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.ConditionalSet != "" {
		args = append(args, string(opts.ConditionalSet))
		if opts.ConditionalSet == constants.OnlyIfEquals {
			args = append(args, opts.ComparisonValue)
		}
	}
	if opts.ReturnOldValue {
		args = append(args, constants.ReturnOldValue)
	}
	if opts.Expiry != nil {
		ex, err := opts.Expiry.args(constants.KeepExisting)
		if err != nil {
			return args, err
		}
		args = append(args, ex...)
	}
	return args, nil
}
