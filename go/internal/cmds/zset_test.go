package cmds

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Sorted-set decoders over hand-written frames in every shape the server uses: flat
// member-score arrays, arrays of pairs, RESP3 maps; scores as RESP3 doubles and as the
// RESP2 strings the server writes ("inf", "-inf", exponent forms). The integration
// tests cover the same decoders against real servers.

func zms(pairs ...any) []models.MemberAndScore {
	out := []models.MemberAndScore{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, models.MemberAndScore{Member: pairs[i].(string), Score: pairs[i+1].(float64)})
	}
	return out
}

func TestDecodeScoreMapShapes(t *testing.T) {
	want := map[string]float64{"a": math.Inf(-1), "b": 1.5e300, "c": math.Inf(1), "d": 5e-324}
	frames := map[string]string{
		"RESP2 flat":   "*8\r\n$1\r\na\r\n$4\r\n-inf\r\n$1\r\nb\r\n$8\r\n1.5e+300\r\n$1\r\nc\r\n$3\r\ninf\r\n$1\r\nd\r\n$6\r\n5e-324\r\n",
		"RESP3 pairs":  "*4\r\n*2\r\n$1\r\na\r\n,-inf\r\n*2\r\n$1\r\nb\r\n,1.5e+300\r\n*2\r\n$1\r\nc\r\n,inf\r\n*2\r\n$1\r\nd\r\n,5e-324\r\n",
		"RESP3 flat":   "*8\r\n$1\r\na\r\n,-inf\r\n$1\r\nb\r\n,1.5e+300\r\n$1\r\nc\r\n,inf\r\n$1\r\nd\r\n,5e-324\r\n",
		"RESP3 map":    "%4\r\n$1\r\na\r\n,-inf\r\n$1\r\nb\r\n,1.5e+300\r\n$1\r\nc\r\n,inf\r\n$1\r\nd\r\n,5e-324\r\n",
		"RESP2 strict": "*8\r\n$1\r\na\r\n$4\r\n-inf\r\n$1\r\nb\r\n$23\r\n1.5000000000000000e+300\r\n$1\r\nc\r\n$3\r\ninf\r\n$1\r\nd\r\n$23\r\n4.9406564584124654e-324\r\n",
	}
	for name, f := range frames {
		got, err := decode(t, DecodeScoreMap, f)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v", name, got, err)
		}
	}
	got, err := decode(t, DecodeScoreMap, "*0\r\n")
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty: %#v, %v", got, err)
	}
	if _, err := decode(t, DecodeScoreMap, "*3\r\n$1\r\na\r\n,1\r\n$1\r\nb\r\n"); !protocolErr(err) {
		t.Fatalf("odd flat list: %v", err)
	}
	if _, err := decode(t, DecodeScoreMap, "*1\r\n*1\r\n$1\r\na\r\n"); !protocolErr(err) {
		t.Fatalf("short pair: %v", err)
	}
	if _, err := decode(t, DecodeScoreMap, "*2\r\n$1\r\na\r\n$3\r\nabc\r\n"); !protocolErr(err) {
		t.Fatalf("non-numeric score: %v", err)
	}
}

func TestDecodeSortedMemberScores(t *testing.T) {
	// The server's order for ZRANGE, shuffled: the decoders restore GLIDE's order.
	both{
		resp2: "*8\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nz\r\n$4\r\n-inf\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$3\r\ninf\r\n",
		resp3: "*4\r\n*2\r\n$1\r\nb\r\n,1\r\n*2\r\n$1\r\nz\r\n,-inf\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nc\r\n,inf\r\n",
	}.each(func(proto, f string) {
		got, err := decode(t, DecodeSortedMemberScores, f)
		if want := zms("z", math.Inf(-1), "a", 1.0, "b", 1.0, "c", math.Inf(1)); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s ascending: %v, %v", proto, got, err)
		}
		got, err = decode(t, DecodeSortedMemberScoresRev, f)
		if want := zms("c", math.Inf(1), "b", 1.0, "a", 1.0, "z", math.Inf(-1)); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s descending: %v, %v", proto, got, err)
		}
	})
	got, err := decode(t, DecodeSortedMemberScores, "*0\r\n")
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty: %#v, %v (want an empty, non-nil slice)", got, err)
	}
}

func TestDecodeMemberScoreList(t *testing.T) {
	// ZRANDMEMBER with a negative count repeats members; order and repeats are kept.
	both{
		resp2: "*6\r\n$1\r\nb\r\n$3\r\n2.5\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n",
		resp3: "*3\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n",
	}.each(func(proto, f string) {
		got, err := decode(t, DecodeMemberScoreList, f)
		if want := zms("b", 2.5, "a", 1.0, "b", 2.5); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v", proto, got, err)
		}
	})
	if got, err := decode(t, DecodeMemberScoreList, "*0\r\n"); err != nil || got != nil {
		t.Fatalf("empty: %#v, %v (want nil, as GLIDE's client method)", got, err)
	}
}

