package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Integration tests of the List group (non-blocking commands). Each client-level test
// runs against Valkey 9.1 and Redis 7.0 (every command here exists since 7.0: LMPOP
// is the newest); the batch tests check GLIDE's batch value and its dynamic type in
// every slot, in a transaction and a pipeline, standalone and on the cluster.

// lsServers runs body once per server kind, as subtests.
func lsServers(t *testing.T, body func(t *testing.T, c *Client, s *testserver.Server)) {
	t.Run("valkey", func(t *testing.T) {
		c, s := newTestClient(t)
		body(t, c, s)
	})
	t.Run("redis7.0", func(t *testing.T) {
		c, s := newRedisTestClient(t)
		body(t, c, s)
	})
}

// lsBinary is a value no text-based path would survive: NUL bytes, CR LF, invalid
// UTF-8.
const lsBinary = "a\x00b\r\n\xff\xfe"

// lsBig is a 1 MiB value with binary content.
var lsBig = strings.Repeat("\x00\xffvalkite", 1<<20/10) + strings.Repeat("x", 1<<20%10)

func requireStrings(t *testing.T, what string, got []string, err error, want []string) {
	t.Helper()
	requireNoErr(t, what, err)
	if !reflect.DeepEqual(got, want) || (got == nil) != (want == nil) {
		t.Fatalf("%s = %#v, want %#v", what, got, want)
	}
}

func requireInt(t *testing.T, what string, got int64, err error, want int64) {
	t.Helper()
	requireNoErr(t, what, err)
	if got != want {
		t.Fatalf("%s = %d, want %d", what, got, want)
	}
}

