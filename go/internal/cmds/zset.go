package cmds

import (
	"errors"
	"math"
	"strconv"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "SortedSet" group (GLIDE's SortedSetCommands), blocking commands excepted.
//
// Numbers are written as GLIDE writes them: ZADD scores in plain decimal notation,
// increments and weights in the shortest form (exponent notation for large and tiny
// magnitudes); the server parses both exactly, and "+Inf"/"-Inf" too.
//
// Arguments the server would reject (an empty key or member list, a negative count
// where the server forbids one, NaN, an unknown aggregate or score filter) fail here,
// before anything is sent, with an error naming the argument.

// zsetArgError is the error of a sorted-set argument rejected before sending.
func zsetArgError(command, arg, problem string) error {
	return errors.New(command + ": invalid argument " + arg + ": " + problem)
}

// zgtoa is GLIDE's float rendering for increments, weights and bounds.
func zgtoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// zAddPairs renders the score-member pairs of ZADD after head.
func zAddPairs(command string, head []string, m map[string]float64) ([]string, error) {
	if len(m) == 0 {
		return nil, zsetArgError(command, "membersScoreMap", "must not be empty")
	}
	out := make([]string, 0, len(head)+2*len(m))
	out = append(out, head...)
	for member, score := range m {
		if math.IsNaN(score) {
			return nil, zsetArgError(command, "membersScoreMap", "a score is NaN")
		}
		out = append(out, ftoa(score), member)
	}
	return out, nil
}

func ZAdd(key string, membersScoreMap map[string]float64) Cmd[int64] {
	args, err := zAddPairs("ZAdd", []string{"ZADD", key}, membersScoreMap)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

// ZAddWithOptions refuses INCR in the options: with INCR the reply is a score, not a
// count (that is ZAddIncrWithOptions).
func ZAddWithOptions(key string, membersScoreMap map[string]float64, opts options.ZAddOptions) Cmd[int64] {
	if opts.Incr {
		return Failed[int64](zsetArgError("ZAddWithOptions", "opts", "INCR is set; use ZAddIncrWithOptions"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	args, err := zAddPairs("ZAddWithOptions", concat([]string{"ZADD", key}, optArgs), membersScoreMap)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

// ZAddIncr replies with the new score; without conditions it is never null.
func ZAddIncr(key, member string, increment float64) Cmd[float64] {
	if math.IsNaN(increment) {
		return Failed[float64](zsetArgError("ZAddIncr", "increment", "is NaN"))
	}
	return Cmd[float64]{
		Args:   []string{"ZADD", key, constants.IncrKeyword, zgtoa(increment), member},
		Decode: zDecodeFloatOrZero,
	}
}

// ZAddIncrWithOptions replies null when a condition (NX, XX, GT, LT) stopped the update.
// CH cannot be combined with INCR, as GLIDE's SetIncr reports.
func ZAddIncrWithOptions(key, member string, increment float64, opts options.ZAddOptions) Cmd[models.Result[float64]] {
	if math.IsNaN(increment) {
		return Failed[models.Result[float64]](zsetArgError("ZAddIncrWithOptions", "increment", "is NaN"))
	}
	incrOpts, err := opts.SetIncr(true, increment, member) // opts is a copy: the caller's value is untouched
	if err != nil {
		return Failed[models.Result[float64]](err)
	}
	optArgs, err := incrOpts.ToArgs()
	if err != nil {
		return Failed[models.Result[float64]](err)
	}
	return Cmd[models.Result[float64]]{Args: concat([]string{"ZADD", key}, optArgs), Decode: DecodeNullableFloat}
}

func zDecodeFloatOrZero(r *resp.Reader) (float64, error) {
	v, err := DecodeNullableFloat(r)
	return v.Value(), err
}

func ZIncrBy(key string, increment float64, member string) Cmd[float64] {
	if math.IsNaN(increment) {
		return Failed[float64](zsetArgError("ZIncrBy", "increment", "is NaN"))
	}
	return Cmd[float64]{Args: []string{"ZINCRBY", key, zgtoa(increment), member}, Decode: DecodeFloat}
}

func ZPopMin(key string) Cmd[map[string]float64] {
	return Cmd[map[string]float64]{Args: []string{"ZPOPMIN", key}, Decode: DecodeScoreMap}
}

// ZPopMinWithOptions sends the count only when it is positive, as GLIDE does (a count
// of zero or less pops one member).
func ZPopMinWithOptions(key string, opts options.ZPopOptions) Cmd[map[string]float64] {
	return zPop("ZPOPMIN", key, opts)
}

func ZPopMax(key string) Cmd[map[string]float64] {
	return Cmd[map[string]float64]{Args: []string{"ZPOPMAX", key}, Decode: DecodeScoreMap}
}

func ZPopMaxWithOptions(key string, opts options.ZPopOptions) Cmd[map[string]float64] {
	return zPop("ZPOPMAX", key, opts)
}

func zPop(name, key string, opts options.ZPopOptions) Cmd[map[string]float64] {
	optArgs, err := opts.ToArgs(false)
	if err != nil {
		return Failed[map[string]float64](err)
	}
	return Cmd[map[string]float64]{Args: concat([]string{name, key}, optArgs), Decode: DecodeScoreMap}
}

func ZRem(key string, members []string) Cmd[int64] {
	if len(members) == 0 {
		return Failed[int64](zsetArgError("ZRem", "members", "must not be empty"))
	}
	return Cmd[int64]{Args: concat([]string{"ZREM", key}, members), Decode: DecodeInt}
}

func ZCard(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"ZCARD", key}, Decode: DecodeInt}
}

// zCheckBoundaries rejects the bounds the server could not parse: an empty one (a zero
// RangeByScore/RangeByLex, not built with options.New*Boundary) or a NaN score.
func zCheckBoundaries(command, arg string, bounds ...string) error {
	for _, b := range bounds {
		switch b {
		case "":
			return zsetArgError(command, arg, "a boundary is empty (build it with options.New*Boundary)")
		case "NaN", "(NaN":
			return zsetArgError(command, arg, "a score boundary is NaN")
		}
	}
	return nil
}

// zRangeQueryArgs renders a ZRANGE query after checking it.
func zRangeQueryArgs(command string, q options.ZRangeQuery) ([]string, error) {
	switch q := q.(type) {
	case nil:
		return nil, zsetArgError(command, "rangeQuery", "is nil")
	case *options.RangeByIndex:
		if q == nil {
			return nil, zsetArgError(command, "rangeQuery", "is nil")
		}
	case *options.RangeByScore:
		if q == nil {
			return nil, zsetArgError(command, "rangeQuery", "is nil")
		}
		if err := zCheckBoundaries(command, "rangeQuery", string(q.Start), string(q.End)); err != nil {
			return nil, err
		}
	case *options.RangeByLex:
		if q == nil {
			return nil, zsetArgError(command, "rangeQuery", "is nil")
		}
		if err := zCheckBoundaries(command, "rangeQuery", string(q.Start), string(q.End)); err != nil {
			return nil, err
		}
	}
	return q.ToArgs()
}

func ZRange(key string, rangeQuery options.ZRangeQuery) Cmd[[]string] {
	qArgs, err := zRangeQueryArgs("ZRange", rangeQuery)
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: concat([]string{"ZRANGE", key}, qArgs), Decode: DecodeStringArray}
}

// ZRangeWithScores sorts the elements as GLIDE does: descending when the query is
// reversed, ascending otherwise.
func ZRangeWithScores(key string, rangeQuery options.ZRangeQueryWithScores) Cmd[[]models.MemberAndScore] {
	var q options.ZRangeQuery
	if rangeQuery != nil {
		q = rangeQuery
	}
	qArgs, err := zRangeQueryArgs("ZRangeWithScores", q)
	if err != nil {
		return Failed[[]models.MemberAndScore](err)
	}
	decode := DecodeSortedMemberScores
	for _, a := range qArgs {
		if a == "REV" {
			decode = DecodeSortedMemberScoresRev
			break
		}
	}
	return Cmd[[]models.MemberAndScore]{
		Args:   concat([]string{"ZRANGE", key}, qArgs, []string{constants.WithScoresKeyword}),
		Decode: decode,
	}
}

func ZRangeStore(destination, key string, rangeQuery options.ZRangeQuery) Cmd[int64] {
	qArgs, err := zRangeQueryArgs("ZRangeStore", rangeQuery)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"ZRANGESTORE", destination, key}, qArgs), Decode: DecodeInt}
}

func ZCount(key string, rangeOptions options.ZCountRange) Cmd[int64] {
	if err := zCheckBoundaries("ZCount", "rangeOptions", string(rangeOptions.Min), string(rangeOptions.Max)); err != nil {
		return Failed[int64](err)
	}
	rArgs, err := rangeOptions.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"ZCOUNT", key}, rArgs), Decode: DecodeInt}
}

