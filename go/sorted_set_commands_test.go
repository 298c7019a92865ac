package valkite

import (
	"context"
	"errors"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the SortedSet group. Most run the same body against Valkey 9.1
// and Redis 7.0 (subtests "valkey" and "redis7.0"); commands newer than a server are
// checked to be refused by it and then skipped with the reason.

// zsetServers runs f against both servers, each with a fresh client.
func zsetServers(t *testing.T, f func(t *testing.T, c *Client, s *testserver.Server)) {
	t.Run("valkey", func(t *testing.T) {
		c, s := newTestClient(t)
		f(t, c, s)
	})
	t.Run("redis7.0", func(t *testing.T) {
		c, s := newRedisTestClient(t)
		f(t, c, s)
	})
}

// zsetServerAtLeast reports whether the server's version (Valkey's own, not the
// Redis-compatible one Valkey also reports) is at least want.
func zsetServerAtLeast(t *testing.T, s *testserver.Server, want string) bool {
	t.Helper()
	info := s.Info(t, "server")
	have := info["valkey_version"]
	if have == "" {
		have = info["redis_version"]
	}
	hp, wp := strings.Split(have, "."), strings.Split(want, ".")
	for i := range wp {
		var h int
		if i < len(hp) {
			h, _ = strconv.Atoi(hp[i])
		}
		w, _ := strconv.Atoi(wp[i])
		if h != w {
			return h > w
		}
	}
	return true
}

// zRequireSame fails unless got has want's dynamic type and value.
func zRequireSame(t *testing.T, what string, got any, err error, want any) {
	t.Helper()
	requireNoErr(t, what, err)
	if reflect.TypeOf(got) != reflect.TypeOf(want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %T %#v, want %T %#v", what, got, got, want, want)
	}
}

func zMas(pairs ...any) []models.MemberAndScore {
	out := []models.MemberAndScore{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, models.MemberAndScore{Member: pairs[i].(string), Score: zToF(pairs[i+1])})
	}
	return out
}

func zToF(v any) float64 {
	switch v := v.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	panic("not a number")
}

func zF64(v float64) models.Result[float64] { return models.CreateFloat64Result(v) }

func zAllScores() options.ZCountRange {
	return *options.NewZCountRange(options.NewInfiniteScoreBoundary(constants.NegativeInfinity),
		options.NewInfiniteScoreBoundary(constants.PositiveInfinity))
}

func TestZSetAddIncrScore(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, missing := testKey(t, "z"), testKey(t, "missing")

		n, err := c.ZAdd(ctx, k, map[string]float64{"a": 1, "b": 2, "c": 3})
		zRequireSame(t, "ZAdd", n, err, int64(3))
		n, err = c.ZAdd(ctx, k, map[string]float64{"a": 10, "d": 4})
		zRequireSame(t, "ZAdd update+new", n, err, int64(1))

		nx := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfDoesNotExist)
		n, err = c.ZAddWithOptions(ctx, k, map[string]float64{"a": 100, "e": 5}, *nx)
		zRequireSame(t, "ZAdd NX", n, err, int64(1))
		xxch, _ := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfExists).SetChanged(true)
		n, err = c.ZAddWithOptions(ctx, k, map[string]float64{"a": 11, "z": 9}, *xxch)
		zRequireSame(t, "ZAdd XX CH", n, err, int64(1))
		gtch, _ := options.NewZAddOptions().SetUpdateOptions(options.ScoreGreaterThanCurrent).SetChanged(true)
		n, err = c.ZAddWithOptions(ctx, k, map[string]float64{"a": 5, "b": 20}, *gtch)
		zRequireSame(t, "ZAdd GT CH", n, err, int64(1))
		sc, err := c.ZScore(ctx, k, "a")
		zRequireSame(t, "ZScore a", sc, err, zF64(11))
		sc, err = c.ZScore(ctx, k, "z")
		zRequireSame(t, "ZScore never added", sc, err, models.CreateNilFloat64Result())
		sc, err = c.ZScore(ctx, missing, "a")
		zRequireSame(t, "ZScore missing key", sc, err, models.CreateNilFloat64Result())

		f, err := c.ZAddIncr(ctx, k, "a", 0.5)
		zRequireSame(t, "ZAddIncr", f, err, 11.5)
		f, err = c.ZAddIncr(ctx, k, "new", -0.25)
		zRequireSame(t, "ZAddIncr new member", f, err, -0.25)
		xx := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfExists)
		r, err := c.ZAddIncrWithOptions(ctx, k, "absent", 1, *xx)
		zRequireSame(t, "ZAddIncr XX absent", r, err, models.CreateNilFloat64Result())
		gt := options.NewZAddOptions().SetUpdateOptions(options.ScoreGreaterThanCurrent)
		r, err = c.ZAddIncrWithOptions(ctx, k, "a", 1, *gt)
		zRequireSame(t, "ZAddIncr GT up", r, err, zF64(12.5))
		r, err = c.ZAddIncrWithOptions(ctx, k, "a", -1, *gt)
		zRequireSame(t, "ZAddIncr GT down", r, err, models.CreateNilFloat64Result())
		f, err = c.ZIncrBy(ctx, k, -2.5, "a")
		zRequireSame(t, "ZIncrBy", f, err, 10.0)
		f, err = c.ZIncrBy(ctx, k, 3, "fresh")
		zRequireSame(t, "ZIncrBy new member", f, err, 3.0)

		n, err = c.ZCard(ctx, k)
		zRequireSame(t, "ZCard", n, err, int64(7))
		n, err = c.ZCard(ctx, missing)
		zRequireSame(t, "ZCard missing", n, err, int64(0))
		n, err = c.ZRem(ctx, k, []string{"a", "nope"})
		zRequireSame(t, "ZRem", n, err, int64(1))
		n, err = c.ZRem(ctx, missing, []string{"a"})
		zRequireSame(t, "ZRem missing", n, err, int64(0))
		m, err := c.ZMScore(ctx, k, []string{"b", "nope", "c"})
		zRequireSame(t, "ZMScore", m, err, []models.Result[float64]{zF64(20), models.CreateNilFloat64Result(), zF64(3)})
		m, err = c.ZMScore(ctx, missing, []string{"b"})
		zRequireSame(t, "ZMScore missing key", m, err, []models.Result[float64]{models.CreateNilFloat64Result()})
	})
}

// zExtremeScores are the doubles most likely to lose bits on the way: infinities, the
// largest and smallest magnitudes (a subnormal included), values without a short
// decimal form.
var zExtremeScores = map[string]float64{
	"ninf":   math.Inf(-1),
	"pinf":   math.Inf(1),
	"max":    math.MaxFloat64,
	"negmax": -math.MaxFloat64,
	"submin": math.SmallestNonzeroFloat64,
	"tiny":   2.2250738585072014e-308,
	"third":  1.0 / 3,
	"pi":     math.Pi,
	"neg":    -123456.789e-200,
	"big":    9007199254740993, // 2^53+1: not a double; stored as 2^53
	"zero":   0,
}