func TestListPushPop(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		l, missing, str := testKey(t, "list"), testKey(t, "missing"), testKey(t, "str")

		n, err := c.RPush(ctx, l, []string{"b", "c"})
		requireInt(t, "RPush", n, err, 2)
		n, err = c.LPush(ctx, l, []string{"a", "z"}) // z a b c
		requireInt(t, "LPush", n, err, 4)
		n, err = c.RPushX(ctx, l, []string{"d"})
		requireInt(t, "RPushX", n, err, 5)
		n, err = c.LPushX(ctx, l, []string{"y"}) // y z a b c d
		requireInt(t, "LPushX", n, err, 6)
		n, err = c.LPushX(ctx, missing, []string{"x"})
		requireInt(t, "LPushX(missing)", n, err, 0)
		n, err = c.RPushX(ctx, missing, []string{"x"})
		requireInt(t, "RPushX(missing)", n, err, 0)

		got, err := c.LRange(ctx, l, 0, -1)
		requireStrings(t, "LRange", got, err, []string{"y", "z", "a", "b", "c", "d"})
		got, err = c.LRange(ctx, l, 4, 1)
		requireStrings(t, "LRange(empty range)", got, err, []string{})
		got, err = c.LRange(ctx, missing, 0, -1)
		requireStrings(t, "LRange(missing)", got, err, []string{})
		n, err = c.LLen(ctx, l)
		requireInt(t, "LLen", n, err, 6)
		n, err = c.LLen(ctx, missing)
		requireInt(t, "LLen(missing)", n, err, 0)

		v, err := c.LPop(ctx, l)
		requireResult(t, "LPop", v, err, "y")
		v, err = c.RPop(ctx, l)
		requireResult(t, "RPop", v, err, "d")
		v, err = c.LPop(ctx, missing)
		requireNil(t, "LPop(missing)", v, err)
		v, err = c.RPop(ctx, missing)
		requireNil(t, "RPop(missing)", v, err)

		got, err = c.LPopCount(ctx, l, 2)
		requireStrings(t, "LPopCount", got, err, []string{"z", "a"})
		got, err = c.RPopCount(ctx, l, 0)
		requireStrings(t, "RPopCount(0)", got, err, []string{})
		got, err = c.RPopCount(ctx, l, 10)
		requireStrings(t, "RPopCount(more than there are)", got, err, []string{"c", "b"})
		got, err = c.LPopCount(ctx, l, 1) // the list is gone with its last element
		requireStrings(t, "LPopCount(emptied)", got, err, nil)
		got, err = c.RPopCount(ctx, missing, 1)
		requireStrings(t, "RPopCount(missing)", got, err, nil)

		// WRONGTYPE from every command on a string key.
		fixture(t, s, "SET", str, "v")
		for name, call := range map[string]func() error{
			"LPush":     func() error { _, err := c.LPush(ctx, str, []string{"x"}); return err },
			"RPush":     func() error { _, err := c.RPush(ctx, str, []string{"x"}); return err },
			"LPushX":    func() error { _, err := c.LPushX(ctx, str, []string{"x"}); return err },
			"RPushX":    func() error { _, err := c.RPushX(ctx, str, []string{"x"}); return err },
			"LPop":      func() error { _, err := c.LPop(ctx, str); return err },
			"RPop":      func() error { _, err := c.RPop(ctx, str); return err },
			"LPopCount": func() error { _, err := c.LPopCount(ctx, str, 1); return err },
			"RPopCount": func() error { _, err := c.RPopCount(ctx, str, 1); return err },
			"LRange":    func() error { _, err := c.LRange(ctx, str, 0, -1); return err },
			"LLen":      func() error { _, err := c.LLen(ctx, str); return err },
		} {
			t.Run("WRONGTYPE/"+name, func(t *testing.T) { requireServerError(t, call(), "WRONGTYPE") })
		}

		// Refused before sending, naming the argument; the key is untouched.
		for name, call := range map[string]func() error{
			"LPush":     func() error { _, err := c.LPush(ctx, missing, nil); return err },
			"RPush":     func() error { _, err := c.RPush(ctx, missing, []string{}); return err },
			"LPushX":    func() error { _, err := c.LPushX(ctx, missing, nil); return err },
			"RPushX":    func() error { _, err := c.RPushX(ctx, missing, nil); return err },
			"LPopCount": func() error { _, err := c.LPopCount(ctx, str, -1); return err },
			"RPopCount": func() error { _, err := c.RPopCount(ctx, str, -1); return err },
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if !strings.Contains(err.Error(), "elements") && !strings.Contains(err.Error(), "count") {
					t.Fatalf("error %q names no argument", err)
				}
			})
		}
		if n, _ := c.LLen(ctx, missing); n != 0 {
			t.Fatalf("a refused push created the list (%d elements)", n)
		}
	})
}

// Values are binary-safe both ways: empty strings, NUL bytes, invalid UTF-8, 1 MiB.
func TestListBinaryValues(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	l := testKey(t, "list\x00\xff") // keys are binary-safe too
	vals := []string{"", lsBinary, lsBig, "é"}
	n, err := c.RPush(ctx, l, vals)
	requireInt(t, "RPush", n, err, int64(len(vals)))
	got, err := c.LRange(ctx, l, 0, -1)
	requireStrings(t, "LRange", got, err, vals)
	v, err := c.LIndex(ctx, l, 2)
	requireResult(t, "LIndex(1 MiB)", v, err, lsBig)
	v, err = c.LIndex(ctx, l, 0)
	requireResult(t, "LIndex(empty string)", v, err, "")
	p, err := c.LPos(ctx, l, lsBinary)
	requireResult(t, "LPos(binary)", p, err, int64(1))
	n, err = c.LInsert(ctx, l, constants.After, lsBinary, lsBinary)
	requireInt(t, "LInsert(binary pivot)", n, err, 5)
	n, err = c.LRem(ctx, l, 0, lsBinary)
	requireInt(t, "LRem(binary)", n, err, 2)
	mv, err := c.LMove(ctx, l, l, constants.Right, constants.Left)
	requireResult(t, "LMove(rotate)", mv, err, "é")
	kv, err := c.LMPopCount(ctx, []string{l}, constants.Right, 2)
	requireNoErr(t, "LMPopCount", err)
	if want := []models.KeyValues{{Key: l, Values: []string{lsBig, ""}}}; !reflect.DeepEqual(kv, want) {
		t.Fatalf("LMPopCount popped %d entries, want one holding the 1 MiB value and the empty string", len(kv))
	}
	got, err = c.LPopCount(ctx, l, 5)
	requireStrings(t, "LPopCount(rest)", got, err, []string{"é"})
}

