package config

import (
	"errors"

	"github.com/valkite/valkite/go/internal/settings"
)

// ToSettings validates the configuration and flattens it for the client. The
// errors are plain; the client wraps them into its configuration error type.
// The configuration itself is not modified.
func (config *ClientConfiguration) ToSettings() (*settings.Settings, error) {
	s, err := config.baseClientConfiguration.toSettings()
	if err != nil {
		return nil, err
	}
	adv := &config.AdvancedClientConfiguration
	if err := applyAdvanced(s, adv.connectionTimeout, adv.tlsConfig, adv.tcpNoDelay, adv.pubsubReconciliationIntervalMs); err != nil {
		return nil, err
	}
	if config.readOnly {
		if s.ReadFrom == settings.ReadAzAffinity || s.ReadFrom == settings.ReadAzAffinityReplicaAndPrimary {
			return nil, errors.New("read-only mode cannot be combined with an AZ affinity read strategy")
		}
		s.ReadOnly = true
	}
	if s.NodeDiscovery, err = nodeDiscovery(config.nodeDiscoveryMode); err != nil {
		return nil, err
	}
	if sub := config.subscriptionConfig; sub != nil && sub.BaseSubscriptionConfig != nil {
		if err := applySubscriptions(s, sub.subscriptions, false); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ToSettings validates the configuration and flattens it for the client. The
// errors are plain; the client wraps them into its configuration error type.
// The configuration itself is not modified.
func (config *ClusterClientConfiguration) ToSettings() (*settings.Settings, error) {
	s, err := config.baseClientConfiguration.toSettings()
	if err != nil {
		return nil, err
	}
	s.Cluster = true
	adv := &config.AdvancedClusterClientConfiguration
	if err := applyAdvanced(s, adv.connectionTimeout, adv.tlsConfig, adv.tcpNoDelay, adv.pubsubReconciliationIntervalMs); err != nil {
		return nil, err
	}
	s.RefreshTopologyFromInitialNodes = adv.refreshTopologyFromInitialNodes
	if err := applyPeriodicChecks(s, adv.periodicChecks); err != nil {
		return nil, err
	}
	if sub := config.subscriptionConfig; sub != nil && sub.BaseSubscriptionConfig != nil {
		if err := applySubscriptions(s, sub.subscriptions, true); err != nil {
			return nil, err
		}
	}
	if q := config.recoveryRequestsQueueSize; q != nil {
		s.HasRecoveryQueueSize = true
		s.RecoveryQueueSize = int(*q)
	}
	return s, nil
}

// toSettings flattens and checks the options both client kinds share.
func (config *baseClientConfiguration) toSettings() (*settings.Settings, error) {
	s := &settings.Settings{UseTLS: config.useTLS, ClientName: config.clientName, ClientAZ: config.clientAZ,
		LazyConnect: config.lazyConnect, AddressResolver: config.addressResolver}
	if config.inflightLimit < 0 {
		return nil, errors.New("inflight requests limit must not be negative")
	}
	s.InflightLimit = config.inflightLimit
	var err error
	if s.Addresses, err = addresses(config.addresses); err != nil {
		return nil, err
	}
	if err := applyCredentials(s, config.credentials); err != nil {
		return nil, err
	}
	if s.ReadFrom, err = readFrom(config.readFrom); err != nil {
		return nil, err
	}
	if (s.ReadFrom == settings.ReadAzAffinity || s.ReadFrom == settings.ReadAzAffinityReplicaAndPrimary) &&
		config.clientAZ == "" {
		return nil, errors.New("AZ affinity read strategies need the client's AZ; set it with WithClientAZ")
	}
	if s.RequestTimeout, err = timeout("request timeout", config.requestTimeout); err != nil {
		return nil, err
	}
	if s.LibName, err = resolveLibName(config.libName, config.clientInfoTag); err != nil {
		return nil, err
	}
	if s.Reconnect, err = backoff(config.reconnectStrategy); err != nil {
		return nil, err
	}
	if id := config.DatabaseId; id != nil {
		if *id < 0 {
			return nil, errors.New("database id must not be negative")
		}
		s.HasDatabaseID, s.DatabaseID = true, *id
	}
	if s.Compression, err = compression(config.compressionConfig); err != nil {
		return nil, err
	}
	if s.Cache, err = clientCache(config.clientSideCache); err != nil {
		return nil, err
	}
	if s.CircuitBreaker, err = circuitBreaker(config.clientCircuitBreaker); err != nil {
		return nil, err
	}
	return s, nil
}
