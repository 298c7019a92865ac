package valkite

import (
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
)

func TestToRouteArgEncodesEveryRoute(t *testing.T) {
	cases := []struct {
		name  string
		route config.Route
		kind  byte
		data  string
	}{
		{"all nodes", config.AllNodes, routeAllNodes, ""},
		{"all primaries", config.AllPrimaries, routeAllPrimaries, ""},
		{"random", config.RandomRoute, routeRandom, ""},
		{"slot id primary", config.NewSlotIdRoute(config.SlotTypePrimary, 0x1234), routeSlotIDPrimary, "\x34\x12"},
		{"slot id replica value", config.SlotIdRoute{SlotType: config.SlotTypeReplica, SlotID: 16383}, routeSlotIDReplica, "\xff\x3f"},
		{"slot key primary", config.NewSlotKeyRoute(config.SlotTypePrimary, "user:{42}"), routeSlotKeyPrimary, "user:{42}"},
		{"slot key replica", config.NewSlotKeyRoute(config.SlotTypeReplica, ""), routeSlotKeyReplica, ""},
		{"by address", config.NewByAddressRoute("10.0.0.7", 7001), routeByAddress, "\x59\x1b10.0.0.7"},
		{"by address host:port", &config.ByAddressRoute{Host: "[::1]:6380"}, routeByAddress, "\xec\x18::1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := toRouteArg(tc.route)
			if err != nil {
				t.Fatalf("toRouteArg: %v", err)
			}
			if got.kind != tc.kind || got.data != tc.data {
				t.Fatalf("got kind %d data %q, want kind %d data %q", got.kind, got.data, tc.kind, tc.data)
			}
		})
	}
}

func TestToRouteArgRejectsInvalidRoutes(t *testing.T) {
	cases := map[string]config.Route{
		"nil":             nil,
		"slot too high":   config.NewSlotIdRoute(config.SlotTypePrimary, 16384),
		"negative slot":   config.NewSlotIdRoute(config.SlotTypePrimary, -1),
		"bad slot type":   config.NewSlotKeyRoute(config.SlotType(7), "k"),
		"no port":         config.NewByAddressRoute("host", 0),
		"port too high":   config.NewByAddressRoute("host", 70000),
		"empty host":      config.NewByAddressRoute("", 6379),
		"nil pointer":     (*config.SlotIdRoute)(nil),
		"huge slot key":   config.NewSlotKeyRoute(config.SlotTypePrimary, strings.Repeat("k", 1<<16)),
		"unknown simple":  config.SimpleNodeRoute(9),
		"foreign type":    foreignRoute{},
		"address no port": &config.ByAddressRoute{Host: "justahost"},
	}
	for name, route := range cases {
		t.Run(name, func(t *testing.T) {
			if got, err := toRouteArg(route); err == nil {
				t.Fatalf("toRouteArg(%#v) = %+v, want an error", route, got)
			} else if !strings.Contains(err.Error(), "invalid route") {
				t.Fatalf("error %q does not say the route is invalid", err)
			}
		})
	}
}

type foreignRoute struct{}

func (foreignRoute) IsMultiNode() bool { return false }
