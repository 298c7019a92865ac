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
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the Set group against Valkey 9.1 and Redis 7.0 (SINTERCARD,
// the newest command here, is 7.0), plus the batch twins' slot values.

// lsSet builds the map[string]struct{} a set reply decodes to.
func lsSet(members ...string) map[string]struct{} {
	out := make(map[string]struct{}, len(members))
	for _, m := range members {
		out[m] = struct{}{}
	}
	return out
}

func requireSet(t *testing.T, what string, got map[string]struct{}, err error, want map[string]struct{}) {
	t.Helper()
	requireNoErr(t, what, err)
	if got == nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %#v, want %#v", what, got, want)
	}
}

func requireBool(t *testing.T, what string, got bool, err error, want bool) {
	t.Helper()
	requireNoErr(t, what, err)
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func TestSetAddRemMembers(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, missing, str := testKey(t, "set"), testKey(t, "missing"), testKey(t, "str")

		n, err := c.SAdd(ctx, k, []string{"a", "b", "a", "c"})
		requireInt(t, "SAdd", n, err, 3)
		n, err = c.SAdd(ctx, k, []string{"c", "d"})
		requireInt(t, "SAdd(one new)", n, err, 1)
		n, err = c.SRem(ctx, k, []string{"d", "nope"})
		requireInt(t, "SRem", n, err, 1)
		n, err = c.SRem(ctx, missing, []string{"a"})
		requireInt(t, "SRem(missing)", n, err, 0)

		m, err := c.SMembers(ctx, k)
		requireSet(t, "SMembers", m, err, lsSet("a", "b", "c"))
		m, err = c.SMembers(ctx, missing)
		requireSet(t, "SMembers(missing)", m, err, lsSet())
		n, err = c.SCard(ctx, k)
		requireInt(t, "SCard", n, err, 3)
		n, err = c.SCard(ctx, missing)
		requireInt(t, "SCard(missing)", n, err, 0)

		ok, err := c.SIsMember(ctx, k, "b")
		requireBool(t, "SIsMember", ok, err, true)
		ok, err = c.SIsMember(ctx, k, "z")
		requireBool(t, "SIsMember(absent)", ok, err, false)
		ok, err = c.SIsMember(ctx, missing, "a")
		requireBool(t, "SIsMember(missing)", ok, err, false)
		bs, err := c.SMIsMember(ctx, k, []string{"a", "z", "c"})
		requireNoErr(t, "SMIsMember", err)
		if !reflect.DeepEqual(bs, []bool{true, false, true}) {
			t.Fatalf("SMIsMember = %v", bs)
		}
		bs, err = c.SMIsMember(ctx, missing, []string{"a"})
		if err != nil || !reflect.DeepEqual(bs, []bool{false}) {
			t.Fatalf("SMIsMember(missing) = %v, %v", bs, err)
		}

		fixture(t, s, "SET", str, "v")
		for name, call := range map[string]func() error{
			"SAdd":       func() error { _, err := c.SAdd(ctx, str, []string{"x"}); return err },
			"SRem":       func() error { _, err := c.SRem(ctx, str, []string{"x"}); return err },
			"SMembers":   func() error { _, err := c.SMembers(ctx, str); return err },
			"SCard":      func() error { _, err := c.SCard(ctx, str); return err },
			"SIsMember":  func() error { _, err := c.SIsMember(ctx, str, "x"); return err },
			"SMIsMember": func() error { _, err := c.SMIsMember(ctx, str, []string{"x"}); return err },
		} {
			t.Run("WRONGTYPE/"+name, func(t *testing.T) { requireServerError(t, call(), "WRONGTYPE") })
		}
		for name, call := range map[string]func() error{
			"SAdd":       func() error { _, err := c.SAdd(ctx, missing, nil); return err },
			"SRem":       func() error { _, err := c.SRem(ctx, k, []string{}); return err },
			"SMIsMember": func() error { _, err := c.SMIsMember(ctx, k, nil); return err },
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if !strings.Contains(err.Error(), "members") {
					t.Fatalf("error %q does not name members", err)
				}
			})
		}
	})
}

