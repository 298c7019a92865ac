package models

import "encoding/json"

// PubSubMessage is one message delivered to a subscriber. Pattern is set only
// for messages received through a pattern subscription.
type PubSubMessage struct {
	Message string
	Channel string
	Pattern Result[string]
}

// NewPubSubMessage builds a message received on an exact or sharded channel.
func NewPubSubMessage(message, channel string) *PubSubMessage {
	return &PubSubMessage{Message: message, Channel: channel, Pattern: CreateNilStringResult()}
}

// NewPubSubMessageWithPattern builds a message received through a pattern.
func NewPubSubMessageWithPattern(message, channel string, pattern Result[string]) *PubSubMessage {
	return &PubSubMessage{Message: message, Channel: channel, Pattern: pattern}
}

// ToString renders the message as JSON, for logging. It returns "" if the
// message cannot be encoded.
func (msg *PubSubMessage) ToString() string {
	b, err := json.Marshal(msg)
	if err != nil {
		return ""
	}
	return string(b)
}
