package valkite

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// List commands shared by Client and ClusterClient (the blocking ones are not here).
// Indexes are zero-based and a negative one counts from the tail (-1 is the last
// element). In cluster mode the commands naming several keys (LMove, LMPop) need all
// of them in one hash slot; otherwise the server's CROSSSLOT error comes back.
// Arguments the server would refuse (no elements to push, a negative count) fail
// before anything is sent.

// LPush inserts elements at the head of the list at key, one after the other (so the
// last one ends up first), creating the list if needed; it returns the new length.
//
// See https://valkey.io/commands/lpush/.
func (b *baseClient) LPush(ctx context.Context, key string, elements []string) (int64, error) {
	return run(ctx, b, cmds.LPush(key, elements))
}

// RPush appends elements at the tail of the list at key, creating it if needed; it
// returns the new length.
//
// See https://valkey.io/commands/rpush/.
func (b *baseClient) RPush(ctx context.Context, key string, elements []string) (int64, error) {
	return run(ctx, b, cmds.RPush(key, elements))
}

// LPushX is LPush that does nothing unless key already holds a list; it returns the
// length, 0 when the key does not exist.
//
// See https://valkey.io/commands/lpushx/.
func (b *baseClient) LPushX(ctx context.Context, key string, elements []string) (int64, error) {
	return run(ctx, b, cmds.LPushX(key, elements))
}

// RPushX is RPush that does nothing unless key already holds a list.
//
// See https://valkey.io/commands/rpushx/.
func (b *baseClient) RPushX(ctx context.Context, key string, elements []string) (int64, error) {
	return run(ctx, b, cmds.RPushX(key, elements))
}

// LPop removes and returns the first element, or a nil Result when the key does not
// exist.
//
// See https://valkey.io/commands/lpop/.
func (b *baseClient) LPop(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.LPop(key))
}

// LPopCount removes and returns up to count elements from the head; nil when the key
// does not exist. count must not be negative.
//
// See https://valkey.io/commands/lpop/.
func (b *baseClient) LPopCount(ctx context.Context, key string, count int64) ([]string, error) {
	return run(ctx, b, cmds.LPopCount(key, count))
}

// RPop removes and returns the last element, or a nil Result when the key does not
// exist.
//
// See https://valkey.io/commands/rpop/.
func (b *baseClient) RPop(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.RPop(key))
}

// RPopCount removes and returns up to count elements from the tail; nil when the key
// does not exist. count must not be negative.
//
// See https://valkey.io/commands/rpop/.
func (b *baseClient) RPopCount(ctx context.Context, key string, count int64) ([]string, error) {
	return run(ctx, b, cmds.RPopCount(key, count))
}

// LPos returns the index of the first element equal to element, or a nil Result when
// there is none.
//
// See https://valkey.io/commands/lpos/.
func (b *baseClient) LPos(ctx context.Context, key string, element string) (models.Result[int64], error) {
	return run(ctx, b, cmds.LPos(key, element))
}

// LPosWithOptions is LPos with RANK (which match; negative ranks search from the tail)
// and MAXLEN (how many elements to compare). A rank of 0 or a negative MAXLEN is
// refused before sending.
//
// See https://valkey.io/commands/lpos/.
func (b *baseClient) LPosWithOptions(
	ctx context.Context,
	key string,
	element string,
	options options.LPosOptions,
) (models.Result[int64], error) {
	return run(ctx, b, cmds.LPosWithOptions(key, element, options))
}

// LPosCount returns the indexes of up to count matches (0: all of them), an empty
// slice when there are none.
//
// See https://valkey.io/commands/lpos/.
func (b *baseClient) LPosCount(ctx context.Context, key string, element string, count int64) ([]int64, error) {
	return run(ctx, b, cmds.LPosCount(key, element, count))
}

