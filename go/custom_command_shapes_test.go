package valkite

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// CustomCommand reshapes raw replies per command as GLIDE does (INCRBYFLOAT → float64,
// SMEMBERS → set, HGETALL → map, ...). These cases run against real servers: through
// Client.CustomCommand (RESP3), through the same decoder fed the server's RESP2 reply
// (a plain connection), through a batch's CustomCommand, and on the cluster client.
// Both protocols must give the same value. (The client always speaks RESP3; there is
// no protocol option, so RESP2 is exercised on raw replies of the same server.)

type rawCase struct {
	name  string
	setup [][]string
	args  []string
	want  any
	// check replaces want for values that vary (timestamps, floating geo values).
	check func(v any) error
	// valkeyOnly: the command or option is newer than Redis 7.0.
	valkeyOnly bool
	// keyless: not run through the cluster client's key routing.
	keyless bool
}

type anyMap = map[string]any
type anySet = map[string]struct{}

func near(want float64) func(any) error {
	return func(v any) error {
		f, ok := v.(float64)
		if !ok || math.Abs(f-want) > 1e-6 {
			return fmt.Errorf("got %T %v, want float64 ≈ %v", v, v, want)
		}
		return nil
	}
}

func rawCases(tag string) (cases []rawCase, keys []string) {
	k, k2, h, s, s2, z, g, l, x := tag+"k", tag+"k2", tag+"h", tag+"s", tag+"s2", tag+"z", tag+"g", tag+"l", tag+"x"
	missing := tag + "missing"
	keys = []string{k, k2, h, s, s2, z, g, l, x, missing}
	hset := [][]string{{"HSET", h, "f1", "v1", "f2", "v2"}}
	sadd := [][]string{{"SADD", s, "a", "b"}, {"SADD", s2, "b", "c"}}
	zadd := [][]string{{"ZADD", z, "1", "a", "2", "b"}}
	geo := [][]string{{"GEOADD", g, "13.361389", "38.115556", "Palermo"}}
	stream := [][]string{{"XADD", x, "1-0", "f", "v"}}
	group := append(append([][]string{}, stream...), []string{"XGROUP", "CREATE", x, "grp", "0"},
		[]string{"XREADGROUP", "GROUP", "grp", "c1", "STREAMS", x, ">"})
	entries := anyMap{"1-0": []any{[]any{"f", "v"}}}
	cases = []rawCase{
		{args: []string{"INCRBYFLOAT", k, "0.1"}, want: 0.1},
		{args: []string{"HINCRBYFLOAT", h, "f", "1.5"}, want: 1.5},
		{args: []string{"HGETALL", h}, setup: hset, want: anyMap{"f1": "v1", "f2": "v2"}},
		{name: "HGETALL missing", args: []string{"HGETALL", missing}, want: anyMap{}},
		{args: []string{"HEXISTS", h, "f1"}, setup: hset, want: true},
		{args: []string{"HSETNX", h, "f1", "x"}, setup: hset, want: false},
		{args: []string{"HRANDFIELD", h, "1", "WITHVALUES"}, setup: [][]string{{"HSET", h, "f", "v"}},
			want: []any{[]any{"f", "v"}}},
		{args: []string{"SMEMBERS", s}, setup: sadd, want: anySet{"a": {}, "b": {}}},
		{args: []string{"SINTER", s, s2}, setup: sadd, want: anySet{"b": {}}},
		{args: []string{"SDIFF", s, s2}, setup: sadd, want: anySet{"a": {}}},
		{args: []string{"SUNION", s, s2}, setup: sadd, want: anySet{"a": {}, "b": {}, "c": {}}},
		{args: []string{"SPOP", s2, "5"}, setup: [][]string{{"SADD", s2, "c"}}, want: anySet{"c": {}}},
		{args: []string{"SISMEMBER", s, "a"}, setup: sadd, want: true},
		{args: []string{"SMISMEMBER", s, "a", "z"}, setup: sadd, want: []any{true, false}},
		{args: []string{"SMOVE", s, s2, "a"}, setup: sadd, want: true},
		{args: []string{"EXPIRE", k, "100"}, setup: [][]string{{"SET", k, "v"}}, want: true},
		{name: "EXPIRE missing", args: []string{"EXPIRE", missing, "100"}, want: false},
		{args: []string{"PEXPIREAT", k, "99999999999999"}, setup: [][]string{{"SET", k, "v"}}, want: true},
		{args: []string{"PERSIST", k}, setup: [][]string{{"SET", k, "v"}}, want: false},
		{args: []string{"RENAMENX", k, k2}, setup: [][]string{{"SET", k, "v"}}, want: true},
		{args: []string{"COPY", k, k2}, setup: [][]string{{"SET", k, "v"}, {"SET", k2, "w"}}, want: false},
		{args: []string{"MSETNX", k, "1", k2, "2"}, want: true},
		{args: []string{"PFADD", k, "a"}, want: true},
		{args: []string{"ZSCORE", z, "a"}, setup: zadd, want: 1.0},
		{name: "ZSCORE missing", args: []string{"ZSCORE", z, "nope"}, setup: zadd, want: nil},
		{args: []string{"ZINCRBY", z, "2.5", "a"}, setup: zadd, want: 3.5},
		{args: []string{"ZMSCORE", z, "a", "nope"}, setup: zadd, want: []any{1.0, nil}},
		{args: []string{"ZRANGE", z, "0", "-1", "WITHSCORES"}, setup: zadd, want: anyMap{"a": 1.0, "b": 2.0}},
		{name: "ZRANGE plain", args: []string{"ZRANGE", z, "0", "-1"}, setup: zadd, want: []any{"a", "b"}},
		{args: []string{"ZPOPMIN", z}, setup: zadd, want: anyMap{"a": 1.0}},
		{args: []string{"ZPOPMAX", z, "2"}, setup: zadd, want: anyMap{"a": 1.0, "b": 2.0}},
		{args: []string{"ZRANDMEMBER", z, "1", "WITHSCORES"}, setup: [][]string{{"ZADD", z, "1", "a"}},
			want: []any{[]any{"a", 1.0}}},
		{args: []string{"ZADD", z, "INCR", "2", "a"}, setup: zadd, want: 3.0},
		{args: []string{"ZRANK", z, "b", "WITHSCORE"}, setup: zadd, want: []any{int64(1), 2.0}, valkeyOnly: true},
		{args: []string{"ZMPOP", "1", z, "MIN"}, setup: zadd, want: []any{z, anyMap{"a": 1.0}}},
		{args: []string{"BZMPOP", "1", "1", z, "MAX"}, setup: zadd, want: []any{z, anyMap{"b": 2.0}}},
		{args: []string{"BZPOPMIN", z, "1"}, setup: zadd, want: []any{z, "a", 1.0}},
		{args: []string{"ZDIFF", "1", z, "WITHSCORES"}, setup: zadd, want: anyMap{"a": 1.0, "b": 2.0}},
		{args: []string{"ZUNION", "1", z, "WITHSCORES"}, setup: zadd, want: anyMap{"a": 1.0, "b": 2.0}},
		{args: []string{"ZINTER", "1", z, "WITHSCORES"}, setup: zadd, want: anyMap{"a": 1.0, "b": 2.0}},
		{args: []string{"GEODIST", g, "Palermo", "Palermo"}, setup: geo, want: 0.0},
		{args: []string{"GEOPOS", g, "Palermo", "nope"}, setup: geo, check: func(v any) error {
			a, ok := v.([]any)
			if !ok || len(a) != 2 || a[1] != nil {
				return fmt.Errorf("got %#v", v)
			}
			p, ok := a[0].([]any)
			if !ok || len(p) != 2 || near(13.361389)(p[0]) != nil || near(38.115556)(p[1]) != nil {
				return fmt.Errorf("position %#v", a[0])
			}
			return nil
		}},
		{args: []string{"GEOSEARCH", g, "FROMLONLAT", "13.361389", "38.115556", "BYRADIUS", "1", "km", "WITHDIST", "WITHCOORD"},
			setup: geo, check: func(v any) error {
				a, ok := v.([]any)
				if !ok || len(a) != 1 {
					return fmt.Errorf("got %#v", v)
				}
				m, ok := a[0].([]any)
				if !ok || len(m) != 2 || m[0] != "Palermo" {
					return fmt.Errorf("match %#v", a[0])
				}
				extra, ok := m[1].([]any)
				if d, isFloat := extra[0].(float64); !ok || len(extra) != 2 || !isFloat || d > 0.01 {
					return fmt.Errorf("extras %#v", m[1])
				}
				if c, ok := extra[1].([]any); !ok || len(c) != 2 || near(13.361389)(c[0]) != nil {
					return fmt.Errorf("coordinates %#v", extra[1])
				}
				return nil
			}},
		{args: []string{"LMPOP", "1", l, "LEFT"}, setup: [][]string{{"RPUSH", l, "a", "b"}}, want: anyMap{l: []any{"a"}}},
		{args: []string{"BLMPOP", "1", "1", l, "RIGHT", "COUNT", "2"}, setup: [][]string{{"RPUSH", l, "a", "b"}},
			want: anyMap{l: []any{"b", "a"}}},
		{args: []string{"LCS", k, k2, "IDX"}, setup: [][]string{{"SET", k, "ohmytext"}, {"SET", k2, "mynewtext"}},
			want: anyMap{"len": int64(6), "matches": []any{
				[]any{[]any{int64(4), int64(7)}, []any{int64(5), int64(8)}},
				[]any{[]any{int64(2), int64(3)}, []any{int64(0), int64(1)}},
			}}},
		{args: []string{"XRANGE", x, "-", "+"}, setup: stream, want: entries},
		{args: []string{"XREVRANGE", x, "+", "-"}, setup: stream, want: entries},
		{args: []string{"XREAD", "STREAMS", x, "0"}, setup: stream, want: anyMap{x: entries}},
		{args: []string{"XREADGROUP", "GROUP", "grp", "c1", "STREAMS", x, ">"},
			setup: append(append([][]string{}, stream...), []string{"XGROUP", "CREATE", x, "grp", "0"}),
			want:  anyMap{x: entries}},
		{args: []string{"XCLAIM", x, "grp", "c2", "0", "1-0"}, setup: group, want: entries},
		{args: []string{"XCLAIM", x, "grp", "c2", "0", "1-0", "JUSTID"}, setup: group, want: []any{"1-0"}},
		{args: []string{"XAUTOCLAIM", x, "grp", "c2", "0", "0"}, setup: group, want: []any{"0-0", entries, []any{}}},
		{args: []string{"XGROUP", "CREATECONSUMER", x, "grp", "c9"}, setup: group, want: true},
		{args: []string{"XGROUP", "DESTROY", x, "grp"}, setup: group, want: true},
		{args: []string{"XINFO", "GROUPS", x}, setup: group, check: func(v any) error {
			a, ok := v.([]any)
			if !ok || len(a) != 1 {
				return fmt.Errorf("got %#v", v)
			}
			if m, ok := a[0].(anyMap); !ok || m["name"] != "grp" || m["pending"] != int64(1) {
				return fmt.Errorf("group %#v", a[0])
			}
			return nil
		}},
		{args: []string{"XINFO", "CONSUMERS", x, "grp"}, setup: group, check: func(v any) error {
			a, ok := v.([]any)
			if !ok || len(a) != 1 {
				return fmt.Errorf("got %#v", v)
			}
			if m, ok := a[0].(anyMap); !ok || m["name"] != "c1" || m["pending"] != int64(1) {
				return fmt.Errorf("consumer %#v", a[0])
			}
			return nil
		}},
		{args: []string{"XINFO", "STREAM", x}, setup: stream, check: func(v any) error {
			m, ok := v.(anyMap)
			if !ok || m["length"] != int64(1) || !reflect.DeepEqual(m["first-entry"], []any{"1-0", []any{"f", "v"}}) {
				return fmt.Errorf("got %#v", v)
			}
			return nil
		}},
		{args: []string{"XINFO", "STREAM", x, "FULL"}, setup: group, check: func(v any) error {
			m, ok := v.(anyMap)
			if !ok || m["length"] != int64(1) {
				return fmt.Errorf("got %#v", v)
			}
			groups, ok := m["groups"].([]any)
			if !ok || len(groups) != 1 {
				return fmt.Errorf("groups %#v", m["groups"])
			}
			g, ok := groups[0].(anyMap)
			if !ok || g["name"] != "grp" {
				return fmt.Errorf("group %#v", groups[0])
			}
			consumers, ok := g["consumers"].([]any)
			if !ok || len(consumers) != 1 {
				return fmt.Errorf("consumers %#v", g["consumers"])
			}
			if c, ok := consumers[0].(anyMap); !ok || c["name"] != "c1" || c["pel-count"] != int64(1) {
				return fmt.Errorf("consumer %#v", consumers[0])
			}
			return nil
		}},
		{args: []string{"CONFIG", "GET", "maxmemory-policy"}, want: anyMap{"maxmemory-policy": "noeviction"}, keyless: true},
		{args: []string{"PUBSUB", "NUMSUB", tag + "channel"}, want: anyMap{tag + "channel": int64(0)}, keyless: true},
		{args: []string{"SCRIPT", "EXISTS", "0000000000000000000000000000000000000000"}, want: []any{false}, keyless: true},
		{args: []string{"CLIENT", "TRACKINGINFO"}, want: anyMap{"flags": anySet{"off": {}}, "redirect": int64(-1), "prefixes": []any{}},
			keyless: true},
		{args: []string{"MEMORY", "STATS"}, keyless: true, check: func(v any) error {
			m, ok := v.(anyMap)
			if !ok {
				return fmt.Errorf("got %T", v)
			}
			if _, ok := m["peak.allocated"].(int64); !ok {
				return fmt.Errorf("peak.allocated %T", m["peak.allocated"])
			}
			if _, ok := m["dataset.percentage"].(float64); !ok {
				return fmt.Errorf("dataset.percentage %T %v", m["dataset.percentage"], m["dataset.percentage"])
			}
			return nil
		}},
		{args: []string{"HELLO"}, keyless: true, check: func(v any) error {
			if m, ok := v.(anyMap); !ok || m["role"] == nil || m["modules"] == nil {
				return fmt.Errorf("got %#v", v)
			}
			return nil
		}},
		{args: []string{"LOLWUT", "VERSION", "6"}, keyless: true, check: func(v any) error {
			if s, ok := v.(string); !ok || strings.Contains(s, "\x1b[0m") || !strings.Contains(s, "\u2591") {
				return fmt.Errorf("got %T %q", v, v)
			}
			return nil
		}},
	}
	return cases, keys
}

