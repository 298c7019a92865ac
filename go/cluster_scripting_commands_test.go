package valkite

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// keyOnNode finds a key (with prefix) that the cluster places on node.
func keyOnNode(t *testing.T, cl *testserver.Cluster, node *testserver.Node, prefix string) string {
	t.Helper()
	for i := 0; i < 100000; i++ {
		k := prefix + strconv.Itoa(i)
		if cl.NodeForKey(k) == node {
			return k
		}
	}
	t.Fatalf("no key found for %s", node.Addr())
	return ""
}

// scriptCached asks a node directly whether it caches a script.
func scriptCached(t *testing.T, n *testserver.Node, hash string) bool {
	t.Helper()
	return fixture(t, n.Server, "SCRIPT", "EXISTS", hash) == "*1\r\n:1\r\n"
}

func clusterScriptFlush(t *testing.T, cl *testserver.Cluster) {
	t.Helper()
	for _, n := range cl.Nodes {
		fixture(t, n.Server, "SCRIPT", "FLUSH", "SYNC")
	}
}

// clusterFunctionFlush empties every node's function libraries directly.
func clusterFunctionFlush(t *testing.T, cl *testserver.Cluster) {
	t.Helper()
	for _, n := range cl.Primaries() {
		fixture(t, n.Server, "FUNCTION", "FLUSH", "SYNC")
	}
}

// After SCRIPT FLUSH, a keyed script is loaded on the shard that runs it — and only
// there — on every shard; keyless and multi-node invocations reload too.
func TestClusterScriptReloadOnEveryShard(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	script := options.NewScript("-- " + t.Name() + "\nreturn {KEYS[1], ARGV[1]}")
	defer script.Close()
	hash := script.GetHash()
	clusterScriptFlush(t, cl)
	for _, p := range cl.Primaries() {
		k := keyOnNode(t, cl, p, t.Name()+":")
		got, err := c.InvokeScriptWithOptions(ctx, *script,
			*options.NewScriptOptions().WithKeys([]string{k}).WithArgs([]string{"\x00bin"}))
		if err != nil || !reflect.DeepEqual(got, []any{k, "\x00bin"}) {
			t.Fatalf("InvokeScriptWithOptions on %s = %#v, %v", p.Addr(), got, err)
		}
		if !scriptCached(t, p, hash) {
			t.Fatalf("script not loaded on %s, which ran it", p.Addr())
		}
		for _, other := range cl.Primaries() {
			if other != p && scriptCached(t, other, hash) {
				t.Fatalf("script loaded on %s too; only %s needed it", other.Addr(), p.Addr())
			}
		}
		clusterScriptFlush(t, cl)
	}

	got, err := c.InvokeScript(ctx, *script)
	if err != nil || !reflect.DeepEqual(got, []any{}) {
		t.Fatalf("InvokeScript = %#v, %v", got, err)
	}

	clusterScriptFlush(t, cl)
	multi, err := c.InvokeScriptWithRoute(ctx, *script, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "InvokeScriptWithRoute(all primaries)", err)
	if !multi.IsMultiValue() {
		t.Fatalf("InvokeScriptWithRoute(all primaries) = %+v, want one value per primary", multi)
	}
	requireNodeReplies(t, "InvokeScriptWithRoute", multi.MultiValue(), cl.Primaries())

	clusterScriptFlush(t, cl)
	k := keyOnNode(t, cl, cl.Primaries()[1], t.Name()+":r")
	one, err := c.InvokeScriptWithClusterOptions(ctx, *script, *options.NewClusterScriptOptions().
		WithScriptArgOptions(options.NewScriptArgOptions().WithArgs([]string{"arg"})).
		WithRouteOptions(&options.RouteOption{Route: config.NewSlotKeyRoute(config.SlotTypePrimary, k)}))
	if err != nil || !one.IsSingleValue() || !reflect.DeepEqual(one.SingleValue(), []any{}) {
		t.Fatalf("InvokeScriptWithClusterOptions = %+v, %v", one, err)
	}
	if !scriptCached(t, cl.Primaries()[1], hash) {
		t.Fatal("routed script not loaded on its node")
	}

	// Keys in different slots: the server's CROSSSLOT, typed.
	k0 := keyOnNode(t, cl, cl.Primaries()[0], t.Name()+":x")
	k2 := keyOnNode(t, cl, cl.Primaries()[2], t.Name()+":y")
	_, err = c.InvokeScriptWithOptions(ctx, *script, *options.NewScriptOptions().WithKeys([]string{k0, k2}))
	requireServerError(t, err, "CROSSSLOT")

	requireNoErr(t, "Close", script.Close())
	clusterScriptFlush(t, cl)
	_, err = c.InvokeScriptWithOptions(ctx, *script, *options.NewScriptOptions().WithKeys([]string{k0}))
	requireServerError(t, err, "NOSCRIPT")
}

