package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// BaseClientCommands is what standalone and cluster clients share: every data-type group plus WATCH/UNWATCH and Close.
type BaseClientCommands interface {
	StringCommands
	HashCommands
	ListCommands
	SetCommands
	StreamCommands
	SortedSetCommands
	HyperLogLogCommands
	GenericBaseCommands
	BitmapCommands
	GeoSpatialCommands
	ScriptingAndFunctionBaseCommands
	PubSubCommands

	Watch(ctx context.Context, keys []string) (string, error)
	Unwatch(ctx context.Context) (string, error)
	Close()
}

// GlideClientCommands is the full method set of the standalone client (valkite.Client).
type GlideClientCommands interface {
	BaseClientCommands
	GenericCommands
	ServerManagementCommands
	BitmapCommands
	ConnectionManagementCommands
	ScriptingAndFunctionStandaloneCommands
	PubSubStandaloneCommands

	Exec(ctx context.Context, batch pipeline.StandaloneBatch, raiseOnError bool) ([]any, error)
	ExecWithOptions(ctx context.Context, batch pipeline.StandaloneBatch, raiseOnError bool, options pipeline.StandaloneBatchOptions) ([]any, error)
}

// GlideClusterClientCommands is the full method set of the cluster client (valkite.ClusterClient).
type GlideClusterClientCommands interface {
	BaseClientCommands
	GenericClusterCommands
	ServerManagementClusterCommands
	ConnectionManagementClusterCommands
	ScriptingAndFunctionClusterCommands
	PubSubClusterCommands
	ClusterManagementCommands

	UnwatchWithOptions(ctx context.Context, route options.RouteOption) (string, error)
	Exec(ctx context.Context, batch pipeline.ClusterBatch, raiseOnError bool) ([]any, error)
	ExecWithOptions(ctx context.Context, batch pipeline.ClusterBatch, raiseOnError bool, options pipeline.ClusterBatchOptions) ([]any, error)
}
