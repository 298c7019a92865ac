package config

import (
	"strings"
	"testing"
)

func TestRouteSpecOf(t *testing.T) {
	tests := []struct {
		name  string
		route Route
		want  RouteSpec
	}{
		{"all nodes", AllNodes, RouteSpec{Kind: RouteKindAllNodes}},
		{"all primaries", AllPrimaries, RouteSpec{Kind: RouteKindAllPrimaries}},
		{"random", RandomRoute, RouteSpec{Kind: RouteKindRandom}},
		{"simple base", SimpleNodeRoute(AllPrimaries), RouteSpec{Kind: RouteKindAllPrimaries}},
		{"deref ToPtr", *RandomRoute.ToPtr(), RouteSpec{Kind: RouteKindRandom}},
		{"slot id", NewSlotIdRoute(SlotTypeReplica, 16383), RouteSpec{Kind: RouteKindSlotID, Replica: true, SlotID: 16383}},
		{"slot id value", SlotIdRoute{SlotType: SlotTypePrimary, SlotID: 0}, RouteSpec{Kind: RouteKindSlotID}},
		{"slot key", NewSlotKeyRoute(SlotTypePrimary, "k"), RouteSpec{Kind: RouteKindSlotKey, SlotKey: "k"}},
		{"slot key value", SlotKeyRoute{SlotType: SlotTypeReplica, SlotKey: "k"},
			RouteSpec{Kind: RouteKindSlotKey, Replica: true, SlotKey: "k"}},
		{"by address", NewByAddressRoute("10.0.0.1", 7000), RouteSpec{Kind: RouteKindByAddress, Host: "10.0.0.1", Port: 7000}},
		{"by address in host", NewByAddressRoute("h:7001", 0), RouteSpec{Kind: RouteKindByAddress, Host: "h", Port: 7001}},
		{"by address value", ByAddressRoute{Host: "h", Port: 1}, RouteSpec{Kind: RouteKindByAddress, Host: "h", Port: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RouteSpecOf(tt.route)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

type customRoute struct{}

func (customRoute) IsMultiNode() bool { return false }

func TestRouteSpecOfErrors(t *testing.T) {
	tests := []struct {
		name  string
		route Route
		want  string
	}{
		{"nil", nil, "route is nil"},
		{"nil slot id pointer", (*SlotIdRoute)(nil), "nil *SlotIdRoute"},
		{"nil slot key pointer", (*SlotKeyRoute)(nil), "nil *SlotKeyRoute"},
		{"nil address pointer", (*ByAddressRoute)(nil), "nil *ByAddressRoute"},
		{"slot too large", NewSlotIdRoute(SlotTypePrimary, 16384), "slot 16384 is outside 0..16383"},
		{"slot negative", NewSlotIdRoute(SlotTypePrimary, -1), "slot -1"},
		{"bad slot type", NewSlotKeyRoute(SlotType(3), "k"), "unknown slot type 3"},
		{"unknown simple", SimpleMultiNodeRoute(9), "unknown simple route 9"},
		{"empty host", NewByAddressRoute("", 6379), "empty host"},
		{"port too large", NewByAddressRoute("h", 70000), "port 70000"},
		{"no port anywhere", NewByAddressRoute("h", 0), "without a port"},
		{"custom", customRoute{}, "unsupported route type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := RouteSpecOf(tt.route)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRouteShapes(t *testing.T) {
	if !AllNodes.IsMultiNode() || !AllPrimaries.IsMultiNode() || RandomRoute.IsMultiNode() {
		t.Fatal("simple routes")
	}
	if SimpleNodeRoute(RandomRoute).IsMultiNode() || !SimpleNodeRoute(AllNodes).IsMultiNode() {
		t.Fatal("SimpleNodeRoute")
	}
	if AllNodes != 0 || AllPrimaries != 1 || RandomRoute != 2 {
		t.Fatal("route values are shared with GLIDE and must not change")
	}
	var _ SingleNodeRoute = RandomRoute
	var _ SingleNodeRoute = NewSlotIdRoute(SlotTypePrimary, 1)
	var _ SingleNodeRoute = NewSlotKeyRoute(SlotTypePrimary, "k")
	var _ SingleNodeRoute = NewByAddressRoute("h", 1)
}

func TestNewByAddressRouteWithHost(t *testing.T) {
	tests := []struct {
		in   string
		host string
		port int32
		fail bool
	}{
		{"host:6379", "host", 6379, false},
		{"::1:7000", "::1", 7000, false},
		{"[::1]:7000", "::1", 7000, false},
		{"host", "", 0, true},
		{":6379", "", 0, true},
		{"host:", "", 0, true},
		{"host:port", "", 0, true},
	}
	for _, tt := range tests {
		r, err := NewByAddressRouteWithHost(tt.in)
		if tt.fail {
			if err == nil {
				t.Errorf("%q: accepted %+v", tt.in, r)
			}
			continue
		}
		if err != nil || r.Host != tt.host || r.Port != tt.port {
			t.Errorf("%q: got %+v, %v", tt.in, r, err)
		}
	}
}
