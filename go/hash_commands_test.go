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

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the Hash group against Valkey 9.1 (field expiry included) and
// Redis 7.0 (which lacks field expiry and HSCAN NOVALUES), in both batch kinds, and
// on the 3-shard cluster. The slot-checking helpers here serve the Bitmap and
// HyperLogLog tests too.

// slotCase is one batch command and the exact value (and dynamic type) its result
// slot must hold.
type slotCase struct {
	name  string
	queue func(b *pipeline.StandaloneBatch)
	want  any
}

// requireSlots fails for every slot whose value or dynamic type differs from want.
func requireSlots(t *testing.T, got []any, names []string, want []any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %#v", len(got), len(want), got)
	}
	for i := range want {
		if reflect.TypeOf(got[i]) != reflect.TypeOf(want[i]) || !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("slot %d (%s): got %T %#v, want %T %#v", i, names[i], got[i], got[i], want[i], want[i])
		}
	}
}

// runSlotCases runs cases as one transaction and as one pipeline, each after setup,
// and checks every result slot.
func runSlotCases(t *testing.T, c *Client, setup func(t *testing.T), cases []slotCase) {
	t.Helper()
	names := make([]string, len(cases))
	want := make([]any, len(cases))
	for i, sc := range cases {
		names[i], want[i] = sc.name, sc.want
	}
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			setup(t)
			b := pipeline.NewStandaloneBatch(atomic)
			for _, sc := range cases {
				sc.queue(b)
			}
			got, err := c.Exec(context.Background(), *b, false)
			requireNoErr(t, "Exec", err)
			requireSlots(t, got, names, want)
		})
	}
}

// requireWrongType runs each call against a key of another type and insists on the
// server's WRONGTYPE error.
func requireWrongType(t *testing.T, calls map[string]func() error) {
	t.Helper()
	for name, call := range calls {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), "WRONGTYPE") {
			t.Errorf("%s on a key of another type: %v, want WRONGTYPE", name, err)
		}
	}
}

// requireArgErrors insists that each call fails on the client side with an error
// whose text names the argument.
func requireArgErrors(t *testing.T, calls map[string]struct {
	err  error
	want string
},
) {
	t.Helper()
	for name, c := range calls {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: %v, want a client-side error containing %q", name, c.err, c.want)
		}
	}
}

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
	requireWrongType(t, map[string]func() error{
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
	requireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"HMGet":  {second(c.HMGet(ctx, k, nil)), "fields"},
		"HSet":   {second(c.HSet(ctx, k, map[string]string{})), "values"},
		"HDel":   {second(c.HDel(ctx, k, []string{})), "fields"},
		"HScan":  {second(c.HScanWithOptions(ctx, k, models.NewCursor(), *options.NewHashScanOptions().SetCount(-1))), "Count"},
		"HSetEx": {second(c.HSetEx(ctx, k, nil, options.NewHSetExOptions())), "fieldsAndValues"},
	})
}

