package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Blocking commands: values, timeouts, cancellation, and that a blocked call never holds
// up other callers of the same client (they run on connections of their own).

// blkServers runs f against Valkey 9.1 and Redis 7.0.
func blkServers(t *testing.T, f func(t *testing.T, s *testserver.Server)) {
	t.Run("valkey", func(t *testing.T) { f(t, sharedValkey.get(t)) })
	t.Run("redis", func(t *testing.T) { f(t, sharedRedis.get(t)) })
}

// blkClient connects a client named name (so the server's CLIENT LIST tells its
// connections apart from other tests') with a short request timeout: a blocking call
// that outlives it shows that its own timeout governs it.
func blkClient(t *testing.T, s *testserver.Server, name string) *Client {
	t.Helper()
	return openClient(t, config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(200*time.Millisecond).
		WithClientName(name))
}

// blkName is a client name unique to the test (and to -count reruns).
func blkName(t *testing.T) string {
	return strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + rerunSuffix(t)
}

// blkBlocked counts the connections named name that the server holds blocked (flags
// contain "b"), as CLIENT LIST reports them.
func blkBlocked(t *testing.T, probe *Client, name string) int {
	t.Helper()
	v, err := probe.CustomCommand(context.Background(), []string{"CLIENT", "LIST"})
	if err != nil {
		t.Fatalf("CLIENT LIST: %v", err)
	}
	n := 0
	for _, line := range strings.Split(fmt.Sprint(v), "\n") {
		if !strings.Contains(line, " name="+name+" ") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if strings.HasPrefix(f, "flags=") && strings.Contains(f, "b") {
				n++
			}
		}
	}
	return n
}

// blkAwaitBlocked waits until the server holds exactly n of name's connections blocked:
// the event a test needs before it releases or cancels them.
func blkAwaitBlocked(t *testing.T, probe *Client, name string, n int) {
	t.Helper()
	pollUntil(t, fmt.Sprintf("%d blocked connections named %s", n, name), 10*time.Second, func() bool {
		return blkBlocked(t, probe, name) == n
	})
}

func blkCalls(t *testing.T, probe *Client, command string) int64 {
	t.Helper()
	v, err := probe.CustomCommand(context.Background(), []string{"INFO", "commandstats"})
	if err != nil {
		t.Fatalf("INFO commandstats: %v", err)
	}
	for _, line := range strings.Split(fmt.Sprint(v), "\n") {
		if rest, ok := strings.CutPrefix(line, "cmdstat_"+command+":calls="); ok {
			n, _ := strconv.ParseInt(rest[:strings.IndexByte(rest, ',')], 10, 64)
			return n
		}
	}
	return 0
}

type blkResult[T any] struct {
	v   T
	err error
}

func TestBlockingBLPopReleasedByPush(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		name := blkName(t)
		c := blkClient(t, s, name)
		other, _ := connect(t, s)
		key := testKey(t, "list")
		ctx := context.Background()
		done := make(chan blkResult[[]string], 1)
		go func() {
			v, err := c.BLPop(ctx, []string{key + "-empty", key}, 10*time.Second)
			done <- blkResult[[]string]{v, err}
		}()
		blkAwaitBlocked(t, other, name, 1)
		if _, err := other.LPush(ctx, key, []string{"x"}); err != nil {
			t.Fatal(err)
		}
		r := <-done
		if r.err != nil || !reflect.DeepEqual(r.v, []string{key, "x"}) {
			t.Fatalf("BLPop released by LPUSH = %v, %v; want [%s x]", r.v, r.err, key)
		}
		// Timed out with nothing to pop: nil, after its own timeout (0.3 s) although the
		// request timeout is 0.2 s.
		start := time.Now()
		v, err := c.BRPop(ctx, []string{key}, 300*time.Millisecond)
		if err != nil || v != nil {
			t.Fatalf("BRPop on an empty list = %#v, %v; want nil, nil", v, err)
		}
		if d := time.Since(start); d < 300*time.Millisecond {
			t.Fatalf("BRPop returned after %v, before its 0.3s timeout", d)
		}
	})
}

