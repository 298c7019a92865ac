package valkite

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func TestDelExistsUnlinkTouch(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	a, b, missing := testKey(t, "a"), testKey(t, "b"), testKey(t, "missing")
	fixture(t, s, "MSET", a, "1", b, "2")
	fixture(t, s, "RPUSH", testKey(t, "list"), "x")

	if n, err := c.Exists(ctx, []string{a, a, missing, testKey(t, "list")}); err != nil || n != 3 {
		t.Fatalf("Exists = %d, %v", n, err)
	}
	if n, err := c.Touch(ctx, []string{a, missing}); err != nil || n != 1 {
		t.Fatalf("Touch = %d, %v", n, err)
	}
	if n, err := c.Del(ctx, []string{a, missing}); err != nil || n != 1 {
		t.Fatalf("Del = %d, %v", n, err)
	}
	if n, err := c.Unlink(ctx, []string{b, testKey(t, "list")}); err != nil || n != 2 {
		t.Fatalf("Unlink = %d, %v", n, err)
	}
	if n, err := c.Exists(ctx, []string{a, b}); err != nil || n != 0 {
		t.Fatalf("Exists after delete = %d, %v", n, err)
	}
	for name, call := range map[string]func() (int64, error){
		"Del":    func() (int64, error) { return c.Del(ctx, nil) },
		"Exists": func() (int64, error) { return c.Exists(ctx, nil) },
		"Unlink": func() (int64, error) { return c.Unlink(ctx, nil) },
		"Touch":  func() (int64, error) { return c.Touch(ctx, nil) },
	} {
		_, err := call()
		t.Run(name+" without keys", func(t *testing.T) { requireServerError(t, err, "ERR") })
	}
}

func TestExpireFamily(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, missing := testKey(t, "k"), testKey(t, "missing")
	fixture(t, s, "SET", k, "v")

	if ttl, err := c.TTL(ctx, k); err != nil || ttl != -1 {
		t.Fatalf("TTL(no expiry) = %d, %v", ttl, err)
	}
	if ttl, err := c.PTTL(ctx, missing); err != nil || ttl != -2 {
		t.Fatalf("PTTL(missing) = %d, %v", ttl, err)
	}
	if at, err := c.ExpireTime(ctx, k); err != nil || at != -1 {
		t.Fatalf("ExpireTime(no expiry) = %d, %v", at, err)
	}
	if at, err := c.PExpireTime(ctx, missing); err != nil || at != -2 {
		t.Fatalf("PExpireTime(missing) = %d, %v", at, err)
	}

	set, err := c.Expire(ctx, k, 100*time.Second)
	if err != nil || !set {
		t.Fatalf("Expire = %v, %v", set, err)
	}
	if ttl, _ := c.TTL(ctx, k); ttl <= 0 || ttl > 100 {
		t.Fatalf("TTL = %d", ttl)
	}
	if set, err := c.Expire(ctx, missing, time.Second); err != nil || set {
		t.Fatalf("Expire(missing) = %v, %v", set, err)
	}
	// NX refuses a key that has a TTL; GT accepts a later one; LT refuses it.
	if set, err := c.ExpireWithOptions(ctx, k, 200*time.Second, constants.HasNoExpiry); err != nil || set {
		t.Fatalf("Expire NX = %v, %v", set, err)
	}
	if set, err := c.ExpireWithOptions(ctx, k, 200*time.Second, constants.NewExpiryGreaterThanCurrent); err != nil || !set {
		t.Fatalf("Expire GT = %v, %v", set, err)
	}
	if set, err := c.PExpireWithOptions(ctx, k, 300*time.Second, constants.NewExpiryLessThanCurrent); err != nil || set {
		t.Fatalf("PExpire LT = %v, %v", set, err)
	}
	if set, err := c.PExpire(ctx, k, 50500*time.Millisecond); err != nil || !set {
		t.Fatalf("PExpire = %v, %v", set, err)
	}
	if pttl, _ := c.PTTL(ctx, k); pttl <= 49000 || pttl > 50500 {
		t.Fatalf("PTTL = %d", pttl)
	}

	at := time.Now().Add(time.Hour).Truncate(time.Second)
	if set, err := c.ExpireAt(ctx, k, at); err != nil || !set {
		t.Fatalf("ExpireAt = %v, %v", set, err)
	}
	if got, _ := c.ExpireTime(ctx, k); got != at.Unix() {
		t.Fatalf("ExpireTime = %d, want %d", got, at.Unix())
	}
	if set, err := c.ExpireAtWithOptions(ctx, k, at.Add(time.Hour), constants.HasExistingExpiry); err != nil || !set {
		t.Fatalf("ExpireAt XX = %v, %v", set, err)
	}
	atMs := time.Now().Add(2 * time.Hour).Truncate(time.Millisecond)
	if set, err := c.PExpireAt(ctx, k, atMs); err != nil || !set {
		t.Fatalf("PExpireAt = %v, %v", set, err)
	}
	if got, _ := c.PExpireTime(ctx, k); got != atMs.UnixMilli() {
		t.Fatalf("PExpireTime = %d, want %d", got, atMs.UnixMilli())
	}
	if set, err := c.PExpireAtWithOptions(ctx, k, atMs, constants.HasNoExpiry); err != nil || set {
		t.Fatalf("PExpireAt NX = %v, %v", set, err)
	}

	if ok, err := c.Persist(ctx, k); err != nil || !ok {
		t.Fatalf("Persist = %v, %v", ok, err)
	}
	if ok, err := c.Persist(ctx, k); err != nil || ok {
		t.Fatalf("Persist(no expiry) = %v, %v", ok, err)
	}

	// A past deadline deletes the key.
	if set, err := c.ExpireAt(ctx, k, time.Unix(1, 0)); err != nil || !set {
		t.Fatalf("ExpireAt(past) = %v, %v", set, err)
	}
	if n, _ := c.Exists(ctx, []string{k}); n != 0 {
		t.Fatal("key survived a past ExpireAt")
	}
	// EXPIRE takes whole seconds; GLIDE sends the fraction and the server refuses it.
	fixture(t, s, "SET", k, "v")
	_, err = c.Expire(ctx, k, 1500*time.Millisecond)
	requireServerError(t, err, "ERR")
	// NX and XX together make no sense to the server.
	_, err = c.ExpireWithOptions(ctx, k, time.Second, constants.ExpireCondition("NX XX"))
	requireClientError(t, err)
}