// second is the error of a two-value call.
func second[T any](_ T, err error) error { return err }

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
	if err != nil || len(fields) != 5 || len(distinct(fields)) != 5 {
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

func distinct(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// Values are binary-safe: NUL bytes, invalid UTF-8, empty strings and 1 MiB values
// round-trip as fields and as values.
func TestHashBinarySafe(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "h")
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
	requireWrongType(t, map[string]func() error{
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

	requireArgErrors(t, map[string]struct {
		err  error
		want string
	}{
		"HSetEx empty":      {second(c.HSetEx(ctx, k, map[string]string{}, options.NewHSetExOptions())), "fieldsAndValues"},
		"HSetEx PERSIST":    {second(c.HSetEx(ctx, k, map[string]string{"a": "1"}, options.NewHSetExOptions().SetExpiry(options.NewExpiryPersist()))), "HSETEX"},
		"HGetEx KEEPTTL":    {second(c.HGetEx(ctx, k, []string{"a"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryKeepExisting()))), "HGETEX"},
		"HGetEx empty":      {second(c.HGetEx(ctx, k, nil, options.NewHGetExOptions())), "fields"},
		"HExpire empty":     {second(c.HExpire(ctx, k, time.Minute, nil, none)), "fields"},
		"HExpire 300ms":     {second(c.HExpire(ctx, k, 300*time.Millisecond, []string{"a"}, none)), "expireTime"},
		"HExpireAt bad":     {second(c.HExpireAt(ctx, k, at, []string{"a"}, options.NewHExpireOptions().SetExpireCondition("ZZ"))), "expire condition"},
		"HPExpire empty":    {second(c.HPExpire(ctx, k, time.Minute, []string{}, none)), "fields"},
		"HPExpireAt empty":  {second(c.HPExpireAt(ctx, k, at, nil, none)), "fields"},
		"HPersist empty":    {second(c.HPersist(ctx, k, nil)), "fields"},
		"HTtl empty":        {second(c.HTtl(ctx, k, nil)), "fields"},
		"HPTtl empty":       {second(c.HPTtl(ctx, k, nil)), "fields"},
		"HExpireTime empty": {second(c.HExpireTime(ctx, k, nil)), "fields"},
		"HPExpireTime empt": {second(c.HPExpireTime(ctx, k, nil)), "fields"},
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
	runSlotCases(t, c, setup, []slotCase{
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

// clusterSlotCase is slotCase for a cluster batch.
type clusterSlotCase struct {
	name  string
	queue func(b *pipeline.ClusterBatch)
	want  any
}

// runClusterSlotCases runs cases as one cluster batch (a pipeline may span slots, a
// transaction must not) after setup, and checks every result slot.
func runClusterSlotCases(t *testing.T, c *ClusterClient, atomic bool, setup func(t *testing.T), cases []clusterSlotCase) {
	t.Helper()
	names := make([]string, len(cases))
	want := make([]any, len(cases))
	b := pipeline.NewClusterBatch(atomic)
	for i, sc := range cases {
		names[i], want[i] = sc.name, sc.want
		sc.queue(b)
	}
	setup(t)
	got, err := c.Exec(context.Background(), *b, false)
	requireNoErr(t, fmt.Sprintf("Exec(atomic=%v)", atomic), err)
	requireSlots(t, got, names, want)
}

// crossSlotKeys returns two keys of the test that hash to different slots.
func crossSlotKeys(t *testing.T) (string, string) {
	t.Helper()
	a, b := "{"+t.Name()+"-a}k", "{"+t.Name()+"-b}k"
	if testserver.KeySlot(a) == testserver.KeySlot(b) {
		t.Fatalf("test keys %q and %q share slot %d", a, b, testserver.KeySlot(a))
	}
	return a, b
}

// requireCrossSlot insists on the typed CROSSSLOT error.
func requireCrossSlot(t *testing.T, what string, err error) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("%s: %T %v, want a CROSSSLOT *RequestError", what, err, err)
	}
}

func TestClusterHashCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	k1, k2 := crossSlotKeys(t)
	for _, k := range []string{k1, k2} {
		fixture(t, cl.NodeForKey(k).Server, "DEL", k)
	}

	// Each key goes to its own slot's primary; the data lands there.
	for i, k := range []string{k1, k2} {
		v := fmt.Sprint("v", i)
		if n, err := c.HSet(ctx, k, map[string]string{"f": v, "g": "x"}); err != nil || n != 2 {
			t.Fatalf("HSet(%s) = %d, %v", k, n, err)
		}
		if reply := cl.NodeForKey(k).Server.Do(t, "HGET", k, "f"); !strings.Contains(reply, v) {
			t.Fatalf("HGET %s on the slot's primary = %q", k, reply)
		}
		r, err := c.HGet(ctx, k, "f")
		requireResult(t, "HGet", r, err, v)
		all, err := c.HGetAll(ctx, k)
		if err != nil || !reflect.DeepEqual(all, map[string]string{"f": v, "g": "x"}) {
			t.Fatalf("HGetAll = %v, %v", all, err)
		}
		page, err := c.HScanWithOptions(ctx, k, models.NewCursor(), *options.NewHashScanOptions().SetMatch("f"))
		if err != nil || !reflect.DeepEqual(page.Data, []string{"f", v}) {
			t.Fatalf("HScan = %+v, %v", page, err)
		}
		if codes, err := c.HExpire(ctx, k, time.Hour, []string{"g", "nope"}, options.NewHExpireOptions()); err != nil ||
			!reflect.DeepEqual(codes, []int64{1, -2}) {
			t.Fatalf("HExpire = %v, %v", codes, err)
		}
		if got, err := c.HGetEx(ctx, k, []string{"g"}, options.NewHGetExOptions().SetExpiry(options.NewExpiryPersist())); err != nil ||
			!reflect.DeepEqual(got, []models.Result[string]{models.CreateStringResult("x")}) {
			t.Fatalf("HGetEx = %+v, %v", got, err)
		}
		if r, err := c.HRandField(ctx, k); err != nil || r.IsNil() {
			t.Fatalf("HRandField = %+v, %v", r, err)
		}
	}
	fixture(t, cl.NodeForKey(k1).Server, "SET", k1+"s", "x")
	_, err := c.HLen(ctx, k1+"s")
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.HMGet(ctx, k1, nil)
	requireClientError(t, err)

	// A pipeline spans slots; each slot holds GLIDE's batch value.
	setup := func(t *testing.T) {
		for _, k := range []string{k1, k2} {
			cl.NodeForKey(k).Server.Do(t, "DEL", k)
		}
		fixture(t, cl.NodeForKey(k1).Server, "HSET", k1, "a", "1")
	}
	runClusterSlotCases(t, c, false, setup, []clusterSlotCase{
		{"HSet k2", func(b *pipeline.ClusterBatch) { b.HSet(k2, map[string]string{"b": "2"}) }, int64(1)},
		{"HGet k1", func(b *pipeline.ClusterBatch) { b.HGet(k1, "a") }, "1"},
		{"HGet k2 missing", func(b *pipeline.ClusterBatch) { b.HGet(k2, "zz") }, nil},
		{"HGetAll k2", func(b *pipeline.ClusterBatch) { b.HGetAll(k2) }, map[string]string{"b": "2"}},
		{"HMGet k1", func(b *pipeline.ClusterBatch) { b.HMGet(k1, []string{"a", "zz"}) },
			[]models.Result[string]{models.CreateStringResult("1"), models.CreateNilStringResult()}},
		{"HKeys k2", func(b *pipeline.ClusterBatch) { b.HKeys(k2) }, []string{"b"}},
		{"HRandFieldWithCountWithValues k1", func(b *pipeline.ClusterBatch) { b.HRandFieldWithCountWithValues(k1, 1) },
			[][]string{{"a", "1"}}},
		{"HScan k2", func(b *pipeline.ClusterBatch) { b.HScan(k2, "0") },
			models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"b", "2"}}},
		{"HTtl k1", func(b *pipeline.ClusterBatch) { b.HTtl(k1, []string{"a"}) }, []int64{-1}},
		{"HRandField k2", func(b *pipeline.ClusterBatch) { b.HRandField(k2) }, "b"},
	})
	// A transaction stays in one slot.
	runClusterSlotCases(t, c, true, setup, []clusterSlotCase{
		{"HSetNX", func(b *pipeline.ClusterBatch) { b.HSetNX(k1, "a", "x") }, false},
		{"HIncrBy", func(b *pipeline.ClusterBatch) { b.HIncrBy(k1, "a", 4) }, int64(5)},
		{"HIncrByFloat", func(b *pipeline.ClusterBatch) { b.HIncrByFloat(k1, "a", 0.5) }, float64(5.5)},
		{"HVals", func(b *pipeline.ClusterBatch) { b.HVals(k1) }, []string{"5.5"}},
		{"HExists", func(b *pipeline.ClusterBatch) { b.HExists(k1, "a") }, true},
		{"HDel", func(b *pipeline.ClusterBatch) { b.HDel(k1, []string{"a"}) }, int64(1)},
		{"HLen", func(b *pipeline.ClusterBatch) { b.HLen(k1) }, int64(0)},
	})
}

// With PreferReplica, the read-only commands of the three groups are served by the
// key's replica and the writing ones by its primary (the core decides from its command
// table; this checks the table's flags reach the wire).
func TestClusterHashBitmapHLLReadStrategy(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	c, err := NewClusterClient(config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second).
		WithReadFrom(config.PreferReplica))
	if err != nil {
		t.Fatalf("NewClusterClient: %v", err)
	}
	defer c.Close()
	ctx := context.Background()
	k := "{" + t.Name() + "}"
	primary := cl.NodeForKey(k)
	var replica *testserver.Node
	for _, n := range cl.Replicas() {
		if n.Shard == primary.Shard {
			replica = n
		}
	}
	if replica == nil {
		t.Fatalf("no replica for shard %d", primary.Shard)
	}

	reads := map[string]func() error{
		"hget":       func() error { _, err := c.HGet(ctx, k+"h", "f"); return err },
		"hgetall":    func() error { _, err := c.HGetAll(ctx, k+"h"); return err },
		"hrandfield": func() error { _, err := c.HRandField(ctx, k+"h"); return err },
		"hscan":      func() error { _, err := c.HScan(ctx, k+"h", models.NewCursor()); return err },
		"httl":       func() error { _, err := c.HTtl(ctx, k+"h", []string{"f"}); return err },
		"getbit":     func() error { _, err := c.GetBit(ctx, k+"b", 1); return err },
		"bitcount":   func() error { _, err := c.BitCount(ctx, k+"b"); return err },
		"bitpos":     func() error { _, err := c.BitPos(ctx, k+"b", 1); return err },
		"bitfield_ro": func() error {
			_, err := c.BitFieldRO(ctx, k+"b", []options.BitFieldROCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"pfcount": func() error { _, err := c.PfCount(ctx, []string{k + "p"}); return err },
	}
	writes := map[string]func() error{
		"hset":   func() error { _, err := c.HSet(ctx, k+"h", map[string]string{"f": "v"}); return err },
		"setbit": func() error { _, err := c.SetBit(ctx, k+"b", 1, 1); return err },
		"bitfield": func() error {
			_, err := c.BitField(ctx, k+"b", []options.BitFieldSubCommands{options.NewBitFieldGet(options.SignedInt, 8, 0)})
			return err
		},
		"pfadd": func() error { _, err := c.PfAdd(ctx, k+"p", []string{"x"}); return err },
	}
	// A write also runs on the replica through replication, so only the node a read
	// must avoid is checked.
	check := func(calls map[string]func() error, on, off *testserver.Node, where string) {
		for cmd, call := range calls {
			beforeOn, beforeOff := cmdCalls(t, on.Server, cmd), 0
			if off != nil {
				beforeOff = cmdCalls(t, off.Server, cmd)
			}
			if err := call(); err != nil {
				t.Fatalf("%s: %v", cmd, err)
			}
			if got := cmdCalls(t, on.Server, cmd) - beforeOn; got != 1 {
				t.Errorf("%s ran %d times on the %s, want 1", cmd, got, where)
			}
			if off == nil {
				continue
			}
			if got := cmdCalls(t, off.Server, cmd) - beforeOff; got != 0 {
				t.Errorf("%s ran %d times on the other node of the shard, want 0", cmd, got)
			}
		}
	}
	check(writes, primary, nil, "primary")
	check(reads, replica, primary, "replica")
}