func TestBlockingTimeoutZeroWaitsUntilReleased(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		name := blkName(t)
		c := blkClient(t, s, name)
		other, _ := connect(t, s)
		key := testKey(t, "zset")
		done := make(chan blkResult[models.Result[models.KeyWithMemberAndScore]], 1)
		go func() {
			v, err := c.BZPopMin(context.Background(), []string{key}, 0)
			done <- blkResult[models.Result[models.KeyWithMemberAndScore]]{v, err}
		}()
		blkAwaitBlocked(t, other, name, 1)
		// Longer than the request timeout (0.2 s) plus the half second a non-zero
		// timeout would get: the subject of the test is elapsed time.
		time.Sleep(900 * time.Millisecond)
		select {
		case r := <-done:
			t.Fatalf("BZPopMin with timeout 0 returned before any element: %v, %v", r.v, r.err)
		default:
		}
		if _, err := other.ZAdd(context.Background(), key, map[string]float64{"m": 1.5}); err != nil {
			t.Fatal(err)
		}
		r := <-done
		want := models.CreateKeyWithMemberAndScoreResult(models.KeyWithMemberAndScore{Key: key, Member: "m", Score: 1.5})
		if r.err != nil || !reflect.DeepEqual(r.v, want) {
			t.Fatalf("BZPopMin = %+v, %v; want %+v", r.v, r.err, want)
		}
	})
}

func TestBlockingNegativeTimeoutIsRefusedBeforeSending(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		c := blkClient(t, s, blkName(t))
		probe, _ := connect(t, s)
		ctx := context.Background()
		key := testKey(t, "k")
		before := map[string]int64{}
		for _, cmd := range []string{"blpop", "brpop", "blmove", "blmpop", "bzpopmin", "bzpopmax", "bzmpop"} {
			before[cmd] = blkCalls(t, probe, cmd)
		}
		neg := -time.Second
		checks := []struct {
			what string
			err  error
		}{}
		add := func(what string, err error) {
			checks = append(checks, struct {
				what string
				err  error
			}{what, err})
		}
		_, err := c.BLPop(ctx, []string{key}, neg)
		add("BLPop", err)
		_, err = c.BRPop(ctx, []string{key}, neg)
		add("BRPop", err)
		_, err = c.BLMove(ctx, key, key, constants.Left, constants.Right, neg)
		add("BLMove", err)
		_, err = c.BLMPop(ctx, []string{key}, constants.Left, neg)
		add("BLMPop", err)
		_, err = c.BLMPopCount(ctx, []string{key}, constants.Left, 2, neg)
		add("BLMPopCount", err)
		_, err = c.BZPopMin(ctx, []string{key}, neg)
		add("BZPopMin", err)
		_, err = c.BZPopMax(ctx, []string{key}, neg)
		add("BZPopMax", err)
		_, err = c.BZMPop(ctx, []string{key}, constants.MIN, neg)
		add("BZMPop", err)
		_, err = c.BZMPopWithOptions(ctx, []string{key}, constants.MAX, neg, *options.NewZMPopOptions().SetCount(2))
		add("BZMPopWithOptions", err)
		// The core refuses it too, for commands that bypass the typed methods.
		_, err = c.CustomCommand(ctx, []string{"BLPOP", key, "-1"})
		add("CustomCommand BLPOP -1", err)
		_, err = c.CustomCommand(ctx, []string{"BZMPOP", "-0.5", "1", key, "MIN"})
		add("CustomCommand BZMPOP -0.5", err)
		for _, ch := range checks {
			if ch.err == nil || !strings.Contains(ch.err.Error(), "negative") {
				t.Errorf("%s with a negative timeout: err = %v, want one saying it is negative", ch.what, ch.err)
			}
		}
		for cmd, n := range before {
			if got := blkCalls(t, probe, cmd); got != n {
				t.Errorf("%s reached the server %d time(s) with a negative timeout", cmd, got-n)
			}
		}
	})
}

