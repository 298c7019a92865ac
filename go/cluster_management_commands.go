package valkite

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Cluster Management" group. Each node answers from its own view of the
// cluster, which may briefly differ from the others' while the topology changes;
// the WithRoute forms say whose view to read.

// ClusterInfo returns a random node's CLUSTER INFO report.
//
// See https://valkey.io/commands/cluster-info/.
func (c *ClusterClient) ClusterInfo(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ClusterInfo(), nil)
}

// ClusterInfoWithRoute returns the CLUSTER INFO report of each node the route
// reaches.
//
// See https://valkey.io/commands/cluster-info/.
func (c *ClusterClient) ClusterInfoWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.ClusterInfo(), route.Route)
}

// ClusterNodes returns a random node's CLUSTER NODES table.
//
// See https://valkey.io/commands/cluster-nodes/.
func (c *ClusterClient) ClusterNodes(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ClusterNodes(), nil)
}

// ClusterNodesWithRoute returns the CLUSTER NODES table of each node the route
// reaches.
//
// See https://valkey.io/commands/cluster-nodes/.
func (c *ClusterClient) ClusterNodesWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.ClusterNodes(), route.Route)
}

// ClusterShards returns a random node's view of the shards: each a map with the
// shard's slot ranges and its nodes (each a map too). Valkey 7.0+.
//
// See https://valkey.io/commands/cluster-shards/.
func (c *ClusterClient) ClusterShards(ctx context.Context) ([]map[string]any, error) {
	return runOne(ctx, c, cmds.ClusterShards(), nil)
}

// ClusterShardsWithRoute returns the shard view of each node the route reaches.
//
// See https://valkey.io/commands/cluster-shards/.
func (c *ClusterClient) ClusterShardsWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[[]map[string]any], error) {
	return runRouted(ctx, c, cmds.ClusterShards(), route.Route)
}

// ClusterKeySlot returns the hash slot of key (0 to 16383), as the server computes
// it, hash tags included.
//
// See https://valkey.io/commands/cluster-keyslot/.
func (c *ClusterClient) ClusterKeySlot(ctx context.Context, key string) (int64, error) {
	return runOne(ctx, c, cmds.ClusterKeySlot(key), nil)
}

// ClusterMyId returns the node id of a random node.
//
// See https://valkey.io/commands/cluster-myid/.
func (c *ClusterClient) ClusterMyId(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ClusterMyId(), nil)
}

// ClusterMyIdWithRoute returns the node id of each node the route reaches.
//
// See https://valkey.io/commands/cluster-myid/.
func (c *ClusterClient) ClusterMyIdWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.ClusterMyId(), route.Route)
}

// ClusterMyShardId returns the shard id of a random node. Valkey 7.2+.
//
// See https://valkey.io/commands/cluster-myshardid/.
func (c *ClusterClient) ClusterMyShardId(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.ClusterMyShardId(), nil)
}

// ClusterMyShardIdWithRoute returns the shard id of each node the route reaches.
//
// See https://valkey.io/commands/cluster-myshardid/.
func (c *ClusterClient) ClusterMyShardIdWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.ClusterMyShardId(), route.Route)
}

// ClusterGetKeysInSlot returns up to count keys of slot, from the primary owning
// it. Only the owner holds the slot's keys, so the command is routed by the slot
// argument; an out-of-range slot is left for the server to reject.
//
// See https://valkey.io/commands/cluster-getkeysinslot/.
func (c *ClusterClient) ClusterGetKeysInSlot(ctx context.Context, slot int64, count int64) ([]string, error) {
	return runOne(ctx, c, cmds.ClusterGetKeysInSlot(slot, count), slotOwner(slot))
}

// ClusterCountKeysInSlot returns the number of keys in slot, from the primary
// owning it.
//
// See https://valkey.io/commands/cluster-countkeysinslot/.
func (c *ClusterClient) ClusterCountKeysInSlot(ctx context.Context, slot int64) (int64, error) {
	return runOne(ctx, c, cmds.ClusterCountKeysInSlot(slot), slotOwner(slot))
}

// ClusterLinks returns a random node's cluster bus links, each a map of fields.
// Valkey 7.0+.
//
// See https://valkey.io/commands/cluster-links/.
func (c *ClusterClient) ClusterLinks(ctx context.Context) ([]map[string]any, error) {
	return runOne(ctx, c, cmds.ClusterLinks(), nil)
}

// ClusterLinksWithRoute returns the cluster bus links of each node the route
// reaches.
//
// See https://valkey.io/commands/cluster-links/.
func (c *ClusterClient) ClusterLinksWithRoute(
	ctx context.Context,
	route options.RouteOption,
) (models.ClusterValue[[]map[string]any], error) {
	return runRouted(ctx, c, cmds.ClusterLinks(), route.Route)
}

// slotOwner routes to the primary of slot; nil (a random node, which rejects the
// slot) when it is out of range.
func slotOwner(slot int64) config.Route {
	if slot < 0 || slot >= slotCount {
		return nil
	}
	return config.NewSlotIdRoute(config.SlotTypePrimary, int32(slot))
}

// slotCount is the number of hash slots of a cluster.
const slotCount = 16384
