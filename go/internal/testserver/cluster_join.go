package testserver

import (
	"path/filepath"
	"testing"
)

// StartClusterNode starts a cluster-enabled Valkey node that belongs to no cluster yet:
// a node an operator is about to add to a running cluster (CLUSTER MEET, then CLUSTER
// REPLICATE or slots of its own).
func StartClusterNode(t testing.TB) *Server {
	t.Helper()
	requireBinary(t, "valkey-server")
	dir := t.TempDir()
	s := newServer(t, "valkey-server", dir, nil, []string{
		"--cluster-enabled", "yes",
		"--cluster-config-file", filepath.Join(dir, "nodes.conf"),
		"--cluster-node-timeout", "2000",
	})
	s.startFresh(t, true)
	return s
}

// ClusterBusPort is the node's cluster bus port (0 outside cluster mode), which
// CLUSTER MEET needs when it is not the data port + 10000.
func (s *Server) ClusterBusPort() int { return s.busPort }
