package cmds

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
)

// RESP builders for the reply bytes of the cases below.

func bulk(s string) string { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }
func num(n int64) string   { return ":" + strconv.FormatInt(n, 10) + "\r\n" }
func dbl(s string) string  { return "," + s + "\r\n" }
func verbatim(s string) string {
	return "=" + strconv.Itoa(len(s)+4) + "\r\ntxt:" + s + "\r\n"
}
func arr(items ...string) string {
	return "*" + strconv.Itoa(len(items)) + "\r\n" + strings.Join(items, "")
}
func map3(kvs ...string) string {
	return "%" + strconv.Itoa(len(kvs)/2) + "\r\n" + strings.Join(kvs, "")
}
func set3(items ...string) string {
	return "~" + strconv.Itoa(len(items)) + "\r\n" + strings.Join(items, "")
}
func bulks(ss ...string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = bulk(s)
	}
	return out
}

const (
	nil2    = "$-1\r\n"
	nilArr2 = "*-1\r\n"
	nil3    = "_\r\n"
)

type set = map[string]struct{}
type obj = map[string]any

func members(ms ...string) set {
	out := set{}
	for _, m := range ms {
		out[m] = struct{}{}
	}
	return out
}

// shapeCase is one raw command with its reply over RESP2 and over RESP3 (empty: that
// protocol is not exercised by this case) and the value CustomCommand must give.
type shapeCase struct {
	args         []string
	resp2, resp3 string
	want         any
}

func boolCases() []shapeCase {
	var out []shapeCase
	for _, c := range [][]string{
		{"HEXISTS", "h", "f"}, {"HSETNX", "h", "f", "v"}, {"EXPIRE", "k", "10"}, {"EXPIREAT", "k", "1"},
		{"PEXPIRE", "k", "10"}, {"PEXPIREAT", "k", "1"}, {"SISMEMBER", "s", "m"}, {"PERSIST", "k"},
		{"SMOVE", "a", "b", "m"}, {"PFADD", "h", "e"}, {"RENAMENX", "a", "b"}, {"MOVE", "k", "1"},
		{"COPY", "a", "b"}, {"MSETNX", "a", "1"}, {"XGROUP", "DESTROY", "s", "g"},
		{"XGROUP", "CREATECONSUMER", "s", "g", "c"},
	} {
		out = append(out,
			shapeCase{args: c, resp2: num(1), resp3: num(1), want: true},
			shapeCase{args: c, resp2: num(0), resp3: num(0), want: false})
	}
	return out
}