func TestListIndexSetTrimRem(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		l, missing, str := testKey(t, "list"), testKey(t, "missing"), testKey(t, "str")
		fixture(t, s, "RPUSH", l, "a", "b", "a", "c", "a")

		v, err := c.LIndex(ctx, l, 1)
		requireResult(t, "LIndex", v, err, "b")
		v, err = c.LIndex(ctx, l, -1)
		requireResult(t, "LIndex(-1)", v, err, "a")
		v, err = c.LIndex(ctx, l, 5)
		requireNil(t, "LIndex(out of range)", v, err)
		v, err = c.LIndex(ctx, missing, 0)
		requireNil(t, "LIndex(missing)", v, err)

		ok, err := c.LSet(ctx, l, -2, "C")
		if err != nil || ok != "OK" {
			t.Fatalf("LSet = %q, %v", ok, err)
		}
		_, err = c.LSet(ctx, l, 99, "x")
		requireServerError(t, err, "ERR")
		_, err = c.LSet(ctx, missing, 0, "x")
		requireServerError(t, err, "ERR")

		n, err := c.LInsert(ctx, l, constants.Before, "b", "ab")
		requireInt(t, "LInsert(before)", n, err, 6)
		n, err = c.LInsert(ctx, l, constants.After, "C", "Cd")
		requireInt(t, "LInsert(after)", n, err, 7)
		n, err = c.LInsert(ctx, l, constants.After, "nope", "x")
		requireInt(t, "LInsert(no pivot)", n, err, -1)
		n, err = c.LInsert(ctx, missing, constants.After, "a", "x")
		requireInt(t, "LInsert(missing)", n, err, 0)
		got, err := c.LRange(ctx, l, 0, -1)
		requireStrings(t, "LRange", got, err, []string{"a", "ab", "b", "a", "C", "Cd", "a"})

		n, err = c.LRem(ctx, l, -1, "a") // the last "a"
		requireInt(t, "LRem(-1)", n, err, 1)
		n, err = c.LRem(ctx, l, 1, "a") // the first "a"
		requireInt(t, "LRem(1)", n, err, 1)
		n, err = c.LRem(ctx, l, 0, "nope")
		requireInt(t, "LRem(none)", n, err, 0)
		n, err = c.LRem(ctx, missing, 0, "a")
		requireInt(t, "LRem(missing)", n, err, 0)
		got, err = c.LRange(ctx, l, 0, -1)
		requireStrings(t, "LRange after LRem", got, err, []string{"ab", "b", "a", "C", "Cd"})

		ok, err = c.LTrim(ctx, l, 1, -2)
		if err != nil || ok != "OK" {
			t.Fatalf("LTrim = %q, %v", ok, err)
		}
		got, err = c.LRange(ctx, l, 0, -1)
		requireStrings(t, "LRange after LTrim", got, err, []string{"b", "a", "C"})
		ok, err = c.LTrim(ctx, missing, 0, 1)
		if err != nil || ok != "OK" {
			t.Fatalf("LTrim(missing) = %q, %v", ok, err)
		}
		_, err = c.LTrim(ctx, l, 2, 1) // an empty range deletes the key
		requireNoErr(t, "LTrim(empty range)", err)
		if n, err := c.Exists(ctx, []string{l}); err != nil || n != 0 {
			t.Fatalf("Exists after emptying LTrim = %d, %v", n, err)
		}

		fixture(t, s, "SET", str, "v")
		for name, call := range map[string]func() error{
			"LIndex":  func() error { _, err := c.LIndex(ctx, str, 0); return err },
			"LSet":    func() error { _, err := c.LSet(ctx, str, 0, "x"); return err },
			"LInsert": func() error { _, err := c.LInsert(ctx, str, constants.Before, "a", "x"); return err },
			"LRem":    func() error { _, err := c.LRem(ctx, str, 0, "a"); return err },
			"LTrim":   func() error { _, err := c.LTrim(ctx, str, 0, 1); return err },
		} {
			t.Run("WRONGTYPE/"+name, func(t *testing.T) { requireServerError(t, call(), "WRONGTYPE") })
		}
		_, err = c.LInsert(ctx, l, constants.InsertPosition("NEAR"), "a", "x")
		requireClientError(t, err)
	})
}