// Members are binary-safe both ways: empty strings, NUL bytes, invalid UTF-8, 1 MiB.
func TestSetBinaryMembers(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k, k2 := testKey(t, "set\x00\xff"), testKey(t, "set2\r\n") // keys are binary-safe too
	members := []string{"", lsBinary, lsBig}
	n, err := c.SAdd(ctx, k, members)
	requireInt(t, "SAdd", n, err, 3)
	m, err := c.SMembers(ctx, k)
	requireSet(t, "SMembers", m, err, lsSet(members...))
	ok, err := c.SIsMember(ctx, k, lsBig)
	requireBool(t, "SIsMember(1 MiB)", ok, err, true)
	ok, err = c.SMove(ctx, k, k2, lsBinary)
	requireBool(t, "SMove(binary)", ok, err, true)
	v, err := c.SPop(ctx, k2)
	requireResult(t, "SPop(binary)", v, err, lsBinary)
	m, err = c.SPopCount(ctx, k, 5)
	requireSet(t, "SPopCount", m, err, lsSet("", lsBig))
}

func TestSetAlgebra(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		a, b, d, missing, str := testKey(t, "a"), testKey(t, "b"), testKey(t, "dest"), testKey(t, "missing"),
			testKey(t, "str")
		fixture(t, s, "SADD", a, "1", "2", "3", "x")
		fixture(t, s, "SADD", b, "2", "3", "4")

		m, err := c.SDiff(ctx, []string{a, b})
		requireSet(t, "SDiff", m, err, lsSet("1", "x"))
		m, err = c.SDiff(ctx, []string{missing, a})
		requireSet(t, "SDiff(missing first)", m, err, lsSet())
		m, err = c.SInter(ctx, []string{a, b})
		requireSet(t, "SInter", m, err, lsSet("2", "3"))
		m, err = c.SInter(ctx, []string{a, missing})
		requireSet(t, "SInter(with missing)", m, err, lsSet())
		m, err = c.SUnion(ctx, []string{a, b, missing})
		requireSet(t, "SUnion", m, err, lsSet("1", "2", "3", "4", "x"))

		n, err := c.SDiffStore(ctx, d, []string{b, a})
		requireInt(t, "SDiffStore", n, err, 1)
		m, err = c.SMembers(ctx, d)
		requireSet(t, "SMembers(SDiffStore)", m, err, lsSet("4"))
		n, err = c.SInterStore(ctx, d, []string{a, b})
		requireInt(t, "SInterStore", n, err, 2)
		n, err = c.SUnionStore(ctx, d, []string{a, b})
		requireInt(t, "SUnionStore", n, err, 5)
		n, err = c.SInterStore(ctx, d, []string{a, missing}) // an empty result deletes destination
		requireInt(t, "SInterStore(empty)", n, err, 0)
		if e, err := c.Exists(ctx, []string{d}); err != nil || e != 0 {
			t.Fatalf("destination after an empty SInterStore: Exists = %d, %v", e, err)
		}

		n, err = c.SInterCard(ctx, []string{a, b})
		requireInt(t, "SInterCard", n, err, 2)
		n, err = c.SInterCard(ctx, []string{a, missing})
		requireInt(t, "SInterCard(missing)", n, err, 0)
		n, err = c.SInterCardLimit(ctx, []string{a, b}, 1)
		requireInt(t, "SInterCardLimit(1)", n, err, 1)
		n, err = c.SInterCardLimit(ctx, []string{a, b}, 0)
		requireInt(t, "SInterCardLimit(0 = none)", n, err, 2)

		ok, err := c.SMove(ctx, a, b, "x")
		requireBool(t, "SMove", ok, err, true)
		ok, err = c.SMove(ctx, a, b, "x")
		requireBool(t, "SMove(not a member)", ok, err, false)
		ok, err = c.SMove(ctx, missing, b, "x")
		requireBool(t, "SMove(missing source)", ok, err, false)
		ok, err = c.SIsMember(ctx, b, "x")
		requireBool(t, "SIsMember(moved)", ok, err, true)

		fixture(t, s, "SET", str, "v")
		for name, call := range map[string]func() error{
			"SDiff":           func() error { _, err := c.SDiff(ctx, []string{str, a}); return err },
			"SInter":          func() error { _, err := c.SInter(ctx, []string{a, str}); return err },
			"SUnion":          func() error { _, err := c.SUnion(ctx, []string{a, str}); return err },
			"SDiffStore":      func() error { _, err := c.SDiffStore(ctx, d, []string{str}); return err },
			"SInterStore":     func() error { _, err := c.SInterStore(ctx, d, []string{str}); return err },
			"SUnionStore":     func() error { _, err := c.SUnionStore(ctx, d, []string{str}); return err },
			"SInterCard":      func() error { _, err := c.SInterCard(ctx, []string{str}); return err },
			"SInterCardLimit": func() error { _, err := c.SInterCardLimit(ctx, []string{str}, 1); return err },
			"SMove":           func() error { _, err := c.SMove(ctx, str, a, "1"); return err },
		} {
			t.Run("WRONGTYPE/"+name, func(t *testing.T) { requireServerError(t, call(), "WRONGTYPE") })
		}
		for name, call := range map[string]func() error{
			"SDiff keys":            func() error { _, err := c.SDiff(ctx, nil); return err },
			"SInter keys":           func() error { _, err := c.SInter(ctx, []string{}); return err },
			"SUnion keys":           func() error { _, err := c.SUnion(ctx, nil); return err },
			"SDiffStore keys":       func() error { _, err := c.SDiffStore(ctx, d, nil); return err },
			"SInterStore keys":      func() error { _, err := c.SInterStore(ctx, d, nil); return err },
			"SUnionStore keys":      func() error { _, err := c.SUnionStore(ctx, d, nil); return err },
			"SInterCard keys":       func() error { _, err := c.SInterCard(ctx, nil); return err },
			"SInterCardLimit keys":  func() error { _, err := c.SInterCardLimit(ctx, nil, 1); return err },
			"SInterCardLimit limit": func() error { _, err := c.SInterCardLimit(ctx, []string{a}, -1); return err },
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if arg := strings.Fields(name)[1]; !strings.Contains(err.Error(), arg) {
					t.Fatalf("error %q does not name %q", err, arg)
				}
			})
		}
	})
}

