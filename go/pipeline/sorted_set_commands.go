package pipeline

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Sorted-set commands. Each result slot holds GLIDE's batch value for the command,
// which is the client method's value except where noted: a nullable reply is the
// plain value or nil rather than a models.Result.

// ZAdd queues ZADD; its result is the number of members added, an int64.
func (b *BaseBatch[T]) ZAdd(key string, membersScoreMap map[string]float64) *T {
	return add(b, cmds.ZAdd(key, membersScoreMap))
}

// ZAddWithOptions queues ZADD with conditions; its result is an int64.
func (b *BaseBatch[T]) ZAddWithOptions(key string, membersScoreMap map[string]float64, opts options.ZAddOptions) *T {
	return add(b, cmds.ZAddWithOptions(key, membersScoreMap, opts))
}

// ZAddIncr queues ZADD ... INCR; its result is the new score, a float64 (nil only if
// the server declined the update, which it does not without conditions).
func (b *BaseBatch[T]) ZAddIncr(key string, member string, increment float64) *T {
	return addNullable(b, cmds.ZAddIncrWithOptions(key, member, increment, options.ZAddOptions{}))
}

// ZAddIncrWithOptions queues ZADD ... INCR under conditions; its result is the new
// score (float64) or nil when a condition stopped the update.
func (b *BaseBatch[T]) ZAddIncrWithOptions(key string, member string, increment float64, opts options.ZAddOptions) *T {
	return addNullable(b, cmds.ZAddIncrWithOptions(key, member, increment, opts))
}

// ZIncrBy queues ZINCRBY; its result is the new score, a float64.
func (b *BaseBatch[T]) ZIncrBy(key string, increment float64, member string) *T {
	return add(b, cmds.ZIncrBy(key, increment, member))
}

// ZPopMin queues ZPOPMIN; its result is a map[string]float64.
func (b *BaseBatch[T]) ZPopMin(key string) *T { return add(b, cmds.ZPopMin(key)) }

// ZPopMinWithOptions queues ZPOPMIN with a count; its result is a map[string]float64.
func (b *BaseBatch[T]) ZPopMinWithOptions(key string, options options.ZPopOptions) *T {
	return add(b, cmds.ZPopMinWithOptions(key, options))
}

// ZPopMax queues ZPOPMAX; its result is a map[string]float64.
func (b *BaseBatch[T]) ZPopMax(key string) *T { return add(b, cmds.ZPopMax(key)) }

// ZPopMaxWithOptions queues ZPOPMAX with a count; its result is a map[string]float64.
func (b *BaseBatch[T]) ZPopMaxWithOptions(key string, options options.ZPopOptions) *T {
	return add(b, cmds.ZPopMaxWithOptions(key, options))
}

// ZRem queues ZREM; its result is the number of members removed, an int64.
func (b *BaseBatch[T]) ZRem(key string, members []string) *T { return add(b, cmds.ZRem(key, members)) }

// ZCard queues ZCARD; its result is an int64.
func (b *BaseBatch[T]) ZCard(key string) *T { return add(b, cmds.ZCard(key)) }

// ZRange queues ZRANGE; its result is a []string.
func (b *BaseBatch[T]) ZRange(key string, rangeQuery options.ZRangeQuery) *T {
	return add(b, cmds.ZRange(key, rangeQuery))
}

// ZRangeWithScores queues ZRANGE ... WITHSCORES; its result is a []models.MemberAndScore
// ordered as the client method orders it.
func (b *BaseBatch[T]) ZRangeWithScores(key string, rangeQuery options.ZRangeQueryWithScores) *T {
	return add(b, cmds.ZRangeWithScores(key, rangeQuery))
}

// ZRangeStore queues ZRANGESTORE; its result is an int64.
func (b *BaseBatch[T]) ZRangeStore(destination string, key string, rangeQuery options.ZRangeQuery) *T {
	return add(b, cmds.ZRangeStore(destination, key, rangeQuery))
}

// ZCount queues ZCOUNT; its result is an int64.
func (b *BaseBatch[T]) ZCount(key string, rangeOptions options.ZCountRange) *T {
	return add(b, cmds.ZCount(key, rangeOptions))
}