func TestListPos(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		l, missing, str := testKey(t, "list"), testKey(t, "missing"), testKey(t, "str")
		fixture(t, s, "RPUSH", l, "a", "b", "c", "a", "b", "a")

		p, err := c.LPos(ctx, l, "b")
		requireResult(t, "LPos", p, err, int64(1))
		p, err = c.LPos(ctx, l, "nope")
		requireNil(t, "LPos(absent)", p, err)
		p, err = c.LPos(ctx, missing, "a")
		requireNil(t, "LPos(missing)", p, err)
		p, err = c.LPosWithOptions(ctx, l, "a", *options.NewLPosOptions().SetRank(2))
		requireResult(t, "LPos(RANK 2)", p, err, int64(3))
		p, err = c.LPosWithOptions(ctx, l, "a", *options.NewLPosOptions().SetRank(-1))
		requireResult(t, "LPos(RANK -1)", p, err, int64(5))
		p, err = c.LPosWithOptions(ctx, l, "c", *options.NewLPosOptions().SetMaxLen(2))
		requireNil(t, "LPos(MAXLEN 2)", p, err)

		idx, err := c.LPosCount(ctx, l, "a", 0)
		requireNoErr(t, "LPosCount(all)", err)
		if !reflect.DeepEqual(idx, []int64{0, 3, 5}) {
			t.Fatalf("LPosCount(all) = %v", idx)
		}
		idx, err = c.LPosCount(ctx, l, "a", 2)
		if err != nil || !reflect.DeepEqual(idx, []int64{0, 3}) {
			t.Fatalf("LPosCount(2) = %v, %v", idx, err)
		}
		idx, err = c.LPosCount(ctx, l, "nope", 0)
		if err != nil || idx == nil || len(idx) != 0 {
			t.Fatalf("LPosCount(absent) = %#v, %v; want an empty slice", idx, err)
		}
		idx, err = c.LPosCount(ctx, missing, "a", 1)
		if err != nil || idx == nil || len(idx) != 0 {
			t.Fatalf("LPosCount(missing) = %#v, %v; want an empty slice", idx, err)
		}
		idx, err = c.LPosCountWithOptions(ctx, l, "a", 0, *options.NewLPosOptions().SetRank(-1).SetMaxLen(3))
		if err != nil || !reflect.DeepEqual(idx, []int64{5, 3}) {
			t.Fatalf("LPosCountWithOptions = %v, %v", idx, err)
		}

		fixture(t, s, "SET", str, "v")
		_, err = c.LPos(ctx, str, "a")
		requireServerError(t, err, "WRONGTYPE")
		_, err = c.LPosCount(ctx, str, "a", 1)
		requireServerError(t, err, "WRONGTYPE")
		_, err = c.LPosWithOptions(ctx, str, "a", *options.NewLPosOptions().SetRank(1))
		requireServerError(t, err, "WRONGTYPE")
		_, err = c.LPosCountWithOptions(ctx, str, "a", 1, *options.NewLPosOptions().SetMaxLen(1))
		requireServerError(t, err, "WRONGTYPE")

		for name, call := range map[string]func() error{
			"rank 0": func() error {
				_, err := c.LPosWithOptions(ctx, l, "a", *options.NewLPosOptions().SetRank(0))
				return err
			},
			"maxLen": func() error {
				_, err := c.LPosWithOptions(ctx, l, "a", *options.NewLPosOptions().SetMaxLen(-1))
				return err
			},
			"count": func() error { _, err := c.LPosCount(ctx, l, "a", -1); return err },
			"count with options": func() error {
				_, err := c.LPosCountWithOptions(ctx, l, "a", -2, *options.NewLPosOptions())
				return err
			},
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if !strings.Contains(err.Error(), strings.Fields(name)[0]) {
					t.Fatalf("error %q does not name %q", err, name)
				}
			})
		}
	})
}

