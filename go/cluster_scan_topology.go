package valkite

import (
	"fmt"
	"strconv"
	"strings"
)

// What a cluster scan needs to know about the topology, read from the servers' own
// replies: which nodes may serve a slot (CLUSTER SHARDS, any node's view) and what a
// node itself claims (the "myself" line of its CLUSTER NODES).

// shardView is one shard as CLUSTER SHARDS shows it from some node.
type shardView struct {
	slots slotSet
	// served: the view has an online primary for the shard. A shard without one
	// (its primary failed, no replica promoted yet) leaves its slots uncovered.
	served bool
	// nodes are the places to look for the shard's primary: the one the view names
	// first, then the shard's other nodes not known to have failed. The view may be
	// stale (a replica just promoted still listed as a replica), so the scan asks
	// each node in turn what it is.
	nodes []nodeAddr
}

// nodeAddr is a node as the client's topology names it: by its endpoint (what
// CLUSTER SLOTS reports too), or its ip when the endpoint is unknown.
type nodeAddr struct {
	host string
	port int
}

// shardsOf reads a CLUSTER SHARDS reply.
func shardsOf(shards []map[string]any) []shardView {
	out := make([]shardView, 0, len(shards))
	for _, shard := range shards {
		var v shardView
		if flat, ok := shard["slots"].([]any); ok {
			for i := 0; i+1 < len(flat); i += 2 {
				lo, okLo := slotNumber(flat[i])
				hi, okHi := slotNumber(flat[i+1])
				if okLo && okHi && lo <= hi {
					v.slots.addRange(lo, hi)
				}
			}
		}
		var others []nodeAddr
		nodes, _ := shard["nodes"].([]any)
		for _, raw := range nodes {
			node, ok := raw.(map[string]any)
			if !ok || node["health"] == "fail" {
				continue
			}
			host, _ := node["endpoint"].(string)
			if host == "" || host == "?" {
				host, _ = node["ip"].(string)
			}
			port, ok := slotNumberAny(node["port"])
			if !ok {
				port, ok = slotNumberAny(node["tls-port"])
			}
			if host == "" || !ok || port < 1 || port > 65535 {
				continue
			}
			addr := nodeAddr{host: host, port: port}
			if node["role"] == "master" && node["health"] == "online" && !v.served {
				v.served = true
				v.nodes = append(v.nodes, addr)
				continue
			}
			others = append(others, addr)
		}
		v.nodes = append(v.nodes, others...)
		out = append(out, v)
	}
	return out
}

// slotNumber reads a slot bound, an integer in RESP3 and RESP2 alike (or its text).
func slotNumber(v any) (int, bool) {
	n, ok := slotNumberAny(v)
	return n, ok && n >= 0 && n < slotCount
}

func slotNumberAny(v any) (int, bool) {
	switch x := v.(type) {
	case int64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

// nodeSelf is what a node says about itself.
type nodeSelf struct {
	id      string
	primary bool
	epoch   uint64
	claimed slotSet // every slot it serves, migrating ones included
	stable  slotSet // claimed minus the slots it is migrating away
}

// parseMyself reads the "myself" line of a CLUSTER NODES reply:
//
//	<id> <ip:port@cport[,hostname]> <flags> <primary> <ping> <pong> <epoch> <link> <slot>...
//
// where a slot entry is "n", "lo-hi", "[n->-target]" (migrating away) or
// "[n-<-source]" (importing, not yet owned).
func parseMyself(text string) (nodeSelf, error) {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) < 8 || !hasFlag(f[2], "myself") {
			continue
		}
		self := nodeSelf{id: f[0], primary: hasFlag(f[2], "master")}
		epoch, err := strconv.ParseUint(f[6], 10, 64)
		if err != nil {
			return nodeSelf{}, fmt.Errorf("valkite: CLUSTER NODES: bad config epoch %q", f[6])
		}
		self.epoch = epoch
		var migrating slotSet
		for _, entry := range f[8:] {
			if strings.HasPrefix(entry, "[") {
				if i := strings.Index(entry, "->-"); i > 1 {
					if slot, ok := slotNumber(entry[1:i]); ok {
						migrating.add(slot)
					}
				}
				continue
			}
			lo, hi, ok := strings.Cut(entry, "-")
			if !ok {
				hi = lo
			}
			l, okLo := slotNumber(lo)
			h, okHi := slotNumber(hi)
			if !okLo || !okHi || l > h {
				return nodeSelf{}, fmt.Errorf("valkite: CLUSTER NODES: bad slot entry %q", entry)
			}
			self.claimed.addRange(l, h)
		}
		if !self.primary {
			self.claimed = slotSet{}
		}
		keep := migrating.complement()
		self.stable = self.claimed.intersect(&keep)
		return self, nil
	}
	return nodeSelf{}, fmt.Errorf("valkite: CLUSTER NODES reply has no line for the node itself")
}

func hasFlag(flags, flag string) bool {
	for _, f := range strings.Split(flags, ",") {
		if f == flag {
			return true
		}
	}
	return false
}
