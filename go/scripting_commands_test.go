package valkite

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// scriptLib is a function library named name with echo (read-only: returns its first
// argument), setkey (writes ARGV[1] to KEYS[1]) and spin (read-only busy loop).
func scriptLib(name string) string {
	return "#!lua name=" + name + "\n" +
		"redis.register_function{function_name='" + name + "_echo', callback=function(keys, args) return args[1] end, flags={'no-writes'}, description='echoes'}\n" +
		"redis.register_function('" + name + "_setkey', function(keys, args) return redis.call('SET', keys[1], args[1]) end)\n" +
		"redis.register_function{function_name='" + name + "_spin', callback=function() while true do end end, flags={'no-writes'}}\n"
}

// scriptFlushAll empties the script cache of a server directly (not through the
// client under test).
func scriptFlushAll(t *testing.T, s *testserver.Server) {
	t.Helper()
	fixture(t, s, "SCRIPT", "FLUSH", "SYNC")
}

func TestScriptInvokeReloadsAfterFlush(t *testing.T) {
	for _, srv := range []struct {
		name string
		get  func(*testing.T) (*Client, *testserver.Server)
	}{{"valkey", newTestClient}, {"redis7", newRedisTestClient}} {
		t.Run(srv.name, func(t *testing.T) {
			c, s := srv.get(t)
			ctx := context.Background()
			k := testKey(t, "k")
			script := options.NewScript("-- " + t.Name() + "\nreturn {KEYS[1], ARGV[1], ARGV[2]}")
			defer script.Close()

			scriptFlushAll(t, s) // the server does not know it: the first call loads it
			got, err := c.InvokeScriptWithOptions(ctx, *script,
				*options.NewScriptOptions().WithKeys([]string{k}).WithArgs([]string{"a\x00\xffb", ""}))
			requireNoErr(t, "InvokeScriptWithOptions", err)
			want := []any{k, "a\x00\xffb", ""}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("InvokeScriptWithOptions = %#v, want %#v", got, want)
			}
			exists, err := c.ScriptExists(ctx, []string{script.GetHash(), strings.Repeat("0", 40)})
			if err != nil || !reflect.DeepEqual(exists, []bool{true, false}) {
				t.Fatalf("ScriptExists = %v, %v", exists, err)
			}

			scriptFlushAll(t, s)
			got, err = c.InvokeScript(ctx, *script)
			requireNoErr(t, "InvokeScript after SCRIPT FLUSH", err)
			if !reflect.DeepEqual(got, []any{}) {
				// KEYS[1] is nil without keys: Lua's table ends there.
				t.Fatalf("InvokeScript = %#v, want an empty array", got)
			}

			// After Close the store forgets the code: a NOSCRIPT is the caller's.
			requireNoErr(t, "Close", script.Close())
			requireNoErr(t, "second Close", script.Close())
			scriptFlushAll(t, s)
			_, err = c.InvokeScript(ctx, *script)
			requireServerError(t, err, "NOSCRIPT")
		})
	}
}

// Two Scripts with the same code share one stored copy: closing one keeps the other
// reloadable.
func TestScriptStoreIsReferenceCounted(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	code := "-- " + t.Name() + "\nreturn 7"
	a, b := options.NewScript(code), options.NewScript(code)
	if a.GetHash() != b.GetHash() {
		t.Fatal("same code, different hashes")
	}
	requireNoErr(t, "Close a", a.Close())
	scriptFlushAll(t, s)
	got, err := c.InvokeScript(ctx, *a) // a is closed, but b still holds the code
	if err != nil || got != int64(7) {
		t.Fatalf("InvokeScript = %#v, %v", got, err)
	}
	requireNoErr(t, "Close b", b.Close())
	scriptFlushAll(t, s)
	_, err = c.InvokeScript(ctx, *b)
	requireServerError(t, err, "NOSCRIPT")
}