func zSortedExtremes() []models.MemberAndScore {
	out := []models.MemberAndScore{}
	for m, s := range zExtremeScores {
		out = append(out, models.MemberAndScore{Member: m, Score: s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Score < out[j].Score })
	return out
}

// TestZSetExtremeScoresRoundTrip writes every extreme score and reads it back through
// every reply shape: RESP3 doubles through the client, and the RESP2 strings of the
// same server decoded by the same decoders.
func TestZSetExtremeScoresRoundTrip(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k := testKey(t, "z")
		n, err := c.ZAdd(ctx, k, zExtremeScores)
		zRequireSame(t, "ZAdd", n, err, int64(len(zExtremeScores)))
		want := zSortedExtremes()

		for m, sc := range zExtremeScores {
			got, err := c.ZScore(ctx, k, m)
			zRequireSame(t, "ZScore "+m, got, err, zF64(sc))
			// RESP2: the server's decimal string for the same score.
			raw := fixture(t, s, "ZSCORE", k, m)
			got2, err := cmds.DecodeNullableFloat(resp.NewReader([]byte(raw)))
			zRequireSame(t, "RESP2 ZSCORE "+m, got2, err, zF64(sc))
		}
		members := make([]string, len(want))
		scores := make([]models.Result[float64], len(want))
		for i, e := range want {
			members[i], scores[i] = e.Member, zF64(e.Score)
		}
		ms, err := c.ZMScore(ctx, k, members)
		zRequireSame(t, "ZMScore", ms, err, scores)

		got, err := c.ZRangeWithScores(ctx, k, options.NewRangeByIndexQuery(0, -1))
		zRequireSame(t, "ZRangeWithScores", got, err, want)
		got, err = c.ZRangeWithScores(ctx, k, options.NewRangeByScoreQuery(
			options.NewInfiniteScoreBoundary(constants.NegativeInfinity), options.NewInfiniteScoreBoundary(constants.PositiveInfinity)))
		zRequireSame(t, "ZRangeWithScores by score", got, err, want)
		raw := fixture(t, s, "ZRANGE", k, "0", "-1", "WITHSCORES")
		got, err = cmds.DecodeSortedMemberScores(resp.NewReader([]byte(raw)))
		zRequireSame(t, "RESP2 ZRANGE WITHSCORES", got, err, want)

		// Bounds at the extremes select exactly.
		cnt, err := c.ZCount(ctx, k, *options.NewZCountRange(options.NewInclusiveScoreBoundary(math.MaxFloat64),
			options.NewInclusiveScoreBoundary(math.Inf(1))))
		zRequireSame(t, "ZCount [max, +inf]", cnt, err, int64(2))
		cnt, err = c.ZCount(ctx, k, *options.NewZCountRange(options.NewScoreBoundary(0, false),
			options.NewInclusiveScoreBoundary(math.SmallestNonzeroFloat64)))
		zRequireSame(t, "ZCount (0, submin]", cnt, err, int64(1))

		rnd, err := c.ZRandMemberWithCountWithScores(ctx, k, -30)
		requireNoErr(t, "ZRandMember WITHSCORES", err)
		if len(rnd) != 30 {
			t.Fatalf("ZRandMember WITHSCORES -30: %d elements", len(rnd))
		}
		for _, e := range rnd {
			if e.Score != zExtremeScores[e.Member] {
				t.Fatalf("ZRandMember WITHSCORES: %s = %v, stored %v", e.Member, e.Score, zExtremeScores[e.Member])
			}
		}
		page, err := c.ZScan(ctx, k, models.NewCursor())
		requireNoErr(t, "ZScan", err)
		if len(page.Data) != 2*len(zExtremeScores) {
			t.Fatalf("ZScan data %v", page.Data)
		}
		for i := 0; i < len(page.Data); i += 2 {
			if f, err := strconv.ParseFloat(page.Data[i+1], 64); err != nil || f != zExtremeScores[page.Data[i]] {
				t.Fatalf("ZScan score of %s: %q", page.Data[i], page.Data[i+1])
			}
		}

		if zsetServerAtLeast(t, s, "7.2.0") {
			rs, err := c.ZRankWithScore(ctx, k, "submin")
			zRequireSame(t, "ZRankWithScore", rs, err, models.CreateRankAndScoreResult(4, math.SmallestNonzeroFloat64))
			raw = fixture(t, s, "ZREVRANK", k, "negmax", "WITHSCORE")
			rs, err = cmds.DecodeRankAndScore(resp.NewReader([]byte(raw)))
			zRequireSame(t, "RESP2 ZREVRANK WITHSCORE", rs, err, models.CreateRankAndScoreResult(9, -math.MaxFloat64))
		}

		// Pops read the same scores; a copy keeps the original for the RESP2 pop.
		cp := testKey(t, "copy")
		fixture(t, s, "ZUNIONSTORE", cp, "1", k)
		mp, err := c.ZMPopWithOptions(ctx, []string{k}, constants.MAX, *options.NewZMPopOptions().SetCount(3))
		zRequireSame(t, "ZMPop MAX 3", mp, err, models.CreateKeyWithArrayOfMembersAndScoresResult(
			models.KeyWithArrayOfMembersAndScores{Key: k, MembersAndScores: want[len(want)-3:]}))
		raw = fixture(t, s, "ZMPOP", "1", cp, "MAX", "COUNT", "3")
		mp, err = cmds.DecodeKeyWithMembersAndScores(resp.NewReader([]byte(raw)))
		zRequireSame(t, "RESP2 ZMPOP", mp, err, models.CreateKeyWithArrayOfMembersAndScoresResult(
			models.KeyWithArrayOfMembersAndScores{Key: cp, MembersAndScores: want[len(want)-3:]}))
		pm, err := c.ZPopMinWithOptions(ctx, k, *options.NewZPopOptions().SetCount(2))
		zRequireSame(t, "ZPopMin 2", pm, err, map[string]float64{"ninf": math.Inf(-1), "negmax": -math.MaxFloat64})
		raw = fixture(t, s, "ZPOPMIN", cp, "2")
		pm, err = cmds.DecodeScoreMap(resp.NewReader([]byte(raw)))
		zRequireSame(t, "RESP2 ZPOPMIN", pm, err, map[string]float64{"ninf": math.Inf(-1), "negmax": -math.MaxFloat64})

		// Arithmetic at the extremes.
		f, err := c.ZIncrBy(ctx, k, math.Inf(1), "third")
		zRequireSame(t, "ZIncrBy +inf", f, err, math.Inf(1))
		f, err = c.ZAddIncr(ctx, k, "tiny", math.SmallestNonzeroFloat64)
		zRequireSame(t, "ZAddIncr subnormal", f, err, 2.2250738585072014e-308+math.SmallestNonzeroFloat64)
		_, err = c.ZIncrBy(ctx, k, math.Inf(-1), "third") // +inf + -inf is NaN: the server refuses
		requireServerError(t, err, "ERR")
	})
}