func TestTypeRenamePersist(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	str, l, h, missing := testKey(t, "str"), testKey(t, "list"), testKey(t, "hash"), testKey(t, "missing")
	fixture(t, s, "SET", str, "v")
	fixture(t, s, "RPUSH", l, "a")
	fixture(t, s, "HSET", h, "f", "v")
	for k, want := range map[string]string{str: "string", l: "list", h: "hash", missing: "none"} {
		if got, err := c.Type(ctx, k); err != nil || got != want {
			t.Fatalf("Type(%s) = %q, %v; want %q", k, got, err, want)
		}
	}

	renamed := testKey(t, "renamed")
	if ok, err := c.Rename(ctx, str, renamed); err != nil || ok != "OK" {
		t.Fatalf("Rename = %q, %v", ok, err)
	}
	_, err := c.Rename(ctx, missing, renamed)
	requireServerError(t, err, "ERR")
	if ok, err := c.RenameNX(ctx, renamed, l); err != nil || ok {
		t.Fatalf("RenameNX onto an existing key = %v, %v", ok, err)
	}
	if ok, err := c.RenameNX(ctx, renamed, str); err != nil || !ok {
		t.Fatalf("RenameNX = %v, %v", ok, err)
	}
	_, err = c.RenameNX(ctx, missing, str)
	requireServerError(t, err, "ERR")
	if ok, err := c.Persist(ctx, missing); err != nil || ok {
		t.Fatalf("Persist(missing) = %v, %v", ok, err)
	}
}

