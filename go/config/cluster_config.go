package config

import "time"

// ClusterClientConfiguration configures a cluster client, which maps slots to
// shards and routes each command to the node owning its keys.
type ClusterClientConfiguration struct {
	baseClientConfiguration
	subscriptionConfig        *ClusterSubscriptionConfig
	recoveryRequestsQueueSize *uint32
	AdvancedClusterClientConfiguration
}

// NewClusterClientConfiguration returns a configuration with every option at
// its default.
func NewClusterClientConfiguration() *ClusterClientConfiguration {
	return &ClusterClientConfiguration{}
}

// WithAddress adds a seed node. One reachable node is enough: the client
// discovers the rest of the cluster from it. More seeds help when some are down.
func (config *ClusterClientConfiguration) WithAddress(address *NodeAddress) *ClusterClientConfiguration {
	config.addresses = append(config.addresses, *address)
	return config
}

// WithUseTLS turns TLS on or off; it must match the cluster.
func (config *ClusterClientConfiguration) WithUseTLS(useTLS bool) *ClusterClientConfiguration {
	config.useTLS = useTLS
	return config
}

// WithLazyConnect defers connecting until the first command.
func (config *ClusterClientConfiguration) WithLazyConnect(lazyConnect bool) *ClusterClientConfiguration {
	config.lazyConnect = lazyConnect
	return config
}

// WithCredentials authenticates every connection to every node.
func (config *ClusterClientConfiguration) WithCredentials(
	credentials *ServerCredentials,
) *ClusterClientConfiguration {
	config.credentials = credentials
	return config
}

// WithReadFrom picks which nodes of a shard serve reads; Primary when unset.
func (config *ClusterClientConfiguration) WithReadFrom(readFrom ReadFrom) *ClusterClientConfiguration {
	config.readFrom = readFrom
	return config
}

// WithRequestTimeout bounds each request end to end, including redirections
// and reconnects. It must be zero (the default, 250 ms) or between 1 ms and
// 2^32-1 ms.
func (config *ClusterClientConfiguration) WithRequestTimeout(requestTimeout time.Duration) *ClusterClientConfiguration {
	config.requestTimeout = requestTimeout
	return config
}

// WithClientName names every connection (CLIENT SETNAME).
func (config *ClusterClientConfiguration) WithClientName(clientName string) *ClusterClientConfiguration {
	config.clientName = clientName
	return config
}

// WithClientAZ tells the client which availability zone it runs in.
func (config *ClusterClientConfiguration) WithClientAZ(clientAZ string) *ClusterClientConfiguration {
	config.clientAZ = clientAZ
	return config
}

// WithLibName overrides the library name reported with CLIENT SETINFO.
func (config *ClusterClientConfiguration) WithLibName(libName string) *ClusterClientConfiguration {
	config.libName = libName
	return config
}

// WithClientInfoTag appends "(tag)" to the reported library name.
func (config *ClusterClientConfiguration) WithClientInfoTag(clientInfoTag string) *ClusterClientConfiguration {
	config.clientInfoTag = clientInfoTag
	return config
}

// WithReconnectStrategy sets how reconnection attempts to a node are spaced.
func (config *ClusterClientConfiguration) WithReconnectStrategy(
	strategy *BackoffStrategy,
) *ClusterClientConfiguration {
	config.reconnectStrategy = strategy
	return config
}

// WithDatabaseId selects a logical database on every node (Valkey 9 clusters
// support more than database 0).
func (config *ClusterClientConfiguration) WithDatabaseId(id int) *ClusterClientConfiguration {
	config.DatabaseId = &id
	return config
}

// WithCompressionConfiguration compresses large values transparently.
func (config *ClusterClientConfiguration) WithCompressionConfiguration(
	compressionConfig *CompressionConfiguration,
) *ClusterClientConfiguration {
	config.compressionConfig = compressionConfig
	return config
}

// WithAdvancedConfiguration replaces the advanced settings.
func (config *ClusterClientConfiguration) WithAdvancedConfiguration(
	advancedConfig *AdvancedClusterClientConfiguration,
) *ClusterClientConfiguration {
	config.AdvancedClusterClientConfiguration = *advancedConfig
	return config
}

// WithSubscriptionConfig subscribes the client at connect time, including to
// sharded channels, and says where messages are delivered.
func (config *ClusterClientConfiguration) WithSubscriptionConfig(
	subscriptionConfig *ClusterSubscriptionConfig,
) *ClusterClientConfiguration {
	config.subscriptionConfig = subscriptionConfig
	return config
}

// WithClientSideCache keeps recently read values in process.
func (config *ClusterClientConfiguration) WithClientSideCache(
	clientSideCache *ClientSideCache,
) *ClusterClientConfiguration {
	config.clientSideCache = clientSideCache
	return config
}

// WithAddressResolver rewrites node addresses, including those learned from
// the cluster topology, before connecting.
func (config *ClusterClientConfiguration) WithAddressResolver(resolver AddressResolver) *ClusterClientConfiguration {
	config.addressResolver = resolver
	return config
}

// WithClientCircuitBreaker fails requests fast while the cluster keeps failing.
func (config *ClusterClientConfiguration) WithClientCircuitBreaker(
	cb *ClientCircuitBreakerConfiguration,
) *ClusterClientConfiguration {
	config.clientCircuitBreaker = cb
	return config
}

// WithRecoveryRequestsQueueSize bounds how many requests wait for a reconnect
// in progress instead of failing at once. 0 makes every such request fail
// fast; unset, the default is 1000.
func (config *ClusterClientConfiguration) WithRecoveryRequestsQueueSize(size uint32) *ClusterClientConfiguration {
	config.recoveryRequestsQueueSize = &size
	return config
}

// HasSubscription reports whether a subscription configuration was given.
func (config *ClusterClientConfiguration) HasSubscription() bool {
	return config.subscriptionConfig != nil
}

// GetAddressResolver returns the resolver set with WithAddressResolver, or nil.
func (config *ClusterClientConfiguration) GetAddressResolver() AddressResolver {
	return config.addressResolver
}

// GetSubscription returns the subscription configuration, or nil.
func (config *ClusterClientConfiguration) GetSubscription() *ClusterSubscriptionConfig {
	return config.subscriptionConfig
}
