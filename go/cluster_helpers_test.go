package valkite

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Cluster integration tests share one 3-primary, 3-replica cluster per package run
// (forming one takes seconds). They run one after another, not in parallel: several
// change cluster-wide state (FLUSHALL, CONFIG SET, CLIENT PAUSE), and each starts
// from an empty keyspace when it needs one. Tests that move slots start their own
// cluster so the shared one keeps the layout the others expect.

var sharedCluster = &clusterFixture{shards: 3, replicas: 1}

type clusterFixture struct {
	shards, replicas int

	once    sync.Once
	cluster *testserver.Cluster
	abort   *sharedAbort
}

func (f *clusterFixture) get(t *testing.T) *testserver.Cluster {
	t.Helper()
	f.ensure()
	if f.abort != nil {
		if f.abort.skip {
			t.Skipf("shared cluster: %s", f.abort.msg)
		}
		t.Fatalf("shared cluster: %s", f.abort.msg)
	}
	return f.cluster
}

// startForExample is get for runnable examples, which have no *testing.T: they need
// the server binaries (scripts/setup.sh) and panic without them.
func (f *clusterFixture) startForExample() *testserver.Cluster {
	f.ensure()
	if f.abort != nil {
		panic("shared cluster: " + f.abort.msg)
	}
	return f.cluster
}

// ensure starts the shared cluster once per package run; a failure is kept in abort.
func (f *clusterFixture) ensure() {
	f.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				a, ok := r.(sharedAbort)
				if !ok {
					panic(r)
				}
				f.abort = &a
			}
		}()
		f.cluster = testserver.StartCluster(pkgTB, f.shards, f.replicas)
		if err := awaitReplicasListed(f.cluster); err != nil {
			pkgTB.Fatalf("shared cluster: %v", err)
		}
	})
}

// awaitReplicasListed writes to every shard and waits until every node's CLUSTER
// SLOTS lists every node. A replica whose replication offset its peers have not yet
// seen move from 0 is left out of their CLUSTER SLOTS replies, so in a cluster that
// never took a write, a client that builds its topology from CLUSTER SLOTS does not
// learn the replicas, and AllNodes routes miss them.
func awaitReplicasListed(cl *testserver.Cluster) error {
	for _, p := range cl.Primaries() {
		key := ""
		for i := 0; key == ""; i++ {
			if k := "warmup:" + strconv.Itoa(i); cl.NodeForKey(k) == p {
				key = k
			}
		}
		for _, args := range [][]string{{"SET", key, "1"}, {"DEL", key}} {
			if reply, err := p.Exec(args...); err != nil || strings.HasPrefix(reply, "-") {
				return fmt.Errorf("%v on %s: %q %v", args, p.Addr(), reply, err)
			}
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		short := ""
		for _, n := range cl.Nodes {
			raw, err := n.Exec("CLUSTER", "SLOTS")
			if err != nil {
				return err
			}
			if listed := slotsNodeCount(raw); listed != len(cl.Nodes) {
				short = fmt.Sprintf("%s lists %d of %d nodes in CLUSTER SLOTS", n.Addr(), listed, len(cl.Nodes))
				break
			}
		}
		if short == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New(short)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// slotsNodeCount counts the distinct nodes a CLUSTER SLOTS reply names.
func slotsNodeCount(raw string) int {
	v, err := resp.NewReader([]byte(raw)).ReadAny()
	if err != nil {
		return -1
	}
	ranges, _ := v.([]any)
	ids := map[string]bool{}
	for _, r := range ranges {
		entry, _ := r.([]any)
		for i := 2; i < len(entry); i++ {
			if node, ok := entry[i].([]any); ok && len(node) >= 3 {
				if id, ok := node[2].(string); ok {
					ids[id] = true
				}
			}
		}
	}
	return len(ids)
}

// clusterSupport records whether the core accepts cluster mode, asked once with a
// lazily connecting client so that no cluster is started for nothing.
var clusterSupport struct {
	once sync.Once
	err  error
}

// requireClusterMode skips the test while the core rejects cluster mode (it did
// before the cluster client landed in the core).
func requireClusterMode(t *testing.T) {
	t.Helper()
	clusterSupport.once.Do(func() {
		cfg := config.NewClusterClientConfiguration().
			WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 1}).
			WithLazyConnect(true)
		c, err := NewClusterClient(cfg)
		if err == nil {
			c.Close()
			return
		}
		var ce *ConfigurationError
		if errors.As(err, &ce) && strings.Contains(ce.Msg, "cluster mode is not available") {
			clusterSupport.err = err
		}
	})
	if clusterSupport.err != nil {
		t.Skipf("the core does not support cluster mode yet: %v", clusterSupport.err)
	}
}

// newClusterTestClient connects a fresh ClusterClient to the shared cluster through
// its first node. It is closed when the test ends.
func newClusterTestClient(t *testing.T) (*ClusterClient, *testserver.Cluster) {
	t.Helper()
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	return connectCluster(t, cl), cl
}

func connectCluster(t *testing.T, cl *testserver.Cluster) *ClusterClient {
	t.Helper()
	seed := cl.Nodes[0]
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
		WithRequestTimeout(5 * time.Second)
	c, err := NewClusterClient(cfg)
	if err != nil {
		t.Fatalf("NewClusterClient(%s): %v", seed.Addr(), err)
	}
	t.Cleanup(c.Close)
	return c
}

// clusterAddrSet is the set of addresses of nodes.
func clusterAddrSet(nodes []*testserver.Node) map[string]bool {
	out := make(map[string]bool, len(nodes))
	for _, n := range nodes {
		out[n.Addr()] = true
	}
	return out
}

// requireNodeReplies fails unless the keys of a per-node reply are exactly the addresses
// of nodes.
func requireNodeReplies[T any](t *testing.T, what string, got map[string]T, nodes []*testserver.Node) {
	t.Helper()
	want := clusterAddrSet(nodes)
	if len(got) != len(want) {
		t.Fatalf("%s: %d replies %v, want one from each of %v", what, len(got), replyAddrs(got), want)
	}
	for a := range got {
		if !want[a] {
			t.Fatalf("%s: reply from %q, which is not one of %v", what, a, want)
		}
	}
}

func replyAddrs[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// flushCluster empties every primary directly, so a test starts from nothing without
// relying on the command under test.
func flushCluster(t *testing.T, cl *testserver.Cluster) {
	t.Helper()
	for _, n := range cl.Primaries() {
		fixture(t, n.Server, "FLUSHALL", "SYNC")
	}
	// Replicas apply the flush asynchronously; tests that count keys through replicas
	// wait for them.
	deadline := time.Now().Add(10 * time.Second)
	for _, n := range cl.Replicas() {
		for fixture(t, n.Server, "DBSIZE") != ":0\r\n" {
			if time.Now().After(deadline) {
				t.Fatalf("replica %s still has keys after FLUSHALL on its primary", n.Addr())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// clusterNodeByAddr finds a cluster node by its address.
func clusterNodeByAddr(cl *testserver.Cluster, addr string) *testserver.Node {
	for _, n := range cl.Nodes {
		if n.Addr() == addr {
			return n
		}
	}
	return nil
}