func TestZSetPop(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, missing := testKey(t, "z"), testKey(t, "missing")
		fixture(t, s, "ZADD", k, "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")

		m, err := c.ZPopMin(ctx, k)
		zRequireSame(t, "ZPopMin", m, err, map[string]float64{"a": 1})
		m, err = c.ZPopMax(ctx, k)
		zRequireSame(t, "ZPopMax", m, err, map[string]float64{"e": 5})
		m, err = c.ZPopMinWithOptions(ctx, k, *options.NewZPopOptions().SetCount(2))
		zRequireSame(t, "ZPopMin 2", m, err, map[string]float64{"b": 2, "c": 3})
		m, err = c.ZPopMaxWithOptions(ctx, k, *options.NewZPopOptions()) // count 0: one, as GLIDE
		zRequireSame(t, "ZPopMax count 0", m, err, map[string]float64{"d": 4})
		m, err = c.ZPopMaxWithOptions(ctx, k, *options.NewZPopOptions().SetCount(10))
		zRequireSame(t, "ZPopMax emptied", m, err, map[string]float64{})
		m, err = c.ZPopMin(ctx, missing)
		zRequireSame(t, "ZPopMin missing", m, err, map[string]float64{})
	})
}

func TestZSetRanges(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, lex, dst, missing := testKey(t, "z"), testKey(t, "lex"), testKey(t, "dst"), testKey(t, "missing")
		fixture(t, s, "ZADD", k, "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")
		fixture(t, s, "ZADD", lex, "0", "a", "0", "b", "0", "c", "0", "d", "0", "e")
		inf, ninf := options.NewInfiniteScoreBoundary(constants.PositiveInfinity),
			options.NewInfiniteScoreBoundary(constants.NegativeInfinity)

		strs := []struct {
			what  string
			key   string
			query options.ZRangeQuery
			want  []string
		}{
			{"by index", k, options.NewRangeByIndexQuery(0, 2), []string{"a", "b", "c"}},
			{"by index rev", k, options.NewRangeByIndexQuery(0, -1).SetReverse(), []string{"e", "d", "c", "b", "a"}},
			{"by score limit", k, options.NewRangeByScoreQuery(options.NewScoreBoundary(1, false), inf).SetLimit(1, 2),
				[]string{"c", "d"}},
			{"by score rev", k, options.NewRangeByScoreQuery(inf, options.NewInclusiveScoreBoundary(3)).SetReverse(),
				[]string{"e", "d", "c"}},
			{"by lex", lex, options.NewRangeByLexQuery(options.NewLexBoundary("b", true), options.NewLexBoundary("e", false)),
				[]string{"b", "c", "d"}},
			{"by lex rev limit", lex, options.NewRangeByLexQuery(options.NewLexBoundary("d", true),
				options.NewInfiniteLexBoundary(constants.NegativeInfinity)).SetReverse().SetLimit(0, 2), []string{"d", "c"}},
			{"missing key", missing, options.NewRangeByIndexQuery(0, -1), []string{}},
			{"empty range", k, options.NewRangeByScoreQuery(options.NewInclusiveScoreBoundary(10), inf), []string{}},
		}
		for _, q := range strs {
			got, err := c.ZRange(ctx, q.key, q.query)
			zRequireSame(t, "ZRange "+q.what, got, err, q.want)
		}
		withScores := []struct {
			what  string
			key   string
			query options.ZRangeQueryWithScores
			want  []models.MemberAndScore
		}{
			{"by index rev", k, options.NewRangeByIndexQuery(0, -1).SetReverse(), zMas("e", 5, "d", 4, "c", 3, "b", 2, "a", 1)},
			{"by score limit", k, options.NewRangeByScoreQuery(ninf, inf).SetLimit(3, 10), zMas("d", 4, "e", 5)},
			{"by score rev", k, options.NewRangeByScoreQuery(options.NewInclusiveScoreBoundary(2), ninf).SetReverse(),
				zMas("b", 2, "a", 1)},
			{"equal scores", lex, options.NewRangeByIndexQuery(1, 2), zMas("b", 0, "c", 0)},
			{"equal scores rev", lex, options.NewRangeByIndexQuery(0, 1).SetReverse(), zMas("e", 0, "d", 0)},
			{"missing key", missing, options.NewRangeByIndexQuery(0, -1), zMas()},
		}
		for _, q := range withScores {
			got, err := c.ZRangeWithScores(ctx, q.key, q.query)
			zRequireSame(t, "ZRangeWithScores "+q.what, got, err, q.want)
		}

		n, err := c.ZRangeStore(ctx, dst, k, options.NewRangeByScoreQuery(options.NewInclusiveScoreBoundary(2),
			options.NewInclusiveScoreBoundary(4)))
		zRequireSame(t, "ZRangeStore", n, err, int64(3))
		got, err := c.ZRange(ctx, dst, options.NewRangeByIndexQuery(0, -1))
		zRequireSame(t, "stored range", got, err, []string{"b", "c", "d"})
		n, err = c.ZRangeStore(ctx, dst, missing, options.NewRangeByIndexQuery(0, -1))
		zRequireSame(t, "ZRangeStore from missing", n, err, int64(0))

		n, err = c.ZCount(ctx, k, *options.NewZCountRange(options.NewScoreBoundary(1, false), inf))
		zRequireSame(t, "ZCount (1, +inf)", n, err, int64(4))
		n, err = c.ZCount(ctx, k, *options.NewZCountRange(options.NewInclusiveScoreBoundary(2), options.NewInclusiveScoreBoundary(4)))
		zRequireSame(t, "ZCount [2, 4]", n, err, int64(3))
		n, err = c.ZCount(ctx, missing, zAllScores())
		zRequireSame(t, "ZCount missing", n, err, int64(0))
		n, err = c.ZLexCount(ctx, lex, *options.NewRangeByLexQuery(options.NewInfiniteLexBoundary(constants.NegativeInfinity),
			options.NewInfiniteLexBoundary(constants.PositiveInfinity)))
		zRequireSame(t, "ZLexCount all", n, err, int64(5))
		n, err = c.ZLexCount(ctx, lex, *options.NewRangeByLexQuery(options.NewLexBoundary("b", true), options.NewLexBoundary("d", false)))
		zRequireSame(t, "ZLexCount [b, d)", n, err, int64(2))
		n, err = c.ZLexCount(ctx, missing, *options.NewRangeByLexQuery(options.NewLexBoundary("b", true), options.NewLexBoundary("d", false)))
		zRequireSame(t, "ZLexCount missing", n, err, int64(0))

		n, err = c.ZRemRangeByRank(ctx, k, 0, 0)
		zRequireSame(t, "ZRemRangeByRank", n, err, int64(1))
		n, err = c.ZRemRangeByScore(ctx, k, *options.NewRangeByScoreQuery(options.NewInclusiveScoreBoundary(4), inf))
		zRequireSame(t, "ZRemRangeByScore", n, err, int64(2))
		n, err = c.ZRemRangeByLex(ctx, lex, *options.NewRangeByLexQuery(options.NewLexBoundary("a", true), options.NewLexBoundary("b", true)))
		zRequireSame(t, "ZRemRangeByLex", n, err, int64(2))
		n, err = c.ZRemRangeByRank(ctx, missing, 0, -1)
		zRequireSame(t, "ZRemRangeByRank missing", n, err, int64(0))
		got, err = c.ZRange(ctx, k, options.NewRangeByIndexQuery(0, -1))
		zRequireSame(t, "after removals", got, err, []string{"b", "c"})
		got, err = c.ZRange(ctx, lex, options.NewRangeByIndexQuery(0, -1))
		zRequireSame(t, "lex after removals", got, err, []string{"c", "d", "e"})
	})
}

