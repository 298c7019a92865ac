package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Stream commands shared by Client and ClusterClient. Durations (minIdleTime) go to
// the server in milliseconds. Entries keep the order the server sends them in.

// XAdd appends an entry with a server-generated ID and returns that ID.
//
// See https://valkey.io/commands/xadd/.
func (b *baseClient) XAdd(ctx context.Context, key string, values []models.FieldValue) (string, error) {
	return run(ctx, b, cmds.XAdd(key, values))
}

// XAddWithOptions appends an entry; the result is nil when NOMKSTREAM was set and the
// stream does not exist.
//
// See https://valkey.io/commands/xadd/.
func (b *baseClient) XAddWithOptions(
	ctx context.Context, key string, values []models.FieldValue, options options.XAddOptions,
) (models.Result[string], error) {
	return run(ctx, b, cmds.XAddWithOptions(key, values, options))
}

// XTrim trims the stream and returns how many entries were deleted.
//
// See https://valkey.io/commands/xtrim/.
func (b *baseClient) XTrim(ctx context.Context, key string, options options.XTrimOptions) (int64, error) {
	return run(ctx, b, cmds.XTrim(key, options))
}

// XLen returns the number of entries in the stream (0 for a missing key).
//
// See https://valkey.io/commands/xlen/.
func (b *baseClient) XLen(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.XLen(key))
}

// XDel deletes entries by ID and returns how many existed.
//
// See https://valkey.io/commands/xdel/.
func (b *baseClient) XDel(ctx context.Context, key string, ids []string) (int64, error) {
	return run(ctx, b, cmds.XDel(key, ids))
}

// XRange returns the entries between two bounds, oldest first.
//
// See https://valkey.io/commands/xrange/.
func (b *baseClient) XRange(
	ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary,
) ([]models.StreamEntry, error) {
	return run(ctx, b, cmds.XRange(key, start, end))
}

// XRangeWithOptions is XRange with a COUNT limit; COUNT 0 gives nil.
//
// See https://valkey.io/commands/xrange/.
func (b *baseClient) XRangeWithOptions(
	ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary, options options.XRangeOptions,
) ([]models.StreamEntry, error) {
	return run(ctx, b, cmds.XRangeWithOptions(key, start, end, options))
}

// XRevRange returns the entries between two bounds, newest first; start is the
// higher bound.
//
// See https://valkey.io/commands/xrevrange/.
func (b *baseClient) XRevRange(
	ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary,
) ([]models.StreamEntry, error) {
	return run(ctx, b, cmds.XRevRange(key, start, end))
}

// XRevRangeWithOptions is XRevRange with a COUNT limit.
//
// See https://valkey.io/commands/xrevrange/.
func (b *baseClient) XRevRangeWithOptions(
	ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary, options options.XRangeOptions,
) ([]models.StreamEntry, error) {
	return run(ctx, b, cmds.XRevRangeWithOptions(key, start, end, options))
}

// XRead reads entries after the given IDs from one or more streams, keyed by stream;
// nil when none has anything newer. In a cluster all keys must share a slot.
//
// See https://valkey.io/commands/xread/.
func (b *baseClient) XRead(ctx context.Context, keysAndIds map[string]string) (map[string]models.StreamResponse, error) {
	return run(ctx, b, cmds.XRead(keysAndIds))
}

// XReadWithOptions is XRead with COUNT and BLOCK. With BLOCK the read runs on a
// blocking connection of its own (it never holds up other commands of the client), its
// deadline is the BLOCK time plus half a second (none for 0), and ctx ends it at any
// time (docs/blocking.md).
//
// See https://valkey.io/commands/xread/.
func (b *baseClient) XReadWithOptions(
	ctx context.Context, keysAndIds map[string]string, options options.XReadOptions,
) (map[string]models.StreamResponse, error) {
	return run(ctx, b, cmds.XReadWithOptions(keysAndIds, options))
}

// XReadGroup reads as consumer of group: ">" gets entries never delivered to the
// group, an ID replays the consumer's own pending entries after it.
//
// See https://valkey.io/commands/xreadgroup/.
func (b *baseClient) XReadGroup(
	ctx context.Context, group string, consumer string, keysAndIds map[string]string,
) (map[string]models.StreamResponse, error) {
	return run(ctx, b, cmds.XReadGroup(group, consumer, keysAndIds))
}

