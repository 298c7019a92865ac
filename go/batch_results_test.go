package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// What each batch method puts in its result slot: GLIDE's batch value, which is not
// always the client method's type (a nullable reply is the plain value or an untyped
// nil, LCS is a string, ...). Each case names the exact Go value and dynamic type and
// runs in a transaction and in a pipeline, on the standalone client and, unless marked
// standalone, on the cluster client. The batch first clears the case's keys and runs
// the setup commands, so the method under test always meets the same data; only the
// last slot is checked.

// resultCase is one batch method call and the slot it must fill.
type resultCase struct {
	name   string     // subtest name; the method name when empty
	method string     // batch method, called by name on both batch types
	args   []any      // its arguments, exactly typed
	setup  [][]string // raw commands queued before it
	want   any        // the exact value (and, through %T, the type)
	typ    string     // instead of want, for values that vary: the %T required
	// wantErr: the slot holds a *RequestError (the server refused the command here).
	wantErr bool
	// standalone: not run on the cluster (keyless commands whose node is random, or
	// commands whose setup may run on another node).
	standalone bool
	// notClusterPipeline: a cluster pipeline fans the command out to every node, and
	// batches do not yet return per-node replies (a follow-up), so only the cluster
	// transaction (one node) runs it.
	notClusterPipeline bool
}

