package pipeline

import (
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Blocking commands in a batch. They run as GLIDE runs them: on the batch's connection,
// in order with the other commands, bounded by the batch's timeout (the client's request
// timeout unless the batch sets one), not by their own timeout argument. Inside a
// transaction the server never blocks on them: they answer at once, nil when there is
// nothing to pop. In a pipeline a long wait holds up the rest of the pipeline and, as
// the batch shares the client's connection, other callers' replies too: prefer the
// client methods for long waits.

// BLPop queues BLPOP; its result is [key, element] as a []string, or nil.
func (b *BaseBatch[T]) BLPop(keys []string, timeout time.Duration) *T {
	return addAs(b, cmds.BLPop(keys, timeout), batching.NilSlice[string])
}

// BRPop queues BRPOP; its result is as BLPop's.
func (b *BaseBatch[T]) BRPop(keys []string, timeout time.Duration) *T {
	return addAs(b, cmds.BRPop(keys, timeout), batching.NilSlice[string])
}

// BLMove queues BLMOVE; its result is the moved element as a string, or nil.
func (b *BaseBatch[T]) BLMove(
	source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection,
	timeout time.Duration,
) *T {
	return addNullable(b, cmds.BLMove(source, destination, whereFrom, whereTo, timeout))
}

// BLMPop queues BLMPOP; its result is a []models.KeyValues, or nil when nothing was popped.
func (b *BaseBatch[T]) BLMPop(keys []string, listDirection constants.ListDirection, timeout time.Duration) *T {
	return addAs(b, cmds.BLMPop(keys, listDirection, timeout), batching.NilSlice[models.KeyValues])
}

// BLMPopCount queues BLMPOP ... COUNT; its result is as BLMPop's.
func (b *BaseBatch[T]) BLMPopCount(
	keys []string, listDirection constants.ListDirection, count int64, timeout time.Duration,
) *T {
	return addAs(b, cmds.BLMPopCount(keys, listDirection, count, timeout), batching.NilSlice[models.KeyValues])
}

// BZPopMin queues BZPOPMIN; its result is a models.KeyWithMemberAndScore, or nil.
func (b *BaseBatch[T]) BZPopMin(keys []string, timeout time.Duration) *T {
	return addNullable(b, cmds.BZPopMin(keys, timeout))
}

// BZPopMax queues BZPOPMAX; its result is as BZPopMin's.
func (b *BaseBatch[T]) BZPopMax(keys []string, timeout time.Duration) *T {
	return addNullable(b, cmds.BZPopMax(keys, timeout))
}

// BZMPop queues BZMPOP; its result is as ZMPop's: a
// models.Result[models.KeyWithArrayOfMembersAndScores], or nil when nothing was popped.
func (b *BaseBatch[T]) BZMPop(keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration) *T {
	return addAs(b, cmds.BZMPop(keys, scoreFilter, timeout), zmpopSlot)
}

// BZMPopWithOptions queues BZMPOP with a count; its result is as BZMPop's.
func (b *BaseBatch[T]) BZMPopWithOptions(
	keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration, opts options.ZMPopOptions,
) *T {
	return addAs(b, cmds.BZMPopWithOptions(keys, scoreFilter, timeout, opts), zmpopSlot)
}
