package valkite

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Integration tests of the String group against Valkey 9.1; TestRedis70Strings covers
// the same commands on Redis 7.0.

// requireResult fails unless r holds exactly want (not nil).
func requireResult[T comparable](t *testing.T, what string, r models.Result[T], err error, want T) {
	t.Helper()
	requireNoErr(t, what, err)
	if r.IsNil() || r.Value() != want {
		t.Fatalf("%s = %+v (nil=%v), want %v", what, r.Value(), r.IsNil(), want)
	}
}

// requireNil fails unless r is the nil Result.
func requireNil[T any](t *testing.T, what string, r models.Result[T], err error) {
	t.Helper()
	requireNoErr(t, what, err)
	if !r.IsNil() {
		t.Fatalf("%s = %v, want nil", what, r.Value())
	}
}

// requireClientError fails unless err is an argument error raised before sending
// (not a server reply).
func requireClientError(t *testing.T, err error) {
	t.Helper()
	var re *RequestError
	if err == nil || errors.As(err, &re) {
		t.Fatalf("want a client-side argument error, got %T: %v", err, err)
	}
}

func TestSetAndGet(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")

	v, err := c.Get(ctx, k)
	requireNil(t, "Get(missing)", v, err)

	ok, err := c.Set(ctx, k, "value")
	if err != nil || ok != "OK" {
		t.Fatalf("Set = %q, %v", ok, err)
	}
	v, err = c.Get(ctx, k)
	requireResult(t, "Get", v, err, "value")

	// Empty and binary values survive unchanged; empty is not nil.
	for _, val := range []string{"", "a\x00b\r\n\xff"} {
		if _, err := c.Set(ctx, k, val); err != nil {
			t.Fatal(err)
		}
		v, err = c.Get(ctx, k)
		requireResult(t, "Get(binary)", v, err, val)
	}

	// SET replaces a value of any type; GET on a non-string is a type error.
	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.Get(ctx, l)
	requireServerError(t, err, "WRONGTYPE")
	if _, err := c.Set(ctx, l, "x"); err != nil {
		t.Fatalf("Set over a list: %v", err)
	}
}

func TestSetWithOptions(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")

	r, err := c.SetWithOptions(ctx, k, "v1", *options.NewSetOptions().SetOnlyIfExists())
	requireNil(t, "XX on missing", r, err)
	r, err = c.SetWithOptions(ctx, k, "v1", *options.NewSetOptions().SetOnlyIfDoesNotExist())
	requireResult(t, "NX on missing", r, err, "OK")
	r, err = c.SetWithOptions(ctx, k, "v2", *options.NewSetOptions().SetOnlyIfDoesNotExist())
	requireNil(t, "NX on existing", r, err)

	r, err = c.SetWithOptions(ctx, k, "v2", *options.NewSetOptions().SetReturnOldValue(true))
	requireResult(t, "GET returns old value", r, err, "v1")
	r, err = c.SetWithOptions(ctx, testKey(t, "fresh"), "x", *options.NewSetOptions().SetReturnOldValue(true))
	requireNil(t, "GET on missing", r, err)

	// Valkey 8.1+: IFEQ compares the current value.
	r, err = c.SetWithOptions(ctx, k, "v3", *options.NewSetOptions().SetOnlyIfEquals("nope"))
	requireNil(t, "IFEQ mismatch", r, err)
	r, err = c.SetWithOptions(ctx, k, "v3", *options.NewSetOptions().SetOnlyIfEquals("v2"))
	requireResult(t, "IFEQ match", r, err, "OK")

	r, err = c.SetWithOptions(ctx, k, "v4", *options.NewSetOptions().SetExpiry(options.NewExpiryIn(100 * time.Second)))
	requireResult(t, "EX", r, err, "OK")
	if ttl, err := c.TTL(ctx, k); err != nil || ttl <= 0 || ttl > 100 {
		t.Fatalf("TTL after EX = %d, %v", ttl, err)
	}
	r, err = c.SetWithOptions(ctx, k, "v5", *options.NewSetOptions().SetExpiry(options.NewExpiryKeepExisting()))
	requireResult(t, "KEEPTTL", r, err, "OK")
	if ttl, err := c.PTTL(ctx, k); err != nil || ttl <= 0 {
		t.Fatalf("KEEPTTL lost the TTL: %d, %v", ttl, err)
	}
	r, err = c.SetWithOptions(ctx, k, "v6", *options.NewSetOptions().SetExpiry(options.NewExpiryIn(1500 * time.Millisecond)))
	requireResult(t, "PX", r, err, "OK")
	if ttl, err := c.PTTL(ctx, k); err != nil || ttl <= 0 || ttl > 1500 {
		t.Fatalf("PTTL after PX = %d, %v", ttl, err)
	}

	// An invalid option fails before anything is sent.
	bad := testKey(t, "bad")
	_, err = c.SetWithOptions(ctx, bad, "v", options.SetOptions{Expiry: &options.Expiry{Type: "bogus"}})
	requireClientError(t, err)
	if n, _ := c.Exists(ctx, []string{bad}); n != 0 {
		t.Fatal("an invalid SetWithOptions reached the server")
	}

	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.SetWithOptions(ctx, l, "v", *options.NewSetOptions().SetReturnOldValue(true))
	requireServerError(t, err, "WRONGTYPE")
}

