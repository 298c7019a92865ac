package valkite

import (
	"context"
	"fmt"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// ClusterClient is a client for a Valkey Cluster. It learns the whole topology from
// any seed node and keeps it current, sends each command to the node owning its keys
// (or, for keyless commands, where the server's command tips say), and keeps one
// multiplexed connection per node. It is safe for concurrent use.
//
// Commands shared with Client (strings, keys, …) behave identically here, including
// multi-key ones such as MGET, MSET and DEL across slots: the core splits them per
// slot and reassembles the replies in argument order.
type ClusterClient struct {
	baseClient
}

// NewClusterClient validates the configuration, discovers the cluster from its seed
// addresses (unless lazy connect is set) and returns a ready client. An invalid
// configuration returns a *ConfigurationError before any connection is attempted.
func NewClusterClient(cfg *config.ClusterClientConfiguration) (*ClusterClient, error) {
	if cfg == nil {
		return nil, &errs.ConfigurationError{Msg: "configuration is nil"}
	}
	s, err := cfg.ToSettings()
	if err != nil {
		return nil, &errs.ConfigurationError{Msg: err.Error()}
	}
	c, err := newCore(s)
	if err != nil {
		return nil, err
	}
	cl := &ClusterClient{baseClient{core: c, settings: s}}
	var sub *config.BaseSubscriptionConfig
	if sc := cfg.GetSubscription(); sc != nil {
		sub = sc.BaseSubscriptionConfig
	}
	if err := cl.initPubSub(s, sub); err != nil {
		cl.Close()
		return nil, err
	}
	return cl, nil
}

// The cluster command methods reduce to three shapes, all built on executeRouted:
//
//   - runRouted: the caller wants a ClusterValue, one reply or one per node.
//   - runOne: the caller wants one value. The core combines the replies of several
//     nodes by the command's response policy (default and explicit routes alike);
//     the Go side holds no policy of its own.
//   - runPerNode: the caller wants one reply per node, keyed by address.
//
// A nil route means "the command's own routing" (its keys, or its tips).

func runRouted[T any](
	ctx context.Context, c *ClusterClient, cmd cmds.Cmd[T], route config.Route,
) (models.ClusterValue[T], error) {
	var ra routeArg
	if route != nil {
		var err error
		if ra, err = toRouteArg(route); err != nil {
			return models.CreateEmptyClusterValue[T](), err
		}
	}
	v, err := executeRouted(ctx, c.core, cmd, ra)
	if err != nil {
		return models.CreateEmptyClusterValue[T](), err
	}
	return v, nil
}

func runOne[T any](
	ctx context.Context, c *ClusterClient, cmd cmds.Cmd[T], route config.Route,
) (T, error) {
	v, err := runRouted(ctx, c, cmd, route)
	if err != nil {
		var zero T
		return zero, err
	}
	if v.IsMultiValue() {
		var zero T
		return zero, &errs.RequestError{Msg: fmt.Sprintf(
			"valkite: %s answered from %d nodes and has no response policy that combines the replies; "+
				"use the method's form that returns a ClusterValue, or a single-node route",
			cmd.Args[0], len(v.MultiValue()))}
	}
	return v.SingleValue(), nil
}

// runPerNode returns the per-node replies of a multi-node route. The core reports
// replies per node even when only one node was reached; a single reply is kept
// under the empty address rather than dropped.
func runPerNode[T any](
	ctx context.Context, c *ClusterClient, cmd cmds.Cmd[T], route config.Route,
) (map[string]T, error) {
	v, err := runRouted(ctx, c, cmd, route)
	if err != nil {
		return nil, err
	}
	if v.IsMultiValue() {
		return v.MultiValue(), nil
	}
	return map[string]T{"": v.SingleValue()}, nil
}

// routeOf is the route of a RouteOption, nil (the command's own routing) when the
// option carries none.
func routeOf(opt *options.RouteOption) config.Route {
	if opt == nil {
		return nil
	}
	return opt.Route
}

// orDefault is route, or fallback when route is nil: GLIDE sends some commands
// (CLIENT PAUSE, SAVE, BGSAVE, …) to all primaries unless told otherwise.
func orDefault(route config.Route, fallback config.Route) config.Route {
	if route == nil {
		return fallback
	}
	return route
}
