package interfaces

import (
	"context"
)

// PubSubCommands introspect pub/sub in both modes: active channels, pattern count and subscriber counts.
type PubSubCommands interface {
	PubSubChannels(ctx context.Context) ([]string, error)
	PubSubChannelsWithPattern(ctx context.Context, pattern string) ([]string, error)
	PubSubNumPat(ctx context.Context) (int64, error)
	PubSubNumSub(ctx context.Context, channels ...string) (map[string]int64, error)
}

// PubSubStandaloneCommands publish on a standalone server.
type PubSubStandaloneCommands interface {
	Publish(ctx context.Context, channel string, message string) (int64, error)
}

// PubSubClusterCommands publish in a cluster, sharded or not, and introspect sharded channels.
type PubSubClusterCommands interface {
	Publish(ctx context.Context, channel string, message string, sharded bool) (int64, error)
	PubSubShardChannels(ctx context.Context) ([]string, error)
	PubSubShardChannelsWithPattern(ctx context.Context, pattern string) ([]string, error)
	PubSubShardNumSub(ctx context.Context, channels ...string) (map[string]int64, error)
}
