package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the Hash group against Valkey 9.1 (field expiry included) and
// Redis 7.0 (which lacks field expiry and HSCAN NOVALUES), in both batch kinds. The
// cluster tests are in hash_commands_cluster_test.go, the shared helpers in
// hash_bitmap_hll_helpers_test.go.

func TestHashCommands(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, missing, str := testKey(t, "h"), testKey(t, "missing"), testKey(t, "str")

	n, err := c.HSet(ctx, k, map[string]string{"f1": "v1", "f2": "v2"})
	if err != nil || n != 2 {
		t.Fatalf("HSet = %d, %v", n, err)
	}
	if n, err = c.HSet(ctx, k, map[string]string{"f1": "v1b", "f3": "v3"}); err != nil || n != 1 {
		t.Fatalf("HSet(update+new) = %d, %v, want 1", n, err)
	}
	r, err := c.HGet(ctx, k, "f1")
	requireResult(t, "HGet", r, err, "v1b")
	r, err = c.HGet(ctx, k, "nope")
	requireNil(t, "HGet(missing field)", r, err)
	r, err = c.HGet(ctx, missing, "f1")
	requireNil(t, "HGet(missing key)", r, err)

	all, err := c.HGetAll(ctx, k)
	if err != nil || !reflect.DeepEqual(all, map[string]string{"f1": "v1b", "f2": "v2", "f3": "v3"}) {
		t.Fatalf("HGetAll = %v, %v", all, err)
	}
	if all, err = c.HGetAll(ctx, missing); err != nil || all == nil || len(all) != 0 {
		t.Fatalf("HGetAll(missing) = %#v, %v, want an empty map", all, err)
	}

	mg, err := c.HMGet(ctx, k, []string{"f2", "nope", "f1"})
	wantMG := []models.Result[string]{
		models.CreateStringResult("v2"), models.CreateNilStringResult(), models.CreateStringResult("v1b"),
	}
	if err != nil || !reflect.DeepEqual(mg, wantMG) {
		t.Fatalf("HMGet = %+v, %v", mg, err)
	}
	if mg, err = c.HMGet(ctx, missing, []string{"a", "b"}); err != nil ||
		!reflect.DeepEqual(mg, []models.Result[string]{models.CreateNilStringResult(), models.CreateNilStringResult()}) {
		t.Fatalf("HMGet(missing key) = %+v, %v", mg, err)
	}

	ok, err := c.HSetNX(ctx, k, "f1", "other")
	if err != nil || ok {
		t.Fatalf("HSetNX(existing) = %v, %v", ok, err)
	}
	if ok, err = c.HSetNX(ctx, k, "f4", "v4"); err != nil || !ok {
		t.Fatalf("HSetNX(new) = %v, %v", ok, err)
	}
	if n, err = c.HLen(ctx, k); err != nil || n != 4 {
		t.Fatalf("HLen = %d, %v", n, err)
	}
	if n, err = c.HLen(ctx, missing); err != nil || n != 0 {
		t.Fatalf("HLen(missing) = %d, %v", n, err)
	}
	if ok, err = c.HExists(ctx, k, "f4"); err != nil || !ok {
		t.Fatalf("HExists = %v, %v", ok, err)
	}
	if ok, err = c.HExists(ctx, missing, "f4"); err != nil || ok {
		t.Fatalf("HExists(missing) = %v, %v", ok, err)
	}

	keys, err := c.HKeys(ctx, k)
	sort.Strings(keys)
	if err != nil || !reflect.DeepEqual(keys, []string{"f1", "f2", "f3", "f4"}) {
		t.Fatalf("HKeys = %v, %v", keys, err)
	}
	vals, err := c.HVals(ctx, k)
	sort.Strings(vals)
	if err != nil || !reflect.DeepEqual(vals, []string{"v1b", "v2", "v3", "v4"}) {
		t.Fatalf("HVals = %v, %v", vals, err)
	}
	for name, f := range map[string]func(context.Context, string) ([]string, error){"HKeys": c.HKeys, "HVals": c.HVals} {
		if got, err := f(ctx, missing); err != nil || got == nil || len(got) != 0 {
			t.Fatalf("%s(missing) = %#v, %v, want an empty slice", name, got, err)
		}
	}

	if n, err = c.HStrLen(ctx, k, "f1"); err != nil || n != 3 {
		t.Fatalf("HStrLen = %d, %v", n, err)
	}
	if n, err = c.HStrLen(ctx, k, "nope"); err != nil || n != 0 {
		t.Fatalf("HStrLen(missing) = %d, %v", n, err)
	}
	if n, err = c.HIncrBy(ctx, k, "n", 5); err != nil || n != 5 {
		t.Fatalf("HIncrBy = %d, %v", n, err)
	}
	if n, err = c.HIncrBy(ctx, k, "n", -7); err != nil || n != -2 {
		t.Fatalf("HIncrBy(-7) = %d, %v", n, err)
	}
	fl, err := c.HIncrByFloat(ctx, k, "x", 0.1)
	if err != nil || fl != 0.1 {
		t.Fatalf("HIncrByFloat = %v, %v", fl, err)
	}
	if fl, err = c.HIncrByFloat(ctx, k, "x", 2); err != nil || fl != 2.1 {
		t.Fatalf("HIncrByFloat(+2) = %v, %v", fl, err)
	}
	_, err = c.HIncrBy(ctx, k, "f1", 1)
	requireServerError(t, err, "ERR") // not an integer
	_, err = c.HIncrByFloat(ctx, k, "f1", 1)
	requireServerError(t, err, "ERR")

	if n, err = c.HDel(ctx, k, []string{"f1", "nope", "n", "x"}); err != nil || n != 3 {
		t.Fatalf("HDel = %d, %v", n, err)
	}
	if n, err = c.HDel(ctx, missing, []string{"a"}); err != nil || n != 0 {
		t.Fatalf("HDel(missing) = %d, %v", n, err)
	}

	// WRONGTYPE from every read and write of the group.
	fixture(t, s, "SET", str, "x")
	hbhRequireWrongType(t, map[string]func() error{
		"HGet":         func() error { _, err := c.HGet(ctx, str, "f"); return err },
		"HGetAll":      func() error { _, err := c.HGetAll(ctx, str); return err },
		"HMGet":        func() error { _, err := c.HMGet(ctx, str, []string{"f"}); return err },
		"HSet":         func() error { _, err := c.HSet(ctx, str, map[string]string{"f": "v"}); return err },
		"HSetNX":       func() error { _, err := c.HSetNX(ctx, str, "f", "v"); return err },
		"HDel":         func() error { _, err := c.HDel(ctx, str, []string{"f"}); return err },
		"HLen":         func() error { _, err := c.HLen(ctx, str); return err },
		"HVals":        func() error { _, err := c.HVals(ctx, str); return err },
		"HExists":      func() error { _, err := c.HExists(ctx, str, "f"); return err },
		"HKeys":        func() error { _, err := c.HKeys(ctx, str); return err },
		"HStrLen":      func() error { _, err := c.HStrLen(ctx, str, "f"); return err },
		"HIncrBy":      func() error { _, err := c.HIncrBy(ctx, str, "f", 1); return err },
		"HIncrByFloat": func() error { _, err := c.HIncrByFloat(ctx, str, "f", 1); return err },
		"HScan":        func() error { _, err := c.HScan(ctx, str, models.NewCursor()); return err },
		"HRandField":   func() error { _, err := c.HRandField(ctx, str); return err },
		"HRandFieldWithCount": func() error {
			_, err := c.HRandFieldWithCount(ctx, str, 2)
			return err
		},
		"HRandFieldWithCountWithValues": func() error {
			_, err := c.HRandFieldWithCountWithValues(ctx, str, 2)
			return err
		},
	})

	// Bad arguments fail before anything is sent.
	hbhRequireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"HMGet":  {hbhErr(c.HMGet(ctx, k, nil)), "fields"},
		"HSet":   {hbhErr(c.HSet(ctx, k, map[string]string{})), "values"},
		"HDel":   {hbhErr(c.HDel(ctx, k, []string{})), "fields"},
		"HScan":  {hbhErr(c.HScanWithOptions(ctx, k, models.NewCursor(), *options.NewHashScanOptions().SetCount(-1))), "Count"},
		"HSetEx": {hbhErr(c.HSetEx(ctx, k, nil, options.NewHSetExOptions())), "fieldsAndValues"},
	})
}

