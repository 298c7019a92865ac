package testserver

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SlotCount is the number of hash slots in a Valkey cluster.
const SlotCount = 16384

// clusterTimeout bounds forming the cluster; gossip on a loaded two-core
// machine can take several seconds.
const clusterTimeout = 60 * time.Second

// Node roles, as the cluster was created. A failover provoked by a test changes
// the servers' real roles but not these fields.
const (
	RolePrimary = "primary"
	RoleReplica = "replica"
)

// Node is one server of a test cluster.
type Node struct {
	*Server
	ID        string // the cluster node id (CLUSTER MYID)
	Role      string // RolePrimary or RoleReplica
	PrimaryID string // the primary's id, for replicas
	Shard     int    // 0-based shard index
	// FirstSlot and LastSlot bound the shard's slots (inclusive); replicas
	// carry their primary's range.
	FirstSlot, LastSlot int
}

// Cluster is a running Valkey cluster whose every node agrees on the full slot
// map and whose every replica is in sync with its primary.
type Cluster struct {
	Nodes []*Node
}

// StartCluster starts shards primaries with replicasPerShard replicas each and
// joins them into one cluster without any cluster tool: slots are assigned
// with ADDSLOTSRANGE, nodes introduced with MEET, replicas attached with
// REPLICATE. Slots are split evenly in contiguous ranges, shard 0 first.
//
// Defaults include --cluster-node-timeout 2000; extraArgs come last, so they
// override it (and anything else) on every node.
func StartCluster(t testing.TB, shards, replicasPerShard int, extraArgs ...string) *Cluster {
	t.Helper()
	if shards < 1 || replicasPerShard < 0 {
		t.Fatalf("testserver: StartCluster(%d, %d): need at least one shard and no negative replica count", shards, replicasPerShard)
	}
	requireBinary(t, "valkey-server")
	c := &Cluster{}
	total := shards * (1 + replicasPerShard)
	for i := 0; i < total; i++ {
		shard, replica := i%shards, i/shards // primaries first, then replicas
		first, last := shard*SlotCount/shards, (shard+1)*SlotCount/shards-1
		dir := t.TempDir()
		args := append([]string{
			"--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(dir, "nodes.conf"),
			"--cluster-node-timeout", "2000",
		}, extraArgs...)
		s := newServer(t, "valkey-server", dir, nil, args)
		s.startFresh(t, true)
		n := &Node{Server: s, Role: RolePrimary, Shard: shard, FirstSlot: first, LastSlot: last}
		if replica > 0 {
			n.Role = RoleReplica
		}
		id, err := s.text("CLUSTER", "MYID")
		if err != nil {
			t.Fatalf("testserver: CLUSTER MYID on %s: %v", s.Addr(), err)
		}
		n.ID = id
		c.Nodes = append(c.Nodes, n)
	}
	for _, n := range c.Nodes {
		if n.Role == RoleReplica {
			n.PrimaryID = c.Nodes[n.Shard].ID
		}
	}
	if err := c.form(); err != nil {
		t.Fatalf("testserver: forming a %d+%d cluster: %v", shards, replicasPerShard, err)
	}
	return c
}

func (c *Cluster) form() error {
	seed := c.Nodes[0]
	for i, n := range c.Nodes {
		// Distinct epochs up front spare the nodes resolving epoch collisions
		// after they meet, which would delay agreement on slot owners.
		if _, err := n.text("CLUSTER", "SET-CONFIG-EPOCH", strconv.Itoa(i+1)); err != nil {
			return fmt.Errorf("SET-CONFIG-EPOCH on %s: %w", n.Addr(), err)
		}
		if n.Role == RolePrimary {
			if _, err := n.text("CLUSTER", "ADDSLOTSRANGE", strconv.Itoa(n.FirstSlot), strconv.Itoa(n.LastSlot)); err != nil {
				return fmt.Errorf("ADDSLOTSRANGE on %s: %w", n.Addr(), err)
			}
		}
	}
	for _, n := range c.Nodes[1:] {
		if _, err := seed.text("CLUSTER", "MEET", n.Host, strconv.Itoa(n.Port), strconv.Itoa(n.busPort)); err != nil {
			return fmt.Errorf("MEET %s: %w", n.Addr(), err)
		}
	}
	if err := c.await("all nodes to know each other", c.allKnown); err != nil {
		return err
	}
	for _, n := range c.Replicas() {
		if _, err := n.text("CLUSTER", "REPLICATE", n.PrimaryID); err != nil {
			return fmt.Errorf("REPLICATE on %s: %w", n.Addr(), err)
		}
	}
	return c.await("cluster_state:ok, agreed roles and synced replicas", c.settled)
}