func TestZSetRank(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, missing := testKey(t, "z"), testKey(t, "missing")
		fixture(t, s, "ZADD", k, "1", "a", "2", "b", "3", "c", "4", "d", "5.5", "e")
		nilInt := models.CreateNilInt64Result()

		r, err := c.ZRank(ctx, k, "b")
		zRequireSame(t, "ZRank", r, err, models.CreateInt64Result(1))
		r, err = c.ZRevRank(ctx, k, "b")
		zRequireSame(t, "ZRevRank", r, err, models.CreateInt64Result(3))
		r, err = c.ZRank(ctx, k, "nope")
		zRequireSame(t, "ZRank absent", r, err, nilInt)
		r, err = c.ZRevRank(ctx, missing, "a")
		zRequireSame(t, "ZRevRank missing key", r, err, nilInt)

		if !zsetServerAtLeast(t, s, "7.2.0") {
			_, err := c.ZRankWithScore(ctx, k, "a")
			requireServerError(t, err, "ERR")
			t.Skip("ZRANK/ZREVRANK ... WITHSCORE need 7.2 (checked that this server refuses them)")
		}
		rs, err := c.ZRankWithScore(ctx, k, "e")
		zRequireSame(t, "ZRankWithScore", rs, err, models.CreateRankAndScoreResult(4, 5.5))
		rs, err = c.ZRevRankWithScore(ctx, k, "e")
		zRequireSame(t, "ZRevRankWithScore", rs, err, models.CreateRankAndScoreResult(0, 5.5))
		rs, err = c.ZRankWithScore(ctx, k, "nope")
		zRequireSame(t, "ZRankWithScore absent", rs, err, models.CreateNilRankAndScoreResult())
		rs, err = c.ZRevRankWithScore(ctx, missing, "a")
		zRequireSame(t, "ZRevRankWithScore missing key", rs, err, models.CreateNilRankAndScoreResult())
	})
}

func TestZSetScan(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		big, small, missing := testKey(t, "big"), testKey(t, "small"), testKey(t, "missing")
		args := []string{"ZADD", big}
		for i := 0; i < 300; i++ {
			args = append(args, strconv.FormatFloat(float64(i)/4, 'g', -1, 64), "m"+strconv.Itoa(i))
		}
		fixture(t, s, args...)
		fixture(t, s, "ZADD", small, "1.5", "x", "-inf", "y")

		// A full iteration sees every member once, with its score.
		seen := map[string]string{}
		cursor := models.NewCursor()
		for pages := 0; !cursor.IsFinished(); pages++ {
			if pages > 1000 {
				t.Fatal("ZScan does not finish")
			}
			page, err := c.ZScanWithOptions(ctx, big, cursor, *options.NewZScanOptions().SetCount(40))
			requireNoErr(t, "ZScan", err)
			for i := 0; i+1 < len(page.Data); i += 2 {
				seen[page.Data[i]] = page.Data[i+1]
			}
			cursor = page.Cursor
		}
		if len(seen) != 300 || seen["m7"] != "1.75" || seen["m0"] != "0" {
			t.Fatalf("ZScan saw %d members (m7=%q)", len(seen), seen["m7"])
		}

		page, err := c.ZScan(ctx, small, models.NewCursor())
		requireNoErr(t, "ZScan small", err)
		if !page.Cursor.IsFinished() || !reflect.DeepEqual(page.Data, []string{"y", "-inf", "x", "1.5"}) {
			t.Fatalf("ZScan small = %+v", page)
		}
		page, err = c.ZScanWithOptions(ctx, small, models.NewCursor(), *options.NewZScanOptions().SetMatch("x*"))
		requireNoErr(t, "ZScan MATCH", err)
		if !reflect.DeepEqual(page.Data, []string{"x", "1.5"}) {
			t.Fatalf("ZScan MATCH = %+v", page)
		}
		page, err = c.ZScan(ctx, missing, models.NewCursor())
		zRequireSame(t, "ZScan missing", page, err, models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{}})

		if !zsetServerAtLeast(t, s, "8.0.0") {
			_, err := c.ZScanWithOptions(ctx, small, models.NewCursor(), *options.NewZScanOptions().SetNoScores(true))
			requireServerError(t, err, "ERR")
			t.Skip("ZSCAN NOSCORES needs Valkey 8.0 (checked that this server refuses it)")
		}
		page, err = c.ZScanWithOptions(ctx, small, models.NewCursor(), *options.NewZScanOptions().SetNoScores(true))
		requireNoErr(t, "ZScan NOSCORES", err)
		if !reflect.DeepEqual(page.Data, []string{"y", "x"}) {
			t.Fatalf("ZScan NOSCORES = %+v", page)
		}
	})
}

func TestZSetRandMember(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, missing := testKey(t, "z"), testKey(t, "missing")
		scores := map[string]float64{"a": 1, "b": 2.5, "c": math.Inf(-1)}
		fixture(t, s, "ZADD", k, "1", "a", "2.5", "b", "-inf", "c")

		r, err := c.ZRandMember(ctx, missing)
		zRequireSame(t, "ZRandMember missing", r, err, models.CreateNilStringResult())
		l, err := c.ZRandMemberWithCount(ctx, missing, 3)
		zRequireSame(t, "ZRandMemberWithCount missing", l, err, []string{})
		w, err := c.ZRandMemberWithCountWithScores(ctx, missing, 3)
		zRequireSame(t, "ZRandMemberWithCountWithScores missing (nil, as GLIDE)", w, err, []models.MemberAndScore(nil))

		r, err = c.ZRandMember(ctx, k)
		requireNoErr(t, "ZRandMember", err)
		if _, ok := scores[r.Value()]; r.IsNil() || !ok {
			t.Fatalf("ZRandMember = %+v", r)
		}
		l, err = c.ZRandMemberWithCount(ctx, k, 10)
		requireNoErr(t, "ZRandMemberWithCount 10", err)
		sort.Strings(l)
		if !reflect.DeepEqual(l, []string{"a", "b", "c"}) {
			t.Fatalf("ZRandMemberWithCount 10 = %v, want each member once", l)
		}
		l, err = c.ZRandMemberWithCount(ctx, k, -7)
		requireNoErr(t, "ZRandMemberWithCount -7", err)
		if len(l) != 7 {
			t.Fatalf("ZRandMemberWithCount -7 = %v", l)
		}
		w, err = c.ZRandMemberWithCountWithScores(ctx, k, -9)
		requireNoErr(t, "ZRandMemberWithCountWithScores", err)
		if len(w) != 9 {
			t.Fatalf("ZRandMemberWithCountWithScores -9 = %v", w)
		}
		for _, e := range w {
			if sc, ok := scores[e.Member]; !ok || sc != e.Score {
				t.Fatalf("ZRandMemberWithCountWithScores: %+v", e)
			}
		}
		w, err = c.ZRandMemberWithCountWithScores(ctx, k, 0)
		zRequireSame(t, "ZRandMemberWithCountWithScores 0", w, err, []models.MemberAndScore(nil))
	})
}