func TestListMoveAndMPop(t *testing.T) {
	lsServers(t, func(t *testing.T, c *Client, s *testserver.Server) {
		ctx := context.Background()
		src, dst, missing, str := testKey(t, "src"), testKey(t, "dst"), testKey(t, "missing"), testKey(t, "str")
		fixture(t, s, "RPUSH", src, "a", "b", "c")

		v, err := c.LMove(ctx, src, dst, constants.Left, constants.Right)
		requireResult(t, "LMove(left→right)", v, err, "a")
		v, err = c.LMove(ctx, src, dst, constants.Right, constants.Left)
		requireResult(t, "LMove(right→left)", v, err, "c")
		got, err := c.LRange(ctx, dst, 0, -1)
		requireStrings(t, "LRange(dst)", got, err, []string{"c", "a"})
		v, err = c.LMove(ctx, missing, dst, constants.Left, constants.Left)
		requireNil(t, "LMove(missing source)", v, err)

		kv, err := c.LMPop(ctx, []string{missing, dst, src}, constants.Left)
		requireNoErr(t, "LMPop", err)
		if want := []models.KeyValues{{Key: dst, Values: []string{"c"}}}; !reflect.DeepEqual(kv, want) {
			t.Fatalf("LMPop = %#v, want %#v", kv, want)
		}
		kv, err = c.LMPopCount(ctx, []string{src, dst}, constants.Right, 5)
		requireNoErr(t, "LMPopCount", err)
		if want := []models.KeyValues{{Key: src, Values: []string{"b"}}}; !reflect.DeepEqual(kv, want) {
			t.Fatalf("LMPopCount = %#v, want %#v", kv, want)
		}
		kv, err = c.LMPop(ctx, []string{missing, src}, constants.Left)
		if err != nil || kv != nil {
			t.Fatalf("LMPop(all empty) = %#v, %v; want nil", kv, err)
		}
		kv, err = c.LMPopCount(ctx, []string{missing}, constants.Left, 1)
		if err != nil || kv != nil {
			t.Fatalf("LMPopCount(all empty) = %#v, %v; want nil", kv, err)
		}

		fixture(t, s, "SET", str, "v")
		_, err = c.LMove(ctx, str, dst, constants.Left, constants.Left)
		requireServerError(t, err, "WRONGTYPE")
		_, err = c.LMPop(ctx, []string{str}, constants.Left)
		requireServerError(t, err, "WRONGTYPE")
		_, err = c.LMPopCount(ctx, []string{missing, str}, constants.Right, 2)
		requireServerError(t, err, "WRONGTYPE")

		for name, call := range map[string]func() error{
			"LMove direction": func() error {
				_, err := c.LMove(ctx, dst, src, constants.Left, constants.ListDirection("UP"))
				return err
			},
			"LMPop keys":      func() error { _, err := c.LMPop(ctx, nil, constants.Left); return err },
			"LMPop direction": func() error { _, err := c.LMPop(ctx, []string{dst}, "SIDEWAYS"); return err },
			"LMPopCount count": func() error {
				_, err := c.LMPopCount(ctx, []string{dst}, constants.Left, 0)
				return err
			},
		} {
			t.Run("bad-args/"+name, func(t *testing.T) {
				err := call()
				requireClientError(t, err)
				if !strings.Contains(err.Error(), strings.Fields(name)[1]) {
					t.Fatalf("error %q does not name %q", err, strings.Fields(name)[1])
				}
			})
		}
	})
}

// lsSlot is what one batch result slot must hold: want (compared with
// reflect.DeepEqual and by dynamic type), or a server error starting with wantErr.
type lsSlot struct {
	want    any
	wantErr string
}