// Every kind of reply a script can produce, through RESP3.
func TestScriptReplyTypes(t *testing.T) {
	for _, srv := range []struct {
		name string
		get  func(*testing.T) (*Client, *testserver.Server)
	}{{"valkey", newTestClient}, {"redis7", newRedisTestClient}} {
		t.Run(srv.name, func(t *testing.T) {
			c, _ := srv.get(t)
			scriptReplyTypes(t, c)
		})
	}
}

func scriptReplyTypes(t *testing.T, c *Client) {
	ctx := context.Background()
	cases := []struct {
		code string
		want any
	}{
		{"return 42", int64(42)},
		{"return -1", int64(-1)},
		{"return nil", nil},
		{"return 'text'", "text"},
		{"return ARGV[1]", "a\x00\xff\r\nb"},
		{"return {1, {2, {'x', {}}}}", []any{int64(1), []any{int64(2), []any{"x", []any{}}}}},
		{"return {ok='FINE'}", "FINE"},
		{"return {1, redis.error_reply('E2 nested')}", []any{int64(1), &RequestError{Msg: "E2 nested"}}},
		{"return {double=3.5}", float64(3.5)},
		{"return {1, {double=-0.25}}", []any{int64(1), float64(-0.25)}},
		{"return {map={a=1}}", map[string]any{"a": int64(1)}},
		{"return {set={m=true}}", map[string]struct{}{"m": {}}},
		{"return {big_number='123456789012345678901234567890'}", "123456789012345678901234567890"},
		{"return true", int64(1)},
		{"return false", nil},
	}
	for _, tc := range cases {
		s := options.NewScript("-- " + t.Name() + "\n" + tc.code)
		got, err := c.InvokeScriptWithOptions(ctx, *s,
			*options.NewScriptOptions().WithArgs([]string{"a\x00\xff\r\nb"}))
		s.Close()
		if err != nil {
			t.Fatalf("%s: %v", tc.code, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("%s = %#v (%T), want %#v (%T)", tc.code, got, got, tc.want, tc.want)
		}
	}
	// An error reply at the top is the call's error.
	s := options.NewScript("-- " + t.Name() + "\nreturn {err='MYERR went wrong'}")
	defer s.Close()
	_, err := c.InvokeScript(ctx, *s)
	requireServerError(t, err, "MYERR went wrong")
	s2 := options.NewScript("-- " + t.Name() + "\nreturn redis.call('NOSUCHCOMMAND')")
	defer s2.Close()
	_, err = c.InvokeScript(ctx, *s2)
	requireServerError(t, err, "ERR")
}

func TestScriptShowAndFlush(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	code := "-- " + t.Name() + "\nreturn 'shown'"
	script := options.NewScript(code)
	defer script.Close()
	if _, err := c.InvokeScript(ctx, *script); err != nil {
		t.Fatal(err)
	}
	src, err := c.ScriptShow(ctx, script.GetHash())
	if err != nil || src != code {
		t.Fatalf("ScriptShow = %q, %v", src, err)
	}
	_, err = c.ScriptShow(ctx, strings.Repeat("f", 40))
	requireServerError(t, err, "NOSCRIPT")

	if ok, err := c.ScriptFlush(ctx); err != nil || ok != "OK" {
		t.Fatalf("ScriptFlush = %q, %v", ok, err)
	}
	if fixture(t, s, "SCRIPT", "EXISTS", script.GetHash()) != "*1\r\n:0\r\n" {
		t.Fatal("SCRIPT FLUSH left the script cached")
	}
	for _, mode := range []options.FlushMode{options.SYNC, options.ASYNC} {
		if ok, err := c.ScriptFlushWithMode(ctx, mode); err != nil || ok != "OK" {
			t.Fatalf("ScriptFlushWithMode(%s) = %q, %v", mode, ok, err)
		}
	}
	_, err = c.ScriptFlushWithMode(ctx, options.FlushMode("SOMETIMES"))
	requireServerError(t, err, "ERR")
	exists, err := c.ScriptExists(ctx, []string{script.GetHash()})
	if err != nil || !reflect.DeepEqual(exists, []bool{false}) {
		t.Fatalf("ScriptExists = %v, %v", exists, err)
	}
}

// functionServer starts a dedicated Valkey server, so function tests can flush and
// restore libraries without touching other tests' state.
func functionServer(t *testing.T, extra ...string) (*Client, *testserver.Server) {
	t.Helper()
	return connect(t, testserver.StartValkey(t, extra...))
}

func TestFunctionCommands(t *testing.T) {
	for _, srv := range []struct {
		name  string
		start func(testing.TB, ...string) *testserver.Server
	}{{"valkey", testserver.StartValkey}, {"redis7", testserver.StartRedis}} {
		t.Run(srv.name, func(t *testing.T) {
			c, _ := connect(t, srv.start(t))
			ctx := context.Background()
			k := testKey(t, "k")

			name, err := c.FunctionLoad(ctx, scriptLib("flib"), false)
			if err != nil || name != "flib" {
				t.Fatalf("FunctionLoad = %q, %v", name, err)
			}
			_, err = c.FunctionLoad(ctx, scriptLib("flib"), false)
			requireServerError(t, err, "ERR")
			if name, err = c.FunctionLoad(ctx, scriptLib("flib"), true); err != nil || name != "flib" {
				t.Fatalf("FunctionLoad(replace) = %q, %v", name, err)
			}

			got, err := c.FCallWithKeysAndArgs(ctx, "flib_setkey", []string{k}, []string{"v\x00"})
			if err != nil || got != "OK" {
				t.Fatalf("FCallWithKeysAndArgs = %#v, %v", got, err)
			}
			if v, err := c.Get(ctx, k); err != nil || v.Value() != "v\x00" {
				t.Fatalf("Get = %v, %v", v, err)
			}
			got, err = c.FCallReadOnlyWithKeysAndArgs(ctx, "flib_echo", []string{k}, []string{"\xffecho"})
			if err != nil || got != "\xffecho" {
				t.Fatalf("FCallReadOnlyWithKeysAndArgs = %#v, %v", got, err)
			}
			got, err = c.FCall(ctx, "flib_echo")
			if err != nil || got != nil {
				t.Fatalf("FCall = %#v, %v", got, err)
			}
			got, err = c.FCallReadOnly(ctx, "flib_echo")
			if err != nil || got != nil {
				t.Fatalf("FCallReadOnly = %#v, %v", got, err)
			}
			_, err = c.FCallReadOnlyWithKeysAndArgs(ctx, "flib_setkey", []string{k}, []string{"x"})
			requireServerError(t, err, "ERR") // a writing function refused by FCALL_RO
			_, err = c.FCall(ctx, "nosuchfunction")
			requireServerError(t, err, "ERR")

			libs, err := c.FunctionList(ctx, models.FunctionListQuery{LibraryName: "flib"})
			requireNoErr(t, "FunctionList", err)
			if len(libs) != 1 || libs[0].Name != "flib" || libs[0].Engine != "LUA" || libs[0].Code != "" ||
				len(libs[0].Functions) != 3 {
				t.Fatalf("FunctionList = %+v", libs)
			}
			fns := map[string]models.FunctionInfo{}
			for _, f := range libs[0].Functions {
				fns[f.Name] = f
			}
			if e := fns["flib_echo"]; e.Description != "echoes" || !reflect.DeepEqual(e.Flags, []string{"no-writes"}) {
				t.Fatalf("flib_echo = %+v", e)
			}
			if s := fns["flib_setkey"]; s.Description != "" || !reflect.DeepEqual(s.Flags, []string{}) {
				t.Fatalf("flib_setkey = %+v", s)
			}
			libs, err = c.FunctionList(ctx, models.FunctionListQuery{WithCode: true})
			if err != nil || len(libs) != 1 || libs[0].Code != scriptLib("flib") {
				t.Fatalf("FunctionList(WithCode) = %+v, %v", libs, err)
			}
			libs, err = c.FunctionList(ctx, models.FunctionListQuery{LibraryName: "nomatch*"})
			if err != nil || libs == nil || len(libs) != 0 {
				t.Fatalf("FunctionList(no match) = %#v, %v", libs, err)
			}

			stats, err := c.FunctionStats(ctx)
			requireNoErr(t, "FunctionStats", err)
			if len(stats) != 1 {
				t.Fatalf("FunctionStats = %+v", stats)
			}
			for addr, st := range stats {
				if !strings.Contains(addr, ":") || st.Engines["LUA"] != (models.Engine{Language: "LUA", FunctionCount: 3, LibraryCount: 1}) ||
					st.RunningScript.Name != "" {
					t.Fatalf("FunctionStats[%s] = %+v", addr, st)
				}
			}

			// Dump, then each restore policy.
			payload, err := c.FunctionDump(ctx)
			if err != nil || len(payload) == 0 {
				t.Fatalf("FunctionDump = %d bytes, %v", len(payload), err)
			}
			_, err = c.FunctionRestore(ctx, payload) // flib exists: APPEND (the default) refuses
			requireServerError(t, err, "ERR")
			if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.ReplacePolicy); err != nil || ok != "OK" {
				t.Fatalf("FunctionRestoreWithPolicy(REPLACE) = %q, %v", ok, err)
			}
			if _, err := c.FunctionLoad(ctx, scriptLib("other"), false); err != nil {
				t.Fatal(err)
			}
			if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.FlushPolicy); err != nil || ok != "OK" {
				t.Fatalf("FunctionRestoreWithPolicy(FLUSH) = %q, %v", ok, err)
			}
			libs, _ = c.FunctionList(ctx, models.FunctionListQuery{})
			if len(libs) != 1 || libs[0].Name != "flib" {
				t.Fatalf("after FLUSH restore: %+v", libs)
			}
			_, err = c.FunctionRestoreWithPolicy(ctx, payload, constants.FunctionRestorePolicy("MERGE"))
			if err == nil || !strings.Contains(err.Error(), "policy must be APPEND, FLUSH or REPLACE") {
				t.Fatalf("unknown policy: %v", err)
			}

			if ok, err := c.FunctionDelete(ctx, "flib"); err != nil || ok != "OK" {
				t.Fatalf("FunctionDelete = %q, %v", ok, err)
			}
			_, err = c.FunctionDelete(ctx, "flib")
			requireServerError(t, err, "ERR")
			if ok, err := c.FunctionRestoreWithPolicy(ctx, payload, constants.AppendPolicy); err != nil || ok != "OK" {
				t.Fatalf("FunctionRestoreWithPolicy(APPEND) = %q, %v", ok, err)
			}
			for i, flush := range []func(context.Context) (string, error){c.FunctionFlush, c.FunctionFlushSync, c.FunctionFlushAsync} {
				if ok, err := flush(ctx); err != nil || ok != "OK" {
					t.Fatalf("flush %d = %q, %v", i, ok, err)
				}
			}
			libs, err = c.FunctionList(ctx, models.FunctionListQuery{})
			if err != nil || len(libs) != 0 {
				t.Fatalf("FunctionList after flush = %+v, %v", libs, err)
			}
			_, err = c.FunctionKill(ctx)
			requireServerError(t, err, "NOTBUSY")
			_, err = c.ScriptKill(ctx)
			requireServerError(t, err, "NOTBUSY")
		})
	}
}

