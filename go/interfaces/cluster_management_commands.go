package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// ClusterManagementCommands inspect the cluster itself: CLUSTER INFO, NODES, SHARDS, slots and links.
type ClusterManagementCommands interface {
	ClusterInfo(ctx context.Context) (string, error)
	ClusterInfoWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[string], error)
	ClusterNodes(ctx context.Context) (string, error)
	ClusterNodesWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[string], error)
	ClusterShards(ctx context.Context) ([]map[string]any, error)
	ClusterShardsWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[[]map[string]any], error)
	ClusterKeySlot(ctx context.Context, key string) (int64, error)
	ClusterMyId(ctx context.Context) (string, error)
	ClusterMyIdWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[string], error)
	ClusterMyShardId(ctx context.Context) (string, error)
	ClusterMyShardIdWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[string], error)
	ClusterGetKeysInSlot(ctx context.Context, slot int64, count int64) ([]string, error)
	ClusterCountKeysInSlot(ctx context.Context, slot int64) (int64, error)
	ClusterLinks(ctx context.Context) ([]map[string]any, error)
	ClusterLinksWithRoute(ctx context.Context, route options.RouteOption) (models.ClusterValue[[]map[string]any], error)
}
