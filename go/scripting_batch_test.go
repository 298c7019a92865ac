package valkite

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Two one-function libraries, so FUNCTION LIST's order is fixed.
const (
	batchEchoLib = "#!lua name=blib\nredis.register_function{function_name='blib_echo', callback=function(keys, args) return args[1] end, flags={'no-writes'}, description='d'}\n"
	batchSetLib  = "#!lua name=bset\nredis.register_function('bset_set', function(keys, args) return redis.call('SET', keys[1], args[1]) end)\n"
)

// scriptingBatch queues every scripting and function batch method and returns the
// exact value each slot must hold.
func scriptingBatch[B pipeline.StandaloneBatch | pipeline.ClusterBatch](
	b *pipeline.BaseBatch[B], k, payload string, script *options.Script, code string,
) []any {
	echoLib := []models.LibraryInfo{{Name: "blib", Engine: "LUA", Functions: []models.FunctionInfo{
		{Name: "blib_echo", Description: "d", Flags: []string{"no-writes"}},
	}}}
	b.FunctionFlushSync()
	b.FunctionLoad(batchEchoLib, false)
	b.FunctionLoad(batchEchoLib, true)
	b.FunctionLoad(batchSetLib, false)
	b.FCall("blib_echo")
	b.FCallWithKeysAndArgs("bset_set", []string{k}, []string{"v\x00"})
	b.FCallReadOnly("blib_echo")
	b.FCallReadOnlyWithKeysAndArgs("blib_echo", []string{k}, []string{"\xffe"})
	b.FunctionList(models.FunctionListQuery{LibraryName: "blib"})
	b.FunctionList(models.FunctionListQuery{LibraryName: "none*"})
	b.FunctionStats()
	b.FunctionDelete("bset")
	b.FunctionRestoreWithPolicy(payload, constants.ReplacePolicy)
	b.FunctionFlushAsync()
	b.FunctionRestore(payload)
	b.FunctionFlush()
	b.FunctionRestoreWithPolicy(payload, constants.AppendPolicy)
	b.FunctionDump()
	b.ScriptExists([]string{script.GetHash()})
	b.ScriptShow(script.GetHash())
	b.ScriptFlushWithMode(options.SYNC)
	b.ScriptExists([]string{script.GetHash()})
	b.ScriptFlush()
	return []any{
		"OK", "blib", "blib", "bset", nil, "OK", nil, "\xffe",
		echoLib, []models.LibraryInfo{},
		models.FunctionStatsResult{Engines: map[string]models.Engine{"LUA": {Language: "LUA", FunctionCount: 2, LibraryCount: 2}}},
		"OK", "OK", "OK", "OK", "OK", "OK", payload,
		[]bool{true}, code, "OK", []bool{false}, "OK",
	}
}

func TestScriptingBatch(t *testing.T) {
	c, s := functionServer(t)
	ctx := context.Background()
	code := "-- " + t.Name() + "\nreturn 1"
	script := options.NewScript(code)
	defer script.Close()
	if _, err := c.FunctionLoad(ctx, batchEchoLib, false); err != nil {
		t.Fatal(err)
	}
	payload, err := c.FunctionDump(ctx)
	requireNoErr(t, "FunctionDump", err)
	for _, atomic := range []bool{true, false} {
		fixture(t, s, "SCRIPT", "LOAD", code)
		k := testKey(t, "atomic="+strconv.FormatBool(atomic))
		b := pipeline.NewStandaloneBatch(atomic)
		want := scriptingBatch(&b.BaseBatch, k, payload, script, code)
		got, err := c.Exec(ctx, *b, true)
		requireNoErr(t, "Exec", err)
		zRequireSlots(t, got, want, func(i int) []string { return b.Commands[i].Args })

		// Kills in a batch: nothing runs, so each slot holds the server's NOTBUSY.
		kb := pipeline.NewStandaloneBatch(atomic).ScriptKill().FunctionKill()
		got, err = c.Exec(ctx, *kb, false)
		requireNoErr(t, "Exec(kills)", err)
		for i, v := range got {
			var re *RequestError
			if e, ok := v.(error); !ok || !errors.As(e, &re) || re.Code() != "NOTBUSY" {
				t.Fatalf("kill slot %d = %T %#v", i, v, v)
			}
		}
	}
}

