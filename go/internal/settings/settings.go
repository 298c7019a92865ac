// Package settings is the validated, flat form of a client configuration: what the
// config package hands to the client constructor, and what the client turns into the
// C ABI's configuration struct. Keeping it here (and not in config) lets the public
// config types stay GLIDE-shaped while the FFI sees only plain values.
package settings

import "time"

// Address is one seed node.
type Address struct {
	Host string
	Port int
}

// Backoff is the reconnect strategy: delay = rand(0 … Factor × ExponentBase^n) ms,
// n capped at Retries, jittered by ±JitterPercent.
type Backoff struct {
	Retries       int
	FactorMs      int
	ExponentBase  int
	JitterPercent int // -1 = core default (20)
}

// ReadFrom mirrors config.ReadFrom's values.
type ReadFrom int

const (
	ReadPrimary ReadFrom = iota
	ReadPreferReplica
	ReadAzAffinity
	ReadAzAffinityReplicaAndPrimary
	ReadAllNodes // round-robin over primary and replicas alike
)

// Settings holds everything the core needs to open a client. Zero values mean
// "use the core's default" unless stated otherwise.
type Settings struct {
	Cluster   bool
	Addresses []Address // never empty after validation (defaults to localhost:6379)

	UseTLS       bool
	TLSInsecure  bool   // skip server certificate verification
	RootCertsPEM []byte // PEM bundle; empty = platform roots
	// Mutual TLS: PEM bytes, or files re-read every CertReload (0 = core default).
	ClientCertPEM, ClientKeyPEM   []byte
	ClientCertPath, ClientKeyPath string
	CertReload                    time.Duration

	HasCredentials bool
	Username       string // empty = "default"
	Password       string

	HasDatabaseID bool
	DatabaseID    int

	ClientName string
	ClientAZ   string
	ReadFrom   ReadFrom

	RequestTimeout    time.Duration // 0 = default (250 ms)
	ConnectionTimeout time.Duration // 0 = default (2 s)
	InflightLimit     int           // 0 = default (1000)
	Reconnect         *Backoff      // nil = default strategy
	LazyConnect       bool

	// Cluster only.
	PeriodicChecksDisabled          bool
	PeriodicChecksInterval          time.Duration // 0 = default (60 s)
	RefreshTopologyFromInitialNodes bool

	// Added for the rest of GLIDE's configuration surface (see features.go).
	LibName                 string        // CLIENT SETINFO lib-name, already resolved; never empty
	TCPNoDelayOff           bool          // leave Nagle's algorithm on (default: TCP_NODELAY set)
	PubSubReconcileInterval time.Duration // 0 = default
	ExactChannels           []string      // subscribed at connect and after every reconnect
	PatternChannels         []string
	ShardedChannels         []string        // cluster only
	IAM                     *IAMAuth        // nil = password auth (or none)
	Compression             *Compression    // nil = values sent as given
	Cache                   *ClientCache    // nil = no client-side cache
	CircuitBreaker          *CircuitBreaker // nil = none
	// AddressResolver rewrites every node address before connecting; nil = as given.
	AddressResolver func(host string, port int) (string, int)

	// Standalone only.
	ReadOnly      bool          // never write; replicas are valid read targets
	NodeDiscovery NodeDiscovery // how nodes besides the given ones are found

	// Cluster only.
	HasRecoveryQueueSize bool
	RecoveryQueueSize    int // requests parked during a reconnect; 0 = fail fast
}
