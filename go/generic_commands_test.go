package valkite

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func TestCustomCommandShapes(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	fixture(t, s, "HSET", testKey(t, "h"), "f", "v")
	fixture(t, s, "SADD", testKey(t, "set"), "a", "b")
	fixture(t, s, "ZADD", testKey(t, "z"), "1.5", "m")
	fixture(t, s, "RPUSH", testKey(t, "l"), "x", "y")

	cases := []struct {
		args []string
		want any
	}{
		{[]string{"SET", k, "v"}, "OK"},
		{[]string{"GET", k}, "v"},
		{[]string{"GET", testKey(t, "missing")}, nil},
		{[]string{"INCR", testKey(t, "n")}, int64(1)},
		{[]string{"ZSCORE", testKey(t, "z"), "m"}, 1.5},
		{[]string{"HGETALL", testKey(t, "h")}, map[string]any{"f": "v"}},
		{[]string{"SMEMBERS", testKey(t, "set")}, map[string]struct{}{"a": {}, "b": {}}},
		{[]string{"LRANGE", testKey(t, "l"), "0", "-1"}, []any{"x", "y"}},
		{[]string{"LRANGE", testKey(t, "missing"), "0", "-1"}, []any{}},
		{[]string{"EXISTS", testKey(t, "h")}, int64(1)},
		{[]string{"ECHO", ""}, ""},
	}
	for _, tc := range cases {
		got, err := c.CustomCommand(ctx, tc.args)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("CustomCommand(%q) = %#v, %v; want %#v", tc.args, got, err, tc.want)
		}
	}
	// Valkey 9 answers INFO with a verbatim string; the format prefix is dropped.
	info, err := c.CustomCommand(ctx, []string{"INFO", "server"})
	if s, ok := info.(string); err != nil || !ok || len(s) < 10 || s[:8] != "# Server" {
		t.Fatalf("INFO = %#v, %v", info, err)
	}

	_, err = c.CustomCommand(ctx, []string{"NOSUCHCOMMAND"})
	requireServerError(t, err, "ERR")
	_, err = c.CustomCommand(ctx, []string{"GET"})
	requireServerError(t, err, "ERR")
	_, err = c.CustomCommand(ctx, []string{"HGETALL", k})
	requireServerError(t, err, "WRONGTYPE")
	if _, err := c.CustomCommand(ctx, nil); err == nil {
		t.Fatal("an empty command must fail")
	}
}