func TestDumpRestore(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	src, dst := testKey(t, "src"), testKey(t, "dst")
	fixture(t, s, "RPUSH", src, "a", "b")

	payload, err := c.Dump(ctx, src)
	requireNoErr(t, "Dump", err)
	if payload.IsNil() || payload.Value() == "" {
		t.Fatal("Dump returned nothing")
	}
	r, err := c.Dump(ctx, testKey(t, "missing"))
	requireNil(t, "Dump(missing)", r, err)

	if ok, err := c.Restore(ctx, dst, 0, payload.Value()); err != nil || ok != "OK" {
		t.Fatalf("Restore = %q, %v", ok, err)
	}
	if typ, _ := c.Type(ctx, dst); typ != "list" {
		t.Fatalf("restored type = %q", typ)
	}
	_, err = c.Restore(ctx, dst, 0, payload.Value())
	requireServerError(t, err, "BUSYKEY")
	ok, err := c.RestoreWithOptions(ctx, dst, 10*time.Second, payload.Value(),
		*options.NewRestoreOptions().SetReplace().SetEviction(constants.IDLETIME, 100))
	if err != nil || ok != "OK" {
		t.Fatalf("Restore REPLACE IDLETIME = %q, %v", ok, err)
	}
	if ttl, _ := c.PTTL(ctx, dst); ttl <= 0 || ttl > 10000 {
		t.Fatalf("restored PTTL = %d", ttl)
	}
	abs := time.Now().Add(time.Hour)
	ok, err = c.RestoreWithOptions(ctx, dst, time.Duration(abs.UnixMilli())*time.Millisecond, payload.Value(),
		*options.NewRestoreOptions().SetReplace().SetABSTTL())
	if err != nil || ok != "OK" {
		t.Fatalf("Restore ABSTTL = %q, %v", ok, err)
	}
	if at, _ := c.PExpireTime(ctx, dst); at != abs.UnixMilli() {
		t.Fatalf("ABSTTL PExpireTime = %d, want %d", at, abs.UnixMilli())
	}
	_, err = c.Restore(ctx, testKey(t, "bad"), 0, "not a dump payload")
	requireServerError(t, err, "ERR")
}

func TestObjectCommands(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	n, str, missing := testKey(t, "n"), testKey(t, "str"), testKey(t, "missing")
	fixture(t, s, "SET", n, "12345")
	fixture(t, s, "SET", str, "some text")

	r, err := c.ObjectEncoding(ctx, n)
	requireResult(t, "ObjectEncoding(int)", r, err, "int")
	r, err = c.ObjectEncoding(ctx, str)
	requireResult(t, "ObjectEncoding(embstr)", r, err, "embstr")
	r, err = c.ObjectEncoding(ctx, missing)
	requireNil(t, "ObjectEncoding(missing)", r, err)

	idle, err := c.ObjectIdleTime(ctx, str)
	requireNoErr(t, "ObjectIdleTime", err)
	if idle.IsNil() || idle.Value() < 0 {
		t.Fatalf("ObjectIdleTime = %+v", idle)
	}
	idle, err = c.ObjectIdleTime(ctx, missing)
	requireNil(t, "ObjectIdleTime(missing)", idle, err)
	rc, err := c.ObjectRefCount(ctx, str)
	requireNoErr(t, "ObjectRefCount", err)
	if rc.IsNil() || rc.Value() < 1 {
		t.Fatalf("ObjectRefCount = %+v", rc)
	}
	rc, err = c.ObjectRefCount(ctx, missing)
	requireNil(t, "ObjectRefCount(missing)", rc, err)

	// OBJECT FREQ needs an LFU eviction policy, a server-wide setting.
	_, err = c.ObjectFreq(ctx, str)
	requireServerError(t, err, "ERR")
	lfu, ls := newDedicatedClient(t, "--maxmemory-policy", "allkeys-lfu")
	fixture(t, ls, "SET", "k", "v")
	freq, err := lfu.ObjectFreq(ctx, "k")
	requireNoErr(t, "ObjectFreq", err)
	if freq.IsNil() || freq.Value() < 0 {
		t.Fatalf("ObjectFreq = %+v", freq)
	}
	freq, err = lfu.ObjectFreq(ctx, "missing")
	requireNil(t, "ObjectFreq(missing)", freq, err)
}

