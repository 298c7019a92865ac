package valkite

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// scanAll runs a cluster scan to its end and returns every key it produced, with
// how often each came.
func scanAll(t *testing.T, c *ClusterClient, opts *options.ClusterScanOptions, between func(page int, cursor models.ClusterScanCursor, seen map[string]int)) map[string]int {
	t.Helper()
	ctx := context.Background()
	seen := map[string]int{}
	cursor := models.NewClusterScanCursor()
	for page := 0; !cursor.IsFinished(); page++ {
		if page > 20000 {
			t.Fatal("the scan does not end")
		}
		var res models.ClusterScanResult
		var err error
		if opts == nil {
			res, err = c.Scan(ctx, cursor)
		} else {
			res, err = c.ScanWithOptions(ctx, cursor, *opts)
		}
		if err != nil {
			t.Fatalf("scan page %d: %v", page, err)
		}
		if res.Keys == nil {
			t.Fatalf("scan page %d: nil keys, want a (possibly empty) slice", page)
		}
		for _, k := range res.Keys {
			seen[k]++
		}
		cursor = res.Cursor
		if between != nil && !cursor.IsFinished() {
			between(page, cursor, seen)
		}
	}
	return seen
}

func requireSameKeys(t *testing.T, seen map[string]int, want []string) {
	t.Helper()
	var missing, extra []string
	wantSet := map[string]bool{}
	for _, k := range want {
		wantSet[k] = true
		if seen[k] == 0 {
			missing = append(missing, k)
		}
	}
	for k := range seen {
		if !wantSet[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("scan: %d keys missing %v, %d unexpected %v", len(missing), missing, len(extra), extra)
	}
}

func TestClusterScanReturnsEveryKey(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	flushCluster(t, cl)
	var strs, sets []string
	for i := 0; i < 600; i++ {
		k := "scan:s:" + strconv.Itoa(i)
		strs = append(strs, k)
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 60; i++ {
		k := "scan:set:" + strconv.Itoa(i)
		sets = append(sets, k)
		if _, err := c.CustomCommand(ctx, []string{"SADD", k, "m"}); err != nil {
			t.Fatal(err)
		}
	}
	all := append(append([]string{}, strs...), sets...)

	seen := scanAll(t, c, nil, nil)
	requireSameKeys(t, seen, all)
	dups := 0
	for _, n := range seen {
		dups += n - 1
	}
	t.Logf("%d keys, %d returned twice or more (allowed; a stable cluster rarely has any)", len(all), dups)

	small := options.NewClusterScanOptions().SetCount(7)
	requireSameKeys(t, scanAll(t, c, small, nil), all)

	match := options.NewClusterScanOptions().SetMatch("scan:s:1*").SetCount(100)
	var want []string
	for _, k := range strs {
		if len(k) > 7 && k[7] == '1' {
			want = append(want, k)
		}
	}
	requireSameKeys(t, scanAll(t, c, match, nil), want)

	onlySets := options.NewClusterScanOptions().SetType(constants.ObjectTypeSet)
	requireSameKeys(t, scanAll(t, c, onlySets, nil), sets)

	// The client-side flag is accepted and, with every slot served, changes nothing.
	allow := options.NewClusterScanOptions().SetAllowNonCoveredSlots(true)
	requireSameKeys(t, scanAll(t, c, allow, nil), all)
}

func TestClusterScanEdges(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	flushCluster(t, cl)

	seen := scanAll(t, c, nil, nil)
	if len(seen) != 0 {
		t.Fatalf("an empty cluster scanned %v", seen)
	}
	done := models.NewClusterScanCursorWithId(models.FINISHED_SCAN_CURSOR)
	res, err := c.Scan(ctx, done)
	if err != nil || !res.Cursor.IsFinished() || len(res.Keys) != 0 {
		t.Fatalf("scanning from a finished cursor = %+v, %v", res, err)
	}
	for _, bad := range []string{"12345", "vk1.%%%", "vk1.AQ"} {
		_, err := c.Scan(ctx, models.NewClusterScanCursorWithId(bad))
		var re *RequestError
		if !errors.As(err, &re) || !strings.Contains(re.Msg, "invalid cluster scan cursor") {
			t.Fatalf("cursor %q: %T %v, want a *RequestError about the cursor", bad, err, err)
		}
	}
	bad := options.NewClusterScanOptions().SetType("no-such-type")
	if _, err := c.ScanWithOptions(ctx, models.NewClusterScanCursor(), *bad); err == nil {
		t.Fatal("an unknown TYPE must fail")
	}
}

// Slots move while the scan runs: out of the node being scanned into one not yet
// scanned; out of the node being scanned into one already scanned (keys its pass had
// not reached are found only if the scan goes back to that node); and into the node
// being scanned. Every key is still returned. Which node a page came from is read
// from the primaries' own SCAN counters, not from the cursor (whose format is the
// core's).
func TestClusterScanSurvivesSlotMoves(t *testing.T) {
	requireClusterMode(t)
	cl := testserver.StartCluster(t, 3, 0)
	c := connectCluster(t, cl)
	ctx := context.Background()
	var keys []string
	for i := 0; i < 900; i++ {
		k := "moving:" + strconv.Itoa(i)
		keys = append(keys, k)
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatal(err)
		}
	}
	p := cl.Primaries()
	calls := func() []int {
		out := make([]int, len(p))
		for i, n := range p {
			out[i] = commandCalls(t, n, "scan")
		}
		return out
	}
	moves := 0
	passes := map[int]int{} // node port -> passes started
	lastPort := 0
	before := calls()
	opts := options.NewClusterScanOptions().SetCount(10)
	seen := scanAll(t, c, opts, func(page int, cursor models.ClusterScanCursor, seen map[string]int) {
		after := calls()
		port := 0
		for i := range p {
			if after[i] > before[i] {
				port = p[i].Port
			}
		}
		before = after
		if port != lastPort && port != 0 {
			passes[port]++
		}
		lastPort = port
		switch {
		case moves == 0 && port == p[0].Port:
			// Mid-pass on shard 0: a slot it still has to reach leaves for shard 1.
			if s := unseenSlot(t, keys, seen, p[0]); s >= 0 {
				moveSlot(t, cl, s, p[0], p[1])
				moves++
			}
		case moves == 1 && port == p[1].Port:
			// Mid-pass on shard 1, shard 0 done: one of shard 1's unreached slots
			// leaves for shard 0, and one of shard 2's joins shard 1.
			s1, s2 := unseenSlot(t, keys, seen, p[1]), unseenSlot(t, keys, seen, p[2])
			if s1 >= 0 && s2 >= 0 {
				moveSlot(t, cl, s1, p[1], p[0])
				moveSlot(t, cl, s2, p[2], p[1])
				moves++
			}
		}
	})
	if moves != 2 {
		t.Fatalf("only %d of the 2 rounds of moves happened mid-scan", moves)
	}
	requireSameKeys(t, seen, keys)
	if passes[p[0].Port] < 2 {
		t.Fatalf("passes per node port %v: shard 0 gained unscanned slots after its pass and must be scanned again", passes)
	}
	t.Logf("passes per node port: %v", passes)
}

// unseenSlot returns the slot of a key that primary holds now and the scan has not
// returned yet (a pass still under way on it), or -1 if there is none.
func unseenSlot(t *testing.T, keys []string, seen map[string]int, primary *testserver.Node) int {
	t.Helper()
	for _, k := range keys {
		if seen[k] > 0 {
			continue
		}
		s := testserver.KeySlot(k)
		if fixture(t, primary.Server, "CLUSTER", "COUNTKEYSINSLOT", strconv.Itoa(s)) != ":0\r\n" {
			return s
		}
	}
	return -1
}

// commandCalls is how many times a node has run a command, from INFO commandstats.
func commandCalls(t *testing.T, n *testserver.Node, command string) int {
	t.Helper()
	line := n.Info(t, "commandstats")["cmdstat_"+command]
	for _, f := range strings.Split(line, ",") {
		if v, ok := strings.CutPrefix(f, "calls="); ok {
			calls, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("cmdstat_%s %q: %v", command, line, err)
			}
			return calls
		}
	}
	return 0
}