func ZRank(key, member string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"ZRANK", key, member}, Decode: DecodeNullableInt}
}

func ZRankWithScore(key, member string) Cmd[models.Result[models.RankAndScore]] {
	return Cmd[models.Result[models.RankAndScore]]{
		Args:   []string{"ZRANK", key, member, constants.WithScoreKeyword},
		Decode: DecodeRankAndScore,
	}
}

func ZRevRank(key, member string) Cmd[models.Result[int64]] {
	return Cmd[models.Result[int64]]{Args: []string{"ZREVRANK", key, member}, Decode: DecodeNullableInt}
}

func ZRevRankWithScore(key, member string) Cmd[models.Result[models.RankAndScore]] {
	return Cmd[models.Result[models.RankAndScore]]{
		Args:   []string{"ZREVRANK", key, member, constants.WithScoreKeyword},
		Decode: DecodeRankAndScore,
	}
}

func ZScore(key, member string) Cmd[models.Result[float64]] {
	return Cmd[models.Result[float64]]{Args: []string{"ZSCORE", key, member}, Decode: DecodeNullableFloat}
}

// ZScan takes the cursor as its text: the client passes models.Cursor.String(), the
// batch (whose signature has a string) passes it as given. Scores stay strings, as the
// server sends them.
func ZScan(key, cursor string) Cmd[models.ScanResult] {
	return Cmd[models.ScanResult]{Args: []string{"ZSCAN", key, cursor}, Decode: DecodeScanResult}
}

