package config

// WithInflightRequestsLimit caps how many requests the client keeps in flight at once;
// beyond it, requests fail immediately instead of queueing without bound. 0 keeps the
// default (1000). GLIDE's Go client does not expose this setting (its Java and Node
// clients do, under this name); valkite offers it on both configurations.
func (config *ClientConfiguration) WithInflightRequestsLimit(limit int) *ClientConfiguration {
	config.inflightLimit = limit
	return config
}

// WithInflightRequestsLimit caps how many requests the client keeps in flight at once;
// see [ClientConfiguration.WithInflightRequestsLimit].
func (config *ClusterClientConfiguration) WithInflightRequestsLimit(limit int) *ClusterClientConfiguration {
	config.inflightLimit = limit
	return config
}