// XReadGroupWithOptions is XReadGroup with COUNT, BLOCK and NOACK (BLOCK as in
// XReadWithOptions).
//
// See https://valkey.io/commands/xreadgroup/.
func (b *baseClient) XReadGroupWithOptions(
	ctx context.Context, group string, consumer string, keysAndIds map[string]string, options options.XReadGroupOptions,
) (map[string]models.StreamResponse, error) {
	return run(ctx, b, cmds.XReadGroupWithOptions(group, consumer, keysAndIds, options))
}

// XAck acknowledges entries of a group and returns how many were pending.
//
// See https://valkey.io/commands/xack/.
func (b *baseClient) XAck(ctx context.Context, key string, group string, ids []string) (int64, error) {
	return run(ctx, b, cmds.XAck(key, group, ids))
}

// XPending summarises a group's pending entries.
//
// See https://valkey.io/commands/xpending/.
func (b *baseClient) XPending(ctx context.Context, key string, group string) (models.XPendingSummary, error) {
	return run(ctx, b, cmds.XPending(key, group))
}

// XPendingWithOptions lists a group's pending entries in a range.
//
// See https://valkey.io/commands/xpending/.
func (b *baseClient) XPendingWithOptions(
	ctx context.Context, key string, group string, options options.XPendingOptions,
) ([]models.XPendingDetail, error) {
	return run(ctx, b, cmds.XPendingWithOptions(key, group, options))
}

// XClaim transfers pending entries idle for at least minIdleTime to consumer and
// returns them keyed by ID.
//
// See https://valkey.io/commands/xclaim/.
func (b *baseClient) XClaim(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string,
) (map[string]models.XClaimResponse, error) {
	return run(ctx, b, cmds.XClaim(key, group, consumer, minIdleTime, ids))
}

// XClaimWithOptions is XClaim with IDLE, TIME, RETRYCOUNT and FORCE.
//
// See https://valkey.io/commands/xclaim/.
func (b *baseClient) XClaimWithOptions(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string,
	options options.XClaimOptions,
) (map[string]models.XClaimResponse, error) {
	return run(ctx, b, cmds.XClaimWithOptions(key, group, consumer, minIdleTime, ids, options))
}

// XClaimJustId is XClaim returning only the claimed IDs.
//
// See https://valkey.io/commands/xclaim/.
func (b *baseClient) XClaimJustId(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string,
) ([]string, error) {
	return run(ctx, b, cmds.XClaimJustId(key, group, consumer, minIdleTime, ids))
}

// XClaimJustIdWithOptions is XClaimWithOptions returning only the claimed IDs.
//
// See https://valkey.io/commands/xclaim/.
func (b *baseClient) XClaimJustIdWithOptions(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string,
	options options.XClaimOptions,
) ([]string, error) {
	return run(ctx, b, cmds.XClaimJustIdWithOptions(key, group, consumer, minIdleTime, ids, options))
}

// XAutoClaim claims pending entries idle for at least minIdleTime, scanning from
// start; NextEntry is where the next call resumes ("0-0" when the scan is complete).
//
// See https://valkey.io/commands/xautoclaim/.
func (b *baseClient) XAutoClaim(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string,
) (models.XAutoClaimResponse, error) {
	return run(ctx, b, cmds.XAutoClaim(key, group, consumer, minIdleTime, start))
}

// XAutoClaimWithOptions is XAutoClaim with COUNT.
//
// See https://valkey.io/commands/xautoclaim/.
func (b *baseClient) XAutoClaimWithOptions(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string,
	options options.XAutoClaimOptions,
) (models.XAutoClaimResponse, error) {
	return run(ctx, b, cmds.XAutoClaimWithOptions(key, group, consumer, minIdleTime, start, options))
}

// XAutoClaimJustId is XAutoClaim returning only the claimed IDs.
//
// See https://valkey.io/commands/xautoclaim/.
func (b *baseClient) XAutoClaimJustId(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string,
) (models.XAutoClaimJustIdResponse, error) {
	return run(ctx, b, cmds.XAutoClaimJustId(key, group, consumer, minIdleTime, start))
}

