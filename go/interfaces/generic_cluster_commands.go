package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// GenericClusterCommands are the cluster forms of arbitrary commands, cluster-wide SCAN and RANDOMKEY.
type GenericClusterCommands interface {
	CustomCommand(ctx context.Context, args []string) (models.ClusterValue[any], error)
	CustomCommandWithRoute(ctx context.Context, args []string, route config.Route) (models.ClusterValue[any], error)
	Scan(ctx context.Context, cursor models.ClusterScanCursor) (models.ClusterScanResult, error)
	ScanWithOptions(ctx context.Context, cursor models.ClusterScanCursor, opts options.ClusterScanOptions) (models.ClusterScanResult, error)
	RandomKey(ctx context.Context) (models.Result[string], error)
	RandomKeyWithRoute(ctx context.Context, opts options.RouteOption) (models.Result[string], error)
}