func TestHashRandFieldAndScan(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, missing := testKey(t, "h"), testKey(t, "missing")
	want := map[string]string{}
	args := []string{"HSET", k}
	for i := 0; i < 300; i++ {
		f, v := fmt.Sprintf("f%03d", i), fmt.Sprintf("v%d", i)
		want[f] = v
		args = append(args, f, v)
	}
	fixture(t, s, args...)

	r, err := c.HRandField(ctx, k)
	if err != nil || r.IsNil() || want[r.Value()] == "" {
		t.Fatalf("HRandField = %+v, %v", r, err)
	}
	r, err = c.HRandField(ctx, missing)
	requireNil(t, "HRandField(missing)", r, err)

	fields, err := c.HRandFieldWithCount(ctx, k, 5)
	if err != nil || len(fields) != 5 || len(hbhDistinct(fields)) != 5 {
		t.Fatalf("HRandFieldWithCount(5) = %v, %v, want 5 distinct fields", fields, err)
	}
	if fields, err = c.HRandFieldWithCount(ctx, k, 1000); err != nil || len(fields) != 300 {
		t.Fatalf("HRandFieldWithCount(1000) = %d fields, %v, want all 300", len(fields), err)
	}
	if fields, err = c.HRandFieldWithCount(ctx, k, -400); err != nil || len(fields) != 400 {
		t.Fatalf("HRandFieldWithCount(-400) = %d fields, %v, want 400 with repeats", len(fields), err)
	}
	if fields, err = c.HRandFieldWithCount(ctx, missing, 3); err != nil || fields == nil || len(fields) != 0 {
		t.Fatalf("HRandFieldWithCount(missing) = %#v, %v, want an empty slice", fields, err)
	}
	pairs, err := c.HRandFieldWithCountWithValues(ctx, k, 4)
	if err != nil || len(pairs) != 4 {
		t.Fatalf("HRandFieldWithCountWithValues = %v, %v", pairs, err)
	}
	for _, p := range pairs {
		if len(p) != 2 || want[p[0]] != p[1] {
			t.Fatalf("pair %q is not a field of the hash with its value", p)
		}
	}
	if pairs, err = c.HRandFieldWithCountWithValues(ctx, missing, 4); err != nil || pairs == nil || len(pairs) != 0 {
		t.Fatalf("HRandFieldWithCountWithValues(missing) = %#v, %v, want an empty slice", pairs, err)
	}

	// A full HSCAN iteration sees every field with its value.
	seen := map[string]string{}
	cursor := models.NewCursor()
	for pages := 0; !cursor.IsFinished(); pages++ {
		if pages > 1000 {
			t.Fatal("HSCAN did not finish")
		}
		page, err := c.HScanWithOptions(ctx, k, cursor, *options.NewHashScanOptions().SetCount(50))
		requireNoErr(t, "HScanWithOptions", err)
		if len(page.Data)%2 != 0 {
			t.Fatalf("HSCAN page of odd length %d", len(page.Data))
		}
		for i := 0; i < len(page.Data); i += 2 {
			seen[page.Data[i]] = page.Data[i+1]
		}
		cursor = page.Cursor
	}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("HSCAN saw %d fields, want %d", len(seen), len(want))
	}

	// MATCH narrows, NOVALUES (Valkey 8+) drops the values.
	page, err := c.HScanWithOptions(ctx, k, models.NewCursor(),
		*options.NewHashScanOptions().SetMatch("f00*").SetCount(1000).SetNoValues(true))
	requireNoErr(t, "HSCAN MATCH NOVALUES", err)
	got := append([]string(nil), page.Data...)
	sort.Strings(got)
	if !page.Cursor.IsFinished() || !reflect.DeepEqual(got, []string{"f000", "f001", "f002", "f003", "f004", "f005",
		"f006", "f007", "f008", "f009"}) {
		t.Fatalf("HSCAN MATCH f00* NOVALUES = %v (cursor %q)", page.Data, page.Cursor.String())
	}
	page, err = c.HScan(ctx, missing, models.NewCursor())
	if err != nil || !page.Cursor.IsFinished() || page.Data == nil || len(page.Data) != 0 {
		t.Fatalf("HScan(missing) = %#v, %v", page, err)
	}
}