// batchResultCases builds the cases for keys named after tag (a hash tag, so that
// every key of a case shares one slot in the cluster).
func batchResultCases(tag string) (cases []resultCase, keys []string) {
	k, k2, l, dst, missing := tag+"k", tag+"k2", tag+"list", tag+"dst", tag+"missing"
	keys = []string{k, k2, l, dst, missing}
	set := func(key, v string) []string { return []string{"SET", key, v} }
	soon := time.Now().Add(time.Hour)
	str := models.CreateStringResult
	nilStr := models.CreateNilStringResult()
	ohmy := [][]string{set(k, "ohmytext"), set(k2, "mynewtext")}
	list := [][]string{{"RPUSH", l, "3", "1", "2"}}
	sorted := []models.Result[string]{str("1"), str("2"), str("3")}
	desc := options.NewSortOptions().SetOrderBy(options.DESC)

	cases = []resultCase{
		// String commands.
		{method: "Set", args: []any{k, "v"}, want: "OK"},
		{name: "SetWithOptions/old", method: "SetWithOptions", args: []any{k, "new", *options.NewSetOptions().SetReturnOldValue(true)},
			setup: [][]string{set(k, "old")}, want: "old"},
		{name: "SetWithOptions/nil", method: "SetWithOptions", args: []any{k, "v", *options.NewSetOptions().SetOnlyIfExists()}, want: nil},
		{method: "Get", args: []any{k}, setup: [][]string{set(k, "v")}, want: "v"},
		{name: "Get/missing", method: "Get", args: []any{missing}, want: nil},
		{method: "GetEx", args: []any{k}, setup: [][]string{set(k, "v")}, want: "v"},
		{name: "GetEx/missing", method: "GetEx", args: []any{missing}, want: nil},
		{method: "GetExWithOptions", args: []any{k, *options.NewGetExOptions().SetExpiry(options.NewExpiryIn(time.Minute))},
			setup: [][]string{set(k, "v")}, want: "v"},
		{method: "MSet", args: []any{map[string]string{k: "1", k2: "2"}}, want: "OK"},
		{method: "MSetNX", args: []any{map[string]string{k: "1", k2: "2"}}, want: true},
		{method: "MGet", args: []any{[]string{k, missing}}, setup: [][]string{set(k, "v")},
			want: []models.Result[string]{str("v"), nilStr}},
		{method: "Incr", args: []any{k}, want: int64(1)},
		{method: "IncrBy", args: []any{k, int64(5)}, want: int64(5)},
		{method: "IncrByFloat", args: []any{k, 0.5}, want: 0.5},
		{method: "Decr", args: []any{k}, want: int64(-1)},
		{method: "DecrBy", args: []any{k, int64(3)}, want: int64(-3)},
		{method: "Strlen", args: []any{k}, setup: [][]string{set(k, "hello")}, want: int64(5)},
		{method: "SetRange", args: []any{k, 0, "J"}, setup: [][]string{set(k, "hello")}, want: int64(5)},
		{method: "GetRange", args: []any{k, 0, 1}, setup: [][]string{set(k, "hello")}, want: "he"},
		{method: "Append", args: []any{k, "!"}, setup: [][]string{set(k, "hello")}, want: int64(6)},
		{method: "LCS", args: []any{k, k2}, setup: ohmy, want: "mytext"},
		{method: "LCSLen", args: []any{k, k2}, setup: ohmy, want: int64(6)},
		{method: "LCSWithOptions", args: []any{k, k2, *options.NewLCSIdxOptions()}, setup: ohmy,
			want: models.LCSMatch{MatchString: models.DefaultStringResponse, Len: 6, Matches: []models.LCSMatchedPosition{
				{Key1: models.LCSPosition{Start: 4, End: 7}, Key2: models.LCSPosition{Start: 5, End: 8}},
				{Key1: models.LCSPosition{Start: 2, End: 3}, Key2: models.LCSPosition{Start: 0, End: 1}},
			}}},
		{method: "GetDel", args: []any{k}, setup: [][]string{set(k, "v")}, want: "v"},
		{name: "GetDel/missing", method: "GetDel", args: []any{missing}, want: nil},

		// Generic commands.
		{name: "CustomCommand/INCRBYFLOAT", method: "CustomCommand", args: []any{[]string{"INCRBYFLOAT", k, "0.5"}}, want: 0.5},
		{name: "CustomCommand/GET", method: "CustomCommand", args: []any{[]string{"GET", k}}, setup: [][]string{set(k, "v")}, want: "v"},
		{name: "CustomCommand/SMEMBERS", method: "CustomCommand", args: []any{[]string{"SMEMBERS", k}},
			setup: [][]string{{"SADD", k, "a", "b"}}, want: map[string]struct{}{"a": {}, "b": {}}},
		{name: "CustomCommand/HGETALL", method: "CustomCommand", args: []any{[]string{"HGETALL", k}},
			setup: [][]string{{"HSET", k, "f", "v"}}, want: map[string]any{"f": "v"}},
		{name: "CustomCommand/EXPIRE", method: "CustomCommand", args: []any{[]string{"EXPIRE", k, "100"}},
			setup: [][]string{set(k, "v")}, want: true},
		{method: "Del", args: []any{[]string{k, missing}}, setup: [][]string{set(k, "v")}, want: int64(1)},
		{method: "Exists", args: []any{[]string{k, missing}}, setup: [][]string{set(k, "v")}, want: int64(1)},
		{method: "Unlink", args: []any{[]string{k, missing}}, setup: [][]string{set(k, "v")}, want: int64(1)},
		{method: "Touch", args: []any{[]string{k, missing}}, setup: [][]string{set(k, "v")}, want: int64(1)},
		{method: "Expire", args: []any{k, time.Hour}, setup: [][]string{set(k, "v")}, want: true},
		{name: "Expire/missing", method: "Expire", args: []any{missing, time.Hour}, want: false},
		{method: "ExpireWithOptions", args: []any{k, time.Hour, constants.HasNoExpiry}, setup: [][]string{set(k, "v")}, want: true},
		{method: "ExpireAt", args: []any{k, soon}, setup: [][]string{set(k, "v")}, want: true},
		{method: "ExpireAtWithOptions", args: []any{k, soon, constants.HasNoExpiry}, setup: [][]string{set(k, "v")}, want: true},
		{method: "PExpire", args: []any{k, time.Hour}, setup: [][]string{set(k, "v")}, want: true},
		{method: "PExpireWithOptions", args: []any{k, time.Hour, constants.HasNoExpiry}, setup: [][]string{set(k, "v")}, want: true},
		{method: "PExpireAt", args: []any{k, soon}, setup: [][]string{set(k, "v")}, want: true},
		{method: "PExpireAtWithOptions", args: []any{k, soon, constants.HasNoExpiry}, setup: [][]string{set(k, "v")}, want: true},
		{method: "ExpireTime", args: []any{k}, setup: [][]string{set(k, "v")}, want: int64(-1)},
		{method: "PExpireTime", args: []any{missing}, want: int64(-2)},
		{method: "TTL", args: []any{k}, setup: [][]string{set(k, "v")}, want: int64(-1)},
		{method: "PTTL", args: []any{missing}, want: int64(-2)},
		{method: "Type", args: []any{k}, setup: [][]string{set(k, "v")}, want: "string"},
		{method: "Rename", args: []any{k, k2}, setup: [][]string{set(k, "v")}, want: "OK"},
		{method: "RenameNX", args: []any{k, k2}, setup: [][]string{set(k, "v")}, want: true},
		{method: "Persist", args: []any{k}, setup: [][]string{{"SET", k, "v", "EX", "100"}}, want: true},
		{method: "ObjectEncoding", args: []any{k}, setup: [][]string{set(k, "12345")}, want: "int"},
		{name: "ObjectEncoding/missing", method: "ObjectEncoding", args: []any{missing}, want: nil},
		{method: "Dump", args: []any{k}, setup: [][]string{set(k, "v")}, typ: "string"},
		{name: "Dump/missing", method: "Dump", args: []any{missing}, want: nil},
		// Without an LFU policy the server refuses OBJECT FREQ on an existing key.
		{method: "ObjectFreq", args: []any{k}, setup: [][]string{set(k, "v")}, wantErr: true},
		{name: "ObjectFreq/missing", method: "ObjectFreq", args: []any{missing}, want: nil},
		{method: "ObjectIdleTime", args: []any{k}, setup: [][]string{set(k, "v")}, typ: "int64"},
		{name: "ObjectIdleTime/missing", method: "ObjectIdleTime", args: []any{missing}, want: nil},
		// Inside MULTI the transaction's own argument vectors hold extra references.
		{method: "ObjectRefCount", args: []any{k}, setup: [][]string{set(k, "some text")}, typ: "int64"},
		{name: "ObjectRefCount/missing", method: "ObjectRefCount", args: []any{missing}, want: nil},
		{method: "Sort", args: []any{l}, setup: list, want: sorted},
		{method: "SortWithOptions", args: []any{l, *desc}, setup: list,
			want: []models.Result[string]{str("3"), str("2"), str("1")}},
		{method: "SortReadOnly", args: []any{l}, setup: list, want: sorted},
		{method: "SortReadOnlyWithOptions", args: []any{l, *desc}, setup: list,
			want: []models.Result[string]{str("3"), str("2"), str("1")}},
		{method: "SortStore", args: []any{l, dst}, setup: list, want: int64(3)},
		{method: "SortStoreWithOptions", args: []any{l, dst, *desc}, setup: list, want: int64(3)},
		{method: "Wait", args: []any{int64(0), time.Millisecond}, want: int64(0), standalone: true},
		{method: "Copy", args: []any{k, k2}, setup: [][]string{set(k, "v")}, want: true},
		{method: "CopyWithOptions", args: []any{k, k2, *options.NewCopyOptions().SetReplace()},
			setup: [][]string{set(k, "v"), set(k2, "w")}, want: true},
		{method: "Move", args: []any{missing, int64(1)}, want: false, standalone: true},
		{method: "RandomKey", args: []any{}, setup: [][]string{set(k, "v")}, typ: "string", standalone: true},

		// Server commands.
		{method: "ConfigSet", args: []any{map[string]string{"maxmemory-policy": "noeviction"}}, want: "OK"},
		{method: "ConfigGet", args: []any{[]string{"maxmemory-policy"}}, want: map[string]string{"maxmemory-policy": "noeviction"}},
		{method: "ConfigResetStat", args: []any{}, want: "OK"},
		{method: "Info", args: []any{}, typ: "string", notClusterPipeline: true},
		{method: "InfoWithOptions", args: []any{options.InfoOptions{Sections: []constants.Section{constants.Server}}},
			typ: "string", notClusterPipeline: true},
		{method: "DBSize", args: []any{}, typ: "int64"},
		{method: "Time", args: []any{}, typ: "[]string"},
		{method: "Lolwut", args: []any{}, typ: "string"},
		{method: "LolwutWithOptions", args: []any{*options.NewLolwutOptions(6)}, typ: "string"},
		{method: "LastSave", args: []any{}, typ: "int64"},
		// These wipe the server: the test is not parallel, and the cases come last in
		// their group so no later case depends on other tests' data.
		{method: "FlushDB", args: []any{}, want: "OK", standalone: true},
		{method: "FlushDBWithOptions", args: []any{options.ASYNC}, want: "OK", standalone: true},
		{method: "FlushAll", args: []any{}, want: "OK", standalone: true},
		{method: "FlushAllWithOptions", args: []any{options.SYNC}, want: "OK", standalone: true},

		// Connection commands.
		{method: "Ping", args: []any{}, want: "PONG"},
		{method: "PingWithOptions", args: []any{options.PingOptions{Message: "hi"}}, want: "hi"},
		{method: "Echo", args: []any{"echo"}, want: "echo"},
		{method: "ClientId", args: []any{}, typ: "int64"},
		{method: "ClientSetName", args: []any{"batch-results"}, want: "OK", standalone: true},
		{method: "ClientGetName", args: []any{}, setup: [][]string{{"CLIENT", "SETNAME", "batch-results"}},
			want: "batch-results", standalone: true},
		{name: "ClientGetName/none", method: "ClientGetName", args: []any{}, setup: [][]string{{"CLIENT", "SETNAME", ""}},
			want: nil, standalone: true},
	}
	return cases, keys
}

