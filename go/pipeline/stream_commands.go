package pipeline

import (
	"time"

	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Stream commands. Result slots hold GLIDE's batch values: the client method's value,
// except XADD with options (string or nil) and XRANGE/XREVRANGE/XREAD/XREADGROUP, whose
// null replies are an untyped nil. XREAD with BLOCK runs on the batch's connection,
// under the batch's timeout.

// XAdd queues XADD; the slot holds the new entry's ID, a string.
func (b *BaseBatch[T]) XAdd(key string, values []models.FieldValue) *T {
	return add(b, cmds.XAdd(key, values))
}

// XAddWithOptions queues XADD; the slot holds the ID, or nil under NOMKSTREAM when the
// stream is missing.
func (b *BaseBatch[T]) XAddWithOptions(key string, values []models.FieldValue, options options.XAddOptions) *T {
	return addNullable(b, cmds.XAddWithOptions(key, values, options))
}

// XTrim queues XTRIM; the slot holds the number of entries deleted, an int64.
func (b *BaseBatch[T]) XTrim(key string, options options.XTrimOptions) *T {
	return add(b, cmds.XTrim(key, options))
}

// XLen queues XLEN; the slot holds an int64.
func (b *BaseBatch[T]) XLen(key string) *T { return add(b, cmds.XLen(key)) }

// XDel queues XDEL; the slot holds the number of entries deleted, an int64.
func (b *BaseBatch[T]) XDel(key string, ids []string) *T { return add(b, cmds.XDel(key, ids)) }

// XRange queues XRANGE; the slot holds a []models.StreamEntry, or nil (COUNT 0).
func (b *BaseBatch[T]) XRange(key string, start options.StreamBoundary, end options.StreamBoundary) *T {
	return addAs(b, cmds.XRange(key, start, end), batching.NilSlice[models.StreamEntry])
}

// XRangeWithOptions queues XRANGE with COUNT; the slot is as for XRange.
func (b *BaseBatch[T]) XRangeWithOptions(
	key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions,
) *T {
	return addAs(b, cmds.XRangeWithOptions(key, start, end, opts), batching.NilSlice[models.StreamEntry])
}

// XRevRange queues XREVRANGE (start is the higher bound); the slot is as for XRange.
func (b *BaseBatch[T]) XRevRange(key string, start options.StreamBoundary, end options.StreamBoundary) *T {
	return addAs(b, cmds.XRevRange(key, start, end), batching.NilSlice[models.StreamEntry])
}

// XRevRangeWithOptions queues XREVRANGE with COUNT; the slot is as for XRange.
func (b *BaseBatch[T]) XRevRangeWithOptions(
	key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions,
) *T {
	return addAs(b, cmds.XRevRangeWithOptions(key, start, end, opts), batching.NilSlice[models.StreamEntry])
}

// XRead queues XREAD; the slot holds a map[string]models.StreamResponse, or nil when
// nothing was read.
func (b *BaseBatch[T]) XRead(keysAndIds map[string]string) *T {
	return addAs(b, cmds.XRead(keysAndIds), batching.NilMap[string, models.StreamResponse])
}

// XReadWithOptions queues XREAD with COUNT/BLOCK; the slot is as for XRead.
func (b *BaseBatch[T]) XReadWithOptions(keysAndIds map[string]string, opts options.XReadOptions) *T {
	return addAs(b, cmds.XReadWithOptions(keysAndIds, opts), batching.NilMap[string, models.StreamResponse])
}

// XReadGroup queues XREADGROUP; the slot is as for XRead.
func (b *BaseBatch[T]) XReadGroup(group string, consumer string, keysAndIds map[string]string) *T {
	return addAs(b, cmds.XReadGroup(group, consumer, keysAndIds), batching.NilMap[string, models.StreamResponse])
}

// XReadGroupWithOptions queues XREADGROUP with COUNT/BLOCK/NOACK; the slot is as for
// XRead.
func (b *BaseBatch[T]) XReadGroupWithOptions(
	group string, consumer string, keysAndIds map[string]string, opts options.XReadGroupOptions,
) *T {
	return addAs(b, cmds.XReadGroupWithOptions(group, consumer, keysAndIds, opts),
		batching.NilMap[string, models.StreamResponse])
}

// XAck queues XACK; the slot holds an int64.
func (b *BaseBatch[T]) XAck(key string, group string, ids []string) *T {
	return add(b, cmds.XAck(key, group, ids))
}

// XPending queues XPENDING; the slot holds a models.XPendingSummary.
func (b *BaseBatch[T]) XPending(key string, group string) *T {
	return add(b, cmds.XPending(key, group))
}

// XPendingWithOptions queues XPENDING's extended form; the slot holds a
// []models.XPendingDetail.
func (b *BaseBatch[T]) XPendingWithOptions(key string, group string, opts options.XPendingOptions) *T {
	return add(b, cmds.XPendingWithOptions(key, group, opts))
}

// XClaim queues XCLAIM; the slot holds a map[string]models.XClaimResponse.
func (b *BaseBatch[T]) XClaim(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *T {
	return add(b, cmds.XClaim(key, group, consumer, minIdleTime, ids))
}

// XClaimWithOptions queues XCLAIM with options; the slot is as for XClaim.
func (b *BaseBatch[T]) XClaimWithOptions(
	key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions,
) *T {
	return add(b, cmds.XClaimWithOptions(key, group, consumer, minIdleTime, ids, opts))
}

// XClaimJustId queues XCLAIM ... JUSTID; the slot holds a []string.
func (b *BaseBatch[T]) XClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *T {
	return add(b, cmds.XClaimJustId(key, group, consumer, minIdleTime, ids))
}

// XClaimJustIdWithOptions queues XCLAIM ... JUSTID with options; the slot holds a
// []string.
func (b *BaseBatch[T]) XClaimJustIdWithOptions(
	key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions,
) *T {
	return add(b, cmds.XClaimJustIdWithOptions(key, group, consumer, minIdleTime, ids, opts))
}

// XAutoClaim queues XAUTOCLAIM; the slot holds a models.XAutoClaimResponse.
func (b *BaseBatch[T]) XAutoClaim(key string, group string, consumer string, minIdleTime time.Duration, start string) *T {
	return add(b, cmds.XAutoClaim(key, group, consumer, minIdleTime, start))
}

// XAutoClaimWithOptions queues XAUTOCLAIM with COUNT; the slot is as for XAutoClaim.
func (b *BaseBatch[T]) XAutoClaimWithOptions(
	key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions,
) *T {
	return add(b, cmds.XAutoClaimWithOptions(key, group, consumer, minIdleTime, start, options))
}

// XAutoClaimJustId queues XAUTOCLAIM ... JUSTID; the slot holds a
// models.XAutoClaimJustIdResponse.
func (b *BaseBatch[T]) XAutoClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, start string) *T {
	return add(b, cmds.XAutoClaimJustId(key, group, consumer, minIdleTime, start))
}

// XAutoClaimJustIdWithOptions queues XAUTOCLAIM ... JUSTID with COUNT; the slot is as
// for XAutoClaimJustId.
func (b *BaseBatch[T]) XAutoClaimJustIdWithOptions(
	key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions,
) *T {
	return add(b, cmds.XAutoClaimJustIdWithOptions(key, group, consumer, minIdleTime, start, options))
}

// XGroupCreate queues XGROUP CREATE; the slot holds "OK".
func (b *BaseBatch[T]) XGroupCreate(key string, group string, id string) *T {
	return add(b, cmds.XGroupCreate(key, group, id))
}

// XGroupCreateWithOptions queues XGROUP CREATE with options; the slot holds "OK".
func (b *BaseBatch[T]) XGroupCreateWithOptions(key string, group string, id string, opts options.XGroupCreateOptions) *T {
	return add(b, cmds.XGroupCreateWithOptions(key, group, id, opts))
}

// XGroupSetId queues XGROUP SETID; the slot holds "OK".
func (b *BaseBatch[T]) XGroupSetId(key string, group string, id string) *T {
	return add(b, cmds.XGroupSetId(key, group, id))
}

// XGroupSetIdWithOptions queues XGROUP SETID with ENTRIESREAD; the slot holds "OK".
func (b *BaseBatch[T]) XGroupSetIdWithOptions(key string, group string, id string, opts options.XGroupSetIdOptions) *T {
	return add(b, cmds.XGroupSetIdWithOptions(key, group, id, opts))
}

// XGroupDestroy queues XGROUP DESTROY; the slot holds a bool.
func (b *BaseBatch[T]) XGroupDestroy(key string, group string) *T {
	return add(b, cmds.XGroupDestroy(key, group))
}

// XGroupCreateConsumer queues XGROUP CREATECONSUMER; the slot holds a bool.
func (b *BaseBatch[T]) XGroupCreateConsumer(key string, group string, consumer string) *T {
	return add(b, cmds.XGroupCreateConsumer(key, group, consumer))
}

// XGroupDelConsumer queues XGROUP DELCONSUMER; the slot holds an int64.
func (b *BaseBatch[T]) XGroupDelConsumer(key string, group string, consumer string) *T {
	return add(b, cmds.XGroupDelConsumer(key, group, consumer))
}

// XInfoStream queues XINFO STREAM; the slot holds a models.XInfoStreamResponse.
func (b *BaseBatch[T]) XInfoStream(key string) *T { return add(b, cmds.XInfoStream(key)) }

// XInfoStreamFullWithOptions queues XINFO STREAM FULL (nil options: the server's
// default count); the slot holds a models.XInfoStreamFullOptionsResponse.
func (b *BaseBatch[T]) XInfoStreamFullWithOptions(key string, opts *options.XInfoStreamOptions) *T {
	return add(b, cmds.XInfoStreamFullWithOptions(key, opts))
}

// XInfoConsumers queues XINFO CONSUMERS; the slot holds a []models.XInfoConsumerInfo.
func (b *BaseBatch[T]) XInfoConsumers(key string, group string) *T {
	return add(b, cmds.XInfoConsumers(key, group))
}

// XInfoGroups queues XINFO GROUPS; the slot holds a []models.XInfoGroupInfo.
func (b *BaseBatch[T]) XInfoGroups(key string) *T { return add(b, cmds.XInfoGroups(key)) }