func TestClusterScriptManagement(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	code := "-- " + t.Name() + "\nreturn 1"
	script := options.NewScript(code)
	defer script.Close()
	clusterScriptFlush(t, cl)
	p0 := cl.Primaries()[0]
	fixture(t, p0.Server, "SCRIPT", "LOAD", code)

	// Cached on one primary only: not "existing" for the cluster (logical AND).
	got, err := c.ScriptExists(ctx, []string{script.GetHash()})
	if err != nil || !reflect.DeepEqual(got, []bool{false}) {
		t.Fatalf("ScriptExists = %v, %v", got, err)
	}
	got, err = c.ScriptExistsWithRoute(ctx, []string{script.GetHash(), strings.Repeat("0", 40)},
		options.RouteOption{Route: config.NewByAddressRoute(p0.Host, int32(p0.Port))})
	if err != nil || !reflect.DeepEqual(got, []bool{true, false}) {
		t.Fatalf("ScriptExistsWithRoute(p0) = %v, %v", got, err)
	}
	got, err = c.ScriptExistsWithRoute(ctx, []string{script.GetHash()}, options.RouteOption{Route: config.AllPrimaries})
	if err != nil || !reflect.DeepEqual(got, []bool{false}) {
		t.Fatalf("ScriptExistsWithRoute(all primaries) = %v, %v", got, err)
	}
	for _, n := range cl.Primaries() {
		fixture(t, n.Server, "SCRIPT", "LOAD", code)
	}
	got, err = c.ScriptExists(ctx, []string{script.GetHash()})
	if err != nil || !reflect.DeepEqual(got, []bool{true}) {
		t.Fatalf("ScriptExists after loading everywhere = %v, %v", got, err)
	}

	if ok, err := c.ScriptFlush(ctx); err != nil || ok != "OK" {
		t.Fatalf("ScriptFlush = %q, %v", ok, err)
	}
	for _, n := range cl.Nodes {
		if scriptCached(t, n, script.GetHash()) {
			t.Fatalf("ScriptFlush left the script on %s", n.Addr())
		}
	}
	fixture(t, p0.Server, "SCRIPT", "LOAD", code)
	opts := options.NewScriptFlushOptions().WithMode(options.ASYNC).
		WithRoute(&options.RouteOption{Route: config.NewByAddressRoute(p0.Host, int32(p0.Port))})
	if ok, err := c.ScriptFlushWithOptions(ctx, *opts); err != nil || ok != "OK" {
		t.Fatalf("ScriptFlushWithOptions = %q, %v", ok, err)
	}
	if scriptCached(t, p0, script.GetHash()) {
		t.Fatal("ScriptFlushWithOptions left the script")
	}
	if ok, err := c.ScriptFlushWithOptions(ctx, *options.NewScriptFlushOptions()); err != nil || ok != "OK" {
		t.Fatalf("ScriptFlushWithOptions(defaults) = %q, %v", ok, err)
	}
	if ok, err := c.ScriptFlushWithMode(ctx, options.SYNC); err != nil || ok != "OK" {
		t.Fatalf("ScriptFlushWithMode = %q, %v", ok, err)
	}
	_, err = c.ScriptKill(ctx)
	requireServerError(t, err, "NOTBUSY")
	_, err = c.ScriptKillWithRoute(ctx, options.RouteOption{Route: config.NewByAddressRoute(p0.Host, int32(p0.Port))})
	requireServerError(t, err, "NOTBUSY")
	if _, err := c.InvokeScript(ctx, *script); err != nil {
		t.Fatal(err)
	}
}

func TestClusterFunctionCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	primaries := cl.Primaries()

	name, err := c.FunctionLoad(ctx, scriptLib("clib"), false)
	if err != nil || name != "clib" {
		t.Fatalf("FunctionLoad = %q, %v", name, err)
	}
	for _, p := range primaries {
		if !strings.Contains(fixture(t, p.Server, "FUNCTION", "LIST", "LIBRARYNAME", "clib"), "clib") {
			t.Fatalf("FunctionLoad did not reach %s", p.Addr())
		}
	}
	if name, err = c.FunctionLoadWithRoute(ctx, scriptLib("clib"), true, options.RouteOption{Route: config.AllPrimaries}); err != nil || name != "clib" {
		t.Fatalf("FunctionLoadWithRoute = %q, %v", name, err)
	}

	for _, p := range primaries {
		k := keyOnNode(t, cl, p, t.Name()+":")
		got, err := c.FCallWithKeysAndArgs(ctx, "clib_setkey", []string{k}, []string{"v"})
		if err != nil || got != "OK" {
			t.Fatalf("FCallWithKeysAndArgs on %s = %#v, %v", p.Addr(), got, err)
		}
		if fixture(t, p.Server, "GET", k) != "$1\r\nv\r\n" {
			t.Fatalf("FCall did not write on %s", p.Addr())
		}
		got, err = c.FCallReadOnlyWithKeysAndArgs(ctx, "clib_echo", []string{k}, []string{"e"})
		if err != nil || got != "e" {
			t.Fatalf("FCallReadOnlyWithKeysAndArgs = %#v, %v", got, err)
		}
	}
	if got, err := c.FCall(ctx, "clib_echo"); err != nil || got != nil {
		t.Fatalf("FCall = %#v, %v", got, err)
	}
	if got, err := c.FCallReadOnly(ctx, "clib_echo"); err != nil || got != nil {
		t.Fatalf("FCallReadOnly = %#v, %v", got, err)
	}
	for name, call := range map[string]func() (models.ClusterValue[any], error){
		"FCallWithArgs": func() (models.ClusterValue[any], error) { return c.FCallWithArgs(ctx, "clib_echo", []string{"x"}) },
		"FCallReadOnlyWithArgs": func() (models.ClusterValue[any], error) {
			return c.FCallReadOnlyWithArgs(ctx, "clib_echo", []string{"x"})
		},
		"FCallWithArgsWithRoute(random)": func() (models.ClusterValue[any], error) {
			return c.FCallWithArgsWithRoute(ctx, "clib_echo", []string{"x"}, options.RouteOption{Route: config.RandomRoute})
		},
		"FCallReadOnlyWithArgsWithRoute(slot)": func() (models.ClusterValue[any], error) {
			return c.FCallReadOnlyWithArgsWithRoute(ctx, "clib_echo", []string{"x"},
				options.RouteOption{Route: config.NewSlotIdRoute(config.SlotTypePrimary, 1)})
		},
	} {
		v, err := call()
		if err != nil || !v.IsSingleValue() || v.SingleValue() != "x" {
			t.Fatalf("%s = %+v, %v", name, v, err)
		}
	}
	for name, call := range map[string]func() (models.ClusterValue[any], error){
		"FCallWithRoute": func() (models.ClusterValue[any], error) {
			return c.FCallWithRoute(ctx, "clib_echo", options.RouteOption{Route: config.AllPrimaries})
		},
		"FCallReadOnlyWithRoute": func() (models.ClusterValue[any], error) {
			return c.FCallReadOnlyWithRoute(ctx, "clib_echo", options.RouteOption{Route: config.AllPrimaries})
		},
		"FCallWithArgsWithRoute": func() (models.ClusterValue[any], error) {
			return c.FCallWithArgsWithRoute(ctx, "clib_echo", []string{"y"}, options.RouteOption{Route: config.AllPrimaries})
		},
		"FCallReadOnlyWithArgsWithRoute": func() (models.ClusterValue[any], error) {
			return c.FCallReadOnlyWithArgsWithRoute(ctx, "clib_echo", []string{"y"}, options.RouteOption{Route: config.AllPrimaries})
		},
	} {
		v, err := call()
		if err != nil || !v.IsMultiValue() {
			t.Fatalf("%s = %+v, %v", name, v, err)
		}
		requireNodeReplies(t, name, v.MultiValue(), primaries)
	}

	libs, err := c.FunctionList(ctx, models.FunctionListQuery{LibraryName: "clib", WithCode: true})
	if err != nil || len(libs) != 1 || libs[0].Name != "clib" || libs[0].Code != scriptLib("clib") || len(libs[0].Functions) != 3 {
		t.Fatalf("FunctionList = %+v, %v", libs, err)
	}
	lv, err := c.FunctionListWithRoute(ctx, models.FunctionListQuery{}, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "FunctionListWithRoute", err)
	requireNodeReplies(t, "FunctionListWithRoute", lv.MultiValue(), primaries)
	for a, l := range lv.MultiValue() {
		if len(l) != 1 || l[0].Name != "clib" {
			t.Fatalf("FunctionListWithRoute[%s] = %+v", a, l)
		}
	}
	lv, err = c.FunctionListWithRoute(ctx, models.FunctionListQuery{}, options.RouteOption{})
	if err != nil || !lv.IsSingleValue() || len(lv.SingleValue()) != 1 {
		t.Fatalf("FunctionListWithRoute(no route) = %+v, %v", lv, err)
	}

	stats, err := c.FunctionStats(ctx)
	requireNoErr(t, "FunctionStats", err)
	requireNodeReplies(t, "FunctionStats", stats, cl.Nodes)
	for a, st := range stats {
		if _, ok := st.Engines["LUA"]; !ok {
			t.Fatalf("FunctionStats[%s] = %+v", a, st)
		}
	}
	sv, err := c.FunctionStatsWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "FunctionStatsWithRoute", err)
	requireNodeReplies(t, "FunctionStatsWithRoute", sv.MultiValue(), primaries)
	for a, st := range sv.MultiValue() {
		if st.Engines["LUA"] != (models.Engine{Language: "LUA", FunctionCount: 3, LibraryCount: 1}) {
			t.Fatalf("FunctionStatsWithRoute[%s] = %+v", a, st)
		}
	}
	sv, err = c.FunctionStatsWithRoute(ctx, options.RouteOption{Route: config.NewByAddressRoute(primaries[0].Host, int32(primaries[0].Port))})
	if err != nil || !sv.IsSingleValue() || sv.SingleValue().Engines["LUA"].LibraryCount != 1 {
		t.Fatalf("FunctionStatsWithRoute(one node) = %+v, %v", sv, err)
	}

	payload, err := c.FunctionDump(ctx)
	if err != nil || payload == "" {
		t.Fatalf("FunctionDump = %d bytes, %v", len(payload), err)
	}
	dv, err := c.FunctionDumpWithRoute(ctx, config.AllPrimaries)
	requireNoErr(t, "FunctionDumpWithRoute", err)
	requireNodeReplies(t, "FunctionDumpWithRoute", dv.MultiValue(), primaries)
	dv, err = c.FunctionDumpWithRoute(ctx, config.RandomRoute)
	if err != nil || dv.SingleValue() != payload {
		t.Fatalf("FunctionDumpWithRoute(random) differs from FunctionDump: %v", err)
	}
	_, err = c.FunctionRestore(ctx, payload)
	requireServerError(t, err, "ERR") // clib exists
	if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.ReplacePolicy); err != nil || ok != "OK" {
		t.Fatalf("FunctionRestoreWithPolicy(REPLACE) = %q, %v", ok, err)
	}
	if ok, err := c.FunctionRestoreWithPolicyWithRoute(ctx, payload, constants.FlushPolicy, config.AllPrimaries); err != nil || ok != "OK" {
		t.Fatalf("FunctionRestoreWithPolicyWithRoute(FLUSH) = %q, %v", ok, err)
	}

	if ok, err := c.FunctionDelete(ctx, "clib"); err != nil || ok != "OK" {
		t.Fatalf("FunctionDelete = %q, %v", ok, err)
	}
	_, err = c.FunctionDeleteWithRoute(ctx, "clib", options.RouteOption{Route: config.AllPrimaries})
	requireServerError(t, err, "ERR")
	if ok, err := c.FunctionRestoreWithRoute(ctx, payload, config.AllPrimaries); err != nil || ok != "OK" {
		t.Fatalf("FunctionRestoreWithRoute = %q, %v", ok, err)
	}
	if ok, err := c.FunctionDeleteWithRoute(ctx, "clib", options.RouteOption{Route: config.AllPrimaries}); err != nil || ok != "OK" {
		t.Fatalf("FunctionDeleteWithRoute = %q, %v", ok, err)
	}
	for name, flush := range map[string]func() (string, error){
		"FunctionFlush":      func() (string, error) { return c.FunctionFlush(ctx) },
		"FunctionFlushSync":  func() (string, error) { return c.FunctionFlushSync(ctx) },
		"FunctionFlushAsync": func() (string, error) { return c.FunctionFlushAsync(ctx) },
		"FunctionFlushWithRoute": func() (string, error) {
			return c.FunctionFlushWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
		},
		"FunctionFlushSyncWithRoute": func() (string, error) {
			return c.FunctionFlushSyncWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
		},
		"FunctionFlushAsyncWithRoute": func() (string, error) {
			return c.FunctionFlushAsyncWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
		},
	} {
		if _, err := c.FunctionRestore(ctx, payload); err != nil {
			t.Fatalf("restore before %s: %v", name, err)
		}
		if ok, err := flush(); err != nil || ok != "OK" {
			t.Fatalf("%s = %q, %v", name, ok, err)
		}
		for _, p := range primaries {
			if fixture(t, p.Server, "FUNCTION", "LIST") != "*0\r\n" {
				t.Fatalf("%s left libraries on %s", name, p.Addr())
			}
		}
	}
	_, err = c.FunctionKill(ctx)
	requireServerError(t, err, "NOTBUSY")
	_, err = c.FunctionKillWithRoute(ctx, options.RouteOption{Route: config.RandomRoute})
	requireServerError(t, err, "NOTBUSY")
}