func TestSort(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	l, words, dst := testKey(t, "list"), testKey(t, "words"), testKey(t, "dst")
	fixture(t, s, "RPUSH", l, "3", "1", "2")
	fixture(t, s, "RPUSH", words, "b", "c", "a")
	fixture(t, s, "MSET", testKey(t, "w_1"), "one", testKey(t, "w_3"), "three")

	strs := func(rs []models.Result[string]) []any {
		out := make([]any, len(rs))
		for i, r := range rs {
			if r.IsNil() {
				out[i] = nil
			} else {
				out[i] = r.Value()
			}
		}
		return out
	}
	check := func(what string, got []models.Result[string], err error, want ...any) {
		t.Helper()
		requireNoErr(t, what, err)
		if got == nil || !reflect.DeepEqual(strs(got), append([]any{}, want...)) {
			t.Fatalf("%s = %v, want %v", what, strs(got), want)
		}
	}
	got, err := c.Sort(ctx, l)
	check("Sort", got, err, "1", "2", "3")
	got, err = c.SortReadOnly(ctx, l)
	check("SortReadOnly", got, err, "1", "2", "3")
	got, err = c.SortWithOptions(ctx, l, *options.NewSortOptions().SetOrderBy(options.DESC).
		SetLimit(options.Limit{Offset: 0, Count: 2}))
	check("Sort DESC LIMIT", got, err, "3", "2")
	got, err = c.SortWithOptions(ctx, l, *options.NewSortOptions().AddGetPattern(testKey(t, "w_*")))
	check("Sort GET (missing referenced keys are nil)", got, err, "one", nil, "three")
	got, err = c.SortReadOnlyWithOptions(ctx, words, *options.NewSortOptions().SetIsAlpha(true))
	check("SortReadOnly ALPHA", got, err, "a", "b", "c")
	got, err = c.Sort(ctx, testKey(t, "missing"))
	check("Sort(missing)", got, err)

	if n, err := c.SortStore(ctx, l, dst); err != nil || n != 3 {
		t.Fatalf("SortStore = %d, %v", n, err)
	}
	if n, err := c.SortStoreWithOptions(ctx, words, dst, *options.NewSortOptions().SetIsAlpha(true).
		SetOrderBy(options.DESC)); err != nil || n != 3 {
		t.Fatalf("SortStore ALPHA DESC = %d, %v", n, err)
	}
	if v, _ := c.CustomCommand(ctx, []string{"LRANGE", dst, "0", "-1"}); !reflect.DeepEqual(v, []any{"c", "b", "a"}) {
		t.Fatalf("stored = %v", v)
	}

	_, err = c.Sort(ctx, words) // not numbers, no ALPHA
	requireServerError(t, err, "ERR")
	fixture(t, s, "SET", testKey(t, "str"), "x")
	_, err = c.Sort(ctx, testKey(t, "str"))
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.SortStore(ctx, testKey(t, "str"), dst)
	requireServerError(t, err, "WRONGTYPE")
}

func TestCopyAndWait(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	src, dst := testKey(t, "src"), testKey(t, "dst")
	fixture(t, s, "SET", src, "v1")

	if ok, err := c.Copy(ctx, src, dst); err != nil || !ok {
		t.Fatalf("Copy = %v, %v", ok, err)
	}
	if ok, err := c.Copy(ctx, src, dst); err != nil || ok {
		t.Fatalf("Copy onto existing = %v, %v", ok, err)
	}
	if ok, err := c.Copy(ctx, testKey(t, "missing"), testKey(t, "x")); err != nil || ok {
		t.Fatalf("Copy(missing) = %v, %v", ok, err)
	}
	fixture(t, s, "SET", src, "v2")
	if ok, err := c.CopyWithOptions(ctx, src, dst, *options.NewCopyOptions().SetReplace()); err != nil || !ok {
		t.Fatalf("Copy REPLACE = %v, %v", ok, err)
	}
	if v, _ := c.Get(ctx, dst); v.Value() != "v2" {
		t.Fatalf("after REPLACE: %q", v.Value())
	}
	if ok, err := c.CopyWithOptions(ctx, src, dst, *options.NewCopyOptions().SetDBDestination(3)); err != nil || !ok {
		t.Fatalf("Copy DB 3 = %v, %v", ok, err)
	}
	_, err := c.Copy(ctx, src, src)
	requireServerError(t, err, "ERR")
	_, err = c.CopyWithOptions(ctx, src, dst, *options.NewCopyOptions().SetDBDestination(100000))
	requireServerError(t, err, "ERR")

	// No replicas: WAIT returns 0 at once with a zero replica count.
	if n, err := c.Wait(ctx, 0, 100*time.Millisecond); err != nil || n != 0 {
		t.Fatalf("Wait = %d, %v", n, err)
	}
	// A negative timeout is refused before anything is sent, as for every blocking
	// command.
	if _, err = c.Wait(ctx, 1, -time.Second); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("Wait with a negative timeout: want a refusal naming it, got %v", err)
	}
}

