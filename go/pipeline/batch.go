package pipeline

import (
	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
)

// BaseBatch holds what standalone and cluster batches share: the queued commands and
// the commands valid in both modes. Methods return the concrete batch so calls chain.
type BaseBatch[T StandaloneBatch | ClusterBatch] struct {
	batching.Batch
	self *T
}

// StandaloneBatch is a batch for Client. Results come back in queue order, one per
// command.
type StandaloneBatch struct {
	BaseBatch[StandaloneBatch]
}

// ClusterBatch is a batch for ClusterClient. A transaction must keep all its keys in
// one hash slot (use hash tags); a pipeline may touch any keys, its commands are
// routed by key and the results still come back in queue order.
type ClusterBatch struct {
	BaseBatch[ClusterBatch]
}

// NewStandaloneBatch returns an empty batch: a transaction when isAtomic is true,
// otherwise a pipeline.
func NewStandaloneBatch(isAtomic bool) *StandaloneBatch {
	b := &StandaloneBatch{}
	b.IsAtomic = isAtomic
	b.self = b
	return b
}

// NewClusterBatch returns an empty batch for a cluster: a transaction when isAtomic is
// true, otherwise a pipeline.
func NewClusterBatch(isAtomic bool) *ClusterBatch {
	b := &ClusterBatch{}
	b.IsAtomic = isAtomic
	b.self = b
	return b
}

// add queues one command built by internal/cmds: the only way a command enters a batch,
// so each batch method is a single line over the command's one definition.
func add[B StandaloneBatch | ClusterBatch, R any](b *BaseBatch[B], c cmds.Cmd[R]) *B {
	batching.Add(&b.Batch, c)
	return b.self
}

// addAs queues a command whose batch result differs from the client method's value:
// conv turns the decoded value into what the result slot holds (GLIDE's batch result
// for that command).
func addAs[B StandaloneBatch | ClusterBatch, R any](b *BaseBatch[B], c cmds.Cmd[R], conv func(R) any) *B {
	batching.AddAs(&b.Batch, c, conv)
	return b.self
}

// addNullable queues a command whose client method returns a models.Result[X]; the
// result slot holds the X itself, or nil for a null reply (GLIDE's "value or nil").
func addNullable[B StandaloneBatch | ClusterBatch, X any](b *BaseBatch[B], c cmds.Cmd[models.Result[X]]) *B {
	batching.AddNullable(&b.Batch, c)
	return b.self
}
