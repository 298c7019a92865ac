package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
)

// HyperLogLog commands, shared by Client and ClusterClient. In a cluster PfCount and
// PfMerge need all their keys in one slot (use hash tags); otherwise the server's
// CROSSSLOT error is returned.

// PfAdd adds elements to the HyperLogLog at key (creating it) and reports whether its
// estimate changed. With no elements it only creates a missing key.
//
// See https://valkey.io/commands/pfadd/.
func (b *baseClient) PfAdd(ctx context.Context, key string, elements []string) (bool, error) {
	return run(ctx, b, cmds.PfAdd(key, elements))
}

// PfCount returns the estimated cardinality of the union of the HyperLogLogs at keys
// (0 for missing keys). keys must not be empty.
//
// See https://valkey.io/commands/pfcount/.
func (b *baseClient) PfCount(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.PfCount(keys))
}

// PfMerge stores the union of the source HyperLogLogs (and the destination's own
// content) at destination and returns "OK".
//
// See https://valkey.io/commands/pfmerge/.
func (b *baseClient) PfMerge(ctx context.Context, destination string, sourceKeys []string) (string, error) {
	return run(ctx, b, cmds.PfMerge(destination, sourceKeys))
}
