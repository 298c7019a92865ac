package valkite

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Sorted-set commands shared by Client and ClusterClient (the blocking BZPOPMIN,
// BZPOPMAX and BZMPOP are not here yet: they need connections of their own so that a
// waiting caller does not hold up others).
//
// In cluster mode the multi-key commands (ZINTER, ZUNION, ZDIFF and their STORE forms,
// ZINTERCARD, ZMPOP, ZRANGESTORE) go to the node owning their keys' slot; keys in
// different slots get the server's CROSSSLOT error, so use hash tags to keep them
// together.
//
// Scores are float64 and round-trip exactly, ±Inf included. Arguments the server would
// refuse (empty key or member lists, negative counts where forbidden, NaN scores) fail
// before anything is sent, with an error naming the argument.

// ZAdd adds members with their scores (or updates the scores of existing ones) and
// returns how many members were new.
//
// See https://valkey.io/commands/zadd/.
func (b *baseClient) ZAdd(ctx context.Context, key string, membersScoreMap map[string]float64) (int64, error) {
	return run(ctx, b, cmds.ZAdd(key, membersScoreMap))
}

// ZAddWithOptions is ZAdd with conditions (NX/XX, GT/LT) and CH, which makes the reply
// count updated members too. Options with INCR are refused: use ZAddIncrWithOptions.
//
// See https://valkey.io/commands/zadd/.
func (b *baseClient) ZAddWithOptions(
	ctx context.Context,
	key string,
	membersScoreMap map[string]float64,
	opts options.ZAddOptions,
) (int64, error) {
	return run(ctx, b, cmds.ZAddWithOptions(key, membersScoreMap, opts))
}

// ZAddIncr adds increment to member's score (a missing member starts at 0) and returns
// the new score.
//
// See https://valkey.io/commands/zadd/.
func (b *baseClient) ZAddIncr(ctx context.Context, key string, member string, increment float64) (float64, error) {
	return run(ctx, b, cmds.ZAddIncr(key, member, increment))
}

// ZAddIncrWithOptions is ZAddIncr under conditions; the result is nil when a condition
// kept the score from changing. Options with CH set are refused (CH and INCR exclude
// each other). opts itself is not modified.
//
// See https://valkey.io/commands/zadd/.
func (b *baseClient) ZAddIncrWithOptions(
	ctx context.Context,
	key string,
	member string,
	increment float64,
	opts options.ZAddOptions,
) (models.Result[float64], error) {
	return run(ctx, b, cmds.ZAddIncrWithOptions(key, member, increment, opts))
}

// ZIncrBy adds increment to member's score and returns the new score.
//
// See https://valkey.io/commands/zincrby/.
func (b *baseClient) ZIncrBy(ctx context.Context, key string, increment float64, member string) (float64, error) {
	return run(ctx, b, cmds.ZIncrBy(key, increment, member))
}

// ZPopMin removes the member with the lowest score and returns it with its score (an
// empty map when the set is empty or missing).
//
// See https://valkey.io/commands/zpopmin/.
func (b *baseClient) ZPopMin(ctx context.Context, key string) (map[string]float64, error) {
	return run(ctx, b, cmds.ZPopMin(key))
}

// ZPopMinWithOptions pops up to options.Count lowest-scored members; a count of zero or
// less pops one.
//
// See https://valkey.io/commands/zpopmin/.
func (b *baseClient) ZPopMinWithOptions(
	ctx context.Context,
	key string,
	options options.ZPopOptions,
) (map[string]float64, error) {
	return run(ctx, b, cmds.ZPopMinWithOptions(key, options))
}

// ZPopMax removes the member with the highest score and returns it with its score.
//
// See https://valkey.io/commands/zpopmax/.
func (b *baseClient) ZPopMax(ctx context.Context, key string) (map[string]float64, error) {
	return run(ctx, b, cmds.ZPopMax(key))
}

// ZPopMaxWithOptions pops up to options.Count highest-scored members.
//
// See https://valkey.io/commands/zpopmax/.
func (b *baseClient) ZPopMaxWithOptions(
	ctx context.Context,
	key string,
	options options.ZPopOptions,
) (map[string]float64, error) {
	return run(ctx, b, cmds.ZPopMaxWithOptions(key, options))
}

// ZRem removes members and returns how many were present.
//
// See https://valkey.io/commands/zrem/.
func (b *baseClient) ZRem(ctx context.Context, key string, members []string) (int64, error) {
	return run(ctx, b, cmds.ZRem(key, members))
}

// ZCard returns the number of members (0 for a missing key).
//
// See https://valkey.io/commands/zcard/.
func (b *baseClient) ZCard(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.ZCard(key))
}

