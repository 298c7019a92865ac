package config

// ReadFrom decides which node serves read commands. Writes always go to the
// primary. Replica reads trade freshness (replication lag) for load spreading.
type ReadFrom int

const (
	// Primary serves every read from the primary: always the latest data.
	Primary ReadFrom = iota
	// PreferReplica spreads reads over the replicas, falling back to the
	// primary when none is reachable.
	PreferReplica
	// AzAffinity prefers replicas in the client's availability zone, then other
	// replicas, then the primary. Needs WithClientAZ.
	AzAffinity
	// AzAffinityReplicaAndPrimary prefers any node in the client's zone
	// (replicas first, then the primary), then nodes elsewhere. Needs
	// WithClientAZ.
	AzAffinityReplicaAndPrimary
	// ReadFromAllNodes spreads reads over the primary and replicas alike.
	ReadFromAllNodes
)

// NodeDiscoveryMode decides how a standalone client learns the roles of the
// nodes it is given, and whether it looks for more.
type NodeDiscoveryMode int32

const (
	// NodeDiscoveryModeStandard asks each given node for its role and uses only
	// the given nodes.
	NodeDiscoveryModeStandard NodeDiscoveryMode = 0
	// NodeDiscoveryModeStatic asks nothing: the first address is taken as the
	// primary and the rest as replicas. Meant for proxies, which would answer
	// role queries for whatever node they forward to.
	NodeDiscoveryModeStatic NodeDiscoveryMode = 1
	// NodeDiscoveryModeDiscoverAll starts from any node and connects to its
	// primary and all of that primary's replicas.
	NodeDiscoveryModeDiscoverAll NodeDiscoveryMode = 2
)

// AddressResolver rewrites a node address before the client connects to it,
// both for seed nodes and for nodes learned from the topology (useful behind NAT
// or port forwarding). Returning the input unchanged keeps the address.
type AddressResolver func(host string, port int) (string, int)