// Values are binary-safe: NUL bytes, invalid UTF-8, empty strings and 1 MiB values
// round-trip as fields and as values.
func TestHashBinarySafe(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "h\x00\xff")               // a binary key name, too
	big := strings.Repeat("\x00\xffab", 1<<18) // 1 MiB
	values := map[string]string{
		"nul\x00field": "v\x00al",
		"\xff\xfe":     "\xc3\x28",
		"":             "",
		"big":          big,
		"empty":        "",
	}
	n, err := c.HSet(ctx, k, values)
	if err != nil || n != int64(len(values)) {
		t.Fatalf("HSet = %d, %v", n, err)
	}
	all, err := c.HGetAll(ctx, k)
	if err != nil || !reflect.DeepEqual(all, values) {
		t.Fatalf("HGetAll did not round-trip (err %v, %d fields)", err, len(all))
	}
	for f, v := range values {
		r, err := c.HGet(ctx, k, f)
		requireResult(t, fmt.Sprintf("HGet(%q)", f), r, err, v)
	}
	if n, err := c.HStrLen(ctx, k, "big"); err != nil || n != 1<<20 {
		t.Fatalf("HStrLen(big) = %d, %v", n, err)
	}
	mg, err := c.HMGet(ctx, k, []string{"", "nul\x00field", "big"})
	if err != nil || mg[0].Value() != "" || mg[0].IsNil() || mg[1].Value() != "v\x00al" || mg[2].Value() != big {
		t.Fatalf("HMGet binary = err %v", err)
	}
}