// A dump from a standalone server restored into the cluster (every primary), with
// each policy.
func TestClusterFunctionRestoreFromStandalone(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	src, _ := functionServer(t)
	if _, err := src.FunctionLoad(ctx, scriptLib("fromsa"), false); err != nil {
		t.Fatal(err)
	}
	payload, err := src.FunctionDump(ctx)
	requireNoErr(t, "FunctionDump", err)

	if ok, err := c.FunctionRestore(ctx, payload); err != nil || ok != "OK" {
		t.Fatalf("FunctionRestore = %q, %v", ok, err)
	}
	_, err = c.FunctionRestoreWithPolicy(ctx, payload, constants.AppendPolicy)
	requireServerError(t, err, "ERR")
	if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.ReplacePolicy); err != nil || ok != "OK" {
		t.Fatalf("REPLACE = %q, %v", ok, err)
	}
	if _, err := c.FunctionLoad(ctx, scriptLib("clusteronly"), false); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.FlushPolicy); err != nil || ok != "OK" {
		t.Fatalf("FLUSH = %q, %v", ok, err)
	}
	for _, p := range cl.Primaries() {
		list := fixture(t, p.Server, "FUNCTION", "LIST")
		if !strings.Contains(list, "fromsa") || strings.Contains(list, "clusteronly") {
			t.Fatalf("libraries on %s after FLUSH restore: %q", p.Addr(), list)
		}
		k := keyOnNode(t, cl, p, t.Name()+":")
		got, err := c.FCallReadOnlyWithKeysAndArgs(ctx, "fromsa_echo", []string{k}, []string{"ok"})
		if err != nil || got != "ok" {
			t.Fatalf("restored function on %s = %#v, %v", p.Addr(), got, err)
		}
	}
}

