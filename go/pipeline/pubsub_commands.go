package pipeline

import "github.com/valkite/valkite/go/internal/cmds"

// Pub/sub commands. In a cluster batch the introspection commands run where the batch
// sends them (one node), not across the cluster as the client methods do.

// Publish queues PUBLISH; its result is the number of receivers, an int64.
func (b *BaseBatch[T]) Publish(channel string, message string) *T {
	return add(b, cmds.Publish(channel, message))
}

// PubSubChannels queues PUBSUB CHANNELS; its result is a []string.
func (b *BaseBatch[T]) PubSubChannels() *T { return add(b, cmds.PubSubChannels()) }

// PubSubChannelsWithPattern queues PUBSUB CHANNELS pattern; its result is a []string.
func (b *BaseBatch[T]) PubSubChannelsWithPattern(pattern string) *T {
	return add(b, cmds.PubSubChannelsWithPattern(pattern))
}

// PubSubNumPat queues PUBSUB NUMPAT; its result is an int64.
func (b *BaseBatch[T]) PubSubNumPat() *T { return add(b, cmds.PubSubNumPat()) }

// PubSubNumSub queues PUBSUB NUMSUB; its result is a map[string]int64.
func (b *BaseBatch[T]) PubSubNumSub(channels []string) *T {
	return add(b, cmds.PubSubNumSub(channels))
}

// SPublish queues SPUBLISH; its result is the number of receivers, an int64.
func (b *ClusterBatch) SPublish(channel string, message string) *ClusterBatch {
	return add(&b.BaseBatch, cmds.SPublish(channel, message))
}

// PubSubShardChannels queues PUBSUB SHARDCHANNELS; its result is a []string.
func (b *ClusterBatch) PubSubShardChannels() *ClusterBatch {
	return add(&b.BaseBatch, cmds.PubSubShardChannels())
}

// PubSubShardChannelsWithPattern queues PUBSUB SHARDCHANNELS pattern; its result is a
// []string.
func (b *ClusterBatch) PubSubShardChannelsWithPattern(pattern string) *ClusterBatch {
	return add(&b.BaseBatch, cmds.PubSubShardChannelsWithPattern(pattern))
}

// PubSubShardNumSub queues PUBSUB SHARDNUMSUB; its result is a map[string]int64.
func (b *ClusterBatch) PubSubShardNumSub(channels ...string) *ClusterBatch {
	return add(&b.BaseBatch, cmds.PubSubShardNumSub(channels))
}
