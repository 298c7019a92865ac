package options

// PingOptions make PING echo a message instead of replying PONG.
type PingOptions struct {
	Message string
}

// ClusterPingOptions adds a route to PingOptions.
type ClusterPingOptions struct {
	*PingOptions
	*RouteOption
}

// ToArgs renders the message, if any. A nil receiver renders nothing.
func (opts *PingOptions) ToArgs() ([]string, error) {
	if opts == nil || opts.Message == "" {
		return []string{}, nil
	}
	return []string{opts.Message}, nil
}