// functionCases need a loaded library (standalone only: FUNCTION LOAD goes to one node).
func functionCases(lib string) (setup [][]string, cases []rawCase) {
	code := "#!lua name=" + lib + "\nredis.register_function{function_name='" + lib +
		"_f', callback=function() return 1 end, flags={'no-writes'}}"
	setup = [][]string{{"FUNCTION", "LOAD", "REPLACE", code}}
	cases = []rawCase{
		{args: []string{"FUNCTION", "LIST", "LIBRARYNAME", lib}, keyless: true, want: []any{anyMap{
			"library_name": lib, "engine": "LUA", "functions": []any{
				anyMap{"name": lib + "_f", "description": nil, "flags": anySet{"no-writes": {}}},
			}}}},
		{args: []string{"FUNCTION", "STATS"}, keyless: true, check: func(v any) error {
			m, ok := v.(anyMap)
			if !ok || m["running_script"] != nil {
				return fmt.Errorf("got %#v", v)
			}
			engines, ok := m["engines"].(anyMap)
			if !ok {
				return fmt.Errorf("engines %#v", m["engines"])
			}
			if lua, ok := engines["LUA"].(anyMap); !ok || lua["libraries_count"] == nil {
				return fmt.Errorf("LUA %#v", engines["LUA"])
			}
			return nil
		}},
	}
	return setup, cases
}