func TestZSetAlgebra(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k1, k2, dst, missing := testKey(t, "1"), testKey(t, "2"), testKey(t, "dst"), testKey(t, "missing")
		fixture(t, s, "ZADD", k1, "1", "a", "2", "b", "3", "c")
		fixture(t, s, "ZADD", k2, "10", "b", "20", "c", "30", "d")
		keys := options.KeyArray{Keys: []string{k1, k2}}
		weighted := options.WeightedKeys{KeyWeightPairs: []options.KeyWeightPair{{Key: k1, Weight: 2}, {Key: k2, Weight: 0.5}}}

		l, err := c.ZInter(ctx, keys)
		zRequireSame(t, "ZInter", l, err, []string{"b", "c"})
		l, err = c.ZUnion(ctx, keys)
		zRequireSame(t, "ZUnion", l, err, []string{"a", "b", "c", "d"})
		l, err = c.ZDiff(ctx, []string{k1, k2})
		zRequireSame(t, "ZDiff", l, err, []string{"a"})
		l, err = c.ZInter(ctx, options.KeyArray{Keys: []string{k1, missing}})
		zRequireSame(t, "ZInter with missing", l, err, []string{})
		l, err = c.ZDiff(ctx, []string{missing, k1})
		zRequireSame(t, "ZDiff from missing", l, err, []string{})

		w, err := c.ZInterWithScores(ctx, keys, *options.NewZInterOptions())
		zRequireSame(t, "ZInterWithScores", w, err, zMas("b", 12, "c", 23))
		w, err = c.ZInterWithScores(ctx, weighted, *options.NewZInterOptions().SetAggregate(options.AggregateMax))
		zRequireSame(t, "ZInterWithScores weighted MAX", w, err, zMas("b", 5, "c", 10))
		w, err = c.ZUnionWithScores(ctx, keys, *options.NewZUnionOptions().SetAggregate(options.AggregateMin))
		zRequireSame(t, "ZUnionWithScores MIN", w, err, zMas("a", 1, "b", 2, "c", 3, "d", 30))
		w, err = c.ZUnionWithScores(ctx, &weighted, *options.NewZUnionOptions())
		zRequireSame(t, "ZUnionWithScores weighted", w, err, zMas("a", 2, "b", 9, "d", 15, "c", 16))
		w, err = c.ZDiffWithScores(ctx, []string{k2, k1})
		zRequireSame(t, "ZDiffWithScores", w, err, zMas("d", 30))
		w, err = c.ZInterWithScores(ctx, options.KeyArray{Keys: []string{missing}}, *options.NewZInterOptions())
		zRequireSame(t, "ZInterWithScores missing", w, err, zMas())

		n, err := c.ZInterStore(ctx, dst, keys)
		zRequireSame(t, "ZInterStore", n, err, int64(2))
		n, err = c.ZInterStoreWithOptions(ctx, dst, weighted, *options.NewZInterOptions().SetAggregate(options.AggregateSum))
		zRequireSame(t, "ZInterStore weighted SUM", n, err, int64(2))
		sc, err := c.ZScore(ctx, dst, "b")
		zRequireSame(t, "stored weighted score", sc, err, zF64(9))
		n, err = c.ZUnionStore(ctx, dst, keys)
		zRequireSame(t, "ZUnionStore", n, err, int64(4))
		n, err = c.ZUnionStoreWithOptions(ctx, dst, keys, *options.NewZUnionOptions().SetAggregate(options.AggregateMax))
		zRequireSame(t, "ZUnionStore MAX", n, err, int64(4))
		sc, err = c.ZScore(ctx, dst, "c")
		zRequireSame(t, "stored MAX score", sc, err, zF64(20))
		n, err = c.ZDiffStore(ctx, dst, []string{k1, k2})
		zRequireSame(t, "ZDiffStore", n, err, int64(1))
		n, err = c.ZDiffStore(ctx, dst, []string{missing})
		zRequireSame(t, "ZDiffStore empty result", n, err, int64(0))

		n, err = c.ZInterCard(ctx, []string{k1, k2})
		zRequireSame(t, "ZInterCard", n, err, int64(2))
		n, err = c.ZInterCardWithOptions(ctx, []string{k1, k2}, *options.NewZInterCardOptions().SetLimit(1))
		zRequireSame(t, "ZInterCard LIMIT 1", n, err, int64(1))
		n, err = c.ZInterCardWithOptions(ctx, []string{k1, k2}, *options.NewZInterCardOptions().SetLimit(0))
		zRequireSame(t, "ZInterCard LIMIT 0 (none)", n, err, int64(2))
		n, err = c.ZInterCard(ctx, []string{k1, missing})
		zRequireSame(t, "ZInterCard missing", n, err, int64(0))
	})
}

func TestZSetMPop(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k1, k2 := testKey(t, "empty"), testKey(t, "z")
		fixture(t, s, "ZADD", k2, "1", "a", "2", "b", "3", "c")

		r, err := c.ZMPop(ctx, []string{k1, k2}, constants.MIN)
		zRequireSame(t, "ZMPop MIN", r, err, models.CreateKeyWithArrayOfMembersAndScoresResult(
			models.KeyWithArrayOfMembersAndScores{Key: k2, MembersAndScores: zMas("a", 1)}))
		r, err = c.ZMPopWithOptions(ctx, []string{k1, k2}, constants.MAX, *options.NewZMPopOptions().SetCount(5))
		zRequireSame(t, "ZMPop MAX 5", r, err, models.CreateKeyWithArrayOfMembersAndScoresResult(
			models.KeyWithArrayOfMembersAndScores{Key: k2, MembersAndScores: zMas("b", 2, "c", 3)}))
		r, err = c.ZMPop(ctx, []string{k1, k2}, constants.MIN)
		zRequireSame(t, "ZMPop nothing left", r, err, models.CreateNilKeyWithArrayOfMembersAndScoresResult())
	})
}

