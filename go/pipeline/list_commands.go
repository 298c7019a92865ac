package pipeline

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// List commands (the non-blocking ones). Result slots hold GLIDE's batch values: a
// nullable single element is the string itself or nil (not a models.Result), a popped
// range that found no key is nil, a slice otherwise.

// LPush queues LPUSH; its result is the new length, an int64.
func (b *BaseBatch[T]) LPush(key string, elements []string) *T {
	return add(b, cmds.LPush(key, elements))
}

// RPush queues RPUSH; its result is the new length, an int64.
func (b *BaseBatch[T]) RPush(key string, elements []string) *T {
	return add(b, cmds.RPush(key, elements))
}

// LPushX queues LPUSHX; its result is the length (0 for a missing key), an int64.
func (b *BaseBatch[T]) LPushX(key string, elements []string) *T {
	return add(b, cmds.LPushX(key, elements))
}

// RPushX queues RPUSHX; its result is the length (0 for a missing key), an int64.
func (b *BaseBatch[T]) RPushX(key string, elements []string) *T {
	return add(b, cmds.RPushX(key, elements))
}

// LPop queues LPOP; its result is the element as a string, or nil.
func (b *BaseBatch[T]) LPop(key string) *T { return addNullable(b, cmds.LPop(key)) }

// LPopCount queues LPOP with a count; its result is a []string, or nil for a missing key.
func (b *BaseBatch[T]) LPopCount(key string, count int64) *T {
	return addAs(b, cmds.LPopCount(key, count), batching.NilSlice[string])
}

// RPop queues RPOP; its result is the element as a string, or nil.
func (b *BaseBatch[T]) RPop(key string) *T { return addNullable(b, cmds.RPop(key)) }

// RPopCount queues RPOP with a count; its result is a []string, or nil for a missing key.
func (b *BaseBatch[T]) RPopCount(key string, count int64) *T {
	return addAs(b, cmds.RPopCount(key, count), batching.NilSlice[string])
}

// LPos queues LPOS; its result is the index as an int64, or nil.
func (b *BaseBatch[T]) LPos(key string, element string) *T {
	return addNullable(b, cmds.LPos(key, element))
}

// LPosWithOptions queues LPOS with RANK/MAXLEN; its result is an int64 or nil.
func (b *BaseBatch[T]) LPosWithOptions(key string, element string, options options.LPosOptions) *T {
	return addNullable(b, cmds.LPosWithOptions(key, element, options))
}

// LPosCount queues LPOS ... COUNT; its result is a []int64.
func (b *BaseBatch[T]) LPosCount(key string, element string, count int64) *T {
	return add(b, cmds.LPosCount(key, element, count))
}

// LPosCountWithOptions queues LPOS ... COUNT with RANK/MAXLEN; its result is a []int64.
func (b *BaseBatch[T]) LPosCountWithOptions(key string, element string, count int64, opts options.LPosOptions) *T {
	return add(b, cmds.LPosCountWithOptions(key, element, count, opts))
}

// LRange queues LRANGE; its result is a []string.
func (b *BaseBatch[T]) LRange(key string, start int64, end int64) *T {
	return add(b, cmds.LRange(key, start, end))
}

// LIndex queues LINDEX; its result is the element as a string, or nil.
func (b *BaseBatch[T]) LIndex(key string, index int64) *T {
	return addNullable(b, cmds.LIndex(key, index))
}

// LTrim queues LTRIM; its result is "OK".
func (b *BaseBatch[T]) LTrim(key string, start int64, end int64) *T {
	return add(b, cmds.LTrim(key, start, end))
}

// LLen queues LLEN; its result is an int64.
func (b *BaseBatch[T]) LLen(key string) *T { return add(b, cmds.LLen(key)) }

// LRem queues LREM; its result is the number removed, an int64.
func (b *BaseBatch[T]) LRem(key string, count int64, element string) *T {
	return add(b, cmds.LRem(key, count, element))
}

// LInsert queues LINSERT; its result is an int64 (the length, 0 or -1).
func (b *BaseBatch[T]) LInsert(key string, insertPosition constants.InsertPosition, pivot string, element string) *T {
	return add(b, cmds.LInsert(key, insertPosition, pivot, element))
}

// LSet queues LSET; its result is "OK".
func (b *BaseBatch[T]) LSet(key string, index int64, element string) *T {
	return add(b, cmds.LSet(key, index, element))
}

// LMove queues LMOVE; its result is the moved element as a string, or nil.
func (b *BaseBatch[T]) LMove(source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection) *T {
	return addNullable(b, cmds.LMove(source, destination, whereFrom, whereTo))
}

// LMPop queues LMPOP; its result is a []models.KeyValues, or nil when nothing was popped.
func (b *BaseBatch[T]) LMPop(keys []string, listDirection constants.ListDirection) *T {
	return addAs(b, cmds.LMPop(keys, listDirection), batching.NilSlice[models.KeyValues])
}

// LMPopCount queues LMPOP ... COUNT; its result is a []models.KeyValues, or nil.
func (b *BaseBatch[T]) LMPopCount(keys []string, listDirection constants.ListDirection, count int64) *T {
	return addAs(b, cmds.LMPopCount(keys, listDirection, count), batching.NilSlice[models.KeyValues])
}