func TestDecodeRankAndScore(t *testing.T) {
	both{resp2: "*2\r\n:3\r\n$4\r\n-inf\r\n", resp3: "*2\r\n:3\r\n,-inf\r\n"}.each(func(proto, f string) {
		got, err := decode(t, DecodeRankAndScore, f)
		if err != nil || got.IsNil() || got.Value() != (models.RankAndScore{Rank: 3, Score: math.Inf(-1)}) {
			t.Errorf("%s: %+v, %v", proto, got, err)
		}
	})
	both{resp2: "*-1\r\n", resp3: "_\r\n"}.each(func(proto, f string) {
		if got, err := decode(t, DecodeRankAndScore, f); err != nil || !got.IsNil() {
			t.Errorf("%s null: %+v, %v", proto, got, err)
		}
	})
	if _, err := decode(t, DecodeRankAndScore, "*1\r\n:3\r\n"); !protocolErr(err) {
		t.Fatalf("short: %v", err)
	}
}

func TestDecodeKeyWithMembersAndScores(t *testing.T) {
	both{
		resp2: "*2\r\n$1\r\nk\r\n*2\r\n*2\r\n$1\r\nb\r\n$3\r\ninf\r\n*2\r\n$1\r\na\r\n$3\r\n0.5\r\n",
		resp3: "*2\r\n$1\r\nk\r\n*2\r\n*2\r\n$1\r\nb\r\n,inf\r\n*2\r\n$1\r\na\r\n,0.5\r\n",
	}.each(func(proto, f string) {
		got, err := decode(t, DecodeKeyWithMembersAndScores, f)
		want := models.KeyWithArrayOfMembersAndScores{Key: "k", MembersAndScores: zms("a", 0.5, "b", math.Inf(1))}
		if err != nil || got.IsNil() || !reflect.DeepEqual(got.Value(), want) {
			t.Errorf("%s: %+v, %v", proto, got, err)
		}
	})
	both{resp2: "*-1\r\n", resp3: "_\r\n"}.each(func(proto, f string) {
		if got, err := decode(t, DecodeKeyWithMembersAndScores, f); err != nil || !got.IsNil() {
			t.Errorf("%s null: %+v, %v", proto, got, err)
		}
	})
	if _, err := decode(t, DecodeKeyWithMembersAndScores, "*1\r\n$1\r\nk\r\n"); !protocolErr(err) {
		t.Fatalf("short: %v", err)
	}
}

func TestZAddIncrNullReply(t *testing.T) {
	// ZAddIncr's plain INCR is never refused, but a null must still decode (to 0).
	if v, err := decode(t, ZAddIncr("k", "m", 1).Decode, "_\r\n"); err != nil || v != 0 {
		t.Fatalf("null: %v, %v", v, err)
	}
	if v, err := decode(t, ZAddIncr("k", "m", 1).Decode, "$3\r\ninf\r\n"); err != nil || !math.IsInf(v, 1) {
		t.Fatalf("inf: %v, %v", v, err)
	}
}