func checkRaw(c rawCase, got any) error {
	if c.check != nil {
		return c.check(got)
	}
	if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", c.want) || !reflect.DeepEqual(got, c.want) {
		return fmt.Errorf("got %T %#v, want %T %#v", got, got, c.want, c.want)
	}
	return nil
}

func rawName(c rawCase) string {
	if c.name != "" {
		return c.name
	}
	return strings.Join(c.args[:min(2, len(c.args))], " ")
}

// prepare clears keys and runs setup on a plain connection.
func prepare(t *testing.T, s *testserver.Server, keys []string, setup [][]string) {
	t.Helper()
	fixture(t, s, append([]string{"DEL"}, keys...)...)
	for _, cmd := range setup {
		fixture(t, s, cmd...)
	}
}

func testCustomCommandShapes(t *testing.T, c *Client, s *testserver.Server, valkey bool) {
	ctx := context.Background()
	tag := testKey(t, "")
	cases, keys := rawCases(tag)
	fnSetup, fnCases := functionCases("shapes" + strings.NewReplacer("/", "_", ":", "_", "~", "_").Replace(tag))
	for _, cmd := range fnSetup {
		fixture(t, s, cmd...)
	}
	t.Cleanup(func() { _, _ = s.Exec("FUNCTION", "DELETE", fnCases[0].args[3]) })
	for _, rc := range append(cases, fnCases...) {
		if rc.valkeyOnly && !valkey {
			continue
		}
		t.Run(rawName(rc), func(t *testing.T) {
			// RESP3, through the client.
			prepare(t, s, keys, rc.setup)
			got, err := c.CustomCommand(ctx, rc.args)
			requireNoErr(t, "CustomCommand", err)
			if err := checkRaw(rc, got); err != nil {
				t.Fatalf("RESP3: %v", err)
			}
			// RESP2: the same server's reply on a plain connection, same decoder.
			prepare(t, s, keys, rc.setup)
			raw := s.Do(t, rc.args...)
			got2, err := cmds.CustomCommand(rc.args).Decode(resp.NewReader([]byte(raw)))
			requireNoErr(t, "decode RESP2 "+strings.TrimSpace(raw), err)
			if err := checkRaw(rc, got2); err != nil {
				t.Fatalf("RESP2: %v", err)
			}
		})
	}
	_, _ = c.Del(ctx, keys)
}