// TestHashFieldExpiry covers Valkey 9's field expiry commands.
func TestHashFieldExpiry(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	k, missing, str := testKey(t, "h"), testKey(t, "missing"), testKey(t, "str")
	none := options.NewHExpireOptions()

	n, err := c.HSetEx(ctx, k, map[string]string{"a": "1", "b": "2"}, options.NewHSetExOptions().
		SetExpiry(options.NewExpiryIn(100*time.Second)))
	if err != nil || n != 1 {
		t.Fatalf("HSetEx = %d, %v", n, err)
	}
	ttl, err := c.HTtl(ctx, k, []string{"a", "b", "nope"})
	if err != nil || len(ttl) != 3 || ttl[0] < 99 || ttl[0] > 100 || ttl[1] < 99 || ttl[2] != -2 {
		t.Fatalf("HTtl = %v, %v", ttl, err)
	}
	pttl, err := c.HPTtl(ctx, k, []string{"a"})
	if err != nil || len(pttl) != 1 || pttl[0] <= 98_000 || pttl[0] > 100_000 {
		t.Fatalf("HPTtl = %v, %v", pttl, err)
	}
	// FNX: a field exists, nothing is set.
	if n, err = c.HSetEx(ctx, k, map[string]string{"a": "x", "c": "3"}, options.NewHSetExOptions().
		SetConditionalSet(constants.OnlyIfFieldsDoNotExist)); err != nil || n != 0 {
		t.Fatalf("HSetEx FNX = %d, %v, want 0", n, err)
	}
	// FXX + KEEPTTL: all exist, values change, TTLs stay.
	if n, err = c.HSetEx(ctx, k, map[string]string{"a": "10"}, options.NewHSetExOptions().
		SetConditionalSet(constants.OnlyIfAllFieldsExist).SetExpiry(options.NewExpiryKeepExisting())); err != nil || n != 1 {
		t.Fatalf("HSetEx FXX KEEPTTL = %d, %v, want 1", n, err)
	}
	if ttl, err = c.HTtl(ctx, k, []string{"a"}); err != nil || ttl[0] < 99 {
		t.Fatalf("HTtl after KEEPTTL = %v, %v", ttl, err)
	}

	// HGetEx reads and changes expiry: PERSIST, then PX.
	got, err := c.HGetEx(ctx, k, []string{"a", "nope"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryPersist()))
	if err != nil || !reflect.DeepEqual(got, []models.Result[string]{models.CreateStringResult("10"), models.CreateNilStringResult()}) {
		t.Fatalf("HGetEx PERSIST = %+v, %v", got, err)
	}
	if ttl, err = c.HTtl(ctx, k, []string{"a"}); err != nil || !reflect.DeepEqual(ttl, []int64{-1}) {
		t.Fatalf("HTtl after PERSIST = %v, %v, want [-1]", ttl, err)
	}
	if got, err = c.HGetEx(ctx, k, []string{"b"}, options.NewHGetExOptions()); err != nil ||
		!reflect.DeepEqual(got, []models.Result[string]{models.CreateStringResult("2")}) {
		t.Fatalf("HGetEx without options = %+v, %v", got, err)
	}
	if got, err = c.HGetEx(ctx, missing, []string{"a", "b"}, options.NewHGetExOptions()); err != nil ||
		!reflect.DeepEqual(got, []models.Result[string]{models.CreateNilStringResult(), models.CreateNilStringResult()}) {
		t.Fatalf("HGetEx(missing key) = %+v, %v", got, err)
	}

	// HExpire with conditions: NX applies to a (no TTL), not to b (has one).
	codes, err := c.HExpire(ctx, k, 50*time.Second, []string{"a", "b", "nope"},
		options.NewHExpireOptions().SetExpireCondition(constants.HasNoExpiry))
	if err != nil || !reflect.DeepEqual(codes, []int64{1, 0, -2}) {
		t.Fatalf("HExpire NX = %v, %v, want [1 0 -2]", codes, err)
	}
	if codes, err = c.HPExpire(ctx, k, 200*time.Second, []string{"a"},
		options.NewHExpireOptions().SetExpireCondition(constants.NewExpiryGreaterThanCurrent)); err != nil ||
		!reflect.DeepEqual(codes, []int64{1}) {
		t.Fatalf("HPExpire GT = %v, %v", codes, err)
	}
	at := time.Now().Add(time.Hour).Truncate(time.Second)
	if codes, err = c.HExpireAt(ctx, k, at, []string{"a"}, none); err != nil || !reflect.DeepEqual(codes, []int64{1}) {
		t.Fatalf("HExpireAt = %v, %v", codes, err)
	}
	if ts, err := c.HExpireTime(ctx, k, []string{"a", "nope"}); err != nil || !reflect.DeepEqual(ts, []int64{at.Unix(), -2}) {
		t.Fatalf("HExpireTime = %v, %v, want [%d -2]", ts, err, at.Unix())
	}
	atMs := time.Now().Add(2 * time.Hour).Truncate(time.Millisecond)
	if codes, err = c.HPExpireAt(ctx, k, atMs, []string{"b"}, none); err != nil || !reflect.DeepEqual(codes, []int64{1}) {
		t.Fatalf("HPExpireAt = %v, %v", codes, err)
	}
	if ts, err := c.HPExpireTime(ctx, k, []string{"b"}); err != nil || !reflect.DeepEqual(ts, []int64{atMs.UnixMilli()}) {
		t.Fatalf("HPExpireTime = %v, %v, want [%d]", ts, err, atMs.UnixMilli())
	}
	if codes, err = c.HPersist(ctx, k, []string{"a", "b", "nope"}); err != nil || !reflect.DeepEqual(codes, []int64{1, 1, -2}) {
		t.Fatalf("HPersist = %v, %v", codes, err)
	}
	if codes, err = c.HPersist(ctx, k, []string{"a"}); err != nil || !reflect.DeepEqual(codes, []int64{-1}) {
		t.Fatalf("HPersist(no TTL) = %v, %v", codes, err)
	}
	// A zero TTL deletes the field at once (2), a timestamp in the past too.
	if codes, err = c.HExpire(ctx, k, 0, []string{"a"}, none); err != nil || !reflect.DeepEqual(codes, []int64{2}) {
		t.Fatalf("HExpire(0) = %v, %v, want [2]", codes, err)
	}
	if codes, err = c.HPExpireAt(ctx, k, time.Now().Add(-time.Hour), []string{"b"}, none); err != nil ||
		!reflect.DeepEqual(codes, []int64{2}) {
		t.Fatalf("HPExpireAt(past) = %v, %v, want [2]", codes, err)
	}
	if ok, err := c.HExists(ctx, k, "a"); err != nil || ok {
		t.Fatalf("HExists(expired field) = %v, %v", ok, err)
	}
	// On a missing key every field reports -2.
	for name, f := range map[string]func(context.Context, string, []string) ([]int64, error){
		"HTtl": c.HTtl, "HPTtl": c.HPTtl, "HExpireTime": c.HExpireTime, "HPExpireTime": c.HPExpireTime, "HPersist": c.HPersist,
	} {
		if got, err := f(ctx, missing, []string{"a", "b"}); err != nil || !reflect.DeepEqual(got, []int64{-2, -2}) {
			t.Errorf("%s(missing) = %v, %v, want [-2 -2]", name, got, err)
		}
	}

	fixture(t, s, "SET", str, "x")
	hbhRequireWrongType(t, map[string]func() error{
		"HSetEx": func() error {
			_, err := c.HSetEx(ctx, str, map[string]string{"f": "v"}, options.NewHSetExOptions())
			return err
		},
		"HGetEx":     func() error { _, err := c.HGetEx(ctx, str, []string{"f"}, options.NewHGetExOptions()); return err },
		"HExpire":    func() error { _, err := c.HExpire(ctx, str, time.Minute, []string{"f"}, none); return err },
		"HExpireAt":  func() error { _, err := c.HExpireAt(ctx, str, at, []string{"f"}, none); return err },
		"HPExpire":   func() error { _, err := c.HPExpire(ctx, str, time.Minute, []string{"f"}, none); return err },
		"HPExpireAt": func() error { _, err := c.HPExpireAt(ctx, str, at, []string{"f"}, none); return err },
		"HPersist":   func() error { _, err := c.HPersist(ctx, str, []string{"f"}); return err },
		"HTtl":       func() error { _, err := c.HTtl(ctx, str, []string{"f"}); return err },
		"HPTtl":      func() error { _, err := c.HPTtl(ctx, str, []string{"f"}); return err },
		"HExpireTime": func() error {
			_, err := c.HExpireTime(ctx, str, []string{"f"})
			return err
		},
		"HPExpireTime": func() error {
			_, err := c.HPExpireTime(ctx, str, []string{"f"})
			return err
		},
	})

	hbhRequireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"HSetEx empty":      {hbhErr(c.HSetEx(ctx, k, map[string]string{}, options.NewHSetExOptions())), "fieldsAndValues"},
		"HSetEx PERSIST":    {hbhErr(c.HSetEx(ctx, k, map[string]string{"a": "1"}, options.NewHSetExOptions().SetExpiry(options.NewExpiryPersist()))), "HSETEX"},
		"HGetEx KEEPTTL":    {hbhErr(c.HGetEx(ctx, k, []string{"a"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryKeepExisting()))), "HGETEX"},
		"HGetEx empty":      {hbhErr(c.HGetEx(ctx, k, nil, options.NewHGetExOptions())), "fields"},
		"HExpire empty":     {hbhErr(c.HExpire(ctx, k, time.Minute, nil, none)), "fields"},
		"HExpire 300ms":     {hbhErr(c.HExpire(ctx, k, 300*time.Millisecond, []string{"a"}, none)), "expireTime"},
		"HExpireAt bad":     {hbhErr(c.HExpireAt(ctx, k, at, []string{"a"}, options.NewHExpireOptions().SetExpireCondition("ZZ"))), "expire condition"},
		"HPExpire empty":    {hbhErr(c.HPExpire(ctx, k, time.Minute, []string{}, none)), "fields"},
		"HPExpireAt empty":  {hbhErr(c.HPExpireAt(ctx, k, at, nil, none)), "fields"},
		"HPersist empty":    {hbhErr(c.HPersist(ctx, k, nil)), "fields"},
		"HTtl empty":        {hbhErr(c.HTtl(ctx, k, nil)), "fields"},
		"HPTtl empty":       {hbhErr(c.HPTtl(ctx, k, nil)), "fields"},
		"HExpireTime empty": {hbhErr(c.HExpireTime(ctx, k, nil)), "fields"},
		"HPExpireTime empt": {hbhErr(c.HPExpireTime(ctx, k, nil)), "fields"},
	})
}