func TestMove(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	fixture(t, s, "SET", k, "v")

	if ok, err := c.Move(ctx, k, 5); err != nil || !ok {
		t.Fatalf("Move = %v, %v", ok, err)
	}
	if ok, err := c.Move(ctx, k, 5); err != nil || ok {
		t.Fatalf("Move(missing) = %v, %v", ok, err)
	}
	other, _ := newTestClient(t)
	if _, err := other.Select(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if v, err := other.Get(ctx, k); err != nil || v.Value() != "v" {
		t.Fatalf("moved value = %+v, %v", v, err)
	}
	if _, err := other.Del(ctx, []string{k}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Move(ctx, k, 100000)
	requireServerError(t, err, "ERR")
}

func TestScan(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	// A database of its own, so the expected key set is exact.
	if _, err := c.Select(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FlushDB(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for i := 0; i < 30; i++ {
		k := "str:" + strconv.Itoa(i)
		want[k] = true
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CustomCommand(ctx, []string{"RPUSH", "list:0", "x"}); err != nil {
		t.Fatal(err)
	}

	collect := func(scan func(models.Cursor) (models.ScanResult, error)) []string {
		t.Helper()
		var keys []string
		cursor := models.NewCursor()
		for !cursor.IsFinished() {
			page, err := scan(cursor)
			requireNoErr(t, "scan page", err)
			keys = append(keys, page.Data...)
			cursor = page.Cursor
		}
		sort.Strings(keys)
		return keys
	}
	all := collect(func(cur models.Cursor) (models.ScanResult, error) { return c.Scan(ctx, cur) })
	if len(all) != 31 {
		t.Fatalf("Scan found %d keys: %v", len(all), all)
	}
	strs := collect(func(cur models.Cursor) (models.ScanResult, error) {
		return c.ScanWithOptions(ctx, cur, *options.NewScanOptions().SetMatch("str:*").SetCount(5))
	})
	if len(strs) != 30 {
		t.Fatalf("Scan MATCH found %d keys", len(strs))
	}
	for _, k := range strs {
		if !want[k] {
			t.Fatalf("unexpected key %q", k)
		}
	}
	lists := collect(func(cur models.Cursor) (models.ScanResult, error) {
		return c.ScanWithOptions(ctx, cur, *options.NewScanOptions().SetType(constants.ObjectTypeList))
	})
	if !reflect.DeepEqual(lists, []string{"list:0"}) {
		t.Fatalf("Scan TYPE list = %v", lists)
	}

	_, err := c.Scan(ctx, models.NewCursorFromString("not-a-number"))
	requireServerError(t, err, "ERR")
	_, err = c.ScanWithOptions(ctx, models.NewCursor(), *options.NewScanOptions().SetCount(-1))
	requireServerError(t, err, "ERR")
	if _, err := c.FlushDB(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestRandomKey(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if _, err := c.Select(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FlushDB(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.RandomKey(ctx)
	requireNil(t, "RandomKey(empty db)", r, err)
	if _, err := c.Set(ctx, "only", "v"); err != nil {
		t.Fatal(err)
	}
	r, err = c.RandomKey(ctx)
	requireResult(t, "RandomKey", r, err, "only")
	if _, err := c.FlushDB(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateKeys(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	target := testserver.StartValkey(t)
	port := int64(target.Port)
	a, b := testKey(t, "a"), testKey(t, "b")
	fixture(t, s, "MSET", a, "1", b, "2")

	if ok, err := c.MigrateKeys(ctx, target.Host, port, []string{a, b}, 0, 5000); err != nil || ok != "OK" {
		t.Fatalf("MigrateKeys = %q, %v", ok, err)
	}
	if n, _ := c.Exists(ctx, []string{a, b}); n != 0 {
		t.Fatal("MigrateKeys left source keys")
	}
	if ok, err := c.MigrateKeys(ctx, target.Host, port, []string{a, b}, 0, 5000); err != nil || ok != "NOKEY" {
		t.Fatalf("MigrateKeys(missing) = %q, %v", ok, err)
	}
	fixture(t, s, "MSET", a, "3", b, "4")
	ok, err := c.MigrateKeysWithOptions(ctx, target.Host, port, []string{a, b}, 0, 5000,
		*options.NewMigrateOptions().SetReplace().SetCopy())
	if err != nil || ok != "OK" {
		t.Fatalf("MigrateKeys COPY REPLACE = %q, %v", ok, err)
	}
	if got := target.Do(t, "GET", a); got != "$1\r\n3\r\n" {
		t.Fatalf("target value = %q", got)
	}
	_, err = c.MigrateKeysWithOptions(ctx, target.Host, port, []string{a}, 0, 5000,
		*options.NewMigrateOptions().SetPassword("wrong"))
	requireServerError(t, err, "ERR")
	if ok, err := c.MigrateKeys(ctx, target.Host, port, nil, 0, 5000); err != nil || ok != "NOKEY" {
		t.Fatalf("MigrateKeys(no keys) = %q, %v", ok, err)
	}
}

func TestRedis70GenericStandalone(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	fixture(t, s, "HSET", testKey(t, "h"), "f", "v")
	got, err := c.CustomCommand(ctx, []string{"HGETALL", testKey(t, "h")})
	if err != nil || !reflect.DeepEqual(got, map[string]any{"f": "v"}) {
		t.Fatalf("HGETALL = %#v, %v", got, err)
	}
	page, err := c.ScanWithOptions(ctx, models.NewCursor(), *options.NewScanOptions().SetMatch(testKey(t, "*")).SetCount(1000))
	requireNoErr(t, "Scan", err)
	if page.Cursor.String() == "" {
		t.Fatal("Scan returned no cursor")
	}
	if r, err := c.RandomKey(ctx); err != nil || r.IsNil() {
		t.Fatalf("RandomKey = %+v, %v", r, err)
	}
	_, err = c.CustomCommand(ctx, []string{"NOSUCHCOMMAND"})
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("unknown command: %v", err)
	}
}

// genericCommands lists GLIDE's standalone GenericCommands signatures.
type genericCommands interface {
	CustomCommand(ctx context.Context, args []string) (any, error)
	Move(ctx context.Context, key string, dbIndex int64) (bool, error)
	Scan(ctx context.Context, cursor models.Cursor) (models.ScanResult, error)
	ScanWithOptions(ctx context.Context, cursor models.Cursor, scanOptions options.ScanOptions) (models.ScanResult, error)
	RandomKey(ctx context.Context) (models.Result[string], error)
	MigrateKeys(ctx context.Context, host string, port int64, keys []string, destinationDB int64,
		timeout int64) (string, error)
	MigrateKeysWithOptions(ctx context.Context, host string, port int64, keys []string, destinationDB int64,
		timeout int64, migrateOptions options.MigrateOptions) (string, error)
}

var _ genericCommands = (*Client)(nil)