// TestBlockingCancelledCallLeavesNothingBehind: a caller cancelled while blocked gets
// ctx's error; the server no longer holds the command (unblocked, not abandoned), so an
// element pushed afterwards stays in the list; and the same client then answers 1,000
// commands, each with its own reply.
func TestBlockingCancelledCallLeavesNothingBehind(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		name := blkName(t)
		c := blkClient(t, s, name)
		probe, _ := connect(t, s)
		key := testKey(t, "list")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.BLPop(ctx, []string{key}, 0)
			done <- err
		}()
		blkAwaitBlocked(t, probe, name, 1)
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled BLPop: err = %v, want context.Canceled", err)
		}
		blkAwaitBlocked(t, probe, name, 0)
		bg := context.Background()
		if _, err := probe.RPush(bg, key, []string{"kept"}); err != nil {
			t.Fatal(err)
		}
		if n, err := probe.LLen(bg, key); err != nil || n != 1 {
			t.Fatalf("LLEN after the cancelled BLPop = %d, %v; the element must not have been popped", n, err)
		}
		// A ctx deadline ends a blocked call the same way.
		dctx, dcancel := context.WithTimeout(bg, 300*time.Millisecond)
		defer dcancel()
		if _, err := c.BLPop(dctx, []string{key + "-none"}, 0); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("BLPop past its ctx deadline: err = %v", err)
		}
		blkAwaitBlocked(t, probe, name, 0)
		for i := 0; i < 1000; i++ {
			k := fmt.Sprintf("%s-%d", key, i%50)
			want := strconv.Itoa(i)
			if _, err := c.Set(bg, k, want); err != nil {
				t.Fatalf("SET #%d: %v", i, err)
			}
			got, err := c.Get(bg, k)
			if err != nil || got.Value() != want {
				t.Fatalf("GET #%d = %q, %v; want %q (a reply out of place)", i, got.Value(), err, want)
			}
		}
		v, err := c.LPop(bg, key)
		if err != nil || v.Value() != "kept" {
			t.Fatalf("LPOP = %v, %v", v, err)
		}
	})
}

// TestBlockingCallersDoNotHoldUpOthers: while 32 goroutines sit in BLPOP with no
// timeout on the same client, ordinary commands of that client are answered. The
// blockers cannot return before the test pushes their elements, so a GET queued behind
// one of them could never complete: every GET completing (each with its own value) is
// the proof, no timing involved. The per-call ctx only keeps a regression from hanging
// the test.
func TestBlockingCallersDoNotHoldUpOthers(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		name := blkName(t)
		c := blkClient(t, s, name)
		probe, _ := connect(t, s)
		key := testKey(t, "q")
		const blockers = 32
		var wg sync.WaitGroup
		results := make(chan blkResult[[]string], blockers)
		for i := 0; i < blockers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := c.BLPop(context.Background(), []string{key}, 0)
				results <- blkResult[[]string]{v, err}
			}()
		}
		blkAwaitBlocked(t, probe, name, blockers)
		var gw sync.WaitGroup
		errs := make(chan error, 32)
		for g := 0; g < 32; g++ {
			gw.Add(1)
			go func(g int) {
				defer gw.Done()
				for i := 0; i < 20; i++ {
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					k := fmt.Sprintf("%s-get-%d", key, g)
					want := fmt.Sprintf("%d-%d", g, i)
					_, err := c.Set(ctx, k, want)
					var got models.Result[string]
					if err == nil {
						got, err = c.Get(ctx, k)
					}
					cancel()
					if err == nil && got.Value() != want {
						err = fmt.Errorf("GET %s = %q, want %q", k, got.Value(), want)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}(g)
		}
		gw.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a command while %d callers were blocked: %v", blockers, err)
		}
		if n := blkBlocked(t, probe, name); n != blockers {
			t.Fatalf("%d callers still blocked after the GETs, want %d", n, blockers)
		}
		elems := make([]string, blockers)
		for i := range elems {
			elems[i] = strconv.Itoa(i)
		}
		if _, err := probe.RPush(context.Background(), key, elems); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		close(results)
		seen := map[string]bool{}
		for r := range results {
			if r.err != nil || len(r.v) != 2 || r.v[0] != key {
				t.Fatalf("released BLPop = %v, %v", r.v, r.err)
			}
			seen[r.v[1]] = true
		}
		if len(seen) != blockers {
			t.Fatalf("%d distinct elements popped, want %d", len(seen), blockers)
		}
	})
}

