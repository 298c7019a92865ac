package models

// PubSubChannelMode is the kind of a subscription in a PubSubState.
type PubSubChannelMode int

const (
	Exact   PubSubChannelMode = iota // SUBSCRIBE
	Pattern                          // PSUBSCRIBE
	Sharded                          // SSUBSCRIBE (cluster only)
)

// PubSubState compares what a client wants to be subscribed to with what the
// server currently has, per mode. The two differ briefly after a reconnect or a
// slot migration, until the client resubscribes.
type PubSubState struct {
	DesiredSubscriptions map[PubSubChannelMode]map[string]struct{}
	ActualSubscriptions  map[PubSubChannelMode]map[string]struct{}
}

// NewPubSubState returns a state with both maps allocated.
func NewPubSubState() *PubSubState {
	return &PubSubState{
		DesiredSubscriptions: map[PubSubChannelMode]map[string]struct{}{},
		ActualSubscriptions:  map[PubSubChannelMode]map[string]struct{}{},
	}
}