func shapeCases() []shapeCase {
	pairs := func(kv ...string) []any {
		out := []any{}
		for i := 0; i < len(kv); i += 2 {
			out = append(out, []any{kv[i], kv[i+1]})
		}
		return out
	}
	entry := arr(bulk("1-0"), arr(bulks("f", "v", "g", "w")...))
	entryMap := obj{"1-0": pairs("f", "v", "g", "w")}
	fn2 := arr(bulk("name"), bulk("f1"), bulk("description"), nil2, bulk("flags"), arr(bulk("no-writes")))
	fn3 := map3(bulk("name"), bulk("f1"), bulk("description"), nil3, bulk("flags"), set3(bulk("no-writes")))
	cases := []shapeCase{
		{args: []string{"CLIENT", "TRACKINGINFO"},
			resp2: arr(bulk("flags"), arr(bulk("off")), bulk("redirect"), num(-1), bulk("prefixes"), arr()),
			resp3: map3(bulk("flags"), set3(bulk("off")), bulk("redirect"), num(-1), bulk("prefixes"), arr()),
			want:  obj{"flags": members("off"), "redirect": int64(-1), "prefixes": []any{}}},
		{args: []string{"HGETALL", "h"}, resp2: arr(bulks("f1", "v1", "f2", "v2")...),
			resp3: map3(bulks("f1", "v1", "f2", "v2")...), want: obj{"f1": "v1", "f2": "v2"}},
		{args: []string{"hgetall", "h"}, resp2: arr(), resp3: map3(), want: obj{}},
		{args: []string{"HELLO"}, resp2: arr(bulk("server"), bulk("valkey"), bulk("proto"), num(2), bulk("modules"), arr()),
			resp3: map3(bulk("server"), bulk("valkey"), bulk("proto"), num(2), bulk("modules"), arr()),
			want:  obj{"server": "valkey", "proto": int64(2), "modules": []any{}}},
		{args: []string{"config", "get", "maxmemory*"}, resp2: arr(bulks("maxmemory", "0")...),
			resp3: map3(bulks("maxmemory", "0")...), want: obj{"maxmemory": "0"}},
		{args: []string{"XCLAIM", "s", "g", "c", "0", "1-0"}, resp2: arr(entry), resp3: arr(entry), want: entryMap},
		{args: []string{"XCLAIM", "s", "g", "c", "0", "1-0", "JUSTID"}, resp2: arr(bulks("1-0", "1-1")...),
			resp3: arr(bulks("1-0", "1-1")...), want: []any{"1-0", "1-1"}},
		{args: []string{"XAUTOCLAIM", "s", "g", "c", "0", "0"}, resp2: arr(bulk("0-0"), arr(entry), arr(bulk("0-9"))),
			resp3: arr(bulk("0-0"), arr(entry), arr(bulk("0-9"))), want: []any{"0-0", entryMap, []any{"0-9"}}},
		// Before Redis 7, XAUTOCLAIM had two elements and nulls for deleted entries.
		{args: []string{"XAUTOCLAIM", "s", "g", "c", "0", "0"}, resp2: arr(bulk("0-0"), arr(entry, nilArr2)),
			want: []any{"0-0", entryMap}},
		{args: []string{"XAUTOCLAIM", "s", "g", "c", "0", "0", "justid"}, resp2: arr(bulk("0-0"), arr(bulk("1-0")), arr()),
			resp3: arr(bulk("0-0"), arr(bulk("1-0")), arr()), want: []any{"0-0", []any{"1-0"}, []any{}}},
		{args: []string{"XINFO", "GROUPS", "s"}, resp2: arr(arr(bulk("name"), bulk("g1"), bulk("consumers"), num(0))),
			resp3: arr(map3(bulk("name"), bulk("g1"), bulk("consumers"), num(0))),
			want:  []any{obj{"name": "g1", "consumers": int64(0)}}},
		{args: []string{"XINFO", "CONSUMERS", "s", "g"}, resp2: arr(arr(bulk("name"), bulk("c1"), bulk("pending"), num(2))),
			resp3: arr(map3(bulk("name"), bulk("c1"), bulk("pending"), num(2))),
			want:  []any{obj{"name": "c1", "pending": int64(2)}}},
		{args: []string{"XINFO", "CONSUMERS", "s", "g"}, resp2: arr(), resp3: arr(), want: []any{}},
		{args: []string{"XRANGE", "s", "-", "+"}, resp2: arr(entry), resp3: arr(entry), want: entryMap},
		{args: []string{"XRANGE", "s", "-", "+"}, resp2: arr(), resp3: arr(), want: obj{}},
		{args: []string{"XREVRANGE", "s", "+", "-"}, resp2: arr(entry), resp3: arr(entry), want: entryMap},
		{args: []string{"XREAD", "STREAMS", "s", "0"}, resp2: arr(arr(bulk("s"), arr(entry))),
			resp3: map3(bulk("s"), arr(entry)), want: obj{"s": entryMap}},
		{args: []string{"XREAD", "STREAMS", "s", "$"}, resp2: nilArr2, resp3: nil3, want: nil},
		{args: []string{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"}, resp2: arr(arr(bulk("s"), arr(entry))),
			resp3: map3(bulk("s"), arr(entry)), want: obj{"s": entryMap}},
		{args: []string{"LCS", "a", "b", "IDX"},
			resp2: arr(bulk("matches"), arr(arr(arr(num(4), num(7)), arr(num(5), num(8)))), bulk("len"), num(4)),
			resp3: map3(bulk("matches"), arr(arr(arr(num(4), num(7)), arr(num(5), num(8)))), bulk("len"), num(4)),
			want: obj{"matches": []any{[]any{[]any{int64(4), int64(7)}, []any{int64(5), int64(8)}}},
				"len": int64(4)}},
		{args: []string{"LCS", "a", "b"}, resp2: bulk("mytext"), resp3: bulk("mytext"), want: "mytext"},
		{args: []string{"INCRBYFLOAT", "k", "0.1"}, resp2: bulk("0.1"), resp3: bulk("0.1"), want: 0.1},
		{args: []string{"HINCRBYFLOAT", "h", "f", "1"}, resp2: bulk("3.5"), resp3: bulk("3.5"), want: 3.5},
		{args: []string{"ZINCRBY", "z", "2", "m"}, resp2: bulk("3"), resp3: dbl("3"), want: 3.0},
		{args: []string{"SMISMEMBER", "s", "a", "b"}, resp2: arr(num(1), num(0)), resp3: arr(num(1), num(0)),
			want: []any{true, false}},
		{args: []string{"SCRIPT", "EXISTS", "x"}, resp2: arr(num(0)), resp3: arr(num(0)), want: []any{false}},
		{args: []string{"SMEMBERS", "s"}, resp2: arr(bulks("a", "b")...), resp3: set3(bulks("a", "b")...),
			want: members("a", "b")},
		{args: []string{"SMEMBERS", "s"}, resp2: arr(), resp3: set3(), want: members()},
		{args: []string{"SINTER", "a", "b"}, resp2: arr(bulk("x")), resp3: set3(bulk("x")), want: members("x")},
		{args: []string{"SDIFF", "a", "b"}, resp2: arr(bulk("x")), resp3: set3(bulk("x")), want: members("x")},
		{args: []string{"SUNION", "a", "b"}, resp2: arr(bulk("x")), resp3: set3(bulk("x")), want: members("x")},
		{args: []string{"SPOP", "s", "2"}, resp2: arr(bulks("a", "b")...), resp3: set3(bulks("a", "b")...),
			want: members("a", "b")},
		{args: []string{"SPOP", "s"}, resp2: bulk("a"), resp3: bulk("a"), want: "a"},
		{args: []string{"SPOP", "s"}, resp2: nil2, resp3: nil3, want: nil},
		{args: []string{"ZSCORE", "z", "m"}, resp2: bulk("1.5"), resp3: dbl("1.5"), want: 1.5},
		{args: []string{"ZSCORE", "z", "m"}, resp2: nil2, resp3: nil3, want: nil},
		{args: []string{"ZSCORE", "z", "m"}, resp2: bulk("inf"), resp3: dbl("inf"), want: posInf},
		{args: []string{"GEODIST", "g", "a", "b"}, resp2: bulk("166274.1516"), resp3: bulk("166274.1516"), want: 166274.1516},
		{args: []string{"ZMSCORE", "z", "a", "b"}, resp2: arr(bulk("1.5"), nil2), resp3: arr(dbl("1.5"), nil3),
			want: []any{1.5, nil}},
		{args: []string{"ZPOPMIN", "z"}, resp2: arr(bulk("a"), bulk("1")), resp3: arr(bulk("a"), dbl("1")),
			want: obj{"a": 1.0}},
		{args: []string{"ZPOPMAX", "z", "2"}, resp2: arr(bulk("b"), bulk("2"), bulk("a"), bulk("1")),
			resp3: arr(arr(bulk("b"), dbl("2")), arr(bulk("a"), dbl("1"))), want: obj{"a": 1.0, "b": 2.0}},
		{args: []string{"ZPOPMIN", "z"}, resp2: arr(), resp3: arr(), want: obj{}},
		{args: []string{"ZMPOP", "1", "z", "MIN"}, resp2: arr(bulk("z"), arr(arr(bulk("a"), bulk("1")))),
			resp3: arr(bulk("z"), arr(arr(bulk("a"), dbl("1")))), want: []any{"z", obj{"a": 1.0}}},
		{args: []string{"ZMPOP", "1", "z", "MIN"}, resp2: nilArr2, resp3: nil3, want: nil},
		{args: []string{"BZMPOP", "0", "1", "z", "MAX"}, resp2: arr(bulk("z"), arr(arr(bulk("a"), bulk("1")))),
			resp3: arr(bulk("z"), arr(arr(bulk("a"), dbl("1")))), want: []any{"z", obj{"a": 1.0}}},
		{args: []string{"JSON.TOGGLE", "k", "$.a"}, resp2: arr(num(1), nil2), resp3: arr(num(0), nil3),
			want: nil}, // checked per protocol below
		{args: []string{"GEOPOS", "g", "a", "x"}, resp2: arr(arr(bulk("13.5"), bulk("38.25")), nilArr2),
			resp3: arr(arr(dbl("13.5"), dbl("38.25")), nil3), want: []any{[]any{13.5, 38.25}, nil}},
		{args: []string{"LMPOP", "1", "l", "LEFT"}, resp2: arr(bulk("l"), arr(bulks("a", "b")...)),
			resp3: arr(bulk("l"), arr(bulks("a", "b")...)), want: obj{"l": []any{"a", "b"}}},
		{args: []string{"LMPOP", "1", "l", "LEFT"}, resp2: nilArr2, resp3: nil3, want: nil},
		{args: []string{"BLMPOP", "0", "1", "l", "RIGHT"}, resp2: arr(bulk("l"), arr(bulk("b"))),
			resp3: arr(bulk("l"), arr(bulk("b"))), want: obj{"l": []any{"b"}}},
		{args: []string{"HRANDFIELD", "h", "-2", "WITHVALUES"}, resp2: arr(bulks("f", "v", "f", "v")...),
			resp3: arr(arr(bulks("f", "v")...), arr(bulks("f", "v")...)), want: pairs("f", "v", "f", "v")},
		{args: []string{"HRANDFIELD", "h", "2", "withvalues"}, resp2: arr(), resp3: arr(), want: []any{}},
		{args: []string{"HRANDFIELD", "h", "2"}, resp2: arr(bulk("f")), resp3: arr(bulk("f")), want: []any{"f"}},
		{args: []string{"ZRANDMEMBER", "z", "1", "WITHSCORES"}, resp2: arr(bulk("m"), bulk("1")),
			resp3: arr(arr(bulk("m"), dbl("1"))), want: []any{[]any{"m", 1.0}}},
		{args: []string{"ZRANDMEMBER", "z"}, resp2: bulk("m"), resp3: bulk("m"), want: "m"},
		{args: []string{"ZADD", "z", "INCR", "2", "m"}, resp2: bulk("2"), resp3: dbl("2"), want: 2.0},
		{args: []string{"ZADD", "z", "NX", "INCR", "2", "m"}, resp2: nil2, resp3: nil3, want: nil},
		{args: []string{"ZADD", "z", "2", "m"}, resp2: num(1), resp3: num(1), want: int64(1)},
		{args: []string{"ZRANGE", "z", "0", "-1", "WITHSCORES"}, resp2: arr(bulk("a"), bulk("1"), bulk("b"), bulk("2")),
			resp3: arr(arr(bulk("a"), dbl("1")), arr(bulk("b"), dbl("2"))), want: obj{"a": 1.0, "b": 2.0}},
		{args: []string{"zrange", "z", "0", "-1", "withscores"}, resp2: arr(), resp3: arr(), want: obj{}},
		{args: []string{"ZRANGE", "z", "0", "-1"}, resp2: arr(bulk("a")), resp3: arr(bulk("a")), want: []any{"a"}},
		{args: []string{"ZDIFF", "2", "a", "b", "WITHSCORES"}, resp2: arr(bulk("a"), bulk("1")),
			resp3: arr(arr(bulk("a"), dbl("1"))), want: obj{"a": 1.0}},
		{args: []string{"ZUNION", "2", "a", "b", "WITHSCORES"}, resp2: arr(bulk("a"), bulk("1")),
			resp3: arr(arr(bulk("a"), dbl("1"))), want: obj{"a": 1.0}},
		{args: []string{"ZINTER", "2", "a", "b", "WITHSCORES"}, resp2: arr(bulk("a"), bulk("1")),
			resp3: arr(arr(bulk("a"), dbl("1"))), want: obj{"a": 1.0}},
		{args: []string{"ZRANK", "z", "m", "WITHSCORE"}, resp2: arr(num(0), bulk("1.5")),
			resp3: arr(num(0), dbl("1.5")), want: []any{int64(0), 1.5}},
		{args: []string{"ZRANK", "z", "m", "WITHSCORE"}, resp2: nilArr2, resp3: nil3, want: nil},
		{args: []string{"ZRANK", "z", "m"}, resp2: num(3), resp3: num(3), want: int64(3)},
		{args: []string{"ZREVRANK", "z", "m", "WITHSCORE"}, resp2: arr(num(1), bulk("2")),
			resp3: arr(num(1), dbl("2")), want: []any{int64(1), 2.0}},
		{args: []string{"BZPOPMIN", "z", "0"}, resp2: arr(bulk("z"), bulk("m"), bulk("1")),
			resp3: arr(bulk("z"), bulk("m"), dbl("1")), want: []any{"z", "m", 1.0}},
		{args: []string{"BZPOPMAX", "z", "0"}, resp2: nilArr2, resp3: nil3, want: nil},
		{args: []string{"LOLWUT"}, resp2: bulk("a\x1b[0;97;107m \x1b[0mb\x1b[0;30;40m \x1b[0m"),
			resp3: verbatim("a\x1b[0;37;47m \x1b[0mb"), want: nil}, // checked per protocol below
		{args: []string{"FUNCTION", "LIST"},
			resp2: arr(arr(bulk("library_name"), bulk("lib"), bulk("engine"), bulk("LUA"), bulk("functions"), arr(fn2))),
			resp3: arr(map3(bulk("library_name"), bulk("lib"), bulk("engine"), bulk("LUA"), bulk("functions"), arr(fn3))),
			want: []any{obj{"library_name": "lib", "engine": "LUA", "functions": []any{
				obj{"name": "f1", "description": nil, "flags": members("no-writes")}}}}},
		{args: []string{"FUNCTION", "LIST"}, resp2: arr(), resp3: arr(), want: []any{}},
		{args: []string{"FUNCTION", "STATS"},
			resp2: arr(bulk("running_script"), nil2, bulk("engines"),
				arr(bulk("LUA"), arr(bulk("libraries_count"), num(1), bulk("functions_count"), num(2)))),
			resp3: map3(bulk("running_script"), nil3, bulk("engines"),
				map3(bulk("LUA"), map3(bulk("libraries_count"), num(1), bulk("functions_count"), num(2)))),
			want: obj{"running_script": nil, "engines": obj{"LUA": obj{"libraries_count": int64(1), "functions_count": int64(2)}}}},
		{args: []string{"FUNCTION", "STATS"},
			resp2: arr(bulk("running_script"), arr(bulk("name"), bulk("f"), bulk("duration_ms"), num(5)), bulk("engines"), arr()),
			want:  obj{"running_script": obj{"name": "f", "duration_ms": int64(5)}, "engines": obj{}}},
		{args: []string{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST", "WITHHASH", "WITHCOORD"},
			resp2: arr(arr(bulk("P"), bulk("190.25"), num(3479099956230698), arr(bulk("13.5"), bulk("38.25")))),
			resp3: arr(arr(bulk("P"), bulk("190.25"), num(3479099956230698), arr(dbl("13.5"), dbl("38.25")))),
			want:  []any{[]any{"P", []any{190.25, int64(3479099956230698), []any{13.5, 38.25}}}}},
		{args: []string{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "withdist"},
			resp2: arr(arr(bulk("P"), bulk("1.5"))), resp3: arr(arr(bulk("P"), bulk("1.5"))),
			want: []any{[]any{"P", []any{1.5}}}},
		{args: []string{"GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
			resp2: arr(bulk("P")), resp3: arr(bulk("P")), want: []any{"P"}},
		{args: []string{"XINFO", "STREAM", "s"},
			resp2: arr(bulk("length"), num(1), bulk("first-entry"), entry, bulk("max-deleted-entry-id"), bulk("0-0")),
			resp3: map3(bulk("length"), num(1), bulk("first-entry"), entry, bulk("max-deleted-entry-id"), bulk("0-0")),
			want: obj{"length": int64(1), "first-entry": []any{"1-0", []any{"f", "v", "g", "w"}},
				"max-deleted-entry-id": "0-0"}},
		{args: []string{"XINFO", "STREAM", "s", "FULL"},
			resp2: arr(bulk("length"), num(1), bulk("entries"), arr(entry), bulk("groups"),
				arr(arr(bulk("name"), bulk("g1"), bulk("pending"), arr(), bulk("consumers"),
					arr(arr(bulk("name"), bulk("c1"), bulk("pel-count"), num(0)))))),
			resp3: map3(bulk("length"), num(1), bulk("entries"), arr(entry), bulk("groups"),
				arr(map3(bulk("name"), bulk("g1"), bulk("pending"), arr(), bulk("consumers"),
					arr(map3(bulk("name"), bulk("c1"), bulk("pel-count"), num(0)))))),
			want: obj{"length": int64(1), "entries": []any{[]any{"1-0", []any{"f", "v", "g", "w"}}},
				"groups": []any{obj{"name": "g1", "pending": []any{}, "consumers": []any{obj{"name": "c1", "pel-count": int64(0)}}}}}},
		{args: []string{"XINFO", "STREAM", "s", "FULL"},
			resp2: arr(bulk("length"), num(0), bulk("entries"), arr(), bulk("groups"), arr()),
			resp3: map3(bulk("length"), num(0), bulk("entries"), arr(), bulk("groups"), arr()),
			want:  obj{"length": int64(0), "entries": []any{}, "groups": []any{}}},
		{args: []string{"PUBSUB", "NUMSUB", "a", "b"}, resp2: arr(bulk("a"), num(0), bulk("b"), num(2)),
			resp3: map3(bulk("a"), num(0), bulk("b"), num(2)), want: obj{"a": int64(0), "b": int64(2)}},
		{args: []string{"PUBSUB", "SHARDNUMSUB", "a"}, resp2: arr(bulk("a"), num(1)),
			resp3: arr(bulk("a"), num(1)), want: obj{"a": int64(1)}},
		{args: []string{"MEMORY", "STATS"},
			resp2: arr(bulk("peak.allocated"), num(100), bulk("dataset.percentage"), bulk("12.5"), bulk("db.0"),
				arr(bulk("overhead.hashtable.main"), num(72), bulk("overhead.hashtable.expires"), num(0))),
			resp3: map3(bulk("peak.allocated"), num(100), bulk("dataset.percentage"), dbl("12.5"), bulk("db.0"),
				map3(bulk("overhead.hashtable.main"), num(72), bulk("overhead.hashtable.expires"), num(0))),
			want: obj{"peak.allocated": int64(100), "dataset.percentage": 12.5,
				"db.0": obj{"overhead.hashtable.main": int64(72), "overhead.hashtable.expires": int64(0)}}},
		{args: []string{"FT._ALIASLIST"}, resp2: arr(bulks("alias", "idx")...), resp3: map3(bulks("alias", "idx")...),
			want: obj{"alias": "idx"}},
		{args: []string{"FT.AGGREGATE", "idx", "*"},
			resp2: arr(num(2), arr(bulks("condition", "new", "n", "3")...), arr(bulks("condition", "used", "n", "1")...)),
			resp3: arr(num(2), arr(bulks("condition", "new", "n", "3")...), arr(bulks("condition", "used", "n", "1")...)),
			want:  []any{obj{"condition": "new", "n": "3"}, obj{"condition": "used", "n": "1"}}},
		{args: []string{"FT.SEARCH", "idx", "*"},
			resp2: arr(num(2), bulk("d:1"), arr(bulks("$", "{}")...), bulk("d:2"), arr(bulks("a", "1", "b", "2")...)),
			resp3: arr(num(2), bulk("d:1"), arr(bulks("$", "{}")...), bulk("d:2"), arr(bulks("a", "1", "b", "2")...)),
			want:  []any{int64(2), obj{"d:1": obj{"$": "{}"}, "d:2": obj{"a": "1", "b": "2"}}}},
		{args: []string{"FT.SEARCH", "idx", "*", "NOCONTENT"}, resp2: arr(num(2), bulk("d:1"), bulk("d:2")),
			resp3: arr(num(2), bulk("d:1"), bulk("d:2")), want: []any{int64(2), obj{"d:1": obj{}, "d:2": obj{}}}},
		{args: []string{"FT.SEARCH", "idx", "*", "LIMIT", "0", "0"}, resp2: arr(num(7)), resp3: arr(num(7)),
			want: []any{int64(7)}},
		{args: []string{"FT.SEARCH", "idx", "nothing"}, resp2: arr(num(0)), resp3: arr(num(0)), want: []any{int64(0)}},
		{args: []string{"FT.SEARCH", "idx", "*", "SORTBY", "a", "WITHSORTKEYS"},
			resp2: arr(num(1), bulk("d:1"), bulk("#1"), arr(bulks("a", "1")...)),
			resp3: arr(num(1), bulk("d:1"), bulk("#1"), arr(bulks("a", "1")...)),
			want:  []any{int64(1), obj{"d:1": []any{"#1", obj{"a": "1"}}}}},
		{args: []string{"FT.SEARCH", "idx", "*", "WITHSORTKEYS", "NOCONTENT"},
			resp2: arr(num(2), bulk("d:1"), bulk("#1"), bulk("d:2"), nil2),
			resp3: arr(num(2), bulk("d:1"), bulk("#1"), bulk("d:2"), nil3),
			want:  []any{int64(2), obj{"d:1": []any{"#1", obj{}}, "d:2": []any{nil, obj{}}}}},
		{args: []string{"FT.PROFILE", "idx", "SEARCH", "QUERY", "*"},
			resp2: arr(arr(num(1), bulk("d:1"), arr(bulks("a", "1")...)), arr(arr(bulk("parse.time"), num(119)))),
			resp3: arr(arr(num(1), bulk("d:1"), arr(bulks("a", "1")...)), arr(arr(bulk("parse.time"), num(119)))),
			want:  []any{[]any{int64(1), obj{"d:1": obj{"a": "1"}}}, obj{"parse.time": 119.0}}},
		{args: []string{"FT.PROFILE", "idx", "AGGREGATE", "QUERY", "*"},
			resp2: arr(arr(num(1), arr(bulks("n", "3")...)), arr(arr(bulk("all.count"), bulk("4")))),
			want:  []any{[]any{obj{"n": "3"}}, obj{"all.count": 4.0}}},
		{args: []string{"FT.INFO", "idx"},
			resp2: arr(bulk("index_name"), bulk("idx"), bulk("num_docs"), num(3), bulk("fields"),
				arr(arr(bulk("identifier"), bulk("v"), bulk("type"), bulk("VECTOR"), bulk("vector_params"),
					arr(bulk("algorithm"), bulk("HNSW"), bulk("dimension"), num(2))))),
			want: obj{"index_name": "idx", "num_docs": int64(3), "fields": []any{obj{"identifier": "v", "type": "VECTOR",
				"vector_params": obj{"algorithm": "HNSW", "dimension": int64(2)}}}}},
		// Commands without a shape keep ReadAny's value.
		{args: []string{"GET", "k"}, resp2: bulk("1.5"), resp3: bulk("1.5"), want: "1.5"},
		{args: []string{"CONFIG", "SET", "a", "b"}, resp2: "+OK\r\n", resp3: "+OK\r\n", want: "OK"},
	}
	return append(cases, boolCases()...)
}

var posInf = func() float64 { f, _ := strconv.ParseFloat("inf", 64); return f }()

// perProtocol are cases whose value differs by protocol because the input does.
var perProtocol = map[string][2]any{
	"JSON.TOGGLE": {[]any{true, nil}, []any{false, nil}},
	"LOLWUT":      {"a\u2591b ", "a\u2592b"},
}

func decodeRaw(t *testing.T, args []string, raw string) (any, error) {
	t.Helper()
	var r resp.Reader
	r.Reset([]byte(raw))
	v, err := CustomCommand(args).Decode(&r)
	if err == nil && r.Len() != 0 {
		t.Fatalf("%v: %d bytes left unread", args, r.Len())
	}
	return v, err
}

func TestCustomCommandReplyShapes(t *testing.T) {
	for _, c := range shapeCases() {
		for i, raw := range []string{c.resp2, c.resp3} {
			if raw == "" {
				continue
			}
			proto := []string{"RESP2", "RESP3"}[i]
			want := c.want
			if pp, ok := perProtocol[strings.ToUpper(c.args[0])]; ok {
				want = pp[i]
			}
			t.Run(strings.Join(c.args, " ")+"/"+proto, func(t *testing.T) {
				got, err := decodeRaw(t, c.args, raw)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if !reflect.DeepEqual(got, want) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
					t.Fatalf("got %#v (%T), want %#v (%T)", got, got, want, want)
				}
			})
		}
	}
}

// Every command of the table is exercised by a case above.
func TestReplyShapeTableCovered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range shapeCases() {
		seen[commandName(c.args)] = true
	}
	for name := range replyShapes {
		if !seen[name] {
			t.Errorf("no shape case for %s", name)
		}
	}
}

func TestReplyShapeSelection(t *testing.T) {
	for _, c := range []struct {
		args []string
		want shape
	}{
		{[]string{"ZRANGE", "z", "0", "-1"}, shapeNone},
		{[]string{"ZRANGE", "z", "0", "-1", "WithScores"}, shapeMemberScores},
		{[]string{"ZRANK", "z", "m", "WITHSCORES"}, shapeNone}, // only the exact token WITHSCORE
		{[]string{"SPOP", "s"}, shapeNone},
		{[]string{"SPOP", "s", "1"}, shapeSet},
		{[]string{"XAUTOCLAIM", "s", "g", "c", "0", "0", "JUSTID"}, shapeNone},
		{[]string{"XINFO", "STREAM", "s"}, shapeXInfoStream},
		{[]string{"xinfo", "stream", "s", "full"}, shapeXInfoStreamFull},
		{[]string{"CONFIG"}, shapeNone},
		{[]string{"CONFIG", "SET", "a", "b"}, shapeNone},
		{[]string{}, shapeNone},
		{[]string{"FT.PROFILE", "i", "SEARCH", "QUERY", "*", "WITHSORTKEYS"}, shapeFTProfileSortKeys},
		{[]string{"FT.PROFILE", "i", "search", "QUERY", "*"}, shapeFTProfileAggregate}, // as GLIDE: exact SEARCH only
		{[]string{"FT.CONFIG", "GET", "*"}, shapeNone},
	} {
		if got, _ := shapeOf(c.args); got != c.want {
			t.Errorf("shapeOf(%q) = %d, want %d", c.args, got, c.want)
		}
	}
}

func TestReplyShapeQueuedAndErrors(t *testing.T) {
	// A hand-sent MULTI makes every command answer QUEUED; the real reply comes later.
	got, err := decodeRaw(t, []string{"SISMEMBER", "s", "m"}, "+QUEUED\r\n")
	if err != nil || got != "QUEUED" {
		t.Fatalf("QUEUED: got %#v, %v", got, err)
	}
	for _, c := range []struct {
		args []string
		raw  string
	}{
		{[]string{"INCRBYFLOAT", "k", "1"}, bulk("not-a-number")},
		{[]string{"SISMEMBER", "s", "m"}, bulk("yes")},
		{[]string{"HGETALL", "h"}, arr(bulks("f1", "v1", "f2")...)},
		{[]string{"SMEMBERS", "s"}, num(3)},
		{[]string{"ZRANK", "z", "m", "WITHSCORE"}, arr(num(1))},
		{[]string{"GEOPOS", "g", "a"}, arr(arr(bulk("1")))},
	} {
		_, err := decodeRaw(t, c.args, c.raw)
		var pe *errs.ProtocolError
		if !errors.As(err, &pe) {
			t.Errorf("%v on %q: want a *ProtocolError, got %v", c.args, c.raw, err)
		}
	}
}

func TestDecodeLolwutShades(t *testing.T) {
	var r resp.Reader
	r.Reset([]byte(bulk("x\x1b[0;90;100m \x1b[0my")))
	got, err := DecodeLolwut(&r)
	if err != nil || got != "x\u2593y" {
		t.Fatalf("got %q, %v", got, err)
	}
	if got := LolwutText("plain text"); got != "plain text" {
		t.Fatalf("plain text changed: %q", got)
	}
}
