package interfaces

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// ConnectionManagementClusterCommands are the connection commands of a cluster client; the WithOptions forms take a route.
type ConnectionManagementClusterCommands interface {
	Ping(ctx context.Context) (string, error)
	PingWithOptions(ctx context.Context, pingOptions options.ClusterPingOptions) (string, error)
	Echo(ctx context.Context, message string) (models.Result[string], error)
	EchoWithOptions(ctx context.Context, message string, routeOptions options.RouteOption) (models.ClusterValue[string], error)
	ClientId(ctx context.Context) (models.ClusterValue[int64], error)
	ClientIdWithOptions(ctx context.Context, routeOptions options.RouteOption) (models.ClusterValue[int64], error)
	ClientSetName(ctx context.Context, connectionName string) (string, error)
	ClientSetNameWithOptions(ctx context.Context, connectionName string, routeOptions options.RouteOption) (string, error)
	ClientGetName(ctx context.Context) (models.Result[string], error)
	ClientGetNameWithOptions(ctx context.Context, routeOptions options.RouteOption) (models.ClusterValue[models.Result[string]], error)
	ClientPause(ctx context.Context, timeout time.Duration) (string, error)
	ClientPauseWithOptions(ctx context.Context, timeout time.Duration, options options.ClientPauseClusterOptions) (string, error)
	ClientUnpause(ctx context.Context) (string, error)
	ClientUnpauseWithOptions(ctx context.Context, options options.RouteOption) (string, error)
	ClientTrackingInfo(ctx context.Context) (models.ClientTrackingInfo, error)
	ClientTrackingInfoWithOptions(ctx context.Context, routeOptions options.RouteOption) (models.ClusterValue[models.ClientTrackingInfo], error)
}
