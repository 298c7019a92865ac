package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Route sends a cluster command somewhere other than where its keys would
// send it. Use one of AllNodes, AllPrimaries, RandomRoute, or a *SlotIdRoute,
// *SlotKeyRoute or *ByAddressRoute. A route overrides the ReadFrom strategy.
type Route interface {
	IsMultiNode() bool
}

// SingleNodeRoute is a route that reaches exactly one node; commands whose
// reply only makes sense from one node accept only these.
type SingleNodeRoute interface {
	IsMultiNode() bool
	dummySingleNodeRoute()
}

type (
	// SimpleNodeRoute is the common base of the keyless routes.
	SimpleNodeRoute int
	// SimpleSingleNodeRoute is a keyless route to one node.
	SimpleSingleNodeRoute SimpleNodeRoute
	// SimpleMultiNodeRoute is a keyless route to several nodes.
	SimpleMultiNodeRoute SimpleNodeRoute
)

// The keyless routes. Their values are shared through SimpleNodeRoute, so they
// are numbered in one sequence.
const (
	// AllNodes sends the command to every node, replicas included; writes sent
	// this way fail on the replicas.
	AllNodes SimpleMultiNodeRoute = iota
	// AllPrimaries sends the command to every primary.
	AllPrimaries SimpleMultiNodeRoute = iota
	// RandomRoute sends the command to one node picked at random, possibly a
	// replica; not for writes.
	RandomRoute SimpleSingleNodeRoute = iota
)

// IsMultiNode reports whether the route reaches more than one node.
func (route SimpleNodeRoute) IsMultiNode() bool { return route != SimpleNodeRoute(RandomRoute) }

// IsMultiNode is always false for a single-node route.
func (route SimpleSingleNodeRoute) IsMultiNode() bool { return false }

// IsMultiNode is always true for a multi-node route.
func (route SimpleMultiNodeRoute) IsMultiNode() bool { return true }

func (route SimpleSingleNodeRoute) dummySingleNodeRoute() {}

// ToPtr returns a pointer to the route as a Route, for option fields of type
// *Route.
func (snr SimpleSingleNodeRoute) ToPtr() *Route {
	r := Route(snr)
	return &r
}

// ToPtr returns a pointer to the route as a Route.
func (snr SimpleMultiNodeRoute) ToPtr() *Route {
	r := Route(snr)
	return &r
}

// SlotType picks the primary or a replica of the shard owning a slot.
type SlotType int

const (
	SlotTypePrimary SlotType = iota
	SlotTypeReplica
)

// SlotIdRoute sends the command to the shard owning slot SlotID (0 to 16383).
// SlotTypeReplica picks a replica even if ReadFrom says otherwise.
type SlotIdRoute struct {
	SlotType SlotType
	SlotID   int32
}

// NewSlotIdRoute routes to slot slotId.
func NewSlotIdRoute(slotType SlotType, slotId int32) *SlotIdRoute {
	return &SlotIdRoute{SlotType: slotType, SlotID: slotId}
}

func (route SlotIdRoute) dummySingleNodeRoute() {}

// IsMultiNode is always false.
func (route SlotIdRoute) IsMultiNode() bool { return false }

// SlotKeyRoute sends the command to the shard owning SlotKey, as if the
// command were about that key.
type SlotKeyRoute struct {
	SlotType SlotType
	SlotKey  string
}

// NewSlotKeyRoute routes to the shard of slotKey.
func NewSlotKeyRoute(slotType SlotType, slotKey string) *SlotKeyRoute {
	return &SlotKeyRoute{SlotType: slotType, SlotKey: slotKey}
}

func (route SlotKeyRoute) dummySingleNodeRoute() {}

// IsMultiNode is always false.
func (route SlotKeyRoute) IsMultiNode() bool { return false }

// ByAddressRoute sends the command to one node by its address, as CLUSTER
// NODES or CLUSTER SHARDS name it. With Port 0, Host must be "host:port".
type ByAddressRoute struct {
	Host string
	Port int32
}

// NewByAddressRoute routes to host:port.
func NewByAddressRoute(host string, port int32) *ByAddressRoute {
	return &ByAddressRoute{Host: host, Port: port}
}

// NewByAddressRouteWithHost routes to an address given as "host:port". The
// port is taken after the last colon, so bare IPv6 addresses work too.
func NewByAddressRouteWithHost(host string) (*ByAddressRoute, error) {
	h, p, err := splitHostPort(host)
	if err != nil {
		return nil, err
	}
	return &ByAddressRoute{Host: h, Port: p}, nil
}

func splitHostPort(address string) (string, int32, error) {
	i := strings.LastIndexByte(address, ':')
	if i <= 0 || i == len(address)-1 {
		return "", 0, fmt.Errorf("address %q is not in the form host:port", address)
	}
	port, err := strconv.ParseInt(address[i+1:], 10, 32)
	if err != nil {
		return "", 0, fmt.Errorf("port %q in address %q is not a number", address[i+1:], address)
	}
	host := strings.TrimSuffix(strings.TrimPrefix(address[:i], "["), "]")
	return host, int32(port), nil
}

func (route ByAddressRoute) dummySingleNodeRoute() {}

// IsMultiNode is always false.
func (route ByAddressRoute) IsMultiNode() bool { return false }