// ZRange returns the members in a range by rank, score or name (options.RangeByIndex,
// RangeByScore, RangeByLex), with LIMIT and REV as the query says.
//
// See https://valkey.io/commands/zrange/.
func (b *baseClient) ZRange(ctx context.Context, key string, rangeQuery options.ZRangeQuery) ([]string, error) {
	return run(ctx, b, cmds.ZRange(key, rangeQuery))
}

// ZRangeWithScores is ZRange by rank or score with each member's score, ordered by
// score then member (descending for a reversed query).
//
// See https://valkey.io/commands/zrange/.
func (b *baseClient) ZRangeWithScores(
	ctx context.Context,
	key string,
	rangeQuery options.ZRangeQueryWithScores,
) ([]models.MemberAndScore, error) {
	return run(ctx, b, cmds.ZRangeWithScores(key, rangeQuery))
}

// ZRangeStore stores the range into destination (replacing it) and returns its size.
//
// See https://valkey.io/commands/zrangestore/.
func (b *baseClient) ZRangeStore(
	ctx context.Context,
	destination string,
	key string,
	rangeQuery options.ZRangeQuery,
) (int64, error) {
	return run(ctx, b, cmds.ZRangeStore(destination, key, rangeQuery))
}

// ZCount counts the members whose scores lie in rangeOptions.
//
// See https://valkey.io/commands/zcount/.
func (b *baseClient) ZCount(ctx context.Context, key string, rangeOptions options.ZCountRange) (int64, error) {
	return run(ctx, b, cmds.ZCount(key, rangeOptions))
}

// ZRank returns member's rank by ascending score, or nil when the member or key is
// missing.
//
// See https://valkey.io/commands/zrank/.
func (b *baseClient) ZRank(ctx context.Context, key string, member string) (models.Result[int64], error) {
	return run(ctx, b, cmds.ZRank(key, member))
}

// ZRankWithScore is ZRank with the member's score. Valkey 7.2+.
//
// See https://valkey.io/commands/zrank/.
func (b *baseClient) ZRankWithScore(
	ctx context.Context,
	key string,
	member string,
) (models.Result[models.RankAndScore], error) {
	return run(ctx, b, cmds.ZRankWithScore(key, member))
}

// ZRevRank returns member's rank by descending score, or nil.
//
// See https://valkey.io/commands/zrevrank/.
func (b *baseClient) ZRevRank(ctx context.Context, key string, member string) (models.Result[int64], error) {
	return run(ctx, b, cmds.ZRevRank(key, member))
}

// ZRevRankWithScore is ZRevRank with the member's score. Valkey 7.2+.
//
// See https://valkey.io/commands/zrevrank/.
func (b *baseClient) ZRevRankWithScore(
	ctx context.Context,
	key string,
	member string,
) (models.Result[models.RankAndScore], error) {
	return run(ctx, b, cmds.ZRevRankWithScore(key, member))
}

// ZScore returns member's score, or nil when the member or key is missing.
//
// See https://valkey.io/commands/zscore/.
func (b *baseClient) ZScore(ctx context.Context, key string, member string) (models.Result[float64], error) {
	return run(ctx, b, cmds.ZScore(key, member))
}

// ZScan iterates over the members; the page's Data alternates members and scores (the
// scores as the server writes them, "inf" included).
//
// See https://valkey.io/commands/zscan/.
func (b *baseClient) ZScan(ctx context.Context, key string, cursor models.Cursor) (models.ScanResult, error) {
	return run(ctx, b, cmds.ZScan(key, cursor.String()))
}

