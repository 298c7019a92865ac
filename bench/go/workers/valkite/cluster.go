//go:build benchcluster

package main

import (
	valkite "github.com/valkite/valkite/go"
	"github.com/valkite/valkite/go/config"

	"github.com/valkite/valkite/bench/harness"
)

// connectCluster lives behind the benchcluster tag so the standalone worker
// still builds while the cluster client is missing; the orchestrator builds
// with the tag first and falls back without it.
func connectCluster(t harness.Target) (commands, error) {
	cfg := config.NewClusterClientConfiguration()
	for _, a := range t.Addrs {
		cfg.WithAddress(&config.NodeAddress{Host: a.Host, Port: a.Port})
	}
	if t.Callers > 1000-8 { // see connect
		cfg.WithInflightRequestsLimit(t.Callers + 64)
	}
	return valkite.NewClusterClient(cfg)
}