func TestCustomCommandShapesValkey(t *testing.T) {
	c, s := newTestClient(t)
	testCustomCommandShapes(t, c, s, true)
}

func TestCustomCommandShapesRedis7(t *testing.T) {
	c, s := newRedisTestClient(t)
	testCustomCommandShapes(t, c, s, false)
}

// A batch's CustomCommand gives the same reshaped values, in a transaction and in a
// pipeline.
func TestBatchCustomCommandShapes(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	cases, keys := rawCases(testKey(t, ""))
	for _, atomic := range []bool{true, false} {
		for _, rc := range cases {
			t.Run(fmt.Sprintf("%s/atomic=%v", rawName(rc), atomic), func(t *testing.T) {
				b := pipeline.NewStandaloneBatch(atomic).CustomCommand(append([]string{"DEL"}, keys...))
				for _, cmd := range rc.setup {
					b.CustomCommand(cmd)
				}
				b.CustomCommand(rc.args)
				res, err := c.Exec(ctx, *b, true)
				requireNoErr(t, "Exec", err)
				if err := checkRaw(rc, res[len(res)-1]); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	_, _ = c.Del(ctx, keys)
}

// The cluster client reshapes single replies routed by key and each node's reply of
// a multi-node route.
func TestClusterCustomCommandShapes(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	cases, keys := rawCases("{" + t.Name() + rerunSuffix(t) + "}")
	for _, rc := range cases {
		if rc.keyless {
			continue
		}
		t.Run(rawName(rc), func(t *testing.T) {
			for _, cmd := range append([][]string{append([]string{"DEL"}, keys...)}, rc.setup...) {
				_, err := client.CustomCommand(ctx, cmd)
				requireNoErr(t, "setup "+cmd[0], err)
			}
			v, err := client.CustomCommand(ctx, rc.args)
			requireNoErr(t, "CustomCommand", err)
			if v.IsMultiValue() {
				t.Fatalf("keyed command answered per node: %#v", v.MultiValue())
			}
			if err := checkRaw(rc, v.SingleValue()); err != nil {
				t.Fatal(err)
			}
		})
	}
	_, _ = client.CustomCommand(ctx, append([]string{"DEL"}, keys...))

	t.Run("CONFIG GET to all primaries", func(t *testing.T) {
		v, err := client.CustomCommandWithRoute(ctx, []string{"CONFIG", "GET", "maxmemory-policy"}, config.AllPrimaries)
		requireNoErr(t, "CustomCommandWithRoute", err)
		if !v.IsMultiValue() || len(v.MultiValue()) < 2 {
			t.Fatalf("want one reply per primary, got %#v", v)
		}
		for addr, nodeValue := range v.MultiValue() {
			if !reflect.DeepEqual(nodeValue, anyMap{"maxmemory-policy": "noeviction"}) {
				t.Fatalf("%s: %T %#v", addr, nodeValue, nodeValue)
			}
		}
	})
	t.Run("SCRIPT EXISTS to all primaries", func(t *testing.T) {
		v, err := client.CustomCommandWithRoute(ctx, []string{"SCRIPT", "EXISTS", strings.Repeat("0", 40)}, config.AllPrimaries)
		requireNoErr(t, "CustomCommandWithRoute", err)
		values := map[string]any{"": nil}
		if v.IsMultiValue() {
			values = v.MultiValue()
		} else {
			values[""] = v.SingleValue()
		}
		for addr, nodeValue := range values {
			if !reflect.DeepEqual(nodeValue, []any{false}) {
				t.Fatalf("%s: %T %#v", addr, nodeValue, nodeValue)
			}
		}
	})
}