// A dump taken from one deployment restores into another.
func TestFunctionDumpRestoreAcrossServers(t *testing.T) {
	src, _ := functionServer(t)
	dst, _ := functionServer(t)
	ctx := context.Background()
	if _, err := src.FunctionLoad(ctx, scriptLib("moved"), false); err != nil {
		t.Fatal(err)
	}
	payload, err := src.FunctionDump(ctx)
	requireNoErr(t, "FunctionDump", err)
	if ok, err := dst.FunctionRestore(ctx, payload); err != nil || ok != "OK" {
		t.Fatalf("FunctionRestore = %q, %v", ok, err)
	}
	got, err := dst.FCallReadOnlyWithKeysAndArgs(ctx, "moved_echo", nil, []string{"there"})
	if err != nil || got != "there" {
		t.Fatalf("FCall on the restored server = %#v, %v", got, err)
	}
}

// awaitKilled calls kill until it stops answering NOTBUSY (the script has started)
// and returns its first other answer.
func awaitKilled(t *testing.T, kill func(context.Context) (string, error)) (string, error) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := kill(context.Background())
		var re *RequestError
		if errors.As(err, &re) && re.Code() == "NOTBUSY" && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond) // polling the server's state: no event to wait for
			continue
		}
		return ok, err
	}
}

