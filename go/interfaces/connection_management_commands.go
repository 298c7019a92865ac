package interfaces

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// ConnectionManagementCommands act on the client's own connection: PING, ECHO, CLIENT ID/NAME/PAUSE, RESET.
type ConnectionManagementCommands interface {
	Ping(ctx context.Context) (string, error)
	PingWithOptions(ctx context.Context, pingOptions options.PingOptions) (string, error)
	Echo(ctx context.Context, message string) (models.Result[string], error)
	ClientId(ctx context.Context) (int64, error)
	ClientGetName(ctx context.Context) (models.Result[string], error)
	ClientSetName(ctx context.Context, connectionName string) (string, error)
	ClientPause(ctx context.Context, timeout time.Duration) (string, error)
	ClientPauseWithMode(ctx context.Context, timeout time.Duration, mode options.ClientPauseMode) (string, error)
	ClientUnpause(ctx context.Context) (string, error)
	Reset(ctx context.Context) (string, error)
	ClientTrackingInfo(ctx context.Context) (models.ClientTrackingInfo, error)
}