// SCRIPT KILL and FUNCTION KILL on a cluster: the busy shard is found without a route,
// on the management connection.
func TestClusterScriptAndFunctionKill(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	for _, p := range cl.Primaries() {
		fixture(t, p.Server, "CONFIG", "SET", "busy-reply-threshold", "50")
	}
	t.Cleanup(func() {
		for _, p := range cl.Primaries() {
			fixture(t, p.Server, "CONFIG", "SET", "busy-reply-threshold", "5000")
		}
	})
	p := cl.Primaries()[2]
	k := keyOnNode(t, cl, p, t.Name()+":")

	spin := options.NewScript("-- " + t.Name() + "\nlocal k = KEYS[1]\nwhile true do end")
	defer spin.Close()
	done := make(chan error, 1)
	go func() {
		_, err := c.InvokeScriptWithOptions(ctx, *spin, *options.NewScriptOptions().WithKeys([]string{k}))
		done <- err
	}()
	if ok, err := awaitKilled(t, c.ScriptKill); err != nil || ok != "OK" {
		t.Fatalf("ScriptKill = %q, %v", ok, err)
	}
	var re *RequestError
	if err := <-done; !errors.As(err, &re) || !strings.Contains(re.Msg, "killed") {
		t.Fatalf("killed script returned %T %v", err, err)
	}

	// Again, killed along an explicit route to the busy node.
	go func() {
		_, err := c.InvokeScriptWithOptions(ctx, *spin, *options.NewScriptOptions().WithKeys([]string{k}))
		done <- err
	}()
	byAddr := options.RouteOption{Route: config.NewByAddressRoute(p.Host, int32(p.Port))}
	scriptKill := func(ctx context.Context) (string, error) { return c.ScriptKillWithRoute(ctx, byAddr) }
	if ok, err := awaitKilled(t, scriptKill); err != nil || ok != "OK" {
		t.Fatalf("ScriptKillWithRoute = %q, %v", ok, err)
	}
	if err := <-done; !errors.As(err, &re) || !strings.Contains(re.Msg, "killed") {
		t.Fatalf("killed script returned %T %v", err, err)
	}

	if _, err := c.FunctionLoad(ctx, scriptLib("ckill"), true); err != nil {
		t.Fatal(err)
	}
	go func() {
		_, err := c.FCallReadOnlyWithKeysAndArgs(ctx, "ckill_spin", []string{k}, nil)
		done <- err
	}()
	route := options.RouteOption{Route: config.NewByAddressRoute(p.Host, int32(p.Port))}
	kill := func(ctx context.Context) (string, error) { return c.FunctionKillWithRoute(ctx, route) }
	if ok, err := awaitKilled(t, kill); err != nil || ok != "OK" {
		t.Fatalf("FunctionKillWithRoute = %q, %v", ok, err)
	}
	if err := <-done; !errors.As(err, &re) || !strings.Contains(re.Msg, "killed") {
		t.Fatalf("killed function returned %T %v", err, err)
	}
	go func() {
		_, err := c.FCallReadOnlyWithKeysAndArgs(ctx, "ckill_spin", []string{k}, nil)
		done <- err
	}()
	if ok, err := awaitKilled(t, c.FunctionKill); err != nil || ok != "OK" {
		t.Fatalf("FunctionKill = %q, %v", ok, err)
	}
	<-done
	if v, err := c.Get(ctx, k); err != nil || !v.IsNil() {
		t.Fatalf("Get after kills = %v, %v", v, err)
	}
}