// TestZSetWrongType: every command reading or writing a sorted set refuses a string key.
func TestZSetWrongType(t *testing.T) {
	zsetServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, z := testKey(t, "str"), testKey(t, "z")
		fixture(t, s, "SET", k, "v")
		fixture(t, s, "ZADD", z, "1", "a")
		idx := options.NewRangeByIndexQuery(0, -1)
		lex := *options.NewRangeByLexQuery(options.NewInfiniteLexBoundary(constants.NegativeInfinity),
			options.NewInfiniteLexBoundary(constants.PositiveInfinity))
		byScore := *options.NewRangeByScoreQuery(options.NewInfiniteScoreBoundary(constants.NegativeInfinity),
			options.NewInfiniteScoreBoundary(constants.PositiveInfinity))
		keys := options.KeyArray{Keys: []string{z, k}}
		calls := map[string]func() error{
			"ZAdd":             func() error { _, err := c.ZAdd(ctx, k, map[string]float64{"a": 1}); return err },
			"ZAddIncr":         func() error { _, err := c.ZAddIncr(ctx, k, "a", 1); return err },
			"ZIncrBy":          func() error { _, err := c.ZIncrBy(ctx, k, 1, "a"); return err },
			"ZPopMin":          func() error { _, err := c.ZPopMin(ctx, k); return err },
			"ZPopMax":          func() error { _, err := c.ZPopMax(ctx, k); return err },
			"ZRem":             func() error { _, err := c.ZRem(ctx, k, []string{"a"}); return err },
			"ZCard":            func() error { _, err := c.ZCard(ctx, k); return err },
			"ZRange":           func() error { _, err := c.ZRange(ctx, k, idx); return err },
			"ZRangeWithScores": func() error { _, err := c.ZRangeWithScores(ctx, k, idx); return err },
			"ZRangeStore":      func() error { _, err := c.ZRangeStore(ctx, z, k, idx); return err },
			"ZCount":           func() error { _, err := c.ZCount(ctx, k, zAllScores()); return err },
			"ZRank":            func() error { _, err := c.ZRank(ctx, k, "a"); return err },
			"ZRevRank":         func() error { _, err := c.ZRevRank(ctx, k, "a"); return err },
			"ZScore":           func() error { _, err := c.ZScore(ctx, k, "a"); return err },
			"ZMScore":          func() error { _, err := c.ZMScore(ctx, k, []string{"a"}); return err },
			"ZScan":            func() error { _, err := c.ZScan(ctx, k, models.NewCursor()); return err },
			"ZRemRangeByLex":   func() error { _, err := c.ZRemRangeByLex(ctx, k, lex); return err },
			"ZRemRangeByRank":  func() error { _, err := c.ZRemRangeByRank(ctx, k, 0, 1); return err },
			"ZRemRangeByScore": func() error { _, err := c.ZRemRangeByScore(ctx, k, byScore); return err },
			"ZLexCount":        func() error { _, err := c.ZLexCount(ctx, k, lex); return err },
			"ZRandMember":      func() error { _, err := c.ZRandMember(ctx, k); return err },
			"ZRandMemberWithCountWithScores": func() error {
				_, err := c.ZRandMemberWithCountWithScores(ctx, k, 2)
				return err
			},
			"ZDiff":       func() error { _, err := c.ZDiff(ctx, []string{z, k}); return err },
			"ZDiffStore":  func() error { _, err := c.ZDiffStore(ctx, z, []string{z, k}); return err },
			"ZInter":      func() error { _, err := c.ZInter(ctx, keys); return err },
			"ZUnion":      func() error { _, err := c.ZUnion(ctx, keys); return err },
			"ZInterStore": func() error { _, err := c.ZInterStore(ctx, z, keys); return err },
			"ZUnionWithScores": func() error {
				_, err := c.ZUnionWithScores(ctx, keys, options.ZUnionOptions{})
				return err
			},
			"ZInterCard": func() error { _, err := c.ZInterCard(ctx, []string{z, k}); return err },
			"ZMPop":      func() error { _, err := c.ZMPop(ctx, []string{k}, constants.MIN); return err },
		}
		for name, call := range calls {
			err := call()
			var re *RequestError
			if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "WRONGTYPE") {
				t.Errorf("%s on a string: want a WRONGTYPE *RequestError, got %T %v", name, err, err)
			}
		}
	})
}

// TestZSetArgumentErrors: refused arguments reach neither the server nor, in a batch,
// any other command of the batch.
func TestZSetArgumentErrors(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, other := testKey(t, "z"), testKey(t, "other")

	_, err := c.ZAdd(ctx, k, map[string]float64{"a": 1, "b": math.NaN()})
	requireClientError(t, err)
	if !strings.Contains(err.Error(), "membersScoreMap") {
		t.Fatalf("error %q should name membersScoreMap", err)
	}
	if got := fixture(t, s, "EXISTS", k); got != ":0\r\n" {
		t.Fatalf("a refused ZADD wrote the key: EXISTS = %q", got)
	}
	for name, call := range map[string]func() error{
		"ZAdd empty":       func() error { _, err := c.ZAdd(ctx, k, map[string]float64{}); return err },
		"ZRem empty":       func() error { _, err := c.ZRem(ctx, k, nil); return err },
		"ZMScore empty":    func() error { _, err := c.ZMScore(ctx, k, nil); return err },
		"ZDiff empty":      func() error { _, err := c.ZDiff(ctx, nil); return err },
		"ZInter empty":     func() error { _, err := c.ZInter(ctx, options.KeyArray{}); return err },
		"ZInterCard empty": func() error { _, err := c.ZInterCard(ctx, []string{}); return err },
		"ZMPop bad filter": func() error { _, err := c.ZMPop(ctx, []string{k}, "TOP"); return err },
		"ZMPop negative": func() error {
			_, err := c.ZMPopWithOptions(ctx, []string{k}, constants.MIN, options.ZMPopOptions{Count: -2})
			return err
		},
		"ZInterCard limit": func() error {
			_, err := c.ZInterCardWithOptions(ctx, []string{k}, options.ZInterCardOptions{Limit: -3})
			return err
		},
		"ZRange nil query": func() error { _, err := c.ZRange(ctx, k, nil); return err },
		"ZScan count": func() error {
			_, err := c.ZScanWithOptions(ctx, k, models.NewCursor(), options.ZScanOptions{BaseScanOptions: options.BaseScanOptions{Count: -1}})
			return err
		},
		"ZUnion aggregate": func() error {
			_, err := c.ZUnionWithScores(ctx, options.KeyArray{Keys: []string{k}}, options.ZUnionOptions{Aggregate: "AVG"})
			return err
		},
		"ZAddIncr CH": func() error {
			ch, _ := options.NewZAddOptions().SetChanged(true)
			_, err := c.ZAddIncrWithOptions(ctx, k, "a", 1, *ch)
			return err
		},
		"ZIncrBy NaN":        func() error { _, err := c.ZIncrBy(ctx, k, math.NaN(), "a"); return err },
		"ZCount zero bounds": func() error { _, err := c.ZCount(ctx, k, options.ZCountRange{}); return err },
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			requireClientError(t, err)
		}
	}

	for _, atomic := range []bool{false, true} {
		b := pipeline.NewStandaloneBatch(atomic).
			Set(other, "v").
			ZAdd(k, map[string]float64{"a": 1}).
			ZMPop([]string{}, constants.MIN)
		results, err := c.Exec(ctx, *b, false)
		var be *BatchError
		if results != nil || !errors.As(err, &be) || !strings.Contains(be.Error(), "command 3") || !strings.Contains(be.Error(), "keys") {
			t.Fatalf("atomic=%v: Exec = %#v, %v; want a BatchError naming command 3 and keys", atomic, results, err)
		}
		if got := fixture(t, s, "EXISTS", other, k); got != ":0\r\n" {
			t.Fatalf("atomic=%v: a refused batch sent commands: EXISTS = %q", atomic, got)
		}
	}
}

