package options

// EchoOptions carry ECHO's message; an empty message is not sent.
type EchoOptions struct {
	Message string
}

// ToArgs renders the message, if any. A nil receiver renders nothing.
func (opts *EchoOptions) ToArgs() ([]string, error) {
	if opts == nil || opts.Message == "" {
		return []string{}, nil
	}
	return []string{opts.Message}, nil
}