// moveSlot migrates slot and its keys from src to dst the way an operator does:
// IMPORTING/MIGRATING, MIGRATE in batches, then SETSLOT NODE on every primary.
func moveSlot(t *testing.T, cl *testserver.Cluster, slot int, src, dst *testserver.Node) {
	t.Helper()
	s := strconv.Itoa(slot)
	fixture(t, dst.Server, "CLUSTER", "SETSLOT", s, "IMPORTING", src.ID)
	fixture(t, src.Server, "CLUSTER", "SETSLOT", s, "MIGRATING", dst.ID)
	for {
		raw := fixture(t, src.Server, "CLUSTER", "GETKEYSINSLOT", s, "100")
		batch, err := cmds.DecodeStringArray(resp.NewReader([]byte(raw)))
		if err != nil {
			t.Fatalf("GETKEYSINSLOT reply %q: %v", raw, err)
		}
		if len(batch) == 0 {
			break
		}
		args := append([]string{"MIGRATE", dst.Host, strconv.Itoa(dst.Port), "", "0", "5000", "KEYS"}, batch...)
		fixture(t, src.Server, args...)
	}
	for _, n := range cl.Primaries() {
		fixture(t, n.Server, "CLUSTER", "SETSLOT", s, "NODE", dst.ID)
	}
	t.Logf("moved slot %d from %s to %s", slot, src.Addr(), dst.Addr())
}