func lsCheckSlots(t *testing.T, got []any, want []lsSlot) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %#v", len(got), len(want), got)
	}
	for i, w := range want {
		if w.wantErr != "" {
			var re *RequestError
			err, _ := got[i].(error)
			if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), w.wantErr) {
				t.Errorf("slot %d: got %T %#v, want a %s server error", i, got[i], got[i], w.wantErr)
			}
			continue
		}
		if reflect.TypeOf(got[i]) != reflect.TypeOf(w.want) || !reflect.DeepEqual(got[i], w.want) {
			t.Errorf("slot %d: got %T %#v, want %T %#v", i, got[i], got[i], w.want, w.want)
		}
	}
}

// lsTagged names keys that all hash to one slot (so the same steps run in a cluster
// transaction).
func lsTagged(t *testing.T) func(string) string {
	tag := "{" + testKey(t, "") + "}"
	return func(name string) string { return tag + name }
}

// queueListSteps queues every List batch method on fresh keys and returns what each
// slot must hold (GLIDE's batch values).
func queueListSteps[B pipeline.StandaloneBatch | pipeline.ClusterBatch](b *pipeline.BaseBatch[B], k func(string) string) []lsSlot {
	l, l2, l3, missing, str := k("l"), k("l2"), k("l3"), k("missing"), k("str")
	var want []lsSlot
	q := func(_ *B, v any) { want = append(want, lsSlot{want: v}) }
	qErr := func(_ *B, prefix string) { want = append(want, lsSlot{wantErr: prefix}) }

	q(b.RPush(l, []string{"a", "b", "c"}), int64(3))
	q(b.LPush(l, []string{"z"}), int64(4)) // z a b c
	q(b.LPushX(missing, []string{"x"}), int64(0))
	q(b.RPushX(l, []string{"d"}), int64(5)) // z a b c d
	q(b.LRange(l, 0, -1), []string{"z", "a", "b", "c", "d"})
	q(b.LRange(missing, 0, -1), []string{})
	q(b.LLen(l), int64(5))
	q(b.LIndex(l, 1), "a")
	q(b.LIndex(l, 99), nil)
	q(b.LPos(l, "c"), int64(3))
	q(b.LPos(l, "nope"), nil)
	q(b.LPosWithOptions(l, "d", *options.NewLPosOptions().SetRank(-1)), int64(4))
	q(b.LPosWithOptions(l, "d", *options.NewLPosOptions().SetMaxLen(1)), nil)
	q(b.LPosCount(l, "a", 0), []int64{1})
	q(b.LPosCount(missing, "a", 0), []int64{})
	q(b.LPosCountWithOptions(l, "z", 2, *options.NewLPosOptions().SetMaxLen(1)), []int64{0})
	q(b.LInsert(l, constants.Before, "b", "ab"), int64(6)) // z a ab b c d
	q(b.LInsert(l, constants.After, "nope", "x"), int64(-1))
	q(b.LSet(l, 0, "Z"), "OK")      // Z a ab b c d
	q(b.LRem(l, 0, "ab"), int64(1)) // Z a b c d
	q(b.LTrim(l, 0, 3), "OK")       // Z a b c
	q(b.LPop(l), "Z")               // a b c
	q(b.RPop(l), "c")               // a b
	q(b.LPop(missing), nil)
	q(b.RPop(missing), nil)
	q(b.LPopCount(l, 1), []string{"a"}) // b
	q(b.LPopCount(l, 0), []string{})
	q(b.LPopCount(missing, 2), nil)
	q(b.RPopCount(missing, 2), nil)
	q(b.LMove(l, l2, constants.Left, constants.Right), "b") // l gone; l2: b
	q(b.LMove(l, l2, constants.Left, constants.Right), nil)
	q(b.RPush(l3, []string{"1", "2", "3"}), int64(3))
	q(b.LMPop([]string{missing, l3}, constants.Left), []models.KeyValues{{Key: l3, Values: []string{"1"}}})
	q(b.LMPopCount([]string{l3}, constants.Right, 5), []models.KeyValues{{Key: l3, Values: []string{"3", "2"}}})
	q(b.LMPop([]string{missing}, constants.Left), nil)
	q(b.LMPopCount([]string{l3, missing}, constants.Left, 2), nil)
	q(b.RPopCount(l2, 5), []string{"b"})
	q(b.Set(str, "v"), "OK")
	qErr(b.LPush(str, []string{"x"}), "WRONGTYPE")
	qErr(b.LPopCount(str, 1), "WRONGTYPE")
	return want
}

func TestListBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			b := pipeline.NewStandaloneBatch(atomic)
			want := queueListSteps(&b.BaseBatch, lsTagged(t))
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			lsCheckSlots(t, got, want)
		})
	}
}

// A batch holding a List command with a refused argument is refused whole: nothing of
// it reaches the server, and the error names the command and the argument.
func TestListBatchArgumentErrorSendsNothing(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "l")
	bad := map[string]func(b *pipeline.StandaloneBatch){
		"LPopCount count":  func(b *pipeline.StandaloneBatch) { b.LPopCount(k, -1) },
		"RPopCount count":  func(b *pipeline.StandaloneBatch) { b.RPopCount(k, -1) },
		"LPush elements":   func(b *pipeline.StandaloneBatch) { b.LPush(k, nil) },
		"LPosCount count":  func(b *pipeline.StandaloneBatch) { b.LPosCount(k, "a", -1) },
		"LMPop keys":       func(b *pipeline.StandaloneBatch) { b.LMPop(nil, constants.Left) },
		"LMPopCount count": func(b *pipeline.StandaloneBatch) { b.LMPopCount([]string{k}, constants.Left, 0) },
		"LInsert position": func(b *pipeline.StandaloneBatch) { b.LInsert(k, "", "a", "b") },
		"LMove direction":  func(b *pipeline.StandaloneBatch) { b.LMove(k, k, constants.Left, "") },
		"LPosWithOptions rank": func(b *pipeline.StandaloneBatch) {
			b.LPosWithOptions(k, "a", *options.NewLPosOptions().SetRank(0))
		},
	}
	for name, queue := range bad {
		for _, atomic := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/atomic=%v", name, atomic), func(t *testing.T) {
				b := pipeline.NewStandaloneBatch(atomic).RPush(k, []string{"first"})
				queue(b)
				b.RPush(k, []string{"last"})
				results, err := c.Exec(ctx, *b, false)
				var be *BatchError
				if results != nil || !errors.As(err, &be) {
					t.Fatalf("Exec = %#v, %T %v; want a *BatchError", results, err, err)
				}
				arg := strings.Fields(name)[1]
				if len(be.Errors) != 1 || !strings.Contains(be.Error(), "command 2") ||
					!strings.Contains(strings.ToLower(be.Error()), strings.ToLower(arg)) {
					t.Fatalf("BatchError %q should name command 2 and %q", be.Error(), arg)
				}
				if n, err := c.LLen(ctx, k); err != nil || n != 0 {
					t.Fatalf("LLen after the refused batch = %d, %v: part of it was sent", n, err)
				}
			})
		}
	}
}

// requireCrossSlot fails unless err is the server's CROSSSLOT error as a *RequestError.
func requireCrossSlot(t *testing.T, what string, err error) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("%s: want a CROSSSLOT *RequestError, got %T: %v", what, err, err)
	}
}

// lsTwoSlots returns key namers for two different hash slots (and, on the 3-shard test
// cluster, two different shards: slots 15495 and 3300).
func lsTwoSlots(t *testing.T) (a, b func(string) string) {
	base := testKey(t, "")
	return func(n string) string { return "{a}" + base + n }, func(n string) string { return "{b}" + base + n }
}