func TestHashBatch(t *testing.T) {
	c, s := newTestClient(t)
	k, hs, he, missing := testKey(t, "h"), testKey(t, "scan"), testKey(t, "exp"), testKey(t, "missing")
	none := options.NewHExpireOptions()
	at := time.Unix(4102444800, 0) // 2100-01-01
	setup := func(t *testing.T) {
		s.Do(t, "DEL", k, hs, he, missing)
		fixture(t, s, "HSET", k, "f1", "v1", "f2", "v2")
		fixture(t, s, "HSET", hs, "a", "1")
		fixture(t, s, "HSET", he, "a", "1", "b", "2")
	}
	r := models.CreateStringResult
	hbhRunBatch(t, c, setup, []hbhSlot{
		{"HSet", func(b *pipeline.StandaloneBatch) { b.HSet(k, map[string]string{"f3": "v3"}) }, int64(1)},
		{"HSetNX", func(b *pipeline.StandaloneBatch) { b.HSetNX(k, "f1", "x") }, false},
		{"HGet", func(b *pipeline.StandaloneBatch) { b.HGet(k, "f1") }, "v1"},
		{"HGet missing", func(b *pipeline.StandaloneBatch) { b.HGet(k, "nope") }, nil},
		{"HGetAll", func(b *pipeline.StandaloneBatch) { b.HGetAll(k) }, map[string]string{"f1": "v1", "f2": "v2", "f3": "v3"}},
		{"HGetAll missing", func(b *pipeline.StandaloneBatch) { b.HGetAll(missing) }, map[string]string{}},
		{"HMGet", func(b *pipeline.StandaloneBatch) { b.HMGet(k, []string{"f2", "nope"}) },
			[]models.Result[string]{r("v2"), models.CreateNilStringResult()}},
		{"HLen", func(b *pipeline.StandaloneBatch) { b.HLen(k) }, int64(3)},
		{"HVals", func(b *pipeline.StandaloneBatch) { b.HVals(k) }, []string{"v1", "v2", "v3"}},
		{"HVals missing", func(b *pipeline.StandaloneBatch) { b.HVals(missing) }, []string{}},
		{"HKeys", func(b *pipeline.StandaloneBatch) { b.HKeys(k) }, []string{"f1", "f2", "f3"}},
		{"HExists", func(b *pipeline.StandaloneBatch) { b.HExists(k, "f2") }, true},
		{"HStrLen", func(b *pipeline.StandaloneBatch) { b.HStrLen(k, "f3") }, int64(2)},
		{"HIncrBy", func(b *pipeline.StandaloneBatch) { b.HIncrBy(k, "n", 7) }, int64(7)},
		{"HIncrByFloat", func(b *pipeline.StandaloneBatch) { b.HIncrByFloat(k, "x", 1.5) }, float64(1.5)},
		{"HDel", func(b *pipeline.StandaloneBatch) { b.HDel(k, []string{"f1", "nope"}) }, int64(1)},
		{"HScan", func(b *pipeline.StandaloneBatch) { b.HScan(hs, "0") },
			models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"a", "1"}}},
		{"HScanWithOptions", func(b *pipeline.StandaloneBatch) {
			b.HScanWithOptions(hs, "0", *options.NewHashScanOptions().SetNoValues(true))
		}, models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"a"}}},
		{"HRandField", func(b *pipeline.StandaloneBatch) { b.HRandField(hs) }, "a"},
		{"HRandField missing", func(b *pipeline.StandaloneBatch) { b.HRandField(missing) }, nil},
		{"HRandFieldWithCount", func(b *pipeline.StandaloneBatch) { b.HRandFieldWithCount(hs, 3) }, []string{"a"}},
		{"HRandFieldWithCount missing", func(b *pipeline.StandaloneBatch) { b.HRandFieldWithCount(missing, 3) }, []string{}},
		{"HRandFieldWithCountWithValues", func(b *pipeline.StandaloneBatch) { b.HRandFieldWithCountWithValues(hs, -2) },
			[][]string{{"a", "1"}, {"a", "1"}}},
		{"HSetEx", func(b *pipeline.StandaloneBatch) {
			b.HSetEx(he, map[string]string{"c": "3"}, options.NewHSetExOptions().SetExpiry(options.NewExpiryAt(at)))
		}, int64(1)},
		{"HGetEx", func(b *pipeline.StandaloneBatch) {
			b.HGetEx(he, []string{"c", "nope"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryPersist()))
		}, []models.Result[string]{r("3"), models.CreateNilStringResult()}},
		{"HExpire", func(b *pipeline.StandaloneBatch) { b.HExpire(he, time.Hour, []string{"a", "nope"}, none) }, []int64{1, -2}},
		{"HPExpire", func(b *pipeline.StandaloneBatch) { b.HPExpire(he, time.Hour, []string{"b"}, none) }, []int64{1}},
		{"HExpireAt", func(b *pipeline.StandaloneBatch) { b.HExpireAt(he, at, []string{"a"}, none) }, []int64{1}},
		{"HPExpireAt", func(b *pipeline.StandaloneBatch) { b.HPExpireAt(he, at.Add(time.Second), []string{"b"}, none) }, []int64{1}},
		{"HExpireTime", func(b *pipeline.StandaloneBatch) { b.HExpireTime(he, []string{"a", "c", "nope"}) },
			[]int64{at.Unix(), -1, -2}},
		{"HPExpireTime", func(b *pipeline.StandaloneBatch) { b.HPExpireTime(he, []string{"b"}) }, []int64{at.UnixMilli() + 1000}},
		{"HTtl", func(b *pipeline.StandaloneBatch) { b.HTtl(he, []string{"c", "nope"}) }, []int64{-1, -2}},
		{"HPTtl", func(b *pipeline.StandaloneBatch) { b.HPTtl(he, []string{"c"}) }, []int64{-1}},
		{"HPersist", func(b *pipeline.StandaloneBatch) { b.HPersist(he, []string{"a", "c"}) }, []int64{1, -1}},
	})
}