// The primary being scanned loses its role mid-pass: gracefully (CLUSTER FAILOVER on
// its replica) or by dying (SIGKILL, then CLUSTER FAILOVER TAKEOVER). The scan goes
// on with the new primary, and every key is still returned. A caller that gets an
// error while the cluster heals retries with the same cursor.
func TestClusterScanSurvivesFailover(t *testing.T) {
	for _, kill := range []bool{false, true} {
		name := "graceful"
		if kill {
			name = "kill"
		}
		t.Run(name, func(t *testing.T) {
			requireClusterMode(t)
			cl := testserver.StartCluster(t, 2, 1)
			// The client must know the replica that takes over: see awaitReplicasListed.
			if err := awaitReplicasListed(cl); err != nil {
				t.Fatal(err)
			}
			c := connectCluster(t, cl)
			ctx := context.Background()
			var keys []string
			for i := 0; i < 400; i++ {
				k := "failover:" + strconv.Itoa(i)
				keys = append(keys, k)
				if _, err := c.Set(ctx, k, "v"); err != nil {
					t.Fatal(err)
				}
			}
			// Replicas must hold every key before one takes over.
			for _, p := range cl.Primaries() {
				fixture(t, p.Server, "WAIT", "1", "5000")
			}
			victim := cl.Primaries()[1]
			var heir *testserver.Node
			for _, r := range cl.Replicas() {
				if r.PrimaryID == victim.ID {
					heir = r
				}
			}
			opts := options.NewClusterScanOptions().SetCount(10)
			seen := map[string]int{}
			cursor := models.NewClusterScanCursor()
			failedOver, errorsSeen := false, 0
			victimScans := commandCalls(t, victim, "scan")
			deadline := time.Now().Add(60 * time.Second)
			for !cursor.IsFinished() {
				if time.Now().After(deadline) {
					t.Fatalf("the scan did not finish; %d errors on the way", errorsSeen)
				}
				res, err := c.ScanWithOptions(ctx, cursor, *opts)
				if err != nil {
					if errorsSeen++; errorsSeen <= 3 {
						t.Logf("scan error (retrying the same cursor): %v", err)
					}
					time.Sleep(200 * time.Millisecond)
					continue // retry the same cursor
				}
				for _, k := range res.Keys {
					seen[k]++
				}
				cursor = res.Cursor
				// The page came from the victim, and it still holds keys the scan has
				// not returned: its pass is under way.
				scans := 0
				if !failedOver {
					scans = commandCalls(t, victim, "scan")
				}
				if !failedOver && scans > victimScans && unseenSlot(t, keys, seen, victim) >= 0 {
					if kill {
						victim.Kill()
						fixture(t, heir.Server, "CLUSTER", "FAILOVER", "TAKEOVER")
					} else {
						fixture(t, heir.Server, "CLUSTER", "FAILOVER")
					}
					waitRole(t, heir, "master")
					failedOver = true
				}
				victimScans = scans
			}
			if !failedOver {
				t.Fatal("the failover did not happen mid-scan")
			}
			requireSameKeys(t, seen, keys)
			t.Logf("%d errors while the cluster healed", errorsSeen)
		})
	}
}

func waitRole(t *testing.T, n *testserver.Node, role string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for n.Info(t, "replication")["role"] != role {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not become %s", n.Addr(), role)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