func ZScanWithOptions(key, cursor string, opts options.ZScanOptions) Cmd[models.ScanResult] {
	if opts.Count < 0 {
		return Failed[models.ScanResult](zsetArgError("ZScanWithOptions", "options.Count", "must not be negative"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[models.ScanResult](err)
	}
	return Cmd[models.ScanResult]{Args: concat([]string{"ZSCAN", key, cursor}, optArgs), Decode: DecodeScanResult}
}

func ZRemRangeByLex(key string, rangeQuery options.RangeByLex) Cmd[int64] {
	if err := zCheckBoundaries("ZRemRangeByLex", "rangeQuery", string(rangeQuery.Start), string(rangeQuery.End)); err != nil {
		return Failed[int64](err)
	}
	qArgs, err := rangeQuery.ToArgsRemRange()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"ZREMRANGEBYLEX", key}, qArgs), Decode: DecodeInt}
}

func ZRemRangeByRank(key string, start, stop int64) Cmd[int64] {
	return Cmd[int64]{Args: []string{"ZREMRANGEBYRANK", key, itoa(start), itoa(stop)}, Decode: DecodeInt}
}

func ZRemRangeByScore(key string, rangeQuery options.RangeByScore) Cmd[int64] {
	if err := zCheckBoundaries("ZRemRangeByScore", "rangeQuery", string(rangeQuery.Start), string(rangeQuery.End)); err != nil {
		return Failed[int64](err)
	}
	qArgs, err := rangeQuery.ToArgsRemRange()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"ZREMRANGEBYSCORE", key}, qArgs), Decode: DecodeInt}
}

func ZRandMember(key string) Cmd[models.Result[string]] {
	return Cmd[models.Result[string]]{Args: []string{"ZRANDMEMBER", key}, Decode: DecodeNullableString}
}

// ZRandMemberWithCount: a negative count allows repeats, as the server defines it.
func ZRandMemberWithCount(key string, count int64) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"ZRANDMEMBER", key, itoa(count)}, Decode: DecodeStringArray}
}