// ZRank queues ZRANK; its result is an int64, or nil for a missing member.
func (b *BaseBatch[T]) ZRank(key string, member string) *T {
	return addNullable(b, cmds.ZRank(key, member))
}

// ZRankWithScore queues ZRANK ... WITHSCORE; its result is a models.RankAndScore, or nil.
func (b *BaseBatch[T]) ZRankWithScore(key string, member string) *T {
	return addNullable(b, cmds.ZRankWithScore(key, member))
}

// ZRevRank queues ZREVRANK; its result is an int64, or nil.
func (b *BaseBatch[T]) ZRevRank(key string, member string) *T {
	return addNullable(b, cmds.ZRevRank(key, member))
}

// ZRevRankWithScore queues ZREVRANK ... WITHSCORE; its result is a models.RankAndScore,
// or nil.
func (b *BaseBatch[T]) ZRevRankWithScore(key string, member string) *T {
	return addNullable(b, cmds.ZRevRankWithScore(key, member))
}

// ZScore queues ZSCORE; its result is a float64, or nil.
func (b *BaseBatch[T]) ZScore(key string, member string) *T {
	return addNullable(b, cmds.ZScore(key, member))
}

// ZScan queues ZSCAN from cursor; its result is a models.ScanResult.
func (b *BaseBatch[T]) ZScan(key string, cursor string) *T { return add(b, cmds.ZScan(key, cursor)) }

// ZScanWithOptions queues ZSCAN with options; its result is a models.ScanResult.
func (b *BaseBatch[T]) ZScanWithOptions(key string, cursor string, options options.ZScanOptions) *T {
	return add(b, cmds.ZScanWithOptions(key, cursor, options))
}

// ZRemRangeByLex queues ZREMRANGEBYLEX; its result is an int64.
func (b *BaseBatch[T]) ZRemRangeByLex(key string, rangeQuery options.RangeByLex) *T {
	return add(b, cmds.ZRemRangeByLex(key, rangeQuery))
}

// ZRemRangeByRank queues ZREMRANGEBYRANK; its result is an int64.
func (b *BaseBatch[T]) ZRemRangeByRank(key string, start int64, stop int64) *T {
	return add(b, cmds.ZRemRangeByRank(key, start, stop))
}

// ZRemRangeByScore queues ZREMRANGEBYSCORE; its result is an int64.
func (b *BaseBatch[T]) ZRemRangeByScore(key string, rangeQuery options.RangeByScore) *T {
	return add(b, cmds.ZRemRangeByScore(key, rangeQuery))
}

// ZRandMember queues ZRANDMEMBER; its result is a string, or nil for an empty set.
func (b *BaseBatch[T]) ZRandMember(key string) *T { return addNullable(b, cmds.ZRandMember(key)) }

// ZRandMemberWithCount queues ZRANDMEMBER with a count; its result is a []string.
func (b *BaseBatch[T]) ZRandMemberWithCount(key string, count int64) *T {
	return add(b, cmds.ZRandMemberWithCount(key, count))
}

// ZRandMemberWithCountWithScores queues ZRANDMEMBER ... WITHSCORES; its result is a
// []models.MemberAndScore, empty (not nil) when nothing came back, unlike the client
// method's nil.
func (b *BaseBatch[T]) ZRandMemberWithCountWithScores(key string, count int64) *T {
	return addAs(b, cmds.ZRandMemberWithCountWithScores(key, count), func(v []models.MemberAndScore) any {
		if v == nil {
			return []models.MemberAndScore{}
		}
		return v
	})
}

// ZMScore queues ZMSCORE; its result is a []models.Result[float64].
func (b *BaseBatch[T]) ZMScore(key string, members []string) *T {
	return add(b, cmds.ZMScore(key, members))
}

// ZInter queues ZINTER; its result is a []string.
func (b *BaseBatch[T]) ZInter(keys options.KeyArray) *T { return add(b, cmds.ZInter(keys)) }

// ZInterWithScores queues ZINTER ... WITHSCORES; its result is a []models.MemberAndScore.
func (b *BaseBatch[T]) ZInterWithScores(keysOrWeightedKeys options.KeysOrWeightedKeys, zInterOptions options.ZInterOptions) *T {
	return add(b, cmds.ZInterWithScores(keysOrWeightedKeys, zInterOptions))
}