// LPosCountWithOptions is LPosCount with RANK and MAXLEN.
//
// See https://valkey.io/commands/lpos/.
func (b *baseClient) LPosCountWithOptions(
	ctx context.Context,
	key string,
	element string,
	count int64,
	opts options.LPosOptions,
) ([]int64, error) {
	return run(ctx, b, cmds.LPosCountWithOptions(key, element, count, opts))
}

// LRange returns the elements from start to end, both inclusive; an empty slice when
// the range is empty or the key does not exist.
//
// See https://valkey.io/commands/lrange/.
func (b *baseClient) LRange(ctx context.Context, key string, start int64, end int64) ([]string, error) {
	return run(ctx, b, cmds.LRange(key, start, end))
}

// LIndex returns the element at index, or a nil Result when the index is out of range
// or the key does not exist.
//
// See https://valkey.io/commands/lindex/.
func (b *baseClient) LIndex(ctx context.Context, key string, index int64) (models.Result[string], error) {
	return run(ctx, b, cmds.LIndex(key, index))
}

// LTrim keeps only the elements from start to end (an empty range deletes the key) and
// returns "OK".
//
// See https://valkey.io/commands/ltrim/.
func (b *baseClient) LTrim(ctx context.Context, key string, start int64, end int64) (string, error) {
	return run(ctx, b, cmds.LTrim(key, start, end))
}

// LLen returns the length of the list, 0 when the key does not exist.
//
// See https://valkey.io/commands/llen/.
func (b *baseClient) LLen(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.LLen(key))
}

// LRem removes elements equal to element: the first count from the head when count > 0,
// the last -count from the tail when count < 0, all of them when count is 0. It
// returns how many it removed.
//
// See https://valkey.io/commands/lrem/.
func (b *baseClient) LRem(ctx context.Context, key string, count int64, element string) (int64, error) {
	return run(ctx, b, cmds.LRem(key, count, element))
}

// LInsert inserts element before or after the first element equal to pivot. It returns
// the new length, 0 when the key does not exist and -1 when pivot was not found.
//
// See https://valkey.io/commands/linsert/.
func (b *baseClient) LInsert(
	ctx context.Context,
	key string,
	insertPosition constants.InsertPosition,
	pivot string,
	element string,
) (int64, error) {
	return run(ctx, b, cmds.LInsert(key, insertPosition, pivot, element))
}

// LSet replaces the element at index and returns "OK"; an index out of range is a
// server error.
//
// See https://valkey.io/commands/lset/.
func (b *baseClient) LSet(ctx context.Context, key string, index int64, element string) (string, error) {
	return run(ctx, b, cmds.LSet(key, index, element))
}

// LMove atomically pops an element from one end of source and pushes it at one end of
// destination (which may be source itself); it returns the element, or a nil Result
// when source does not exist. Valkey 6.2+.
//
// See https://valkey.io/commands/lmove/.
func (b *baseClient) LMove(
	ctx context.Context,
	source string,
	destination string,
	whereFrom constants.ListDirection,
	whereTo constants.ListDirection,
) (models.Result[string], error) {
	return run(ctx, b, cmds.LMove(source, destination, whereFrom, whereTo))
}

// LMPop pops one element from the first non-empty list among keys, from the given end.
// The result holds that key and the element, or is nil when every list is empty.
// Valkey 7.0+.
//
// See https://valkey.io/commands/lmpop/.
func (b *baseClient) LMPop(
	ctx context.Context,
	keys []string,
	listDirection constants.ListDirection,
) ([]models.KeyValues, error) {
	return run(ctx, b, cmds.LMPop(keys, listDirection))
}

// LMPopCount is LMPop taking up to count (> 0) elements from that list.
//
// See https://valkey.io/commands/lmpop/.
func (b *baseClient) LMPopCount(
	ctx context.Context,
	keys []string,
	listDirection constants.ListDirection,
	count int64,
) ([]models.KeyValues, error) {
	return run(ctx, b, cmds.LMPopCount(keys, listDirection, count))
}