// A batch holding an invalid hash command is refused whole: nothing of it runs.
func TestHashBatchArgumentErrorSendsNothing(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "h")
	for _, atomic := range []bool{true, false} {
		b := pipeline.NewStandaloneBatch(atomic).
			HSet(k, map[string]string{"f": "v"}).
			HMGet(k, nil).
			HExpire(k, time.Minute, []string{}, options.NewHExpireOptions())
		res, err := c.Exec(ctx, *b, false)
		var be *BatchError
		if res != nil || !errors.As(err, &be) || len(be.Errors) != 2 ||
			!strings.Contains(be.Error(), "command 2") || !strings.Contains(be.Error(), "HMGET: fields") ||
			!strings.Contains(be.Error(), "command 3") {
			t.Fatalf("atomic=%v: Exec = %#v, %v; want a BatchError naming commands 2 and 3", atomic, res, err)
		}
		if ok, err := c.HExists(ctx, k, "f"); err != nil || ok {
			t.Fatalf("atomic=%v: HSet of a refused batch ran (HExists = %v, %v)", atomic, ok, err)
		}
	}
}

// TestRedis70Hashes runs the Hash group on Redis 7.0. Field expiry (Valkey 9.0+, and
// a different syntax in Redis 7.4+) and HSCAN NOVALUES (Valkey 8.0+) do not exist
// there.
func TestRedis70Hashes(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	k, str := testKey(t, "h"), testKey(t, "str")
	if n, err := c.HSet(ctx, k, map[string]string{"a": "1", "b": "2"}); err != nil || n != 2 {
		t.Fatalf("HSet = %d, %v", n, err)
	}
	r, err := c.HGet(ctx, k, "a")
	requireResult(t, "HGet", r, err, "1")
	if all, err := c.HGetAll(ctx, k); err != nil || !reflect.DeepEqual(all, map[string]string{"a": "1", "b": "2"}) {
		t.Fatalf("HGetAll = %v, %v", all, err)
	}
	if f, err := c.HIncrByFloat(ctx, k, "a", 0.5); err != nil || f != 1.5 {
		t.Fatalf("HIncrByFloat = %v, %v", f, err)
	}
	pairs, err := c.HRandFieldWithCountWithValues(ctx, k, 5)
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	if err != nil || !reflect.DeepEqual(pairs, [][]string{{"a", "1.5"}, {"b", "2"}}) {
		t.Fatalf("HRandFieldWithCountWithValues = %v, %v", pairs, err)
	}
	page, err := c.HScan(ctx, k, models.NewCursor())
	if err != nil || !page.Cursor.IsFinished() || len(page.Data) != 4 {
		t.Fatalf("HScan = %+v, %v", page, err)
	}
	mg, err := c.HMGet(ctx, k, []string{"b", "zz"})
	if err != nil || !reflect.DeepEqual(mg, []models.Result[string]{models.CreateStringResult("2"), models.CreateNilStringResult()}) {
		t.Fatalf("HMGet = %+v, %v", mg, err)
	}
	fixture(t, s, "SET", str, "x")
	_, err = c.HLen(ctx, str)
	requireServerError(t, err, "WRONGTYPE")

	b := pipeline.NewStandaloneBatch(true).HGet(k, "b").HGet(k, "zz").HRandFieldWithCountWithValues(k, -1).HKeys(str)
	res, err := c.Exec(ctx, *b, false)
	requireNoErr(t, "Exec", err)
	if len(res) != 4 || res[0] != "2" || res[1] != nil {
		t.Fatalf("batch = %#v", res)
	}
	if p, ok := res[2].([][]string); !ok || len(p) != 1 || len(p[0]) != 2 {
		t.Fatalf("batch HRandFieldWithCountWithValues = %T %#v", res[2], res[2])
	}
	var re *RequestError
	if e, ok := res[3].(error); !ok || !errors.As(e, &re) || !strings.HasPrefix(e.Error(), "WRONGTYPE") {
		t.Fatalf("batch HKeys(string) = %T %#v, want a WRONGTYPE error", res[3], res[3])
	}

	t.Run("field expiry", func(t *testing.T) {
		t.Skip("Redis 7.0 has no hash field expiry (HSETEX, HGETEX, HEXPIRE … are Valkey 9.0+)")
	})
	t.Run("HSCAN NOVALUES", func(t *testing.T) {
		t.Skip("Redis 7.0 has no HSCAN NOVALUES (Valkey 8.0+)")
	})
}