func TestGetEx(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	fixture(t, s, "SET", k, "v")

	r, err := c.GetEx(ctx, k)
	requireResult(t, "GetEx", r, err, "v")
	r, err = c.GetEx(ctx, testKey(t, "missing"))
	requireNil(t, "GetEx(missing)", r, err)

	r, err = c.GetExWithOptions(ctx, k, *options.NewGetExOptions().SetExpiry(options.NewExpiryIn(50 * time.Second)))
	requireResult(t, "GetEx EX", r, err, "v")
	if ttl, _ := c.TTL(ctx, k); ttl <= 0 || ttl > 50 {
		t.Fatalf("TTL after GETEX EX = %d", ttl)
	}
	r, err = c.GetExWithOptions(ctx, k, *options.NewGetExOptions().SetExpiry(options.NewExpiryPersist()))
	requireResult(t, "GetEx PERSIST", r, err, "v")
	if ttl, _ := c.TTL(ctx, k); ttl != -1 {
		t.Fatalf("TTL after PERSIST = %d", ttl)
	}
	r, err = c.GetExWithOptions(ctx, testKey(t, "missing"), *options.NewGetExOptions())
	requireNil(t, "GetExWithOptions(missing)", r, err)

	_, err = c.GetExWithOptions(ctx, k, options.GetExOptions{Expiry: options.NewExpiryKeepExisting()})
	requireClientError(t, err) // KEEPTTL is SET's, not GETEX's

	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.GetEx(ctx, l)
	requireServerError(t, err, "WRONGTYPE")
}

func TestMSetMGetMSetNX(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	a, b, missing, l := testKey(t, "a"), testKey(t, "b"), testKey(t, "missing"), testKey(t, "list")

	ok, err := c.MSet(ctx, map[string]string{a: "1", b: "2"})
	if err != nil || ok != "OK" {
		t.Fatalf("MSet = %q, %v", ok, err)
	}
	fixture(t, s, "RPUSH", l, "x")
	got, err := c.MGet(ctx, []string{a, missing, b, l})
	requireNoErr(t, "MGet", err)
	want := []models.Result[string]{
		models.CreateStringResult("1"), models.CreateNilStringResult(),
		models.CreateStringResult("2"), models.CreateNilStringResult(), // MGET answers nil for non-strings
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MGet = %+v", got)
	}

	set, err := c.MSetNX(ctx, map[string]string{a: "x", testKey(t, "c"): "3"})
	if err != nil || set {
		t.Fatalf("MSetNX with an existing key = %v, %v", set, err)
	}
	if n, _ := c.Exists(ctx, []string{testKey(t, "c")}); n != 0 {
		t.Fatal("MSetNX set some keys")
	}
	set, err = c.MSetNX(ctx, map[string]string{testKey(t, "c"): "3", testKey(t, "d"): "4"})
	if err != nil || !set {
		t.Fatalf("MSetNX with new keys = %v, %v", set, err)
	}

	_, err = c.MSet(ctx, map[string]string{})
	requireServerError(t, err, "ERR")
	_, err = c.MGet(ctx, nil)
	requireServerError(t, err, "ERR")
	_, err = c.MSetNX(ctx, nil)
	requireServerError(t, err, "ERR")
}