func TestSetRandomPopScan(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		k, one, missing, str := testKey(t, "set"), testKey(t, "one"), testKey(t, "missing"), testKey(t, "str")
		all := []string{"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "other"}
		fixture(t, s, append([]string{"SADD", k}, all...)...)
		fixture(t, s, "SADD", one, "only")
		isMember := lsSet(all...)

		v, err := c.SRandMember(ctx, k)
		requireNoErr(t, "SRandMember", err)
		if _, ok := isMember[v.Value()]; v.IsNil() || !ok {
			t.Fatalf("SRandMember = %#v, not a member", v)
		}
		v, err = c.SRandMember(ctx, missing)
		requireNil(t, "SRandMember(missing)", v, err)
		got, err := c.SRandMemberCount(ctx, k, 5)
		requireNoErr(t, "SRandMemberCount", err)
		if len(got) != 5 || len(lsSet(got...)) != 5 {
			t.Fatalf("SRandMemberCount(5) = %q, want 5 distinct members", got)
		}
		got, err = c.SRandMemberCount(ctx, one, -3)
		requireStrings(t, "SRandMemberCount(-3)", got, err, []string{"only", "only", "only"})
		got, err = c.SRandMemberCount(ctx, missing, 3)
		requireStrings(t, "SRandMemberCount(missing)", got, err, []string{})

		// SScan visits every member over the pages; MATCH filters.
		seen := map[string]struct{}{}
		cursor := models.NewCursor()
		for pages := 0; !cursor.IsFinished(); pages++ {
			if pages > 100 {
				t.Fatal("SScan did not finish in 100 pages")
			}
			page, err := c.SScanWithOptions(ctx, k, cursor, *options.NewBaseScanOptions().SetCount(2))
			requireNoErr(t, "SScanWithOptions", err)
			for _, m := range page.Data {
				seen[m] = struct{}{}
			}
			cursor = page.Cursor
		}
		if !reflect.DeepEqual(seen, isMember) {
			t.Fatalf("SScan saw %v, want every member", seen)
		}
		page, err := c.SScanWithOptions(ctx, k, models.NewCursor(), *options.NewBaseScanOptions().SetMatch("oth*").SetCount(100))
		requireNoErr(t, "SScanWithOptions(MATCH)", err)
		if !page.Cursor.IsFinished() || !reflect.DeepEqual(page.Data, []string{"other"}) {
			t.Fatalf("SScan MATCH = %+v", page)
		}
		page, err = c.SScan(ctx, missing, models.NewCursor())
		requireNoErr(t, "SScan(missing)", err)
		if !page.Cursor.IsFinished() || page.Data == nil || len(page.Data) != 0 {
			t.Fatalf("SScan(missing) = %#v, want a finished cursor and an empty page", page)
		}
		page, err = c.SScan(ctx, one, models.NewCursor())
		if err != nil || !reflect.DeepEqual(page, models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"only"}}) {
			t.Fatalf("SScan(one) = %#v, %v", page, err)
		}

		v, err = c.SPop(ctx, one)
		requireResult(t, "SPop", v, err, "only")
		v, err = c.SPop(ctx, one)
		requireNil(t, "SPop(emptied)", v, err)
		popped, err := c.SPopCount(ctx, k, 4)
		requireNoErr(t, "SPopCount", err)
		for m := range popped {
			if _, ok := isMember[m]; !ok {
				t.Fatalf("SPopCount popped %q, not a member", m)
			}
		}
		if n, err := c.SCard(ctx, k); len(popped) != 4 || err != nil || n != int64(len(all)-4) {
			t.Fatalf("SPopCount(4) popped %d; SCard after = %d, %v", len(popped), n, err)
		}
		popped, err = c.SPopCount(ctx, k, 0)
		requireSet(t, "SPopCount(0)", popped, err, lsSet())
		popped, err = c.SPopCount(ctx, missing, 3)
		requireSet(t, "SPopCount(missing)", popped, err, lsSet())

		fixture(t, s, "SET", str, "v")
		for name, call := range map[string]func() error{
			"SRandMember":      func() error { _, err := c.SRandMember(ctx, str); return err },
			"SRandMemberCount": func() error { _, err := c.SRandMemberCount(ctx, str, 2); return err },
			"SPop":             func() error { _, err := c.SPop(ctx, str); return err },
			"SPopCount":        func() error { _, err := c.SPopCount(ctx, str, 2); return err },
			"SScan":            func() error { _, err := c.SScan(ctx, str, models.NewCursor()); return err },
			"SScanWithOptions": func() error {
				_, err := c.SScanWithOptions(ctx, str, models.NewCursor(), *options.NewBaseScanOptions().SetMatch("*"))
				return err
			},
		} {
			t.Run("WRONGTYPE/"+name, func(t *testing.T) { requireServerError(t, call(), "WRONGTYPE") })
		}
		for name, call := range map[string]func() error{
			"SPopCount count": func() error { _, err := c.SPopCount(ctx, k, -1); return err },
			"SScanWithOptions count": func() error {
				_, err := c.SScanWithOptions(ctx, k, models.NewCursor(), options.BaseScanOptions{Count: -5})
				return err
			},
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if !strings.Contains(err.Error(), "count") {
					t.Fatalf("error %q does not name count", err)
				}
			})
		}
		if n, err := c.SCard(ctx, k); err != nil || n != int64(len(all)-4) {
			t.Fatalf("SCard after refused SPopCount = %d, %v", n, err)
		}
	})
}

