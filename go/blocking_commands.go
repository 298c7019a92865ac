package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Blocking commands shared by Client and ClusterClient. Each waits server-side until an
// element arrives or timeout passes (0: until an element arrives); a negative timeout
// fails before anything is sent. The request's own deadline is the command's timeout
// plus half a second, not the client's request timeout; ctx still ends the wait at any
// time.
//
// They run on connections of their own (per node, opened on demand, reused, closed
// when idle; see docs/blocking.md), so a long wait never holds up the replies of other
// commands on the client. When ctx ends while a call is blocked, the core unblocks it
// with CLIENT UNBLOCK before returning: the server then pops nothing. If the server had
// already popped an element by the time the unblock reached it, the call returns that
// element with a nil error rather than dropping it.
//
// In cluster mode all keys of one call must share a hash slot (else CROSSSLOT).

// BLPop pops the first element of the first non-empty list among keys, waiting up to
// timeout for one; it returns [key, element], or nil when the timeout passed.
//
// See https://valkey.io/commands/blpop/.
func (b *baseClient) BLPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error) {
	return run(ctx, b, cmds.BLPop(keys, timeout))
}

// BRPop is BLPop from the tail of the lists.
//
// See https://valkey.io/commands/brpop/.
func (b *baseClient) BRPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error) {
	return run(ctx, b, cmds.BRPop(keys, timeout))
}

// BLMove moves an element from source to destination (ends as given), waiting up to
// timeout for source to have one; it returns the element, or a nil Result on timeout.
//
// See https://valkey.io/commands/blmove/.
func (b *baseClient) BLMove(
	ctx context.Context,
	source string,
	destination string,
	whereFrom constants.ListDirection,
	whereTo constants.ListDirection,
	timeout time.Duration,
) (models.Result[string], error) {
	return run(ctx, b, cmds.BLMove(source, destination, whereFrom, whereTo, timeout))
}

// BLMPop pops one element from the first non-empty list among keys, waiting up to
// timeout; it returns the key with its element, or nil on timeout.
//
// See https://valkey.io/commands/blmpop/.
func (b *baseClient) BLMPop(
	ctx context.Context, keys []string, listDirection constants.ListDirection, timeout time.Duration,
) ([]models.KeyValues, error) {
	return run(ctx, b, cmds.BLMPop(keys, listDirection, timeout))
}

// BLMPopCount is BLMPop taking up to count elements (count > 0).
//
// See https://valkey.io/commands/blmpop/.
func (b *baseClient) BLMPopCount(
	ctx context.Context, keys []string, listDirection constants.ListDirection, count int64, timeout time.Duration,
) ([]models.KeyValues, error) {
	return run(ctx, b, cmds.BLMPopCount(keys, listDirection, count, timeout))
}

// BZPopMin pops the lowest-scored member of the first non-empty sorted set among
// keys, waiting up to timeout; a nil Result when the timeout passed.
//
// See https://valkey.io/commands/bzpopmin/.
func (b *baseClient) BZPopMin(
	ctx context.Context, keys []string, timeout time.Duration,
) (models.Result[models.KeyWithMemberAndScore], error) {
	return run(ctx, b, cmds.BZPopMin(keys, timeout))
}

// BZPopMax is BZPopMin for the highest score.
//
// See https://valkey.io/commands/bzpopmax/.
func (b *baseClient) BZPopMax(
	ctx context.Context, keys []string, timeout time.Duration,
) (models.Result[models.KeyWithMemberAndScore], error) {
	return run(ctx, b, cmds.BZPopMax(keys, timeout))
}

// BZMPop pops one member (lowest or highest score, per scoreFilter) from the first
// non-empty sorted set among keys, waiting up to timeout; a nil Result on timeout.
//
// See https://valkey.io/commands/bzmpop/.
func (b *baseClient) BZMPop(
	ctx context.Context, keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration,
) (models.Result[models.KeyWithArrayOfMembersAndScores], error) {
	return run(ctx, b, cmds.BZMPop(keys, scoreFilter, timeout))
}

// BZMPopWithOptions is BZMPop with a COUNT.
//
// See https://valkey.io/commands/bzmpop/.
func (b *baseClient) BZMPopWithOptions(
	ctx context.Context,
	keys []string,
	scoreFilter constants.ScoreFilter,
	timeout time.Duration,
	options options.ZMPopOptions,
) (models.Result[models.KeyWithArrayOfMembersAndScores], error) {
	return run(ctx, b, cmds.BZMPopWithOptions(keys, scoreFilter, timeout, options))
}
