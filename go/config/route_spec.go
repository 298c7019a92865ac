package config

import "fmt"

// RouteKind is the shape of a route as RouteSpecOf reports it.
//
// RouteKind, RouteSpec and RouteSpecOf are valkite additions, not part of
// GLIDE's API: they let the client read any Route as plain values without a
// type switch over this package's types.
type RouteKind int

const (
	RouteKindAllNodes RouteKind = iota
	RouteKindAllPrimaries
	RouteKindRandom
	RouteKindSlotID
	RouteKindSlotKey
	RouteKindByAddress
)

// RouteSpec is a validated route in plain values. Only the fields of its Kind
// are set.
type RouteSpec struct {
	Kind    RouteKind
	Replica bool   // slot routes: a replica of the shard rather than its primary
	SlotID  int32  // RouteKindSlotID: 0 to 16383
	SlotKey string // RouteKindSlotKey
	Host    string // RouteKindByAddress
	Port    int32  // RouteKindByAddress: 1 to 65535
}

// slotCount is the number of hash slots in a cluster.
const slotCount = 16384

// RouteSpecOf validates route and flattens it. Struct routes are accepted as
// values or pointers. A nil route, an unknown Route implementation, an
// out-of-range slot or port, or an empty address is an error.
func RouteSpecOf(route Route) (RouteSpec, error) {
	switch r := route.(type) {
	case nil:
		return RouteSpec{}, fmt.Errorf("route is nil")
	case SimpleMultiNodeRoute:
		return simpleRouteSpec(SimpleNodeRoute(r))
	case SimpleSingleNodeRoute:
		return simpleRouteSpec(SimpleNodeRoute(r))
	case SimpleNodeRoute:
		return simpleRouteSpec(r)
	case *SlotIdRoute:
		if r == nil {
			return RouteSpec{}, fmt.Errorf("route is a nil *SlotIdRoute")
		}
		return slotIDSpec(*r)
	case SlotIdRoute:
		return slotIDSpec(r)
	case *SlotKeyRoute:
		if r == nil {
			return RouteSpec{}, fmt.Errorf("route is a nil *SlotKeyRoute")
		}
		return slotKeySpec(*r)
	case SlotKeyRoute:
		return slotKeySpec(r)
	case *ByAddressRoute:
		if r == nil {
			return RouteSpec{}, fmt.Errorf("route is a nil *ByAddressRoute")
		}
		return byAddressSpec(*r)
	case ByAddressRoute:
		return byAddressSpec(r)
	}
	return RouteSpec{}, fmt.Errorf("unsupported route type %T", route)
}

func simpleRouteSpec(r SimpleNodeRoute) (RouteSpec, error) {
	switch r {
	case SimpleNodeRoute(AllNodes):
		return RouteSpec{Kind: RouteKindAllNodes}, nil
	case SimpleNodeRoute(AllPrimaries):
		return RouteSpec{Kind: RouteKindAllPrimaries}, nil
	case SimpleNodeRoute(RandomRoute):
		return RouteSpec{Kind: RouteKindRandom}, nil
	}
	return RouteSpec{}, fmt.Errorf("unknown simple route %d", int(r))
}

func isReplica(t SlotType) (bool, error) {
	switch t {
	case SlotTypePrimary:
		return false, nil
	case SlotTypeReplica:
		return true, nil
	}
	return false, fmt.Errorf("unknown slot type %d", int(t))
}

func slotIDSpec(r SlotIdRoute) (RouteSpec, error) {
	replica, err := isReplica(r.SlotType)
	if err != nil {
		return RouteSpec{}, err
	}
	if r.SlotID < 0 || r.SlotID >= slotCount {
		return RouteSpec{}, fmt.Errorf("slot %d is outside 0..%d", r.SlotID, slotCount-1)
	}
	return RouteSpec{Kind: RouteKindSlotID, Replica: replica, SlotID: r.SlotID}, nil
}

func slotKeySpec(r SlotKeyRoute) (RouteSpec, error) {
	replica, err := isReplica(r.SlotType)
	if err != nil {
		return RouteSpec{}, err
	}
	return RouteSpec{Kind: RouteKindSlotKey, Replica: replica, SlotKey: r.SlotKey}, nil
}

func byAddressSpec(r ByAddressRoute) (RouteSpec, error) {
	host, port := r.Host, r.Port
	if port == 0 {
		var err error
		if host, port, err = splitHostPort(host); err != nil {
			return RouteSpec{}, fmt.Errorf("route by address without a port: %w", err)
		}
	}
	if host == "" {
		return RouteSpec{}, fmt.Errorf("route by address has an empty host")
	}
	if port < 1 || port > maxPort {
		return RouteSpec{}, fmt.Errorf("route by address has port %d, outside 1..%d", port, maxPort)
	}
	return RouteSpec{Kind: RouteKindByAddress, Host: host, Port: port}, nil
}