// queueSetSteps queues every Set batch method on fresh keys and returns what each slot
// must hold (GLIDE's batch values). Random commands run on one-member sets so their
// results are known.
func queueSetSteps[B pipeline.StandaloneBatch | pipeline.ClusterBatch](b *pipeline.BaseBatch[B], k func(string) string) []lsSlot {
	s1, s2, s3, d, missing, str := k("s1"), k("s2"), k("s3"), k("d"), k("missing"), k("str")
	var want []lsSlot
	q := func(_ *B, v any) { want = append(want, lsSlot{want: v}) }
	qErr := func(_ *B, prefix string) { want = append(want, lsSlot{wantErr: prefix}) }

	q(b.SAdd(s1, []string{"a", "b", "c"}), int64(3))
	q(b.SAdd(s2, []string{"b", "c", "d"}), int64(3))
	q(b.SRem(s1, []string{"c", "nope"}), int64(1)) // s1: a b
	q(b.SMembers(s1), lsSet("a", "b"))
	q(b.SMembers(missing), lsSet())
	q(b.SCard(s1), int64(2))
	q(b.SIsMember(s1, "a"), true)
	q(b.SIsMember(s1, "z"), false)
	q(b.SMIsMember(s1, []string{"a", "x"}), []bool{true, false})
	q(b.SDiff([]string{s1, s2}), lsSet("a"))
	q(b.SInter([]string{s1, s2}), lsSet("b"))
	q(b.SUnion([]string{s1, s2}), lsSet("a", "b", "c", "d"))
	q(b.SDiffStore(d, []string{s2, s1}), int64(2))
	q(b.SInterStore(d, []string{s1, s2}), int64(1))
	q(b.SUnionStore(d, []string{s1, s2}), int64(4))
	q(b.SInterCard([]string{s1, s2}), int64(1))
	q(b.SInterCardLimit([]string{d, s2}, 2), int64(2))
	q(b.SMove(s1, s3, "a"), true) // s1: b; s3: a
	q(b.SMove(s1, s3, "zz"), false)
	q(b.SRandMember(s3), "a")
	q(b.SRandMember(missing), nil)
	q(b.SRandMemberCount(s3, -2), []string{"a", "a"})
	q(b.SRandMemberCount(missing, 3), []string{})
	q(b.SScan(s3, "0"), models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"a"}})
	q(b.SScanWithOptions(s2, "0", *options.NewBaseScanOptions().SetMatch("d").SetCount(100)),
		models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"d"}})
	q(b.SScan(missing, "0"), models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{}})
	q(b.SPop(s3), "a")
	q(b.SPop(missing), nil)
	q(b.SPopCount(s1, 5), lsSet("b"))
	q(b.SPopCount(missing, 1), lsSet())
	q(b.Set(str, "v"), "OK")
	qErr(b.SCard(str), "WRONGTYPE")
	qErr(b.SInter([]string{s2, str}), "WRONGTYPE")
	return want
}

func TestSetBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			b := pipeline.NewStandaloneBatch(atomic)
			want := queueSetSteps(&b.BaseBatch, lsTagged(t))
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			lsCheckSlots(t, got, want)
		})
	}
}

// A batch holding a Set command with a refused argument is refused whole.
func TestSetBatchArgumentErrorSendsNothing(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "s")
	bad := map[string]func(b *pipeline.StandaloneBatch){
		"SPopCount count":       func(b *pipeline.StandaloneBatch) { b.SPopCount(k, -1) },
		"SInterCardLimit limit": func(b *pipeline.StandaloneBatch) { b.SInterCardLimit([]string{k}, -1) },
		"SInterCard keys":       func(b *pipeline.StandaloneBatch) { b.SInterCard(nil) },
		"SDiff keys":            func(b *pipeline.StandaloneBatch) { b.SDiff(nil) },
		"SUnionStore keys":      func(b *pipeline.StandaloneBatch) { b.SUnionStore(k, []string{}) },
		"SRem members":          func(b *pipeline.StandaloneBatch) { b.SRem(k, nil) },
		"SMIsMember members":    func(b *pipeline.StandaloneBatch) { b.SMIsMember(k, nil) },
		"SScanWithOptions count": func(b *pipeline.StandaloneBatch) {
			b.SScanWithOptions(k, "0", options.BaseScanOptions{Count: -1})
		},
	}
	names := make([]string, 0, len(bad))
	for name := range bad {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, atomic := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/atomic=%v", name, atomic), func(t *testing.T) {
				b := pipeline.NewStandaloneBatch(atomic).SAdd(k, []string{"first"})
				bad[name](b)
				b.SAdd(k, []string{"last"})
				results, err := c.Exec(ctx, *b, false)
				var be *BatchError
				if results != nil || !errors.As(err, &be) {
					t.Fatalf("Exec = %#v, %T %v; want a *BatchError", results, err, err)
				}
				arg := strings.Fields(name)[1]
				if len(be.Errors) != 1 || !strings.Contains(be.Error(), "command 2") || !strings.Contains(be.Error(), arg) {
					t.Fatalf("BatchError %q should name command 2 and %q", be.Error(), arg)
				}
				if n, err := c.SCard(ctx, k); err != nil || n != 0 {
					t.Fatalf("SCard after the refused batch = %d, %v: part of it was sent", n, err)
				}
			})
		}
	}
}

