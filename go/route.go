package valkite

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/valkite/valkite/go/config"
)

// toRouteArg turns a public route into its C ABI form. The core, not this side,
// decides which node a slot or key lands on: only the route's shape and its data
// travel. The data field is length-prefixed with a u16, so a slot key or host longer
// than that cannot be sent and is refused here rather than truncated.
func toRouteArg(route config.Route) (routeArg, error) {
	spec, err := config.RouteSpecOf(route)
	if err != nil {
		return routeArg{}, fmt.Errorf("valkite: invalid route: %w", err)
	}
	switch spec.Kind {
	case config.RouteKindAllNodes:
		return routeArg{kind: routeAllNodes}, nil
	case config.RouteKindAllPrimaries:
		return routeArg{kind: routeAllPrimaries}, nil
	case config.RouteKindRandom:
		return routeArg{kind: routeRandom}, nil
	case config.RouteKindSlotID:
		kind := byte(routeSlotIDPrimary)
		if spec.Replica {
			kind = routeSlotIDReplica
		}
		return routeArg{kind: kind, data: string(binary.LittleEndian.AppendUint16(nil, uint16(spec.SlotID)))}, nil
	case config.RouteKindSlotKey:
		if len(spec.SlotKey) > math.MaxUint16 {
			return routeArg{}, fmt.Errorf("valkite: invalid route: slot key of %d bytes is longer than %d", len(spec.SlotKey), math.MaxUint16)
		}
		kind := byte(routeSlotKeyPrimary)
		if spec.Replica {
			kind = routeSlotKeyReplica
		}
		return routeArg{kind: kind, data: spec.SlotKey}, nil
	case config.RouteKindByAddress:
		return addressRouteArg(spec.Host, int(spec.Port))
	}
	return routeArg{}, fmt.Errorf("valkite: invalid route: unsupported kind %d", spec.Kind)
}

// addressRouteArg is the wire form of a route to one node.
func addressRouteArg(host string, port int) (routeArg, error) {
	if host == "" || port < 1 || port > math.MaxUint16 {
		return routeArg{}, fmt.Errorf("valkite: invalid route: address %q port %d", host, port)
	}
	if len(host) > math.MaxUint16-2 {
		return routeArg{}, fmt.Errorf("valkite: invalid route: host of %d bytes is too long", len(host))
	}
	b := binary.LittleEndian.AppendUint16(make([]byte, 0, 2+len(host)), uint16(port))
	return routeArg{kind: routeByAddress, data: string(append(b, host...))}, nil
}