// standaloneResultCases are the StandaloneBatch-only methods.
func standaloneResultCases(tag string) []resultCase {
	return []resultCase{
		{method: "Select", args: []any{int64(0)}, want: "OK"},
		{method: "Scan", args: []any{int64(0)}, setup: [][]string{{"SET", tag + "k", "v"}}, typ: "models.ScanResult"},
		{method: "ScanWithOptions", args: []any{int64(0), *options.NewScanOptions().SetMatch(tag + "*").SetCount(1000)},
			typ: "models.ScanResult"},
	}
}

// batchMethodsOnMain are the batch methods this test must cover (those of the string,
// generic, server and connection groups and the batch-type-specific ones; other
// groups pin their own results).
var batchMethodsOnMain = strings.Fields(`
	Set SetWithOptions Get GetEx GetExWithOptions MSet MSetNX MGet Incr IncrBy IncrByFloat Decr
	DecrBy Strlen SetRange GetRange Append LCS LCSLen LCSWithOptions GetDel
	CustomCommand Del Exists Unlink Touch Expire ExpireWithOptions ExpireAt ExpireAtWithOptions
	PExpire PExpireWithOptions PExpireAt PExpireAtWithOptions ExpireTime PExpireTime TTL PTTL Type
	Rename RenameNX Persist Restore RestoreWithOptions ObjectEncoding Dump ObjectFreq ObjectIdleTime
	ObjectRefCount Sort SortWithOptions SortReadOnly SortReadOnlyWithOptions SortStore
	SortStoreWithOptions Wait Copy CopyWithOptions Move RandomKey
	ConfigSet ConfigGet ConfigResetStat ConfigRewrite Info InfoWithOptions DBSize Time FlushAll
	FlushAllWithOptions FlushDB FlushDBWithOptions Lolwut LolwutWithOptions LastSave
	Ping PingWithOptions Echo ClientId ClientGetName ClientSetName
	Select Scan ScanWithOptions`)