// ZInterStore queues ZINTERSTORE; its result is an int64.
func (b *BaseBatch[T]) ZInterStore(destination string, keysOrWeightedKeys options.KeysOrWeightedKeys) *T {
	return add(b, cmds.ZInterStore(destination, keysOrWeightedKeys))
}

// ZInterStoreWithOptions queues ZINTERSTORE with an aggregate; its result is an int64.
func (b *BaseBatch[T]) ZInterStoreWithOptions(
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	zInterOptions options.ZInterOptions,
) *T {
	return add(b, cmds.ZInterStoreWithOptions(destination, keysOrWeightedKeys, zInterOptions))
}

// ZDiff queues ZDIFF; its result is a []string.
func (b *BaseBatch[T]) ZDiff(keys []string) *T { return add(b, cmds.ZDiff(keys)) }

// ZDiffWithScores queues ZDIFF ... WITHSCORES; its result is a []models.MemberAndScore.
func (b *BaseBatch[T]) ZDiffWithScores(keys []string) *T { return add(b, cmds.ZDiffWithScores(keys)) }

// ZDiffStore queues ZDIFFSTORE; its result is an int64.
func (b *BaseBatch[T]) ZDiffStore(destination string, keys []string) *T {
	return add(b, cmds.ZDiffStore(destination, keys))
}

// ZUnion queues ZUNION; its result is a []string.
func (b *BaseBatch[T]) ZUnion(keys options.KeyArray) *T { return add(b, cmds.ZUnion(keys)) }

// ZUnionWithScores queues ZUNION ... WITHSCORES; its result is a []models.MemberAndScore.
func (b *BaseBatch[T]) ZUnionWithScores(keysOrWeightedKeys options.KeysOrWeightedKeys, zUnionOptions options.ZUnionOptions) *T {
	return add(b, cmds.ZUnionWithScores(keysOrWeightedKeys, zUnionOptions))
}

// ZUnionStore queues ZUNIONSTORE; its result is an int64.
func (b *BaseBatch[T]) ZUnionStore(destination string, keysOrWeightedKeys options.KeysOrWeightedKeys) *T {
	return add(b, cmds.ZUnionStore(destination, keysOrWeightedKeys))
}

// ZUnionStoreWithOptions queues ZUNIONSTORE with an aggregate; its result is an int64.
func (b *BaseBatch[T]) ZUnionStoreWithOptions(
	destination string,
	keysOrWeightedKeys options.KeysOrWeightedKeys,
	zUnionOptions options.ZUnionOptions,
) *T {
	return add(b, cmds.ZUnionStoreWithOptions(destination, keysOrWeightedKeys, zUnionOptions))
}

// ZMPop queues ZMPOP; its result is a models.Result[models.KeyWithArrayOfMembersAndScores]
// (GLIDE's batch value keeps the Result wrapper here), or nil when nothing was popped.
func (b *BaseBatch[T]) ZMPop(keys []string, scoreFilter constants.ScoreFilter) *T {
	return addAs(b, cmds.ZMPop(keys, scoreFilter), zmpopSlot)
}

// ZMPopWithOptions queues ZMPOP with a count; its result is as ZMPop's.
func (b *BaseBatch[T]) ZMPopWithOptions(keys []string, scoreFilter constants.ScoreFilter, opts options.ZMPopOptions) *T {
	return addAs(b, cmds.ZMPopWithOptions(keys, scoreFilter, opts), zmpopSlot)
}

func zmpopSlot(v models.Result[models.KeyWithArrayOfMembersAndScores]) any {
	if v.IsNil() {
		return nil
	}
	return v
}

// ZInterCard queues ZINTERCARD; its result is an int64.
func (b *BaseBatch[T]) ZInterCard(keys []string) *T { return add(b, cmds.ZInterCard(keys)) }

// ZInterCardWithOptions queues ZINTERCARD with a limit; its result is an int64.
func (b *BaseBatch[T]) ZInterCardWithOptions(keys []string, options options.ZInterCardOptions) *T {
	return add(b, cmds.ZInterCardWithOptions(keys, options))
}

// ZLexCount queues ZLEXCOUNT; its result is an int64.
func (b *BaseBatch[T]) ZLexCount(key string, rangeQuery options.RangeByLex) *T {
	return add(b, cmds.ZLexCount(key, rangeQuery))
}
