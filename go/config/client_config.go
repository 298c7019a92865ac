package config

import "time"

// ClientConfiguration configures a standalone client: one primary, optionally
// with replicas, no slot routing.
type ClientConfiguration struct {
	baseClientConfiguration
	subscriptionConfig *StandaloneSubscriptionConfig
	AdvancedClientConfiguration
	readOnly          bool
	nodeDiscoveryMode NodeDiscoveryMode
}

// NewClientConfiguration returns a configuration with every option at its
// default: localhost:6379, no TLS, no auth, reads from the primary.
func NewClientConfiguration() *ClientConfiguration {
	return &ClientConfiguration{}
}

// WithAddress adds a node. Standalone clients use only the nodes given here
// (unless NodeDiscoveryModeDiscoverAll is set); call it once per node.
func (config *ClientConfiguration) WithAddress(address *NodeAddress) *ClientConfiguration {
	config.addresses = append(config.addresses, *address)
	return config
}

// WithUseTLS turns TLS on or off. It must match the server: a TLS client
// cannot talk to a plain server or the reverse.
func (config *ClientConfiguration) WithUseTLS(useTLS bool) *ClientConfiguration {
	config.useTLS = useTLS
	return config
}

// WithLazyConnect defers connecting until the first command, so creating the
// client neither blocks nor fails when the server is down.
func (config *ClientConfiguration) WithLazyConnect(lazyConnect bool) *ClientConfiguration {
	config.lazyConnect = lazyConnect
	return config
}

// WithCredentials authenticates every connection. Without it the client does
// not authenticate.
func (config *ClientConfiguration) WithCredentials(credentials *ServerCredentials) *ClientConfiguration {
	config.credentials = credentials
	return config
}

// WithReadFrom picks which nodes serve reads; Primary when unset.
func (config *ClientConfiguration) WithReadFrom(readFrom ReadFrom) *ClientConfiguration {
	config.readFrom = readFrom
	return config
}

// WithRequestTimeout bounds each request end to end, including reconnects and
// retries made on its behalf; past it the request fails with a timeout error.
// It must be zero (the default, 250 ms) or between 1 ms and 2^32-1 ms.
func (config *ClientConfiguration) WithRequestTimeout(requestTimeout time.Duration) *ClientConfiguration {
	config.requestTimeout = requestTimeout
	return config
}

// WithClientName names every connection (CLIENT SETNAME), which makes the
// client recognisable in CLIENT LIST.
func (config *ClientConfiguration) WithClientName(clientName string) *ClientConfiguration {
	config.clientName = clientName
	return config
}

// WithClientAZ tells the client which availability zone it runs in; the AZ
// read strategies need it.
func (config *ClientConfiguration) WithClientAZ(clientAZ string) *ClientConfiguration {
	config.clientAZ = clientAZ
	return config
}

// WithLibName overrides the library name reported with CLIENT SETINFO.
// It may contain only printable ASCII ('!' to '~') other than parentheses.
func (config *ClientConfiguration) WithLibName(libName string) *ClientConfiguration {
	config.libName = libName
	return config
}

// WithClientInfoTag appends "(tag)" to the reported library name, to attribute
// connections to a framework or service. Same character rules as WithLibName.
func (config *ClientConfiguration) WithClientInfoTag(clientInfoTag string) *ClientConfiguration {
	config.clientInfoTag = clientInfoTag
	return config
}

// WithReconnectStrategy sets how reconnection attempts are spaced; a default
// strategy is used when unset.
func (config *ClientConfiguration) WithReconnectStrategy(strategy *BackoffStrategy) *ClientConfiguration {
	config.reconnectStrategy = strategy
	return config
}

// WithDatabaseId selects the logical database on every connection, including
// reconnections, which a SELECT command would not survive.
func (config *ClientConfiguration) WithDatabaseId(id int) *ClientConfiguration {
	config.DatabaseId = &id
	return config
}

// WithCompressionConfiguration compresses large values transparently.
func (config *ClientConfiguration) WithCompressionConfiguration(
	compressionConfig *CompressionConfiguration,
) *ClientConfiguration {
	config.compressionConfig = compressionConfig
	return config
}

// WithAdvancedConfiguration replaces the advanced settings (connection
// timeout, TLS details, TCP_NODELAY, pub/sub reconciliation).
func (config *ClientConfiguration) WithAdvancedConfiguration(
	advancedConfig *AdvancedClientConfiguration,
) *ClientConfiguration {
	config.AdvancedClientConfiguration = *advancedConfig
	return config
}

// WithSubscriptionConfig subscribes the client at connect time (and again
// after every reconnect) and says where messages are delivered.
func (config *ClientConfiguration) WithSubscriptionConfig(
	subscriptionConfig *StandaloneSubscriptionConfig,
) *ClientConfiguration {
	config.subscriptionConfig = subscriptionConfig
	return config
}

// WithReadOnly makes the client refuse writes and skip looking for a primary,
// for deployments that expose replicas only. Not compatible with the AZ read
// strategies.
func (config *ClientConfiguration) WithReadOnly(readOnly bool) *ClientConfiguration {
	config.readOnly = readOnly
	return config
}

// WithClientSideCache keeps recently read values in process. Clients given
// the same ClientSideCache share it.
func (config *ClientConfiguration) WithClientSideCache(
	clientSideCache *ClientSideCache,
) *ClientConfiguration {
	config.clientSideCache = clientSideCache
	return config
}

// WithNodeDiscoveryMode sets how node roles are found; see NodeDiscoveryMode.
func (config *ClientConfiguration) WithNodeDiscoveryMode(mode NodeDiscoveryMode) *ClientConfiguration {
	config.nodeDiscoveryMode = mode
	return config
}

// WithAddressResolver rewrites node addresses before connecting.
func (config *ClientConfiguration) WithAddressResolver(resolver AddressResolver) *ClientConfiguration {
	config.addressResolver = resolver
	return config
}

// WithClientCircuitBreaker fails requests fast while the server keeps failing.
func (config *ClientConfiguration) WithClientCircuitBreaker(
	cb *ClientCircuitBreakerConfiguration,
) *ClientConfiguration {
	config.clientCircuitBreaker = cb
	return config
}

// GetAddressResolver returns the resolver set with WithAddressResolver, or nil.
func (config *ClientConfiguration) GetAddressResolver() AddressResolver {
	return config.addressResolver
}

// HasSubscription reports whether a subscription configuration was given.
func (config *ClientConfiguration) HasSubscription() bool {
	return config.subscriptionConfig != nil
}

// GetSubscription returns the subscription configuration, or nil.
func (config *ClientConfiguration) GetSubscription() *StandaloneSubscriptionConfig {
	return config.subscriptionConfig
}