// Every method in batchMethodsOnMain has a case (Restore, RestoreWithOptions and
// ConfigRewrite are pinned by their own tests below).
func TestBatchResultCasesCoverMethods(t *testing.T) {
	covered := map[string]bool{"Restore": true, "RestoreWithOptions": true, "ConfigRewrite": true}
	cases, _ := batchResultCases("")
	for _, c := range append(cases, standaloneResultCases("")...) {
		covered[c.method] = true
		for _, typ := range []any{pipeline.NewStandaloneBatch(false), pipeline.NewClusterBatch(false)} {
			if c.method == "Select" || c.method == "Scan" || c.method == "ScanWithOptions" {
				typ = pipeline.NewStandaloneBatch(false)
			}
			if !reflect.ValueOf(typ).MethodByName(c.method).IsValid() {
				t.Errorf("%T has no method %s", typ, c.method)
			}
		}
	}
	for _, m := range batchMethodsOnMain {
		if !covered[m] {
			t.Errorf("no batch result case for %s", m)
		}
	}
}

// queueCase queues the case's setup and call on batch b (a *StandaloneBatch or a
// *ClusterBatch) by reflection, so one table serves both batch types.
func queueCase(t *testing.T, b any, c resultCase, keys []string) {
	t.Helper()
	bv := reflect.ValueOf(b)
	custom := bv.MethodByName("CustomCommand")
	call := func(m reflect.Value, args ...any) {
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			in[i] = reflect.ValueOf(a)
		}
		m.Call(in)
	}
	call(custom, append([]string{"DEL"}, keys...))
	for _, s := range c.setup {
		call(custom, s)
	}
	m := bv.MethodByName(c.method)
	if !m.IsValid() {
		t.Fatalf("%T has no method %s", b, c.method)
	}
	call(m, c.args...)
}

// checkSlot fails unless got is the case's value.
func checkSlot(t *testing.T, c resultCase, got any) {
	t.Helper()
	switch {
	case c.wantErr:
		var re *RequestError
		if err, ok := got.(error); !ok || !errors.As(err, &re) {
			t.Fatalf("got %T %#v, want a *RequestError", got, got)
		}
	case c.typ != "":
		if fmt.Sprintf("%T", got) != c.typ {
			t.Fatalf("got %T %#v, want a %s", got, got, c.typ)
		}
	default:
		if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", c.want) || !reflect.DeepEqual(got, c.want) {
			t.Fatalf("got %T %#v, want %T %#v", got, got, c.want, c.want)
		}
	}
}