// TestZSetArgs pins the argument vectors, which follow GLIDE's byte for byte.
func TestZSetArgs(t *testing.T) {
	nx := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfDoesNotExist)
	weighted := options.WeightedKeys{KeyWeightPairs: []options.KeyWeightPair{{Key: "a", Weight: 2}, {Key: "b", Weight: 1e-30}}}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"zadd", ZAdd("k", map[string]float64{"m": 1e21}).Args, []string{"ZADD", "k", "1000000000000000000000", "m"}},
		{"zadd inf", ZAdd("k", map[string]float64{"m": math.Inf(-1)}).Args, []string{"ZADD", "k", "-Inf", "m"}},
		{"zadd nx", ZAddWithOptions("k", map[string]float64{"m": 0.5}, *nx).Args, []string{"ZADD", "k", "NX", "0.5", "m"}},
		{"zadd incr", ZAddIncr("k", "m", 1e21).Args, []string{"ZADD", "k", "INCR", "1e+21", "m"}},
		{"zadd incr nx", ZAddIncrWithOptions("k", "m", -2, *nx).Args, []string{"ZADD", "k", "NX", "INCR", "-2", "m"}},
		{"zincrby", ZIncrBy("k", math.Inf(1), "m").Args, []string{"ZINCRBY", "k", "+Inf", "m"}},
		{"zpopmin", ZPopMinWithOptions("k", *options.NewZPopOptions().SetCount(2)).Args, []string{"ZPOPMIN", "k", "2"}},
		{"zpopmax 0", ZPopMaxWithOptions("k", *options.NewZPopOptions()).Args, []string{"ZPOPMAX", "k"}},
		{"zrange rev", ZRangeWithScores("k", options.NewRangeByIndexQuery(0, -1).SetReverse()).Args,
			[]string{"ZRANGE", "k", "0", "-1", "REV", "WITHSCORES"}},
		{"zrange score", ZRange("k", options.NewRangeByScoreQuery(options.NewScoreBoundary(1, false),
			options.NewInfiniteScoreBoundary(constants.PositiveInfinity)).SetLimit(1, -1)).Args,
			[]string{"ZRANGE", "k", "(1", "+inf", "BYSCORE", "LIMIT", "1", "-1"}},
		{"zrangestore", ZRangeStore("d", "k", options.NewRangeByLexQuery(options.NewLexBoundary("a", true),
			options.NewInfiniteLexBoundary(constants.PositiveInfinity))).Args, []string{"ZRANGESTORE", "d", "k", "[a", "+", "BYLEX"}},
		{"zrank withscore", ZRankWithScore("k", "m").Args, []string{"ZRANK", "k", "m", "WITHSCORE"}},
		{"zscan", ZScanWithOptions("k", "7", *options.NewZScanOptions().SetCount(5).SetNoScores(true)).Args,
			[]string{"ZSCAN", "k", "7", "COUNT", "5", "NOSCORES"}},
		{"zdiff", ZDiffWithScores([]string{"a", "b"}).Args, []string{"ZDIFF", "2", "a", "b", "WITHSCORES"}},
		{"zinter weighted", ZInterWithScores(weighted, *options.NewZInterOptions().SetAggregate(options.AggregateMax)).Args,
			[]string{"ZINTER", "2", "a", "b", "WEIGHTS", "2", "1e-30", "AGGREGATE", "MAX", "WITHSCORES"}},
		{"zunionstore", ZUnionStore("d", options.KeyArray{Keys: []string{"a"}}).Args, []string{"ZUNIONSTORE", "d", "1", "a"}},
		{"zunionstore ptr", ZUnionStore("d", &options.KeyArray{Keys: []string{"a"}}).Args, []string{"ZUNIONSTORE", "d", "1", "a"}},
		{"zintercard", ZInterCard([]string{"a", "b"}).Args, []string{"ZINTERCARD", "2", "a", "b"}},
		{"zintercard limit", ZInterCardWithOptions([]string{"a"}, *options.NewZInterCardOptions().SetLimit(0)).Args,
			[]string{"ZINTERCARD", "1", "a", "LIMIT", "0"}},
		{"zmpop", ZMPopWithOptions([]string{"a", "b"}, constants.MAX, *options.NewZMPopOptions().SetCount(3)).Args,
			[]string{"ZMPOP", "2", "a", "b", "MAX", "COUNT", "3"}},
		{"zlexcount", ZLexCount("k", *options.NewRangeByLexQuery(options.NewInfiniteLexBoundary(constants.NegativeInfinity),
			options.NewLexBoundary("c", false))).Args, []string{"ZLEXCOUNT", "k", "-", "(c"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.args, c.want) {
			t.Errorf("%s: %q, want %q", c.name, c.args, c.want)
		}
	}
	// ZAddIncrWithOptions works on a copy of the caller's options.
	if nx.Incr || nx.Member != "" {
		t.Fatalf("ZAddIncrWithOptions changed the caller's options: %+v", nx)
	}
}

// zRefused checks that c was refused before sending with an error naming arg.
func zRefused[T any](t *testing.T, name, arg string, c Cmd[T]) {
	t.Helper()
	if !c.Invalid() {
		t.Errorf("%s: not zRefused (args %q)", name, c.Args)
		return
	}
	if _, err := c.Decode(nil); err == nil || !strings.Contains(err.Error(), arg) {
		t.Errorf("%s: error %v does not name %q", name, err, arg)
	}
}

