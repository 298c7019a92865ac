package settings

import "time"

// NodeDiscovery mirrors config.NodeDiscoveryMode's values.
type NodeDiscovery int

const (
	DiscoverStandard NodeDiscovery = iota // check roles, use only the given nodes
	DiscoverStatic                        // trust the given nodes; the first is the primary
	DiscoverAll                           // find the primary and every replica from any node
)

// IAMService mirrors config.ServiceType's values.
type IAMService int

const (
	IAMElastiCache IAMService = iota
	IAMMemoryDB
)

// IAMAuth asks the core to authenticate with short-lived AWS IAM tokens
// instead of a password. Username is in Settings.Username.
type IAMAuth struct {
	ClusterName     string
	Service         IAMService
	Region          string
	RefreshInterval time.Duration // 0 = core default
}

// Compression is transparent value compression; present only when enabled.
type Compression struct {
	LZ4                 bool // false = zstd
	HasLevel            bool
	Level               int32
	MinSize             int    // values shorter than this are sent as they are
	MaxDecompressedSize uint64 // 0 = core default
}

// ClientCache is a client-side cache. Clients configured with the same ID
// share one cache.
type ClientCache struct {
	ID             string
	MaxKB          uint64
	EntryTTL       time.Duration // 0 = entries do not expire
	LFU            bool          // false = LRU
	Metrics        bool
	ServerAssisted bool // CLIENT TRACKING ON BCAST for invalidations
}

// CircuitBreaker fails requests fast while the error rate is high. Zero fields
// mean the core's default.
type CircuitBreaker struct {
	Window               time.Duration
	FailureRate          float32 // (0, 1]
	MinErrors            int
	OpenTimeout          time.Duration
	CountTimeouts        bool
	ConsecutiveSuccesses int
}