// XAutoClaimJustIdWithOptions is XAutoClaimWithOptions returning only the claimed IDs.
//
// See https://valkey.io/commands/xautoclaim/.
func (b *baseClient) XAutoClaimJustIdWithOptions(
	ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string,
	options options.XAutoClaimOptions,
) (models.XAutoClaimJustIdResponse, error) {
	return run(ctx, b, cmds.XAutoClaimJustIdWithOptions(key, group, consumer, minIdleTime, start, options))
}

// XGroupCreate creates a consumer group whose last delivered ID is id ("$" = the
// stream's end).
//
// See https://valkey.io/commands/xgroup-create/.
func (b *baseClient) XGroupCreate(ctx context.Context, key string, group string, id string) (string, error) {
	return run(ctx, b, cmds.XGroupCreate(key, group, id))
}

// XGroupCreateWithOptions is XGroupCreate with MKSTREAM and ENTRIESREAD.
//
// See https://valkey.io/commands/xgroup-create/.
func (b *baseClient) XGroupCreateWithOptions(
	ctx context.Context, key string, group string, id string, opts options.XGroupCreateOptions,
) (string, error) {
	return run(ctx, b, cmds.XGroupCreateWithOptions(key, group, id, opts))
}

// XGroupSetId moves a group's last delivered ID.
//
// See https://valkey.io/commands/xgroup-setid/.
func (b *baseClient) XGroupSetId(ctx context.Context, key string, group string, id string) (string, error) {
	return run(ctx, b, cmds.XGroupSetId(key, group, id))
}

// XGroupSetIdWithOptions is XGroupSetId with ENTRIESREAD.
//
// See https://valkey.io/commands/xgroup-setid/.
func (b *baseClient) XGroupSetIdWithOptions(
	ctx context.Context, key string, group string, id string, opts options.XGroupSetIdOptions,
) (string, error) {
	return run(ctx, b, cmds.XGroupSetIdWithOptions(key, group, id, opts))
}

// XGroupDestroy deletes a group; false when it did not exist.
//
// See https://valkey.io/commands/xgroup-destroy/.
func (b *baseClient) XGroupDestroy(ctx context.Context, key string, group string) (bool, error) {
	return run(ctx, b, cmds.XGroupDestroy(key, group))
}

// XGroupCreateConsumer adds a consumer to a group; false when it already existed.
//
// See https://valkey.io/commands/xgroup-createconsumer/.
func (b *baseClient) XGroupCreateConsumer(ctx context.Context, key string, group string, consumer string) (bool, error) {
	return run(ctx, b, cmds.XGroupCreateConsumer(key, group, consumer))
}

// XGroupDelConsumer removes a consumer and returns how many entries it had pending.
//
// See https://valkey.io/commands/xgroup-delconsumer/.
func (b *baseClient) XGroupDelConsumer(ctx context.Context, key string, group string, consumer string) (int64, error) {
	return run(ctx, b, cmds.XGroupDelConsumer(key, group, consumer))
}

// XInfoStream describes a stream.
//
// See https://valkey.io/commands/xinfo-stream/.
func (b *baseClient) XInfoStream(ctx context.Context, key string) (models.XInfoStreamResponse, error) {
	return run(ctx, b, cmds.XInfoStream(key))
}

// XInfoStreamFullWithOptions describes a stream in full: entries, groups, their
// pending entries and consumers.
//
// See https://valkey.io/commands/xinfo-stream/.
func (b *baseClient) XInfoStreamFullWithOptions(
	ctx context.Context, key string, options options.XInfoStreamOptions,
) (models.XInfoStreamFullOptionsResponse, error) {
	return run(ctx, b, cmds.XInfoStreamFullWithOptions(key, &options))
}

// XInfoConsumers lists a group's consumers.
//
// See https://valkey.io/commands/xinfo-consumers/.
func (b *baseClient) XInfoConsumers(ctx context.Context, key string, group string) ([]models.XInfoConsumerInfo, error) {
	return run(ctx, b, cmds.XInfoConsumers(key, group))
}

// XInfoGroups lists a stream's consumer groups.
//
// See https://valkey.io/commands/xinfo-groups/.
func (b *baseClient) XInfoGroups(ctx context.Context, key string) ([]models.XInfoGroupInfo, error) {
	return run(ctx, b, cmds.XInfoGroups(key))
}