// FCALL_RO follows the read strategy: with PreferReplica a replica of the key's shard
// runs it.
func TestClusterFCallReadOnlyFollowsReadFrom(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	clusterFunctionFlush(t, cl)
	t.Cleanup(func() { clusterFunctionFlush(t, cl) })
	seed := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second).
		WithReadFrom(config.PreferReplica)
	c, err := NewClusterClient(cfg)
	requireNoErr(t, "NewClusterClient", err)
	defer c.Close()
	ctx := context.Background()
	if _, err := c.FunctionLoad(ctx, scriptLib("rolib"), false); err != nil {
		t.Fatal(err)
	}
	// The same connections carried FUNCTION LOAD: WAIT on them until replicas have it.
	acked, err := c.CustomCommandWithRoute(ctx, []string{"WAIT", "1", "5000"}, config.AllPrimaries)
	requireNoErr(t, "WAIT", err)
	for a, v := range acked.MultiValue() {
		if n, ok := v.(int64); !ok || n < 1 {
			t.Fatalf("WAIT on %s = %#v: the library did not reach a replica", a, v)
		}
	}
	before := lsReadCalls(t, cl, "fcall_ro")
	for _, p := range cl.Primaries() {
		k := keyOnNode(t, cl, p, t.Name()+":")
		got, err := c.FCallReadOnlyWithKeysAndArgs(ctx, "rolib_echo", []string{k}, []string{"r"})
		if err != nil || got != "r" {
			t.Fatalf("FCallReadOnlyWithKeysAndArgs = %#v, %v", got, err)
		}
	}
	after := lsReadCalls(t, cl, "fcall_ro")
	total := 0
	for _, n := range cl.Nodes {
		d := after[n.Addr()] - before[n.Addr()]
		if d == 0 {
			continue
		}
		total += d
		if n.Role != testserver.RoleReplica {
			t.Errorf("%d FCALL_RO served by %s, a %s", d, n.Addr(), n.Role)
		}
	}
	if total != len(cl.Primaries()) {
		t.Fatalf("the servers counted %d FCALL_RO, want %d", total, len(cl.Primaries()))
	}
}