// SCRIPT KILL and FUNCTION KILL reach a server whose script blocks the client's own
// connection: they travel on the management connection.
func TestScriptAndFunctionKill(t *testing.T) {
	for _, srv := range []struct {
		name  string
		start func(testing.TB, ...string) *testserver.Server
	}{{"valkey", testserver.StartValkey}, {"redis7", testserver.StartRedis}} {
		t.Run(srv.name, func(t *testing.T) {
			c, _ := connect(t, srv.start(t, "--busy-reply-threshold", "50"))
			scriptAndFunctionKill(t, c)
		})
	}
}

func scriptAndFunctionKill(t *testing.T, c *Client) {
	ctx := context.Background()

	spin := options.NewScript("-- " + t.Name() + "\nwhile true do end")
	defer spin.Close()
	done := make(chan error, 1)
	go func() { _, err := c.InvokeScript(ctx, *spin); done <- err }()
	if ok, err := awaitKilled(t, c.ScriptKill); err != nil || ok != "OK" {
		t.Fatalf("ScriptKill = %q, %v", ok, err)
	}
	err := <-done
	var re *RequestError
	if !errors.As(err, &re) || !strings.Contains(re.Msg, "killed") {
		t.Fatalf("killed script returned %T %v", err, err)
	}
	if v, err := c.Ping(ctx); err != nil || v != "PONG" {
		t.Fatalf("Ping after the kill = %q, %v", v, err)
	}

	if _, err := c.FunctionLoad(ctx, scriptLib("killlib"), true); err != nil {
		t.Fatal(err)
	}
	go func() { _, err := c.FCallReadOnly(ctx, "killlib_spin"); done <- err }()
	if ok, err := awaitKilled(t, c.FunctionKill); err != nil || ok != "OK" {
		t.Fatalf("FunctionKill = %q, %v", ok, err)
	}
	if err := <-done; !errors.As(err, &re) || !strings.Contains(re.Msg, "killed") {
		t.Fatalf("killed function returned %T %v", err, err)
	}
	// While a function runs, FUNCTION STATS (allowed while busy) reports it.
	go func() { _, err := c.FCallReadOnly(ctx, "killlib_spin"); done <- err }()
	side, err := c.sideCore()
	requireNoErr(t, "side", err)
	deadline := time.Now().Add(10 * time.Second)
	var running models.RunningScript
	for time.Now().Before(deadline) {
		st, err := executeOn(ctx, side, cmds.FunctionStats(), routeArg{})
		requireNoErr(t, "FUNCTION STATS", err)
		if running = st.RunningScript; running.Name != "" {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if running.Name != "killlib_spin" || running.Cmd != "FCALL_RO" || !reflect.DeepEqual(running.Args, []string{"killlib_spin", "0"}) {
		t.Fatalf("RunningScript = %+v", running)
	}
	if ok, err := awaitKilled(t, c.FunctionKill); err != nil || ok != "OK" {
		t.Fatalf("FunctionKill = %q, %v", ok, err)
	}
	<-done
}

// A script that has written cannot be killed: UNKILLABLE comes back typed. The server
// is dedicated to this test and killed at the end (only SHUTDOWN NOSAVE could stop it).
func TestScriptKillUnkillable(t *testing.T) {
	srv := testserver.StartValkey(t, "--busy-reply-threshold", "50")
	c, _ := connect(t, srv)
	ctx := context.Background()
	writer := options.NewScript("-- " + t.Name() + "\nredis.call('SET', KEYS[1], 'x')\nwhile true do end")
	defer writer.Close()
	done := make(chan error, 1)
	go func() {
		_, err := c.InvokeScriptWithOptions(ctx, *writer, *options.NewScriptOptions().WithKeys([]string{"k"}))
		done <- err
	}()
	_, err := awaitKilled(t, c.ScriptKill)
	requireServerError(t, err, "UNKILLABLE")
	srv.Kill()
	if err := <-done; err == nil {
		t.Fatal("the script's call succeeded on a killed server")
	}
}

// The management connection opens while the script is already busy (the first kill),
// from a client configured for another database: its handshake must not need
// anything a busy server refuses.
func TestScriptKillOpensSideConnectionWhileBusy(t *testing.T) {
	srv := testserver.StartValkey(t, "--busy-reply-threshold", "50")
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: srv.Host, Port: srv.Port}).
		WithRequestTimeout(5 * time.Second).
		WithDatabaseId(3)
	c, err := NewClient(cfg)
	requireNoErr(t, "NewClient", err)
	defer c.Close()
	ctx := context.Background()
	spin := options.NewScript("-- " + t.Name() + "\nwhile true do end")
	defer spin.Close()
	done := make(chan error, 1)
	go func() { _, err := c.InvokeScript(ctx, *spin); done <- err }()
	// Wait for the server to be busy, asked on a connection of the test's own.
	deadline := time.Now().Add(10 * time.Second)
	for {
		reply, err := srv.Exec("PING")
		if err == nil && strings.HasPrefix(reply, "-BUSY") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server never became busy: %q, %v", reply, err)
		}
		time.Sleep(5 * time.Millisecond) // polling the server's state: no event to wait for
	}
	if ok, err := c.ScriptKill(ctx); err != nil || ok != "OK" {
		t.Fatalf("first ScriptKill while busy = %q, %v", ok, err)
	}
	if err := <-done; err == nil {
		t.Fatal("the killed script's call succeeded")
	}
}