// In a cluster the multi-key Set commands go by slot: keys of one slot work, keys of
// different slots get the server's CROSSSLOT error, promptly.
func TestClusterSetCommands(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	a, b := lsTwoSlots(t)
	for _, k := range []string{a("s1"), a("s2"), b("s1")} {
		n, err := c.SAdd(ctx, k, []string{"1", "2"})
		requireInt(t, "SAdd "+k, n, err, 2)
	}
	n, err := c.SAdd(ctx, a("s2"), []string{"3"})
	requireInt(t, "SAdd", n, err, 1)

	m, err := c.SDiff(ctx, []string{a("s2"), a("s1")})
	requireSet(t, "SDiff(same slot)", m, err, lsSet("3"))
	m, err = c.SInter(ctx, []string{a("s2"), a("s1")})
	requireSet(t, "SInter(same slot)", m, err, lsSet("1", "2"))
	m, err = c.SUnion(ctx, []string{a("s2"), a("s1")})
	requireSet(t, "SUnion(same slot)", m, err, lsSet("1", "2", "3"))
	n, err = c.SDiffStore(ctx, a("d"), []string{a("s2"), a("s1")})
	requireInt(t, "SDiffStore(same slot)", n, err, 1)
	n, err = c.SInterStore(ctx, a("d"), []string{a("s2"), a("s1")})
	requireInt(t, "SInterStore(same slot)", n, err, 2)
	n, err = c.SUnionStore(ctx, a("d"), []string{a("s2"), a("s1")})
	requireInt(t, "SUnionStore(same slot)", n, err, 3)
	n, err = c.SInterCard(ctx, []string{a("s2"), a("s1")})
	requireInt(t, "SInterCard(same slot)", n, err, 2)
	n, err = c.SInterCardLimit(ctx, []string{a("s2"), a("s1")}, 1)
	requireInt(t, "SInterCardLimit(same slot)", n, err, 1)
	ok, err := c.SMove(ctx, a("s2"), a("s1"), "3")
	requireBool(t, "SMove(same slot)", ok, err, true)

	cross := map[string]func() error{
		"SDiff":           func() error { _, err := c.SDiff(ctx, []string{a("s1"), b("s1")}); return err },
		"SInter":          func() error { _, err := c.SInter(ctx, []string{a("s1"), b("s1")}); return err },
		"SUnion":          func() error { _, err := c.SUnion(ctx, []string{b("s1"), a("s1")}); return err },
		"SDiffStore":      func() error { _, err := c.SDiffStore(ctx, b("d"), []string{a("s1")}); return err },
		"SInterStore":     func() error { _, err := c.SInterStore(ctx, a("d"), []string{a("s1"), b("s1")}); return err },
		"SUnionStore":     func() error { _, err := c.SUnionStore(ctx, a("d"), []string{b("s1")}); return err },
		"SInterCard":      func() error { _, err := c.SInterCard(ctx, []string{a("s1"), b("s1")}); return err },
		"SInterCardLimit": func() error { _, err := c.SInterCardLimit(ctx, []string{b("s1"), a("s1")}, 1); return err },
		"SMove":           func() error { _, err := c.SMove(ctx, a("s1"), b("s1"), "1"); return err },
	}
	for name, call := range cross {
		t.Run("CROSSSLOT/"+name, func(t *testing.T) { requireCrossSlot(t, name, call()) })
	}
	// The refused commands changed nothing.
	m, err = c.SMembers(ctx, a("s1"))
	requireSet(t, "SMembers(a)", m, err, lsSet("1", "2", "3"))
	m, err = c.SMembers(ctx, b("s1"))
	requireSet(t, "SMembers(b)", m, err, lsSet("1", "2"))
	m, err = c.SMembers(ctx, b("d"))
	requireSet(t, "SMembers(b destination)", m, err, lsSet())
}