func TestIncrDecr(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "n")

	steps := []struct {
		name string
		call func() (int64, error)
		want int64
	}{
		{"Incr(missing)", func() (int64, error) { return c.Incr(ctx, k) }, 1},
		{"IncrBy", func() (int64, error) { return c.IncrBy(ctx, k, 10) }, 11},
		{"IncrBy negative", func() (int64, error) { return c.IncrBy(ctx, k, -1) }, 10},
		{"Decr", func() (int64, error) { return c.Decr(ctx, k) }, 9},
		{"DecrBy", func() (int64, error) { return c.DecrBy(ctx, k, 20) }, -11},
		{"DecrBy(missing)", func() (int64, error) { return c.DecrBy(ctx, testKey(t, "other"), 2) }, -2},
	}
	for _, st := range steps {
		got, err := st.call()
		if err != nil || got != st.want {
			t.Fatalf("%s = %d, %v; want %d", st.name, got, err, st.want)
		}
	}

	fixture(t, s, "SET", testKey(t, "text"), "abc")
	_, err := c.Incr(ctx, testKey(t, "text"))
	requireServerError(t, err, "ERR")
	fixture(t, s, "SET", testKey(t, "max"), "9223372036854775807")
	_, err = c.IncrBy(ctx, testKey(t, "max"), 1)
	requireServerError(t, err, "ERR")
	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	for name, call := range map[string]func() (int64, error){
		"Incr":   func() (int64, error) { return c.Incr(ctx, l) },
		"IncrBy": func() (int64, error) { return c.IncrBy(ctx, l, 1) },
		"Decr":   func() (int64, error) { return c.Decr(ctx, l) },
		"DecrBy": func() (int64, error) { return c.DecrBy(ctx, l, 1) },
	} {
		_, err := call()
		t.Run(name, func(t *testing.T) { requireServerError(t, err, "WRONGTYPE") })
	}
}

func TestIncrByFloat(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "f")

	got, err := c.IncrByFloat(ctx, k, 10.5)
	if err != nil || got != 10.5 {
		t.Fatalf("IncrByFloat(missing) = %v, %v", got, err)
	}
	got, err = c.IncrByFloat(ctx, k, 0.1)
	if err != nil || math.Abs(got-10.6) > 1e-9 {
		t.Fatalf("IncrByFloat = %v, %v", got, err)
	}
	got, err = c.IncrByFloat(ctx, k, -20)
	if err != nil || math.Abs(got+9.4) > 1e-9 {
		t.Fatalf("IncrByFloat negative = %v, %v", got, err)
	}
	_, err = c.IncrByFloat(ctx, k, math.Inf(1))
	requireServerError(t, err, "ERR")
	fixture(t, s, "SET", testKey(t, "text"), "abc")
	_, err = c.IncrByFloat(ctx, testKey(t, "text"), 1)
	requireServerError(t, err, "ERR")
	fixture(t, s, "RPUSH", testKey(t, "list"), "a")
	_, err = c.IncrByFloat(ctx, testKey(t, "list"), 1)
	requireServerError(t, err, "WRONGTYPE")
}