// The management connection closes with its client: no goroutine, descriptor or
// server connection is left behind.
func TestScriptKillSideConnectionClosesWithClient(t *testing.T) {
	s := testserver.StartValkey(t)
	runtime.GC()
	baseGoroutines := runtime.NumGoroutine()
	baseFDs := openFDs()
	for i := 0; i < 3; i++ {
		c, err := NewClient(cfgFor(s))
		requireNoErr(t, "NewClient", err)
		_, err = c.ScriptKill(context.Background()) // opens the management connection
		requireServerError(t, err, "NOTBUSY")
		if n, _ := strconv.Atoi(s.Info(t, "clients")["connected_clients"]); n != 3 {
			t.Fatalf("connected_clients = %d, want the client's, its management connection and INFO's", n)
		}
		c.Close()
		_, err = c.ScriptKill(context.Background())
		requireAs[*ClosingError](t, "ScriptKill after Close", err)
	}
	pollUntil(t, "goroutines to return to the baseline", 10*time.Second, func() bool {
		return runtime.NumGoroutine() <= baseGoroutines
	})
	if baseFDs >= 0 {
		pollUntil(t, "file descriptors to return to the baseline", 10*time.Second, func() bool {
			return openFDs() <= baseFDs
		})
	}
	pollUntil(t, "the server to see every connection gone", 10*time.Second, func() bool {
		n, _ := strconv.Atoi(s.Info(t, "clients")["connected_clients"])
		return n == 1
	})
}