// The Set batch twins yield the same slot values on the cluster, in a transaction and
// in a pipeline (every key in one slot).
func TestClusterSetBatch(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			b := pipeline.NewClusterBatch(atomic)
			want := queueSetSteps(&b.BaseBatch, lsTagged(t))
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			lsCheckSlots(t, got, want)
		})
	}
}

// In a cluster pipeline a cross-slot SUNIONSTORE fails in its own slot only.
func TestClusterSetBatchCrossSlot(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	a, b := lsTwoSlots(t)
	p := pipeline.NewClusterBatch(false).
		SAdd(a("s"), []string{"x"}).
		SAdd(b("s"), []string{"y"}).
		SUnionStore(a("d"), []string{a("s"), b("s")}).
		SInterCard([]string{a("s"), b("s")}).
		SMembers(b("s"))
	got, err := c.Exec(ctx, *p, false)
	requireNoErr(t, "Exec(pipeline)", err)
	lsCheckSlots(t, got, []lsSlot{{want: int64(1)}, {want: int64(1)}, {wantErr: "CROSSSLOT"}, {wantErr: "CROSSSLOT"},
		{want: lsSet("y")}})
}

// lsReadCalls counts, per node address, how many times the server ran each of cmds.
func lsReadCalls(t *testing.T, cl *testserver.Cluster, cmds ...string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, n := range cl.Nodes {
		stats := n.Info(t, "commandstats")
		for _, c := range cmds {
			fields := stats["cmdstat_"+c] // calls=N,usec=...
			var calls int
			if _, err := fmt.Sscanf(fields, "calls=%d", &calls); err == nil {
				out[n.Addr()] += calls
			}
		}
	}
	return out
}

// With ReadFrom PreferReplica, the read-only List and Set commands are served by a
// replica of the key's shard (their writes went to the primary and were awaited with
// WAIT, so the replica has them).
func TestClusterListSetReadsFollowReadFrom(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second).
		WithReadFrom(config.PreferReplica)
	c, err := NewClusterClient(cfg)
	requireNoErr(t, "NewClusterClient", err)
	defer c.Close()
	ctx := context.Background()
	k := lsTagged(t)
	n, err := c.SAdd(ctx, k("s"), []string{"m"})
	requireInt(t, "SAdd", n, err, 1)
	n, err = c.RPush(ctx, k("l"), []string{"e"})
	requireInt(t, "RPush", n, err, 1)
	acked, err := c.CustomCommandWithRoute(ctx, []string{"WAIT", "1", "5000"},
		config.NewSlotKeyRoute(config.SlotTypePrimary, k("s")))
	requireNoErr(t, "WAIT", err)
	if v, ok := acked.SingleValue().(int64); !ok || v < 1 {
		t.Fatalf("WAIT 1 = %#v: the write did not reach a replica", acked.SingleValue())
	}

	reads := []string{"smembers", "sismember", "lrange", "llen"}
	before := lsReadCalls(t, cl, reads...)
	m, err := c.SMembers(ctx, k("s"))
	requireSet(t, "SMembers", m, err, lsSet("m"))
	ok, err := c.SIsMember(ctx, k("s"), "m")
	requireBool(t, "SIsMember", ok, err, true)
	got, err := c.LRange(ctx, k("l"), 0, -1)
	requireStrings(t, "LRange", got, err, []string{"e"})
	n, err = c.LLen(ctx, k("l"))
	requireInt(t, "LLen", n, err, 1)
	after := lsReadCalls(t, cl, reads...)

	total := 0
	for _, node := range cl.Nodes {
		d := after[node.Addr()] - before[node.Addr()]
		if d == 0 {
			continue
		}
		total += d
		if role := node.Info(t, "replication")["role"]; role != "slave" {
			t.Errorf("%d reads served by %s, whose role is %q, not a replica", d, node.Addr(), role)
		}
	}
	if total != len(reads) {
		t.Fatalf("the servers counted %d of the %d reads", total, len(reads))
	}
}