// await polls check until it passes; the error names the last unmet condition.
func (c *Cluster) await(what string, check func() error) error {
	deadline := time.Now().Add(clusterTimeout)
	for {
		err := check()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %v waiting for %s: %w", clusterTimeout, what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clusterNodes parses CLUSTER NODES as one node sees it: id -> flags, primary id.
func clusterNodes(n *Node) (map[string][2]string, error) {
	text, err := n.text("CLUSTER", "NODES")
	if err != nil {
		return nil, err
	}
	view := make(map[string][2]string)
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		f := strings.Fields(line)
		if len(f) < 8 {
			return nil, fmt.Errorf("unexpected CLUSTER NODES line %q", line)
		}
		view[f[0]] = [2]string{f[2], f[3]}
	}
	return view, nil
}

func (c *Cluster) allKnown() error {
	for _, n := range c.Nodes {
		view, err := clusterNodes(n)
		if err != nil {
			return err
		}
		if len(view) != len(c.Nodes) {
			return fmt.Errorf("%s knows %d of %d nodes", n.Addr(), len(view), len(c.Nodes))
		}
		for id, v := range view {
			if strings.Contains(v[0], "handshake") || strings.Contains(v[0], "noaddr") {
				return fmt.Errorf("%s sees %s as %s", n.Addr(), id, v[0])
			}
		}
	}
	return nil
}

func (c *Cluster) settled() error {
	shards := strconv.Itoa(len(c.Primaries()))
	for _, n := range c.Nodes {
		text, err := n.text("CLUSTER", "INFO")
		if err != nil {
			return err
		}
		info := parseInfo(text)
		want := map[string]string{
			"cluster_state":          "ok",
			"cluster_slots_ok":       strconv.Itoa(SlotCount),
			"cluster_known_nodes":    strconv.Itoa(len(c.Nodes)),
			"cluster_size":           shards,
			"cluster_slots_assigned": strconv.Itoa(SlotCount),
		}
		for k, v := range want {
			if info[k] != v {
				return fmt.Errorf("%s reports %s:%s, want %s", n.Addr(), k, info[k], v)
			}
		}
		view, err := clusterNodes(n)
		if err != nil {
			return err
		}
		for _, m := range c.Nodes {
			flags, primary := view[m.ID][0], view[m.ID][1]
			if strings.Contains(flags, "fail") {
				return fmt.Errorf("%s flags %s as %s", n.Addr(), m.Addr(), flags)
			}
			if m.Role == RoleReplica && (!strings.Contains(flags, "slave") || primary != m.PrimaryID) {
				return fmt.Errorf("%s does not yet see %s as a replica of %s", n.Addr(), m.Addr(), m.PrimaryID)
			}
		}
		if n.Role == RoleReplica {
			text, err := n.text("INFO", "replication")
			if err != nil {
				return err
			}
			if link := parseInfo(text)["master_link_status"]; link != "up" {
				return fmt.Errorf("replica %s has master_link_status:%s", n.Addr(), link)
			}
		}
	}
	return nil
}

// WaitHealthy waits until the cluster is back in the state StartCluster
// returned it in: full slot map everywhere, the created roles, replicas in sync.
// It is for tests that restart nodes; after a failover the roles differ and it
// fails.
func (c *Cluster) WaitHealthy(t testing.TB) {
	t.Helper()
	if err := c.await("the cluster to be healthy again", c.settled); err != nil {
		t.Fatalf("testserver: %v", err)
	}
}

// Primaries returns the nodes created as primaries, in shard order.
func (c *Cluster) Primaries() []*Node { return c.byRole(RolePrimary) }

// Replicas returns the nodes created as replicas.
func (c *Cluster) Replicas() []*Node { return c.byRole(RoleReplica) }

func (c *Cluster) byRole(role string) []*Node {
	var out []*Node
	for _, n := range c.Nodes {
		if n.Role == role {
			out = append(out, n)
		}
	}
	return out
}

// NodeForSlot returns the primary created to own slot, or nil for a slot
// outside 0..16383.
func (c *Cluster) NodeForSlot(slot int) *Node {
	for _, n := range c.Primaries() {
		if slot >= n.FirstSlot && slot <= n.LastSlot {
			return n
		}
	}
	return nil
}

// NodeForKey returns the primary created to own key's slot.
func (c *Cluster) NodeForKey(key string) *Node { return c.NodeForSlot(KeySlot(key)) }

// Addrs lists every node's address, primaries first: a complete seed list.
func (c *Cluster) Addrs() []string {
	out := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		out[i] = n.Addr()
	}
	return out
}

// Stop stops every node. The test's cleanup does this too; calling it earlier
// is for tests about a cluster going away.
func (c *Cluster) Stop() {
	for _, n := range c.Nodes {
		n.Stop()
	}
}