func caseName(c resultCase) string {
	if c.name != "" {
		return c.name
	}
	return c.method
}

func TestBatchResultsStandalone(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	tag := "{" + testKey(t, "") + "}"
	cases, keys := batchResultCases(tag)
	cases = append(cases, standaloneResultCases(tag)...)
	for _, atomic := range []bool{true, false} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/atomic=%v", caseName(c), atomic), func(t *testing.T) {
				b := pipeline.NewStandaloneBatch(atomic)
				queueCase(t, b, c, keys)
				res, err := client.Exec(ctx, *b, false)
				requireNoErr(t, "Exec", err)
				if len(res) != len(c.setup)+2 {
					t.Fatalf("%d results for %d commands", len(res), len(c.setup)+2)
				}
				checkSlot(t, c, res[len(res)-1])
			})
		}
	}
	_, _ = client.Del(ctx, keys)
}

func TestBatchResultsCluster(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	tag := "{" + t.Name() + rerunSuffix(t) + "}"
	cases, keys := batchResultCases(tag)
	for _, atomic := range []bool{true, false} {
		for _, c := range cases {
			if c.standalone || (c.notClusterPipeline && !atomic) {
				continue
			}
			t.Run(fmt.Sprintf("%s/atomic=%v", caseName(c), atomic), func(t *testing.T) {
				b := pipeline.NewClusterBatch(atomic)
				queueCase(t, b, c, keys)
				res, err := client.Exec(ctx, *b, false)
				requireNoErr(t, "Exec", err)
				if len(res) != len(c.setup)+2 {
					t.Fatalf("%d results for %d commands", len(res), len(c.setup)+2)
				}
				checkSlot(t, c, res[len(res)-1])
			})
		}
	}
	_, _ = client.Del(ctx, keys)
}

// The scenario a new user tried: read a value and its serialized form in a
// transaction, then restore it elsewhere from the slot, GLIDE-style (res[i].(string)).
func TestBatchGetDumpRestoreRoundTrip(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	src, dst := testKey(t, "src"), testKey(t, "dst")
	_, _ = client.Del(ctx, []string{src, dst})
	_, err := client.Set(ctx, src, "payload\x00\xff")
	requireNoErr(t, "Set", err)

	res, err := client.Exec(ctx, *pipeline.NewStandaloneBatch(true).Get(src).Dump(src).Get(dst), true)
	requireNoErr(t, "Exec", err)
	value := res[0].(string) // panicked when the slot held a models.Result[string]
	dump := res[1].(string)
	if value != "payload\x00\xff" || res[2] != nil {
		t.Fatalf("results %#v", res)
	}

	for _, atomic := range []bool{true, false} {
		_, _ = client.Del(ctx, []string{dst})
		res, err = client.Exec(ctx, *pipeline.NewStandaloneBatch(atomic).
			Restore(dst, 0, dump).
			RestoreWithOptions(dst, time.Hour, dump, *options.NewRestoreOptions().SetReplace()).
			Get(dst).
			TTL(dst), true)
		requireNoErr(t, "Exec restore", err)
		if res[0] != "OK" || res[1] != "OK" || res[2].(string) != value {
			t.Fatalf("atomic=%v: results %#v", atomic, res)
		}
		if ttl, ok := res[3].(int64); !ok || ttl <= 0 {
			t.Fatalf("atomic=%v: TTL after RESTORE with a TTL: %#v", atomic, res[3])
		}
	}
	_, _ = client.Del(ctx, []string{src, dst})
}

// CONFIG REWRITE answers "OK" when the server has a config file and an error
// otherwise; either way the slot holds that, never a models type.
func TestBatchConfigRewriteSlot(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	want, err := client.ConfigRewrite(ctx)
	for _, atomic := range []bool{true, false} {
		res, execErr := client.Exec(ctx, *pipeline.NewStandaloneBatch(atomic).ConfigRewrite(), false)
		requireNoErr(t, "Exec", execErr)
		switch {
		case err == nil:
			if res[0] != want || want != "OK" {
				t.Fatalf("atomic=%v: got %#v, want %q", atomic, res[0], want)
			}
		default:
			var re *RequestError
			if e, ok := res[0].(error); !ok || !errors.As(e, &re) || re.Error() != err.Error() {
				t.Fatalf("atomic=%v: got %#v, want the client's error %v", atomic, res[0], err)
			}
		}
	}
}
