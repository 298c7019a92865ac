package interfaces

import (
	"context"
)

// HyperLogLogCommands maintain probabilistic cardinality estimates.
type HyperLogLogCommands interface {
	PfAdd(ctx context.Context, key string, elements []string) (bool, error)
	PfCount(ctx context.Context, keys []string) (int64, error)
	PfMerge(ctx context.Context, destination string, sourceKeys []string) (string, error)
}