func ZRandMemberWithCountWithScores(key string, count int64) Cmd[[]models.MemberAndScore] {
	return Cmd[[]models.MemberAndScore]{
		Args:   []string{"ZRANDMEMBER", key, itoa(count), constants.WithScoresKeyword},
		Decode: DecodeMemberScoreList,
	}
}

func ZMScore(key string, members []string) Cmd[[]models.Result[float64]] {
	if len(members) == 0 {
		return Failed[[]models.Result[float64]](zsetArgError("ZMScore", "members", "must not be empty"))
	}
	return Cmd[[]models.Result[float64]]{Args: concat([]string{"ZMSCORE", key}, members), Decode: DecodeNullableFloatArray}
}

// zNumKeys renders numkeys followed by keys, refusing an empty list (the server
// requires at least one key).
func zNumKeys(command string, head []string, keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, zsetArgError(command, "keys", "must not be empty")
	}
	return concat(head, []string{strconv.Itoa(len(keys))}, keys), nil
}

func ZDiff(keys []string) Cmd[[]string] {
	args, err := zNumKeys("ZDiff", []string{"ZDIFF"}, keys)
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: args, Decode: DecodeStringArray}
}

func ZDiffWithScores(keys []string) Cmd[[]models.MemberAndScore] {
	args, err := zNumKeys("ZDiffWithScores", []string{"ZDIFF"}, keys)
	if err != nil {
		return Failed[[]models.MemberAndScore](err)
	}
	return Cmd[[]models.MemberAndScore]{
		Args:   append(args, constants.WithScoresKeyword),
		Decode: DecodeSortedMemberScores,
	}
}

func ZDiffStore(destination string, keys []string) Cmd[int64] {
	args, err := zNumKeys("ZDiffStore", []string{"ZDIFFSTORE", destination}, keys)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

// zKeysArgs renders a KeyArray or WeightedKeys (numkeys, keys, WEIGHTS w...), refusing
// a nil or empty one and NaN weights.
func zKeysArgs(command, arg string, keys options.KeysOrWeightedKeys) ([]string, error) {
	switch k := keys.(type) {
	case nil:
		return nil, zsetArgError(command, arg, "is nil")
	case *options.KeyArray:
		if k == nil {
			return nil, zsetArgError(command, arg, "is nil")
		}
	case *options.WeightedKeys:
		if k == nil {
			return nil, zsetArgError(command, arg, "is nil")
		}
	}
	args, err := keys.ToArgs()
	if err != nil {
		return nil, err
	}
	if len(args) == 0 || args[0] == "0" {
		return nil, zsetArgError(command, arg, "must name at least one key")
	}
	for _, a := range args {
		if a == "NaN" {
			return nil, zsetArgError(command, arg, "a weight is NaN")
		}
	}
	return args, nil
}

// zAggregateArgs checks an aggregate against the three the server knows.
func zAggregateArgs(command string, a options.Aggregate) ([]string, error) {
	switch a {
	case "":
		return nil, nil
	case options.AggregateSum, options.AggregateMin, options.AggregateMax:
		return a.ToArgs()
	}
	return nil, zsetArgError(command, "options.Aggregate", strconv.Quote(string(a))+" is not SUM, MIN or MAX")
}

// zCombine builds ZINTER/ZUNION and their STORE forms: head, keys (and weights),
// AGGREGATE, then tail.
func zCombine(command string, head []string, keys options.KeysOrWeightedKeys, agg options.Aggregate, tail ...string) ([]string, error) {
	kArgs, err := zKeysArgs(command, "keysOrWeightedKeys", keys)
	if err != nil {
		return nil, err
	}
	aArgs, err := zAggregateArgs(command, agg)
	if err != nil {
		return nil, err
	}
	return concat(head, kArgs, aArgs, tail), nil
}

func ZInter(keys options.KeyArray) Cmd[[]string] {
	args, err := zCombine("ZInter", []string{"ZINTER"}, keys, "")
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: args, Decode: DecodeStringArray}
}

func ZInterWithScores(keys options.KeysOrWeightedKeys, opts options.ZInterOptions) Cmd[[]models.MemberAndScore] {
	args, err := zCombine("ZInterWithScores", []string{"ZINTER"}, keys, opts.Aggregate, constants.WithScoresKeyword)
	if err != nil {
		return Failed[[]models.MemberAndScore](err)
	}
	return Cmd[[]models.MemberAndScore]{Args: args, Decode: DecodeSortedMemberScores}
}