// ZScanWithOptions is ZScan with MATCH, COUNT and NOSCORES (Valkey 8.0+), which leaves
// the scores out of Data.
//
// See https://valkey.io/commands/zscan/.
func (b *baseClient) ZScanWithOptions(
	ctx context.Context,
	key string,
	cursor models.Cursor,
	options options.ZScanOptions,
) (models.ScanResult, error) {
	return run(ctx, b, cmds.ZScanWithOptions(key, cursor.String(), options))
}

// ZRemRangeByLex removes the members in a name range and returns how many.
//
// See https://valkey.io/commands/zremrangebylex/.
func (b *baseClient) ZRemRangeByLex(ctx context.Context, key string, rangeQuery options.RangeByLex) (int64, error) {
	return run(ctx, b, cmds.ZRemRangeByLex(key, rangeQuery))
}

// ZRemRangeByRank removes the members ranked start to stop (inclusive; negative ranks
// count from the top) and returns how many.
//
// See https://valkey.io/commands/zremrangebyrank/.
func (b *baseClient) ZRemRangeByRank(ctx context.Context, key string, start int64, stop int64) (int64, error) {
	return run(ctx, b, cmds.ZRemRangeByRank(key, start, stop))
}

// ZRemRangeByScore removes the members in a score range and returns how many.
//
// See https://valkey.io/commands/zremrangebyscore/.
func (b *baseClient) ZRemRangeByScore(ctx context.Context, key string, rangeQuery options.RangeByScore) (int64, error) {
	return run(ctx, b, cmds.ZRemRangeByScore(key, rangeQuery))
}

// ZDiff returns the members of the first set found in none of the others.
//
// See https://valkey.io/commands/zdiff/.
func (b *baseClient) ZDiff(ctx context.Context, keys []string) ([]string, error) {
	return run(ctx, b, cmds.ZDiff(keys))
}

// ZDiffWithScores is ZDiff with scores, ordered by score then member.
//
// See https://valkey.io/commands/zdiff/.
func (b *baseClient) ZDiffWithScores(ctx context.Context, keys []string) ([]models.MemberAndScore, error) {
	return run(ctx, b, cmds.ZDiffWithScores(keys))
}

// ZRandMember returns a random member, or nil for an empty or missing set.
//
// See https://valkey.io/commands/zrandmember/.
func (b *baseClient) ZRandMember(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.ZRandMember(key))
}

// ZRandMemberWithCount returns up to count distinct random members, or exactly -count
// members with possible repeats when count is negative.
//
// See https://valkey.io/commands/zrandmember/.
func (b *baseClient) ZRandMemberWithCount(ctx context.Context, key string, count int64) ([]string, error) {
	return run(ctx, b, cmds.ZRandMemberWithCount(key, count))
}

// ZRandMemberWithCountWithScores is ZRandMemberWithCount with scores, in the server's
// order; nil when nothing was returned (as GLIDE's client method gives).
//
// See https://valkey.io/commands/zrandmember/.
func (b *baseClient) ZRandMemberWithCountWithScores(
	ctx context.Context,
	key string,
	count int64,
) ([]models.MemberAndScore, error) {
	return run(ctx, b, cmds.ZRandMemberWithCountWithScores(key, count))
}

// ZMScore returns the score of each member, nil for the missing ones.
//
// See https://valkey.io/commands/zmscore/.
func (b *baseClient) ZMScore(ctx context.Context, key string, members []string) ([]models.Result[float64], error) {
	return run(ctx, b, cmds.ZMScore(key, members))
}

// ZDiffStore stores ZDiff's result in destination and returns its size.
//
// See https://valkey.io/commands/zdiffstore/.
func (b *baseClient) ZDiffStore(ctx context.Context, destination string, keys []string) (int64, error) {
	return run(ctx, b, cmds.ZDiffStore(destination, keys))
}

// ZInter returns the members present in every set.
//
// See https://valkey.io/commands/zinter/.
func (b *baseClient) ZInter(ctx context.Context, keys options.KeyArray) ([]string, error) {
	return run(ctx, b, cmds.ZInter(keys))
}

// ZInterWithScores is ZInter with combined scores (weighted when the keys carry
// weights, summed unless options say MIN or MAX), ordered by score then member.
//
// See https://valkey.io/commands/zinter/.
func (b *baseClient) ZInterWithScores(
	ctx context.Context,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	options options.ZInterOptions,
) ([]models.MemberAndScore, error) {
	return run(ctx, b, cmds.ZInterWithScores(keysOrWeightedKeys, options))
}