// In a cluster the multi-key List commands go by slot: keys of one slot (hash tag) work,
// keys of different slots get the server's CROSSSLOT error, promptly.
func TestClusterListCommands(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	a, b := lsTwoSlots(t)

	// Single-key commands reach whichever shard owns the key.
	for _, k := range []string{a("l"), b("l")} {
		n, err := c.RPush(ctx, k, []string{"1", "2", "3"})
		requireInt(t, "RPush "+k, n, err, 3)
		got, err := c.LRange(ctx, k, 0, -1)
		requireStrings(t, "LRange "+k, got, err, []string{"1", "2", "3"})
	}

	v, err := c.LMove(ctx, a("l"), a("l2"), constants.Left, constants.Right)
	requireResult(t, "LMove(same slot)", v, err, "1")
	kv, err := c.LMPop(ctx, []string{a("missing"), a("l")}, constants.Right)
	requireNoErr(t, "LMPop(same slot)", err)
	if want := []models.KeyValues{{Key: a("l"), Values: []string{"3"}}}; !reflect.DeepEqual(kv, want) {
		t.Fatalf("LMPop(same slot) = %#v, want %#v", kv, want)
	}
	kv, err = c.LMPopCount(ctx, []string{a("l2"), a("l")}, constants.Left, 2)
	requireNoErr(t, "LMPopCount(same slot)", err)
	if want := []models.KeyValues{{Key: a("l2"), Values: []string{"1"}}}; !reflect.DeepEqual(kv, want) {
		t.Fatalf("LMPopCount(same slot) = %#v, want %#v", kv, want)
	}

	_, err = c.LMove(ctx, a("l"), b("l"), constants.Left, constants.Left)
	requireCrossSlot(t, "LMove", err)
	_, err = c.LMPop(ctx, []string{a("l"), b("l")}, constants.Left)
	requireCrossSlot(t, "LMPop", err)
	_, err = c.LMPopCount(ctx, []string{b("l"), a("l")}, constants.Left, 1)
	requireCrossSlot(t, "LMPopCount", err)

	// Nothing moved or popped by the refused commands.
	got, err := c.LRange(ctx, a("l"), 0, -1)
	requireStrings(t, "LRange(a) after CROSSSLOT", got, err, []string{"2"})
	got, err = c.LRange(ctx, b("l"), 0, -1)
	requireStrings(t, "LRange(b) after CROSSSLOT", got, err, []string{"1", "2", "3"})
}

// The List batch twins yield the same slot values on the cluster, in a transaction and
// in a pipeline (every key in one slot).
func TestClusterListBatch(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			b := pipeline.NewClusterBatch(atomic)
			want := queueListSteps(&b.BaseBatch, lsTagged(t))
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			lsCheckSlots(t, got, want)
		})
	}
}

// A cluster pipeline routes each command by its own keys: a cross-slot LMOVE fails in
// its slot while the commands around it (on two shards) succeed; a cluster transaction
// spanning slots is refused whole.
func TestClusterListBatchCrossSlot(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	a, b := lsTwoSlots(t)

	p := pipeline.NewClusterBatch(false).
		RPush(a("l"), []string{"x"}).
		LMove(a("l"), b("l"), constants.Left, constants.Left).
		RPush(b("l"), []string{"y"}).
		LMPop([]string{a("l"), b("l")}, constants.Left).
		LPop(a("l"))
	got, err := c.Exec(ctx, *p, false)
	requireNoErr(t, "Exec(pipeline)", err)
	lsCheckSlots(t, got, []lsSlot{{want: int64(1)}, {wantErr: "CROSSSLOT"}, {want: int64(1)}, {wantErr: "CROSSSLOT"}, {want: "x"}})

	tx := pipeline.NewClusterBatch(true).
		RPush(a("t"), []string{"x"}).
		LMove(a("t"), b("t"), constants.Left, constants.Left)
	_, err = c.Exec(ctx, *tx, false)
	requireCrossSlot(t, "Exec(cross-slot transaction)", err)
	if n, err := c.LLen(ctx, a("t")); err != nil || n != 0 {
		t.Fatalf("LLen after the refused transaction = %d, %v", n, err)
	}
}