// TestZSetArgErrors: every refusal happens before sending and names its argument.
func TestZSetArgErrors(t *testing.T) {
	ch, _ := options.NewZAddOptions().SetChanged(true)
	incr, _ := options.NewZAddOptions().SetIncr(true, 1, "m")
	var nilKeys *options.KeyArray
	var nilRange *options.RangeByScore
	zRefused(t, "ZAdd empty", "membersScoreMap", ZAdd("k", nil))
	zRefused(t, "ZAdd NaN", "membersScoreMap", ZAdd("k", map[string]float64{"m": math.NaN()}))
	zRefused(t, "ZAddWithOptions INCR", "opts", ZAddWithOptions("k", map[string]float64{"m": 1}, *incr))
	zRefused(t, "ZAddIncrWithOptions CH", "INCR", ZAddIncrWithOptions("k", "m", 1, *ch))
	zRefused(t, "ZAddIncr NaN", "increment", ZAddIncr("k", "m", math.NaN()))
	zRefused(t, "ZIncrBy NaN", "increment", ZIncrBy("k", math.NaN(), "m"))
	zRefused(t, "ZRem empty", "members", ZRem("k", nil))
	zRefused(t, "ZMScore empty", "members", ZMScore("k", []string{}))
	zRefused(t, "ZRange nil", "rangeQuery", ZRange("k", nil))
	zRefused(t, "ZRange typed nil", "rangeQuery", ZRange("k", nilRange))
	zRefused(t, "ZRangeStore nil", "rangeQuery", ZRangeStore("d", "k", nil))
	zRefused(t, "ZRangeWithScores nil", "rangeQuery", ZRangeWithScores("k", nil))
	zRefused(t, "ZRangeWithScores zero bounds", "rangeQuery", ZRangeWithScores("k", &options.RangeByScore{}))
	zRefused(t, "ZRange NaN bound", "rangeQuery", ZRange("k", options.NewRangeByScoreQuery(
		options.NewScoreBoundary(math.NaN(), false), options.NewInclusiveScoreBoundary(1))))
	zRefused(t, "ZCount NaN", "rangeOptions", ZCount("k", *options.NewZCountRange(
		options.NewScoreBoundary(math.NaN(), true), options.NewInclusiveScoreBoundary(1))))
	zRefused(t, "ZCount zero", "rangeOptions", ZCount("k", options.ZCountRange{}))
	zRefused(t, "ZScan negative count", "Count", ZScanWithOptions("k", "0", *options.NewZScanOptions().SetCount(-1)))
	zRefused(t, "ZDiff empty", "keys", ZDiff(nil))
	zRefused(t, "ZDiffWithScores empty", "keys", ZDiffWithScores(nil))
	zRefused(t, "ZDiffStore empty", "keys", ZDiffStore("d", []string{}))
	zRefused(t, "ZInter empty", "keysOrWeightedKeys", ZInter(options.KeyArray{}))
	zRefused(t, "ZUnion empty", "keysOrWeightedKeys", ZUnion(options.KeyArray{Keys: []string{}}))
	zRefused(t, "ZUnionStore nil", "keysOrWeightedKeys", ZUnionStore("d", nilKeys))
	zRefused(t, "ZInterStore nil", "keysOrWeightedKeys", ZInterStore("d", nil))
	zRefused(t, "ZInterWithScores empty weighted", "keysOrWeightedKeys", ZInterWithScores(options.WeightedKeys{},
		options.ZInterOptions{}))
	zRefused(t, "ZInterWithScores NaN weight", "keysOrWeightedKeys", ZInterWithScores(
		options.WeightedKeys{KeyWeightPairs: []options.KeyWeightPair{{Key: "a", Weight: math.NaN()}}}, options.ZInterOptions{}))
	zRefused(t, "ZUnionWithScores aggregate", "Aggregate", ZUnionWithScores(options.KeyArray{Keys: []string{"a"}},
		options.ZUnionOptions{Aggregate: "AVG"}))
	zRefused(t, "ZInterStoreWithOptions aggregate", "Aggregate", ZInterStoreWithOptions("d",
		options.KeyArray{Keys: []string{"a"}}, options.ZInterOptions{Aggregate: "sum"}))
	zRefused(t, "ZInterCard limit", "Limit", ZInterCardWithOptions([]string{"a"}, options.ZInterCardOptions{Limit: -5}))
	zRefused(t, "ZInterCard empty", "keys", ZInterCard(nil))
	zRefused(t, "ZMPop filter", "scoreFilter", ZMPop([]string{"a"}, "MIDDLE"))
	zRefused(t, "ZMPop count", "Count", ZMPopWithOptions([]string{"a"}, constants.MIN, *options.NewZMPopOptions().SetCount(-1)))
	zRefused(t, "ZMPop empty", "keys", ZMPop(nil, constants.MIN))
	zRefused(t, "ZLexCount zero", "rangeQuery", ZLexCount("k", options.RangeByLex{}))
	zRefused(t, "ZRemRangeByScore zero", "rangeQuery", ZRemRangeByScore("k", options.RangeByScore{}))
	zRefused(t, "ZRemRangeByLex zero", "rangeQuery", ZRemRangeByLex("k", options.RangeByLex{}))
}