func TestStrlenAppendRanges(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "s")

	if n, err := c.Strlen(ctx, k); err != nil || n != 0 {
		t.Fatalf("Strlen(missing) = %d, %v", n, err)
	}
	if n, err := c.Append(ctx, k, "Hello"); err != nil || n != 5 {
		t.Fatalf("Append(missing) = %d, %v", n, err)
	}
	if n, err := c.Append(ctx, k, " World"); err != nil || n != 11 {
		t.Fatalf("Append = %d, %v", n, err)
	}
	if n, err := c.Strlen(ctx, k); err != nil || n != 11 {
		t.Fatalf("Strlen = %d, %v", n, err)
	}
	if n, err := c.SetRange(ctx, k, 6, "Valkey"); err != nil || n != 12 {
		t.Fatalf("SetRange = %d, %v", n, err)
	}
	for _, rc := range []struct {
		start, end int
		want       string
	}{{0, 4, "Hello"}, {-6, -1, "Valkey"}, {0, -1, "Hello Valkey"}, {100, 200, ""}, {5, 2, ""}} {
		got, err := c.GetRange(ctx, k, rc.start, rc.end)
		if err != nil || got != rc.want {
			t.Fatalf("GetRange(%d, %d) = %q, %v; want %q", rc.start, rc.end, got, err, rc.want)
		}
	}
	if got, err := c.GetRange(ctx, testKey(t, "missing"), 0, 10); err != nil || got != "" {
		t.Fatalf("GetRange(missing) = %q, %v", got, err)
	}
	// SETRANGE zero-pads a missing key up to the offset.
	pad := testKey(t, "pad")
	if n, err := c.SetRange(ctx, pad, 3, "x"); err != nil || n != 4 {
		t.Fatalf("SetRange(missing) = %d, %v", n, err)
	}
	if v, _ := c.Get(ctx, pad); v.Value() != "\x00\x00\x00x" {
		t.Fatalf("padding = %q", v.Value())
	}

	_, err := c.SetRange(ctx, k, -1, "x")
	requireServerError(t, err, "ERR")

	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.Strlen(ctx, l)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.Append(ctx, l, "x")
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.SetRange(ctx, l, 0, "x")
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.GetRange(ctx, l, 0, 1)
	requireServerError(t, err, "WRONGTYPE")
}

func TestLCS(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k1, k2 := testKey(t, "1"), testKey(t, "2")
	fixture(t, s, "MSET", k1, "ohmytext", k2, "mynewtext")

	m, err := c.LCS(ctx, k1, k2)
	if err != nil || m.MatchString != "mytext" || m.Len != 0 || m.Matches == nil {
		t.Fatalf("LCS = %+v, %v", m, err)
	}
	m, err = c.LCSLen(ctx, k1, k2)
	if err != nil || m.Len != 6 || m.MatchString != "" {
		t.Fatalf("LCSLen = %+v, %v", m, err)
	}
	m, err = c.LCSWithOptions(ctx, k1, k2, *options.NewLCSIdxOptions())
	requireNoErr(t, "LCS IDX", err)
	want := &models.LCSMatch{Len: 6, Matches: []models.LCSMatchedPosition{
		{Key1: models.LCSPosition{Start: 4, End: 7}, Key2: models.LCSPosition{Start: 5, End: 8}},
		{Key1: models.LCSPosition{Start: 2, End: 3}, Key2: models.LCSPosition{Start: 0, End: 1}},
	}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("LCS IDX = %+v", m)
	}
	m, err = c.LCSWithOptions(ctx, k1, k2, *options.NewLCSIdxOptions().SetMinMatchLen(4).SetWithMatchLen(true))
	requireNoErr(t, "LCS IDX MINMATCHLEN WITHMATCHLEN", err)
	if len(m.Matches) != 1 || m.Matches[0].MatchLen != 4 || m.Len != 6 {
		t.Fatalf("LCS IDX filtered = %+v", m)
	}

	m, err = c.LCS(ctx, testKey(t, "x"), testKey(t, "y"))
	if err != nil || m.MatchString != "" {
		t.Fatalf("LCS(missing) = %+v, %v", m, err)
	}
	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.LCS(ctx, l, k1)
	requireServerError(t, err, "ERR")
	_, err = c.LCSLen(ctx, l, k1)
	requireServerError(t, err, "ERR")
}