func TestMigrate(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	target := testserver.StartValkey(t)
	port := int64(target.Port)
	k := testKey(t, "k")
	fixture(t, s, "SET", k, "v")

	if ok, err := c.Migrate(ctx, target.Host, port, []string{k}, 0, 5000); err != nil || ok != "OK" {
		t.Fatalf("Migrate = %q, %v", ok, err)
	}
	if n, _ := c.Exists(ctx, []string{k}); n != 0 {
		t.Fatal("Migrate left the source key")
	}
	if got := target.Do(t, "GET", k); got != "$1\r\nv\r\n" {
		t.Fatalf("target GET = %q", got)
	}
	if ok, err := c.Migrate(ctx, target.Host, port, []string{k}, 0, 5000); err != nil || ok != "NOKEY" {
		t.Fatalf("Migrate(missing) = %q, %v", ok, err)
	}

	fixture(t, s, "SET", k, "v2")
	ok, err := c.MigrateWithOptions(ctx, target.Host, port, []string{k}, 0, 5000,
		*options.NewMigrateOptions().SetCopy().SetReplace())
	if err != nil || ok != "OK" {
		t.Fatalf("Migrate COPY REPLACE = %q, %v", ok, err)
	}
	if n, _ := c.Exists(ctx, []string{k}); n != 1 {
		t.Fatal("COPY removed the source key")
	}
	_, err = c.Migrate(ctx, target.Host, port, []string{k}, 0, 5000) // exists on the target, no REPLACE
	requireServerError(t, err, "ERR")
	_, err = c.MigrateWithOptions(ctx, target.Host, port, []string{k}, 0, 5000, options.MigrateOptions{Username: "u"})
	requireClientError(t, err)

	// Several keys go in MIGRATE's KEYS form, options first.
	k2 := testKey(t, "k2")
	fixture(t, s, "SET", k2, "w")
	ok, err = c.MigrateWithOptions(ctx, target.Host, port, []string{k, k2}, 0, 5000, *options.NewMigrateOptions().SetReplace())
	if err != nil || ok != "OK" {
		t.Fatalf("Migrate of two keys = %q, %v", ok, err)
	}
	if n, _ := c.Exists(ctx, []string{k, k2}); n != 0 {
		t.Fatalf("Migrate of two keys left %d of them", n)
	}
	if got := target.Do(t, "GET", k2); got != "$1\r\nw\r\n" {
		t.Fatalf("target GET k2 = %q", got)
	}
	// No keys: an argument error, nothing sent.
	_, err = c.Migrate(ctx, target.Host, port, nil, 0, 5000)
	requireClientError(t, err)
}

// newDedicatedClient starts a server of its own for a test that changes server-wide
// state or needs a particular server configuration.
func newDedicatedClient(t *testing.T, serverArgs ...string) (*Client, *testserver.Server) {
	t.Helper()
	return connect(t, testserver.StartValkey(t, serverArgs...))
}

func TestRedis70Generic(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	fixture(t, s, "SET", k, "v")

	if ok, err := c.Expire(ctx, k, 100*time.Second); err != nil || !ok {
		t.Fatalf("Expire = %v, %v", ok, err)
	}
	if ok, err := c.ExpireWithOptions(ctx, k, 10*time.Second, constants.NewExpiryGreaterThanCurrent); err != nil || ok {
		t.Fatalf("Expire GT = %v, %v", ok, err)
	}
	if at, err := c.ExpireTime(ctx, k); err != nil || at <= time.Now().Unix() {
		t.Fatalf("ExpireTime = %d, %v", at, err)
	}
	if typ, err := c.Type(ctx, k); err != nil || typ != "string" {
		t.Fatalf("Type = %q, %v", typ, err)
	}
	p, err := c.Dump(ctx, k)
	requireNoErr(t, "Dump", err)
	if ok, err := c.RestoreWithOptions(ctx, k, 0, p.Value(), *options.NewRestoreOptions().SetReplace()); err != nil || ok != "OK" {
		t.Fatalf("Restore = %q, %v", ok, err)
	}
	if ok, err := c.Copy(ctx, k, testKey(t, "copy")); err != nil || !ok {
		t.Fatalf("Copy = %v, %v", ok, err)
	}
	fixture(t, s, "RPUSH", testKey(t, "list"), "2", "1")
	got, err := c.SortReadOnly(ctx, testKey(t, "list"))
	if err != nil || len(got) != 2 || got[0].Value() != "1" {
		t.Fatalf("SortReadOnly = %+v, %v", got, err)
	}
	fixture(t, s, "HSET", testKey(t, "hash"), "f", "v")
	enc, err := c.ObjectEncoding(ctx, testKey(t, "hash"))
	requireResult(t, "ObjectEncoding", enc, err, "listpack")
	if n, err := c.Del(ctx, []string{k, testKey(t, "copy"), testKey(t, "list"), testKey(t, "hash")}); err != nil || n != 4 {
		t.Fatalf("Del = %d, %v", n, err)
	}
}