// TestBlockingStreamReadDoesNotHoldUpOthers: XREAD with BLOCK runs on a blocking
// connection too.
func TestBlockingStreamReadDoesNotHoldUpOthers(t *testing.T) {
	s := sharedValkey.get(t)
	name := blkName(t)
	c := blkClient(t, s, name)
	probe, _ := connect(t, s)
	key := testKey(t, "stream")
	ctx := context.Background()
	if _, err := probe.CustomCommand(ctx, []string{"XADD", key, "1-1", "f", "v"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		r, err := c.XReadWithOptions(ctx, map[string]string{key: "1-1"}, *options.NewXReadOptions().SetBlock(0))
		if err == nil && len(r[key].Entries) != 1 {
			err = fmt.Errorf("XREAD = %+v", r)
		}
		done <- err
	}()
	blkAwaitBlocked(t, probe, name, 1)
	for i := 0; i < 10; i++ {
		if _, err := c.Get(ctx, key+"-x"); err != nil {
			t.Fatalf("GET while XREAD BLOCK waits: %v", err)
		}
	}
	if _, err := probe.CustomCommand(ctx, []string{"XADD", key, "2-1", "f", "w"}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestBlockingBatchTwins: the batch methods' values (in a transaction the server does
// not block; in a pipeline the elements are there already).
func TestBlockingBatchTwins(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			k := testKey(t, "{b}")
			l, l2, z, empty := k+"l", k+"l2", k+"z", k+"none"
			b := pipeline.NewStandaloneBatch(atomic)
			b.RPush(l, []string{"a", "b", "c", "d", "e", "f"})
			b.ZAdd(z, map[string]float64{"m1": 1, "m2": 2, "m3": 3, "m4": 4})
			b.BLPop([]string{empty, l}, time.Second)
			b.BRPop([]string{l}, time.Second)
			b.BLPop([]string{empty}, 10*time.Millisecond)
			b.BLMove(l, l2, constants.Left, constants.Right, time.Second)
			b.BLMove(empty, l2, constants.Left, constants.Right, 10*time.Millisecond)
			b.BLMPop([]string{l}, constants.Left, time.Second)
			b.BLMPopCount([]string{l}, constants.Right, 5, time.Second)
			b.BLMPop([]string{empty}, constants.Left, 10*time.Millisecond)
			b.BZPopMin([]string{z}, time.Second)
			b.BZPopMax([]string{z}, time.Second)
			b.BZPopMin([]string{empty}, 10*time.Millisecond)
			b.BZMPop([]string{z}, constants.MIN, time.Second)
			b.BZMPopWithOptions([]string{z}, constants.MAX, time.Second, *options.NewZMPopOptions().SetCount(5))
			b.BZMPop([]string{empty}, constants.MIN, 10*time.Millisecond)
			got, err := c.Exec(ctx, *b, true)
			if err != nil {
				t.Fatal(err)
			}
			kws := func(key, member string, score float64) models.KeyWithMemberAndScore {
				return models.KeyWithMemberAndScore{Key: key, Member: member, Score: score}
			}
			kams := func(key string, ms ...models.MemberAndScore) models.Result[models.KeyWithArrayOfMembersAndScores] {
				return models.CreateKeyWithArrayOfMembersAndScoresResult(models.KeyWithArrayOfMembersAndScores{Key: key, MembersAndScores: ms})
			}
			want := []any{
				int64(6), int64(4),
				[]string{l, "a"}, []string{l, "f"}, nil,
				"b", nil,
				[]models.KeyValues{{Key: l, Values: []string{"c"}}},
				[]models.KeyValues{{Key: l, Values: []string{"e", "d"}}},
				nil,
				kws(z, "m1", 1), kws(z, "m4", 4), nil,
				kams(z, models.MemberAndScore{Member: "m2", Score: 2}),
				kams(z, models.MemberAndScore{Member: "m3", Score: 3}),
				nil,
			}
			if len(got) != len(want) {
				t.Fatalf("%d results, want %d: %#v", len(got), len(want), got)
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) || fmt.Sprintf("%T", got[i]) != fmt.Sprintf("%T", want[i]) {
					t.Errorf("slot %d = %#v (%T), want %#v (%T)", i, got[i], got[i], want[i], want[i])
				}
			}
		})
	}
}

// TestBlockingWaitUsesItsOwnTimeout: WAIT runs on the main connection (it waits for
// that connection's writes to replicate) under its own timeout, not the request
// timeout; a negative timeout is refused by the core before sending.
func TestBlockingWaitUsesItsOwnTimeout(t *testing.T) {
	blkServers(t, func(t *testing.T, s *testserver.Server) {
		c := blkClient(t, s, blkName(t)) // request timeout 0.2 s
		ctx := context.Background()
		if _, err := c.Set(ctx, testKey(t, "w"), "v"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		n, err := c.Wait(ctx, 1, 400*time.Millisecond) // no replica: waits it out
		if err != nil || n != 0 {
			t.Fatalf("WAIT 1 400 = %d, %v; want 0, nil", n, err)
		}
		if d := time.Since(start); d < 400*time.Millisecond {
			t.Fatalf("WAIT returned after %v, before its 0.4s timeout", d)
		}
		if _, err := c.Wait(ctx, 1, -time.Second); err == nil || !strings.Contains(err.Error(), "negative") {
			t.Fatalf("WAIT with a negative timeout: err = %v", err)
		}
	})
}
