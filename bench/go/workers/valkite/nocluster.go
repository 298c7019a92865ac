//go:build !benchcluster

package main

import (
	"errors"

	"github.com/valkite/valkite/bench/harness"
)

func connectCluster(harness.Target) (commands, error) {
	return nil, errors.New("worker built without cluster support (valkite.NewClusterClient did not compile)")
}