// In a cluster, a transaction runs on its key's node; the slots hold the same values.
func TestScriptingClusterBatch(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	code := "-- " + t.Name() + "\nreturn 1"
	script := options.NewScript(code)
	defer script.Close()
	if _, err := c.FunctionLoad(ctx, batchEchoLib, false); err != nil {
		t.Fatal(err)
	}
	payload, err := c.FunctionDump(ctx)
	requireNoErr(t, "FunctionDump", err)
	k := "{" + testKey(t, "k") + "}"
	node := cl.NodeForKey(k)
	fixture(t, node.Server, "SCRIPT", "LOAD", code)
	b := pipeline.NewClusterBatch(true)
	b.Set(k, "x") // the transaction goes to this key's node
	want := append([]any{"OK"}, scriptingBatch(&b.BaseBatch, k, payload, script, code)...)
	got, err := c.Exec(ctx, *b, true)
	requireNoErr(t, "Exec", err)
	zRequireSlots(t, got, want, func(i int) []string { return b.Commands[i].Args })

	// A pipeline: keyed function calls go to each key's node.
	if _, err := c.FunctionLoad(ctx, batchSetLib, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FunctionLoad(ctx, batchEchoLib, true); err != nil {
		t.Fatal(err)
	}
	p := pipeline.NewClusterBatch(false)
	var wantP []any
	for i, n := range cl.Primaries() {
		pk := keyOnNode(t, cl, n, t.Name()+":p")
		p.FCallWithKeysAndArgs("bset_set", []string{pk}, []string{strconv.Itoa(i)})
		p.FCallReadOnlyWithKeysAndArgs("blib_echo", []string{pk}, []string{"e" + strconv.Itoa(i)})
		wantP = append(wantP, "OK", "e"+strconv.Itoa(i))
	}
	got, err = c.Exec(ctx, *p, true)
	requireNoErr(t, "Exec(pipeline)", err)
	zRequireSlots(t, got, wantP, func(i int) []string { return p.Commands[i].Args })
}

// Keyless commands in a cluster pipeline go where the server's command tips send them
// and are combined like the client's own: FUNCTION LOAD and FLUSH on every primary,
// SCRIPT EXISTS AND-combined. FUNCTION STATS, answered per node, fills its slot with a
// map of node address to that node's stats.
func TestScriptingClusterPipelineKeyless(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	p := pipeline.NewClusterBatch(false)
	p.FunctionLoad(batchEchoLib, false).
		ScriptExists([]string{"0000000000000000000000000000000000000000"}).
		FunctionList(models.FunctionListQuery{}).
		FunctionStats().
		ScriptFlush().
		FunctionFlush()
	got, err := c.Exec(ctx, *p, false)
	requireNoErr(t, "Exec", err)
	want := []any{"blib", []bool{false}, []models.LibraryInfo{{Name: "blib", Engine: "LUA", Functions: []models.FunctionInfo{
		{Name: "blib_echo", Description: "d", Flags: []string{"no-writes"}},
	}}}, nil, "OK", "OK"}
	perNode, ok := got[3].(map[string]any)
	if !ok || len(perNode) != len(cl.Primaries()) {
		t.Fatalf("FunctionStats slot = %T %#v, want one entry per primary (%d)", got[3], got[3], len(cl.Primaries()))
	}
	for addr, v := range perNode {
		st, ok := v.(models.FunctionStatsResult)
		if !ok || st.Engines["LUA"].LibraryCount != 1 {
			t.Fatalf("FunctionStats from %s = %#v, want the loaded library counted", addr, v)
		}
	}
	got[3] = nil
	zRequireSlots(t, got, want, func(i int) []string { return p.Commands[i].Args })
	for _, n := range cl.Primaries() {
		if fixture(t, n.Server, "FUNCTION", "LIST") != "*0\r\n" {
			t.Fatalf("FunctionFlush in the pipeline missed %s", n.Addr())
		}
	}
}
