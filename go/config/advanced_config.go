package config

import "time"

// AdvancedClientConfiguration holds standalone settings most applications
// leave alone.
type AdvancedClientConfiguration struct {
	connectionTimeout              time.Duration
	tlsConfig                      *TlsConfiguration
	tcpNoDelay                     *bool
	pubsubReconciliationIntervalMs *int
}

// NewAdvancedClientConfiguration returns advanced settings at their defaults.
func NewAdvancedClientConfiguration() *AdvancedClientConfiguration {
	return &AdvancedClientConfiguration{}
}

// WithConnectionTimeout bounds each TCP connect plus TLS handshake, at client
// creation and on every reconnect (default 2 s). A long timeout stalls the
// requests queued behind a reconnect just as long. It must not be negative nor
// above 2^32-1 ms; zero, or a value below 1 ms (with a warning logged once, as
// GLIDE also ignores it), means the default.
func (config *AdvancedClientConfiguration) WithConnectionTimeout(
	connectionTimeout time.Duration,
) *AdvancedClientConfiguration {
	config.connectionTimeout = connectionTimeout
	return config
}

// WithTlsConfiguration sets TLS details (trusted roots, verification). TLS
// itself is switched on with ClientConfiguration.WithUseTLS.
func (config *AdvancedClientConfiguration) WithTlsConfiguration(
	tlsConfig *TlsConfiguration,
) *AdvancedClientConfiguration {
	config.tlsConfig = tlsConfig
	return config
}

// WithTcpNoDelay sets TCP_NODELAY (on by default). Turning it off lets the
// kernel batch small writes, which can raise throughput at the cost of latency.
func (config *AdvancedClientConfiguration) WithTcpNoDelay(
	tcpNoDelay bool,
) *AdvancedClientConfiguration {
	config.tcpNoDelay = &tcpNoDelay
	return config
}

// WithPubSubReconciliationIntervalMs sets how often the client checks that the
// server-side subscriptions still match the wanted ones and repairs them.
func (config *AdvancedClientConfiguration) WithPubSubReconciliationIntervalMs(
	intervalMs int,
) *AdvancedClientConfiguration {
	config.pubsubReconciliationIntervalMs = &intervalMs
	return config
}

// PeriodicChecksConfig is one of PeriodicChecksEnabled, PeriodicChecksDisabled
// or PeriodicChecksManualInterval: whether, and how often, a cluster client
// polls a few nodes for topology changes in the background.
type PeriodicChecksConfig interface {
	isPeriodicChecksConfig()
}

// PeriodicChecksEnabled polls at the default interval (the default).
type PeriodicChecksEnabled struct{}

func (PeriodicChecksEnabled) isPeriodicChecksConfig() {}

// PeriodicChecksDisabled turns background topology polling off; the topology is
// then refreshed only when a redirection or error reveals a change.
type PeriodicChecksDisabled struct{}

func (PeriodicChecksDisabled) isPeriodicChecksConfig() {}

// PeriodicChecksManualInterval polls every DurationInSec seconds.
type PeriodicChecksManualInterval struct {
	DurationInSec uint32
}

func (PeriodicChecksManualInterval) isPeriodicChecksConfig() {}

// AdvancedClusterClientConfiguration holds cluster settings most applications
// leave alone.
type AdvancedClusterClientConfiguration struct {
	connectionTimeout               time.Duration
	refreshTopologyFromInitialNodes bool
	periodicChecks                  PeriodicChecksConfig
	tlsConfig                       *TlsConfiguration
	tcpNoDelay                      *bool
	pubsubReconciliationIntervalMs  *int
}

// NewAdvancedClusterClientConfiguration returns advanced settings at their
// defaults.
func NewAdvancedClusterClientConfiguration() *AdvancedClusterClientConfiguration {
	return &AdvancedClusterClientConfiguration{}
}

// WithConnectionTimeout bounds each TCP connect plus TLS handshake (default
// 2 s). It must not be negative nor above 2^32-1 ms; zero, or a value below 1 ms
// (with a warning logged once, as GLIDE also ignores it), means the default.
func (config *AdvancedClusterClientConfiguration) WithConnectionTimeout(
	connectionTimeout time.Duration,
) *AdvancedClusterClientConfiguration {
	config.connectionTimeout = connectionTimeout
	return config
}

// WithRefreshTopologyFromInitialNodes makes every topology refresh ask the
// seed nodes rather than the nodes currently known, for setups where the seeds
// are stable endpoints (a DNS name, a load balancer) and node addresses are not.
func (config *AdvancedClusterClientConfiguration) WithRefreshTopologyFromInitialNodes(
	refreshTopologyFromInitialNodes bool,
) *AdvancedClusterClientConfiguration {
	config.refreshTopologyFromInitialNodes = refreshTopologyFromInitialNodes
	return config
}

// WithPeriodicChecks sets background topology polling; see PeriodicChecksConfig.
func (config *AdvancedClusterClientConfiguration) WithPeriodicChecks(
	periodicChecks PeriodicChecksConfig,
) *AdvancedClusterClientConfiguration {
	config.periodicChecks = periodicChecks
	return config
}

// WithTlsConfiguration sets TLS details for every node connection.
func (config *AdvancedClusterClientConfiguration) WithTlsConfiguration(
	tlsConfig *TlsConfiguration,
) *AdvancedClusterClientConfiguration {
	config.tlsConfig = tlsConfig
	return config
}

// WithTcpNoDelay sets TCP_NODELAY on node connections (on by default).
func (config *AdvancedClusterClientConfiguration) WithTcpNoDelay(
	tcpNoDelay bool,
) *AdvancedClusterClientConfiguration {
	config.tcpNoDelay = &tcpNoDelay
	return config
}

// WithPubSubReconciliationIntervalMs sets how often subscriptions are checked
// and repaired.
func (config *AdvancedClusterClientConfiguration) WithPubSubReconciliationIntervalMs(
	intervalMs int,
) *AdvancedClusterClientConfiguration {
	config.pubsubReconciliationIntervalMs = &intervalMs
	return config
}