// zQueueBatch queues every sorted-set batch method over keys sharing one hash slot
// and returns GLIDE's batch value for each result slot. withRank includes the 7.2+
// WITHSCORE forms.
func zQueueBatch[B pipeline.StandaloneBatch | pipeline.ClusterBatch](b *pipeline.BaseBatch[B], tag string) []any {
	z1, z2, dst, lex, one, empty := tag+"z1", tag+"z2", tag+"dst", tag+"lex", tag+"one", tag+"empty"
	inf, ninf := options.NewInfiniteScoreBoundary(constants.PositiveInfinity),
		options.NewInfiniteScoreBoundary(constants.NegativeInfinity)
	keys := options.KeyArray{Keys: []string{z1, z2}}
	var want []any
	q := func(v any) { want = append(want, v) }
	xxch, _ := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfExists).SetChanged(true)
	xx := options.NewZAddOptions().SetConditionalChange(constants.OnlyIfExists)

	b.ZAdd(z1, map[string]float64{"a": 1, "b": 2, "c": 3})
	q(int64(3))
	b.ZAddWithOptions(z1, map[string]float64{"a": 5, "d": 4}, *xxch)
	q(int64(1))
	b.ZAddIncr(z1, "b", 0.5)
	q(2.5)
	b.ZAddIncrWithOptions(z1, "n", 1, *xx)
	q(nil)
	b.ZIncrBy(z1, 1, "c") // a=5 b=2.5 c=4
	q(4.0)
	b.ZCard(z1)
	q(int64(3))
	b.ZScore(z1, "a")
	q(5.0)
	b.ZScore(z1, "zz")
	q(nil)
	b.ZMScore(z1, []string{"a", "zz"})
	q([]models.Result[float64]{zF64(5), models.CreateNilFloat64Result()})
	b.ZRank(z1, "a")
	q(int64(2))
	b.ZRank(z1, "zz")
	q(nil)
	b.ZRevRank(z1, "a")
	q(int64(0))
	b.ZRankWithScore(z1, "b")
	q(models.RankAndScore{Rank: 0, Score: 2.5})
	b.ZRevRankWithScore(z1, "zz")
	q(nil)
	b.ZRange(z1, options.NewRangeByIndexQuery(0, -1))
	q([]string{"b", "c", "a"})
	b.ZRangeWithScores(z1, options.NewRangeByIndexQuery(0, -1).SetReverse())
	q(zMas("a", 5, "c", 4, "b", 2.5))
	b.ZRangeStore(dst, z1, options.NewRangeByScoreQuery(options.NewInclusiveScoreBoundary(3), inf))
	q(int64(2))
	b.ZCount(z1, zAllScores())
	q(int64(3))
	b.ZAdd(z2, map[string]float64{"c": 1, "d": 2})
	q(int64(2))
	b.ZInter(keys)
	q([]string{"c"})
	b.ZInterWithScores(keys, *options.NewZInterOptions())
	q(zMas("c", 5))
	b.ZInterStore(dst, keys)
	q(int64(1))
	b.ZInterStoreWithOptions(dst, options.WeightedKeys{KeyWeightPairs: []options.KeyWeightPair{{Key: z1, Weight: 1},
		{Key: z2, Weight: 10}}}, *options.NewZInterOptions().SetAggregate(options.AggregateMax))
	q(int64(1))
	b.ZUnion(keys)
	q([]string{"d", "b", "a", "c"})
	b.ZUnionWithScores(keys, *options.NewZUnionOptions().SetAggregate(options.AggregateMin))
	q(zMas("c", 1, "d", 2, "b", 2.5, "a", 5))
	b.ZUnionStore(dst, keys)
	q(int64(4))
	b.ZUnionStoreWithOptions(dst, keys, *options.NewZUnionOptions().SetAggregate(options.AggregateSum))
	q(int64(4))
	b.ZDiff([]string{z1, z2})
	q([]string{"b", "a"})
	b.ZDiffWithScores([]string{z1, z2})
	q(zMas("b", 2.5, "a", 5))
	b.ZDiffStore(dst, []string{z1, z2})
	q(int64(2))
	b.ZInterCard([]string{z1, z2})
	q(int64(1))
	b.ZInterCardWithOptions([]string{z1, z2}, *options.NewZInterCardOptions().SetLimit(1))
	q(int64(1))
	b.ZAdd(lex, map[string]float64{"a": 0, "b": 0, "c": 0})
	q(int64(3))
	b.ZLexCount(lex, *options.NewRangeByLexQuery(options.NewLexBoundary("b", true), options.NewInfiniteLexBoundary(constants.PositiveInfinity)))
	q(int64(2))
	b.ZRange(lex, options.NewRangeByLexQuery(options.NewLexBoundary("a", false), options.NewInfiniteLexBoundary(constants.PositiveInfinity)).SetLimit(0, 1))
	q([]string{"b"})
	b.ZRemRangeByLex(lex, *options.NewRangeByLexQuery(options.NewLexBoundary("a", true), options.NewLexBoundary("a", true)))
	q(int64(1))
	b.ZAdd(one, map[string]float64{"x": 7})
	q(int64(1))
	b.ZRandMember(one)
	q("x")
	b.ZRandMember(empty)
	q(nil)
	b.ZRandMemberWithCount(one, -2)
	q([]string{"x", "x"})
	b.ZRandMemberWithCountWithScores(one, -2)
	q(zMas("x", 7, "x", 7))
	b.ZRandMemberWithCountWithScores(empty, 3)
	q([]models.MemberAndScore{})
	b.ZScan(one, "0")
	q(models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"x", "7"}})
	b.ZScanWithOptions(one, "0", *options.NewZScanOptions().SetMatch("x"))
	q(models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"x", "7"}})
	b.ZPopMin(z1)
	q(map[string]float64{"b": 2.5})
	b.ZPopMaxWithOptions(z1, *options.NewZPopOptions().SetCount(5))
	q(map[string]float64{"a": 5, "c": 4})
	b.ZPopMax(empty)
	q(map[string]float64{})
	b.ZPopMinWithOptions(lex, *options.NewZPopOptions().SetCount(10))
	q(map[string]float64{"b": 0, "c": 0})
	b.ZMPop([]string{empty, z2}, constants.MIN)
	q(models.CreateKeyWithArrayOfMembersAndScoresResult(models.KeyWithArrayOfMembersAndScores{Key: z2, MembersAndScores: zMas("c", 1)}))
	b.ZMPopWithOptions([]string{empty}, constants.MAX, *options.NewZMPopOptions().SetCount(2))
	q(nil)
	b.ZRem(z2, []string{"d", "zz"})
	q(int64(1))
	b.ZRemRangeByRank(dst, 0, 0)
	q(int64(1))
	b.ZRemRangeByScore(dst, *options.NewRangeByScoreQuery(ninf, inf))
	q(int64(1))
	return want
}

// zRequireSlots compares each result slot's dynamic type and value.
func zRequireSlots(t *testing.T, got, want []any, args func(i int) []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for i := range want {
		if reflect.TypeOf(got[i]) != reflect.TypeOf(want[i]) || !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("slot %d %q: got %T %#v, want %T %#v", i, args(i), got[i], got[i], want[i], want[i])
		}
	}
}