func TestGetDel(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	fixture(t, s, "SET", k, "v")

	r, err := c.GetDel(ctx, k)
	requireResult(t, "GetDel", r, err, "v")
	r, err = c.GetDel(ctx, k)
	requireNil(t, "GetDel(deleted)", r, err)

	l := testKey(t, "list")
	fixture(t, s, "RPUSH", l, "a")
	_, err = c.GetDel(ctx, l)
	requireServerError(t, err, "WRONGTYPE")
}

func TestExpireConditionArgumentErrors(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	bad := constants.ExpireCondition("SOMETIMES")
	_, err := c.ExpireWithOptions(ctx, k, time.Second, bad)
	requireClientError(t, err)
	_, err = c.PExpireWithOptions(ctx, k, time.Second, bad)
	requireClientError(t, err)
	_, err = c.ExpireAtWithOptions(ctx, k, time.Now(), bad)
	requireClientError(t, err)
	_, err = c.PExpireAtWithOptions(ctx, k, time.Now(), bad)
	requireClientError(t, err)
}

// TestRedis70Strings runs the String group against Redis 7.0, whose replies differ in
// places (no IFEQ) but must decode the same.
func TestRedis70Strings(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")

	if ok, err := c.Set(ctx, k, "v1"); err != nil || ok != "OK" {
		t.Fatalf("Set = %q, %v", ok, err)
	}
	r, err := c.Get(ctx, k)
	requireResult(t, "Get", r, err, "v1")
	r, err = c.SetWithOptions(ctx, k, "v2", *options.NewSetOptions().SetReturnOldValue(true))
	requireResult(t, "SET GET", r, err, "v1")
	_, err = c.SetWithOptions(ctx, k, "v3", *options.NewSetOptions().SetOnlyIfEquals("v2"))
	requireServerError(t, err, "ERR") // IFEQ is Valkey 8.1+
	got, err := c.MGet(ctx, []string{k, testKey(t, "missing")})
	if err != nil || len(got) != 2 || got[0].Value() != "v2" || !got[1].IsNil() {
		t.Fatalf("MGet = %+v, %v", got, err)
	}
	if n, err := c.IncrBy(ctx, testKey(t, "n"), 5); err != nil || n != 5 {
		t.Fatalf("IncrBy = %d, %v", n, err)
	}
	if f, err := c.IncrByFloat(ctx, testKey(t, "f"), 1.5); err != nil || f != 1.5 {
		t.Fatalf("IncrByFloat = %v, %v", f, err)
	}
	fixture(t, s, "MSET", testKey(t, "1"), "ohmytext", testKey(t, "2"), "mynewtext")
	m, err := c.LCSWithOptions(ctx, testKey(t, "1"), testKey(t, "2"), *options.NewLCSIdxOptions().SetWithMatchLen(true))
	if err != nil || m.Len != 6 || len(m.Matches) != 2 || m.Matches[0].MatchLen != 4 {
		t.Fatalf("LCS IDX = %+v, %v", m, err)
	}
	r, err = c.GetDel(ctx, k)
	requireResult(t, "GetDel", r, err, "v2")
	r, err = c.GetEx(ctx, k)
	requireNil(t, "GetEx(deleted)", r, err)
	fixture(t, s, "RPUSH", testKey(t, "list"), "a")
	_, err = c.Get(ctx, testKey(t, "list"))
	requireServerError(t, err, "WRONGTYPE")
}
