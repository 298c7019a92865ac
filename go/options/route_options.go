package options

import "github.com/valkite/valkite/go/config"

// RouteOption sends a cluster command to an explicit route instead of the
// command's default one.
type RouteOption struct {
	Route config.Route
}
