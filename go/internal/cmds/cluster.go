package cmds

import (
	"github.com/valkite/valkite/go/internal/resp"
)

// The "Cluster Management" group (GLIDE's ClusterManagementCommands). These are
// plain commands: where they go is the ClusterClient's business (a route, or the
// core's default), so a batch can queue the same definitions.

func ClusterInfo() Cmd[string] {
	return Cmd[string]{Args: []string{"CLUSTER", "INFO"}, Decode: DecodeString}
}

func ClusterNodes() Cmd[string] {
	return Cmd[string]{Args: []string{"CLUSTER", "NODES"}, Decode: DecodeString}
}

// ClusterShards decodes each shard, and each node inside it, to a map whichever
// protocol the connection speaks (RESP2 sends them as flat key-value arrays).
func ClusterShards() Cmd[[]map[string]any] {
	return Cmd[[]map[string]any]{Args: []string{"CLUSTER", "SHARDS"}, Decode: DecodeClusterShards}
}

func ClusterLinks() Cmd[[]map[string]any] {
	return Cmd[[]map[string]any]{Args: []string{"CLUSTER", "LINKS"}, Decode: DecodeMapArray}
}

func ClusterMyId() Cmd[string] {
	return Cmd[string]{Args: []string{"CLUSTER", "MYID"}, Decode: DecodeString}
}

func ClusterMyShardId() Cmd[string] {
	return Cmd[string]{Args: []string{"CLUSTER", "MYSHARDID"}, Decode: DecodeString}
}

func ClusterKeySlot(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"CLUSTER", "KEYSLOT", key}, Decode: DecodeInt}
}

func ClusterGetKeysInSlot(slot, count int64) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"CLUSTER", "GETKEYSINSLOT", itoa(slot), itoa(count)}, Decode: DecodeStringArray}
}

func ClusterCountKeysInSlot(slot int64) Cmd[int64] {
	return Cmd[int64]{Args: []string{"CLUSTER", "COUNTKEYSINSLOT", itoa(slot)}, Decode: DecodeInt}
}

// DecodeMapArray reads an array of maps whose values keep CustomCommand's dynamic
// shape (CLUSTER LINKS). Each map may come as a RESP3 map or a RESP2 flat array.
func DecodeMapArray(r *resp.Reader) ([]map[string]any, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]map[string]any, n)
	for i := range out {
		if out[i], err = DecodeAnyMap(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeClusterShards reads CLUSTER SHARDS. The "nodes" entry of each shard is a
// list of maps; it is decoded as []any of map[string]any so that RESP2's flat
// arrays come out in the same shape as RESP3's maps.
func DecodeClusterShards(r *resp.Reader) ([]map[string]any, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]map[string]any, n)
	for i := range out {
		if out[i], err = decodeShard(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeShard(r *resp.Reader) (map[string]any, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return nil, err
	}
	shard := make(map[string]any, n)
	for i := 0; i < n; i++ {
		k, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		if k != "nodes" {
			if shard[k], err = r.ReadAny(); err != nil {
				return nil, err
			}
			continue
		}
		m, isNil, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if isNil {
			shard[k] = nil
			continue
		}
		nodes := make([]any, m)
		for j := range nodes {
			if nodes[j], err = DecodeAnyMap(r); err != nil {
				return nil, err
			}
		}
		shard[k] = nodes
	}
	return shard, nil
}