// ZInterStore stores the intersection in destination and returns its size.
//
// See https://valkey.io/commands/zinterstore/.
func (b *baseClient) ZInterStore(
	ctx context.Context,
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
) (int64, error) {
	return run(ctx, b, cmds.ZInterStore(destination, keysOrWeightedKeys))
}

// ZInterStoreWithOptions is ZInterStore with an aggregate.
//
// See https://valkey.io/commands/zinterstore/.
func (b *baseClient) ZInterStoreWithOptions(
	ctx context.Context,
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	options options.ZInterOptions,
) (int64, error) {
	return run(ctx, b, cmds.ZInterStoreWithOptions(destination, keysOrWeightedKeys, options))
}

// ZUnion returns the members present in any of the sets.
//
// See https://valkey.io/commands/zunion/.
func (b *baseClient) ZUnion(ctx context.Context, keys options.KeyArray) ([]string, error) {
	return run(ctx, b, cmds.ZUnion(keys))
}

// ZUnionWithScores is ZUnion with combined scores, ordered by score then member.
//
// See https://valkey.io/commands/zunion/.
func (b *baseClient) ZUnionWithScores(
	ctx context.Context,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	options options.ZUnionOptions,
) ([]models.MemberAndScore, error) {
	return run(ctx, b, cmds.ZUnionWithScores(keysOrWeightedKeys, options))
}

// ZUnionStore stores the union in destination and returns its size.
//
// See https://valkey.io/commands/zunionstore/.
func (b *baseClient) ZUnionStore(
	ctx context.Context,
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
) (int64, error) {
	return run(ctx, b, cmds.ZUnionStore(destination, keysOrWeightedKeys))
}

// ZUnionStoreWithOptions is ZUnionStore with an aggregate.
//
// See https://valkey.io/commands/zunionstore/.
func (b *baseClient) ZUnionStoreWithOptions(
	ctx context.Context,
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	zUnionOptions options.ZUnionOptions,
) (int64, error) {
	return run(ctx, b, cmds.ZUnionStoreWithOptions(destination, keysOrWeightedKeys, zUnionOptions))
}

// ZInterCard returns the size of the intersection without building it. Valkey 7.0+.
//
// See https://valkey.io/commands/zintercard/.
func (b *baseClient) ZInterCard(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.ZInterCard(keys))
}

// ZInterCardWithOptions stops counting at options.Limit (0: no limit).
//
// See https://valkey.io/commands/zintercard/.
func (b *baseClient) ZInterCardWithOptions(
	ctx context.Context,
	keys []string,
	options options.ZInterCardOptions,
) (int64, error) {
	return run(ctx, b, cmds.ZInterCardWithOptions(keys, options))
}

// ZLexCount counts the members in a name range.
//
// See https://valkey.io/commands/zlexcount/.
func (b *baseClient) ZLexCount(ctx context.Context, key string, rangeQuery options.RangeByLex) (int64, error) {
	return run(ctx, b, cmds.ZLexCount(key, rangeQuery))
}

// ZMPop pops the lowest (MIN) or highest (MAX) member of the first non-empty set among
// keys; nil when all are empty. Valkey 7.0+.
//
// See https://valkey.io/commands/zmpop/.
func (b *baseClient) ZMPop(
	ctx context.Context,
	keys []string,
	scoreFilter constants.ScoreFilter,
) (models.Result[models.KeyWithArrayOfMembersAndScores], error) {
	return run(ctx, b, cmds.ZMPop(keys, scoreFilter))
}

// ZMPopWithOptions pops up to opts.Count members. The popped members come ordered by
// ascending score then member.
//
// See https://valkey.io/commands/zmpop/.
func (b *baseClient) ZMPopWithOptions(
	ctx context.Context,
	keys []string,
	scoreFilter constants.ScoreFilter,
	opts options.ZMPopOptions,
) (models.Result[models.KeyWithArrayOfMembersAndScores], error) {
	return run(ctx, b, cmds.ZMPopWithOptions(keys, scoreFilter, opts))
}
