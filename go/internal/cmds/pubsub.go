package cmds

// Pub/sub publishing and introspection. Subscribing is not a command here: the client
// keeps subscriptions itself (see the root package's pubsub_subscribe.go).

func Publish(channel, message string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"PUBLISH", channel, message}, Decode: DecodeInt}
}

// SPublish publishes on a sharded channel: its slot's shard delivers it.
func SPublish(channel, message string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"SPUBLISH", channel, message}, Decode: DecodeInt}
}

func PubSubChannels() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"PUBSUB", "CHANNELS"}, Decode: DecodeStringArray}
}

func PubSubChannelsWithPattern(pattern string) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"PUBSUB", "CHANNELS", pattern}, Decode: DecodeStringArray}
}

func PubSubNumPat() Cmd[int64] {
	return Cmd[int64]{Args: []string{"PUBSUB", "NUMPAT"}, Decode: DecodeInt}
}

func PubSubNumSub(channels []string) Cmd[map[string]int64] {
	return Cmd[map[string]int64]{Args: append([]string{"PUBSUB", "NUMSUB"}, channels...), Decode: DecodeStringIntMap}
}

func PubSubShardChannels() Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"PUBSUB", "SHARDCHANNELS"}, Decode: DecodeStringArray}
}

func PubSubShardChannelsWithPattern(pattern string) Cmd[[]string] {
	return Cmd[[]string]{Args: []string{"PUBSUB", "SHARDCHANNELS", pattern}, Decode: DecodeStringArray}
}

func PubSubShardNumSub(channels []string) Cmd[map[string]int64] {
	return Cmd[map[string]int64]{Args: append([]string{"PUBSUB", "SHARDNUMSUB"}, channels...), Decode: DecodeStringIntMap}
}

// ClusterWide marks a PUBSUB introspection command to be asked of every cluster node
// and combined by the core (lists concatenated, counts summed, per-channel counts
// merged), as GLIDE combines them.
func ClusterWide[T any](c Cmd[T]) Cmd[T] {
	return Cmd[T]{Args: append([]string{"\x00pubsub-cluster"}, c.Args...), Decode: c.Decode}
}
