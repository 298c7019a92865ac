package config

import (
	"fmt"

	"github.com/valkite/valkite/go/models"
)

// MessageCallback receives every message for a subscribed client, with the
// context value given to WithCallback. Without a callback, messages are queued
// for the client's message-pulling methods instead.
type MessageCallback func(message *models.PubSubMessage, ctx any)

// BaseSubscriptionConfig holds what standalone and cluster subscription
// configurations share: the callback, its context, and the channels by mode.
type BaseSubscriptionConfig struct {
	callback      MessageCallback
	context       any
	subscriptions map[uint32][]string
}

// NewBaseSubscriptionConfig returns an empty subscription configuration.
func NewBaseSubscriptionConfig() *BaseSubscriptionConfig {
	return &BaseSubscriptionConfig{}
}

// GetCallback returns the message callback, or nil.
func (config *BaseSubscriptionConfig) GetCallback() MessageCallback { return config.callback }

// GetContext returns the value passed to the callback.
func (config *BaseSubscriptionConfig) GetContext() any { return config.context }

func (config *BaseSubscriptionConfig) add(mode uint32, channelOrPattern string) {
	if config.subscriptions == nil {
		config.subscriptions = make(map[uint32][]string)
	}
	config.subscriptions[mode] = append(config.subscriptions[mode], channelOrPattern)
}

// PubSubChannelMode is a standalone subscription kind.
type PubSubChannelMode int

const (
	ExactChannelMode   PubSubChannelMode = iota // SUBSCRIBE
	PatternChannelMode                          // PSUBSCRIBE
)

// String names the mode.
func (mode PubSubChannelMode) String() string {
	switch mode {
	case ExactChannelMode:
		return "EXACT"
	case PatternChannelMode:
		return "PATTERN"
	}
	return fmt.Sprintf("PubSubChannelMode(%d)", int(mode))
}

// StandaloneSubscriptionConfig lists what a standalone client subscribes to.
type StandaloneSubscriptionConfig struct {
	*BaseSubscriptionConfig
}

// NewStandaloneSubscriptionConfig returns a configuration with no channels.
func NewStandaloneSubscriptionConfig() *StandaloneSubscriptionConfig {
	return &StandaloneSubscriptionConfig{BaseSubscriptionConfig: NewBaseSubscriptionConfig()}
}

// WithCallback delivers messages to callback, passing context along.
func (config *StandaloneSubscriptionConfig) WithCallback(callback MessageCallback, context any) *StandaloneSubscriptionConfig {
	config.callback = callback
	config.context = context
	return config
}

// WithSubscription adds a channel (exact mode) or a glob pattern.
func (config *StandaloneSubscriptionConfig) WithSubscription(
	mode PubSubChannelMode,
	channelOrPattern string,
) *StandaloneSubscriptionConfig {
	config.add(uint32(mode), channelOrPattern)
	return config
}

// PubSubClusterChannelMode is a cluster subscription kind.
type PubSubClusterChannelMode int

const (
	ExactClusterChannelMode   PubSubClusterChannelMode = iota // SUBSCRIBE
	PatternClusterChannelMode                                 // PSUBSCRIBE
	ShardedClusterChannelMode                                 // SSUBSCRIBE: delivered by the channel's shard only
)

// String names the mode.
func (mode PubSubClusterChannelMode) String() string {
	switch mode {
	case ExactClusterChannelMode:
		return "EXACT"
	case PatternClusterChannelMode:
		return "PATTERN"
	case ShardedClusterChannelMode:
		return "SHARDED"
	}
	return fmt.Sprintf("PubSubClusterChannelMode(%d)", int(mode))
}

// ClusterSubscriptionConfig lists what a cluster client subscribes to.
type ClusterSubscriptionConfig struct {
	*BaseSubscriptionConfig
}

// NewClusterSubscriptionConfig returns a configuration with no channels.
func NewClusterSubscriptionConfig() *ClusterSubscriptionConfig {
	return &ClusterSubscriptionConfig{BaseSubscriptionConfig: NewBaseSubscriptionConfig()}
}

// WithCallback delivers messages to callback, passing context along.
func (config *ClusterSubscriptionConfig) WithCallback(callback MessageCallback, context any) *ClusterSubscriptionConfig {
	config.callback = callback
	config.context = context
	return config
}

// WithSubscription adds a channel, pattern or sharded channel.
func (config *ClusterSubscriptionConfig) WithSubscription(
	mode PubSubClusterChannelMode,
	channelOrPattern string,
) *ClusterSubscriptionConfig {
	config.add(uint32(mode), channelOrPattern)
	return config
}