// TestZSetBatch runs every sorted-set batch method in a transaction and in a pipeline
// and checks the exact Go value and type of each result slot (GLIDE's batch values).
func TestZSetBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		tag := testKey(t, "atomic="+strconv.FormatBool(atomic)) + ":"
		b := pipeline.NewStandaloneBatch(atomic)
		want := zQueueBatch(&b.BaseBatch, tag)
		got, err := c.Exec(ctx, *b, true)
		requireNoErr(t, "Exec", err)
		zRequireSlots(t, got, want, func(i int) []string { return b.Commands[i].Args })
	}
}

func TestZSetClusterBatch(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		tag := "{" + testKey(t, "atomic="+strconv.FormatBool(atomic)) + "}:"
		b := pipeline.NewClusterBatch(atomic)
		want := zQueueBatch(&b.BaseBatch, tag)
		got, err := c.Exec(ctx, *b, true)
		requireNoErr(t, "Exec", err)
		zRequireSlots(t, got, want, func(i int) []string { return b.Commands[i].Args })
	}
}

// TestZSetCluster: single-key commands reach each key's node; multi-key commands run
// when their keys share a slot and get the server's CROSSSLOT error, typed, when not.
func TestZSetCluster(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	base := testKey(t, "k")

	// Keys spread over the shards.
	nodes := map[*testserver.Node]bool{}
	for i := 0; i < 12; i++ {
		k := base + strconv.Itoa(i)
		nodes[cl.NodeForKey(k)] = true
		n, err := c.ZAdd(ctx, k, map[string]float64{"m": float64(i), "top": math.Inf(1)})
		zRequireSame(t, "ZAdd "+k, n, err, int64(2))
		sc, err := c.ZScore(ctx, k, "m")
		zRequireSame(t, "ZScore "+k, sc, err, zF64(float64(i)))
		l, err := c.ZRange(ctx, k, options.NewRangeByIndexQuery(0, -1).SetReverse())
		zRequireSame(t, "ZRange "+k, l, err, []string{"top", "m"})
	}
	if len(nodes) < 2 {
		t.Fatalf("test keys landed on %d node(s); want keys on several shards", len(nodes))
	}

	// One slot: the hash tag keeps the keys together.
	tag := "{" + base + "}"
	a, b, d := tag+"a", tag+"b", tag+"dst"
	fixtureCluster := func(k string, args ...string) {
		if reply, err := cl.NodeForKey(k).Exec(append([]string{"ZADD", k}, args...)...); err != nil || strings.HasPrefix(reply, "-") {
			t.Fatalf("ZADD %s: %q %v", k, reply, err)
		}
	}
	fixtureCluster(a, "1", "x", "2", "y")
	fixtureCluster(b, "3", "y", "4", "z")
	keys := options.KeyArray{Keys: []string{a, b}}
	l, err := c.ZInter(ctx, keys)
	zRequireSame(t, "ZInter same slot", l, err, []string{"y"})
	w, err := c.ZUnionWithScores(ctx, keys, options.ZUnionOptions{})
	zRequireSame(t, "ZUnionWithScores same slot", w, err, zMas("x", 1, "z", 4, "y", 5))
	n, err := c.ZDiffStore(ctx, d, []string{a, b})
	zRequireSame(t, "ZDiffStore same slot", n, err, int64(1))
	n, err = c.ZInterStore(ctx, d, keys)
	zRequireSame(t, "ZInterStore same slot", n, err, int64(1))
	n, err = c.ZUnionStore(ctx, d, keys)
	zRequireSame(t, "ZUnionStore same slot", n, err, int64(3))
	n, err = c.ZInterCard(ctx, []string{a, b})
	zRequireSame(t, "ZInterCard same slot", n, err, int64(1))
	n, err = c.ZRangeStore(ctx, d, a, options.NewRangeByIndexQuery(0, 0))
	zRequireSame(t, "ZRangeStore same slot", n, err, int64(1))
	l, err = c.ZDiff(ctx, []string{b, a})
	zRequireSame(t, "ZDiff same slot", l, err, []string{"z"})
	r, err := c.ZMPop(ctx, []string{tag + "none", b}, constants.MAX)
	zRequireSame(t, "ZMPop same slot", r, err, models.CreateKeyWithArrayOfMembersAndScoresResult(
		models.KeyWithArrayOfMembersAndScores{Key: b, MembersAndScores: zMas("z", 4)}))

	// Different slots: the server's CROSSSLOT, as a *RequestError.
	x, y := base+"0", base+"1"
	for i := 2; testserver.KeySlot(x) == testserver.KeySlot(y); i++ {
		y = base + strconv.Itoa(i)
	}
	xy := options.KeyArray{Keys: []string{x, y}}
	before := map[string]int64{}
	for _, k := range []string{x, y} {
		n, err := c.ZCard(ctx, k)
		requireNoErr(t, "ZCard "+k, err)
		before[k] = n
	}
	cross := map[string]func() error{
		"ZInter":           func() error { _, err := c.ZInter(ctx, xy); return err },
		"ZInterWithScores": func() error { _, err := c.ZInterWithScores(ctx, xy, options.ZInterOptions{}); return err },
		"ZUnion":           func() error { _, err := c.ZUnion(ctx, xy); return err },
		"ZUnionWithScores": func() error { _, err := c.ZUnionWithScores(ctx, xy, options.ZUnionOptions{}); return err },
		"ZDiff":            func() error { _, err := c.ZDiff(ctx, []string{x, y}); return err },
		"ZDiffWithScores":  func() error { _, err := c.ZDiffWithScores(ctx, []string{x, y}); return err },
		"ZInterStore":      func() error { _, err := c.ZInterStore(ctx, x, xy); return err },
		"ZUnionStore":      func() error { _, err := c.ZUnionStore(ctx, y, xy); return err },
		"ZDiffStore":       func() error { _, err := c.ZDiffStore(ctx, x, []string{x, y}); return err },
		"ZInterCard":       func() error { _, err := c.ZInterCard(ctx, []string{x, y}); return err },
		"ZMPop":            func() error { _, err := c.ZMPop(ctx, []string{x, y}, constants.MIN); return err },
		"ZRangeStore":      func() error { _, err := c.ZRangeStore(ctx, y, x, options.NewRangeByIndexQuery(0, -1)); return err },
	}
	for name, call := range cross {
		err := call()
		var re *RequestError
		if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
			t.Errorf("%s across slots: want a CROSSSLOT *RequestError, got %T %v", name, err, err)
		}
	}
	// In a cluster pipeline the cross-slot command fails alone, in its own slot.
	pb := pipeline.NewClusterBatch(false).ZCard(x).ZUnion(xy).ZCard(y)
	res, err := c.Exec(ctx, *pb, false)
	requireNoErr(t, "cluster pipeline", err)
	if len(res) != 3 {
		t.Fatalf("cluster pipeline: %d results, want 3", len(res))
	}
	var re *RequestError
	if e, ok := res[1].(error); res[0] != before[x] || res[2] != before[y] ||
		!ok || !errors.As(e, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("cluster pipeline with a cross-slot ZUNION: %#v", res)
	}
	// Nothing was popped or stored by the refused commands.
	for _, k := range []string{x, y} {
		n, err := c.ZCard(ctx, k)
		zRequireSame(t, "ZCard after CROSSSLOT "+k, n, err, before[k])
	}
}