func ZInterStoreWithOptions(destination string, keys options.KeysOrWeightedKeys, opts options.ZInterOptions) Cmd[int64] {
	args, err := zCombine("ZInterStore", []string{"ZINTERSTORE", destination}, keys, opts.Aggregate)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

func ZUnion(keys options.KeyArray) Cmd[[]string] {
	args, err := zCombine("ZUnion", []string{"ZUNION"}, keys, "")
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: args, Decode: DecodeStringArray}
}

func ZUnionWithScores(keys options.KeysOrWeightedKeys, opts options.ZUnionOptions) Cmd[[]models.MemberAndScore] {
	args, err := zCombine("ZUnionWithScores", []string{"ZUNION"}, keys, opts.Aggregate, constants.WithScoresKeyword)
	if err != nil {
		return Failed[[]models.MemberAndScore](err)
	}
	return Cmd[[]models.MemberAndScore]{Args: args, Decode: DecodeSortedMemberScores}
}

func ZUnionStoreWithOptions(destination string, keys options.KeysOrWeightedKeys, opts options.ZUnionOptions) Cmd[int64] {
	args, err := zCombine("ZUnionStore", []string{"ZUNIONSTORE", destination}, keys, opts.Aggregate)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

// ZInterCardWithOptions: a limit of -1 (NewZInterCardOptions) sends none, 0 means no
// limit to the server, and below -1 is refused (the server rejects negative limits).
func ZInterCardWithOptions(keys []string, opts options.ZInterCardOptions) Cmd[int64] {
	if opts.Limit < -1 {
		return Failed[int64](zsetArgError("ZInterCardWithOptions", "options.Limit", "must not be negative"))
	}
	args, err := zNumKeys("ZInterCard", []string{"ZINTERCARD"}, keys)
	if err != nil {
		return Failed[int64](err)
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat(args, optArgs), Decode: DecodeInt}
}

func ZLexCount(key string, rangeQuery options.RangeByLex) Cmd[int64] {
	if err := zCheckBoundaries("ZLexCount", "rangeQuery", string(rangeQuery.Start), string(rangeQuery.End)); err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"ZLEXCOUNT", key}, rangeQuery.ToArgsLexCount()), Decode: DecodeInt}
}

// ZMPopWithOptions: a count of 0 sends none (the server pops one); a negative count is
// refused, as the server would refuse it.
func ZMPopWithOptions(keys []string, scoreFilter constants.ScoreFilter, opts options.ZMPopOptions) Cmd[models.Result[models.KeyWithArrayOfMembersAndScores]] {
	type R = models.Result[models.KeyWithArrayOfMembersAndScores]
	if opts.Count < 0 {
		return Failed[R](zsetArgError("ZMPopWithOptions", "opts.Count", "must not be negative"))
	}
	filter, err := scoreFilter.ToString()
	if err != nil {
		return Failed[R](zsetArgError("ZMPop", "scoreFilter", strconv.Quote(string(scoreFilter))+" is not MIN or MAX"))
	}
	args, err := zNumKeys("ZMPop", []string{"ZMPOP"}, keys)
	if err != nil {
		return Failed[R](err)
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[R](err)
	}
	return Cmd[R]{Args: concat(args, []string{filter}, optArgs), Decode: DecodeKeyWithMembersAndScores}
}

func ZMPop(keys []string, scoreFilter constants.ScoreFilter) Cmd[models.Result[models.KeyWithArrayOfMembersAndScores]] {
	return ZMPopWithOptions(keys, scoreFilter, options.ZMPopOptions{})
}

func ZInterCard(keys []string) Cmd[int64] {
	return ZInterCardWithOptions(keys, *options.NewZInterCardOptions())
}

func ZInterStore(destination string, keys options.KeysOrWeightedKeys) Cmd[int64] {
	return ZInterStoreWithOptions(destination, keys, options.ZInterOptions{})
}

func ZUnionStore(destination string, keys options.KeysOrWeightedKeys) Cmd[int64] {
	return ZUnionStoreWithOptions(destination, keys, options.ZUnionOptions{})
}
