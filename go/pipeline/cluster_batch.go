package pipeline

import "github.com/valkite/valkite/go/internal/cmds"

// Commands only a cluster batch offers.

// Select queues SELECT (Valkey 9.0 and later in cluster mode); its result is "OK". A
// reconnect returns to the configured database.
func (b *ClusterBatch) Select(index int64) *ClusterBatch {
	return add(&b.BaseBatch, cmds.Select(index))
}