// genericBaseCommands lists GLIDE's GenericBaseCommands signatures; the assertion
// below stops the build if a method drifts from them.
type genericBaseCommands interface {
	Del(ctx context.Context, keys []string) (int64, error)
	Exists(ctx context.Context, keys []string) (int64, error)
	Expire(ctx context.Context, key string, expireTime time.Duration) (bool, error)
	ExpireWithOptions(ctx context.Context, key string, expireTime time.Duration,
		expireCondition constants.ExpireCondition) (bool, error)
	ExpireAt(ctx context.Context, key string, expireTime time.Time) (bool, error)
	ExpireAtWithOptions(ctx context.Context, key string, expireTime time.Time,
		expireCondition constants.ExpireCondition) (bool, error)
	PExpire(ctx context.Context, key string, expireTime time.Duration) (bool, error)
	PExpireWithOptions(ctx context.Context, key string, expireTime time.Duration,
		expireCondition constants.ExpireCondition) (bool, error)
	PExpireAt(ctx context.Context, key string, expireTime time.Time) (bool, error)
	PExpireAtWithOptions(ctx context.Context, key string, expireTime time.Time,
		expireCondition constants.ExpireCondition) (bool, error)
	ExpireTime(ctx context.Context, key string) (int64, error)
	PExpireTime(ctx context.Context, key string) (int64, error)
	TTL(ctx context.Context, key string) (int64, error)
	PTTL(ctx context.Context, key string) (int64, error)
	Unlink(ctx context.Context, keys []string) (int64, error)
	Touch(ctx context.Context, keys []string) (int64, error)
	Type(ctx context.Context, key string) (string, error)
	Rename(ctx context.Context, key string, newKey string) (string, error)
	RenameNX(ctx context.Context, key string, newKey string) (bool, error)
	Persist(ctx context.Context, key string) (bool, error)
	Restore(ctx context.Context, key string, ttl time.Duration, value string) (string, error)
	RestoreWithOptions(ctx context.Context, key string, ttl time.Duration, value string,
		option options.RestoreOptions) (string, error)
	ObjectEncoding(ctx context.Context, key string) (models.Result[string], error)
	Dump(ctx context.Context, key string) (models.Result[string], error)
	ObjectFreq(ctx context.Context, key string) (models.Result[int64], error)
	ObjectIdleTime(ctx context.Context, key string) (models.Result[int64], error)
	ObjectRefCount(ctx context.Context, key string) (models.Result[int64], error)
	Sort(ctx context.Context, key string) ([]models.Result[string], error)
	SortWithOptions(ctx context.Context, key string, sortOptions options.SortOptions) ([]models.Result[string], error)
	SortStore(ctx context.Context, key string, destination string) (int64, error)
	SortStoreWithOptions(ctx context.Context, key string, destination string,
		sortOptions options.SortOptions) (int64, error)
	SortReadOnly(ctx context.Context, key string) ([]models.Result[string], error)
	SortReadOnlyWithOptions(ctx context.Context, key string,
		sortOptions options.SortOptions) ([]models.Result[string], error)
	Wait(ctx context.Context, numberOfReplicas int64, timeout time.Duration) (int64, error)
	Copy(ctx context.Context, source string, destination string) (bool, error)
	CopyWithOptions(ctx context.Context, source string, destination string, option options.CopyOptions) (bool, error)
	Migrate(ctx context.Context, host string, port int64, keys []string, destinationDB int64, timeout int64) (string, error)
	MigrateWithOptions(ctx context.Context, host string, port int64, keys []string, destinationDB int64,
		timeout int64, migrateOptions options.MigrateOptions) (string, error)
	UpdateConnectionPassword(ctx context.Context, password string, immediateAuth bool) (string, error)
	ResetConnectionPassword(ctx context.Context) (string, error)
}

var _ genericBaseCommands = (*Client)(nil)
