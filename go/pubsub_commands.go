package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
)

// Publish sends message to every subscriber of channel and returns how many received it.
func (c *Client) Publish(ctx context.Context, channel string, message string) (int64, error) {
	return run(ctx, &c.baseClient, cmds.Publish(channel, message))
}

// Publish sends message on channel; sharded publishes with SPUBLISH, delivered by the
// shard owning the channel's slot. It returns how many subscribers received it (for
// an unsharded publish, those of the node that took it).
func (c *ClusterClient) Publish(ctx context.Context, channel string, message string, sharded bool) (int64, error) {
	if sharded {
		return run(ctx, &c.baseClient, cmds.SPublish(channel, message))
	}
	return run(ctx, &c.baseClient, cmds.Publish(channel, message))
}

// PubSubChannels lists channels with at least one subscriber (pattern subscriptions
// not counted).
func (c *Client) PubSubChannels(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.PubSubChannels())
}

// PubSubChannelsWithPattern lists active channels matching pattern.
func (c *Client) PubSubChannelsWithPattern(ctx context.Context, pattern string) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.PubSubChannelsWithPattern(pattern))
}

// PubSubNumPat counts pattern subscriptions.
func (c *Client) PubSubNumPat(ctx context.Context) (int64, error) {
	return run(ctx, &c.baseClient, cmds.PubSubNumPat())
}

// PubSubNumSub counts the subscribers of each channel.
func (c *Client) PubSubNumSub(ctx context.Context, channels ...string) (map[string]int64, error) {
	return run(ctx, &c.baseClient, cmds.PubSubNumSub(channels))
}

// PubSubChannels lists active channels over every node of the cluster.
func (c *ClusterClient) PubSubChannels(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubChannels()))
}

// PubSubChannelsWithPattern lists active channels matching pattern over every node.
func (c *ClusterClient) PubSubChannelsWithPattern(ctx context.Context, pattern string) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubChannelsWithPattern(pattern)))
}

// PubSubNumPat counts pattern subscriptions over every node.
func (c *ClusterClient) PubSubNumPat(ctx context.Context) (int64, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubNumPat()))
}

// PubSubNumSub counts each channel's subscribers over every node.
func (c *ClusterClient) PubSubNumSub(ctx context.Context, channels ...string) (map[string]int64, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubNumSub(channels)))
}

// PubSubShardChannels lists active sharded channels over every node.
func (c *ClusterClient) PubSubShardChannels(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubShardChannels()))
}

// PubSubShardChannelsWithPattern lists active sharded channels matching pattern.
func (c *ClusterClient) PubSubShardChannelsWithPattern(ctx context.Context, pattern string) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubShardChannelsWithPattern(pattern)))
}

// PubSubShardNumSub counts each sharded channel's subscribers over every node.
func (c *ClusterClient) PubSubShardNumSub(ctx context.Context, channels ...string) (map[string]int64, error) {
	return run(ctx, &c.baseClient, cmds.ClusterWide(cmds.PubSubShardNumSub(channels)))
}
