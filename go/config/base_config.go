package config

import "time"

// baseClientConfiguration holds what standalone and cluster configurations
// share. It is embedded, so its exported field is reachable from both.
type baseClientConfiguration struct {
	addresses            []NodeAddress
	useTLS               bool
	credentials          *ServerCredentials
	readFrom             ReadFrom
	requestTimeout       time.Duration
	clientName           string
	clientAZ             string
	libName              string
	clientInfoTag        string
	reconnectStrategy    *BackoffStrategy
	lazyConnect          bool
	inflightLimit        int
	DatabaseId           *int `json:"database_id,omitempty"`
	compressionConfig    *CompressionConfiguration
	clientSideCache      *ClientSideCache
	addressResolver      AddressResolver
	clientCircuitBreaker *ClientCircuitBreakerConfiguration
}
