package models

// FieldValue is one field of a stream entry. Entries keep their fields in a
// slice because a stream entry may repeat a field name and its order matters.
type FieldValue struct {
	Field string
	Value string
}

// StreamEntry is one stream entry: its ID and its fields in stored order.
type StreamEntry struct {
	ID     string
	Fields []FieldValue
}

// StreamResponse is the entries read from one stream (XREAD/XREADGROUP give one
// per requested key).
type StreamResponse struct {
	Entries []StreamEntry
}

// XClaimResponse is the fields of one claimed entry.
type XClaimResponse struct {
	Fields []FieldValue
}

// XAutoClaimResponse is XAUTOCLAIM's reply: where to resume, what was claimed,
// and the IDs that no longer exist in the stream (Valkey 7.0+).
type XAutoClaimResponse struct {
	NextEntry       string
	ClaimedEntries  []StreamEntry
	DeletedMessages []string
}

// XAutoClaimJustIdResponse is XAUTOCLAIM ... JUSTID's reply.
type XAutoClaimJustIdResponse struct {
	NextEntry       string
	ClaimedEntries  []string
	DeletedMessages []string
}

// XPendingSummary is XPENDING's summary form. StartId and EndId are nil when the
// group has nothing pending.
type XPendingSummary struct {
	NumOfMessages    int64
	StartId          Result[string]
	EndId            Result[string]
	ConsumerMessages []ConsumerPendingMessage
}

// CreateNilXPendingSummary is the summary of a group with nothing pending.
func CreateNilXPendingSummary() XPendingSummary {
	return XPendingSummary{
		StartId:          CreateNilStringResult(),
		EndId:            CreateNilStringResult(),
		ConsumerMessages: []ConsumerPendingMessage{},
	}
}

// ConsumerPendingMessage is one consumer's pending count in an XPENDING summary.
type ConsumerPendingMessage struct {
	ConsumerName string
	MessageCount int64
}

// XPendingDetail is one row of XPENDING's extended form. IdleTime is in
// milliseconds.
type XPendingDetail struct {
	Id            string
	ConsumerName  string
	IdleTime      int64
	DeliveryCount int64
}

// XInfoConsumerInfo is one consumer as XINFO CONSUMERS reports it (times in
// milliseconds). Inactive is nil on servers older than 7.2.
type XInfoConsumerInfo struct {
	Name     string
	Pending  int64
	Idle     int64
	Inactive Result[int64]
}

// XInfoGroupInfo is one group as XINFO GROUPS reports it. EntriesRead and Lag
// are nil on servers older than 7.0, and Lag is nil when it cannot be computed.
type XInfoGroupInfo struct {
	Name            string
	Consumers       int64
	Pending         int64
	LastDeliveredId string
	EntriesRead     Result[int64]
	Lag             Result[int64]
}

// XInfoStreamResponse is XINFO STREAM's summary form.
type XInfoStreamResponse struct {
	Length            int64
	RadixTreeKeys     int64
	RadixTreeNodes    int64
	Groups            int64
	LastGeneratedID   string
	MaxDeletedEntryID Result[string]
	EntriesAdded      Result[int64]
	FirstEntry        StreamEntry
	LastEntry         StreamEntry
}

// PendingEntry is one entry of a group's PEL in XINFO STREAM FULL, with the
// consumer that owns it. DeliveredTime is a Unix time in milliseconds.
type PendingEntry struct {
	Id             string
	Name           string
	DeliveredTime  int64
	DeliveredCount int64
}

// ConsumerPendingEntry is one entry of a consumer's PEL in XINFO STREAM FULL.
type ConsumerPendingEntry struct {
	Id             string
	DeliveredTime  int64
	DeliveredCount int64
}

// XInfoStreamConsumerInfo is one consumer in XINFO STREAM FULL. ActiveTime is
// nil on servers older than 7.2.
type XInfoStreamConsumerInfo struct {
	Name       string
	SeenTime   int64
	ActiveTime Result[int64]
	PelCount   int64
	Pending    []ConsumerPendingEntry
}

// XInfoStreamGroupInfo is one group in XINFO STREAM FULL.
type XInfoStreamGroupInfo struct {
	Name            string
	LastDeliveredId string
	EntriesRead     Result[int64]
	Lag             Result[int64]
	PelCount        int64
	Pending         []PendingEntry
	Consumers       []XInfoStreamConsumerInfo
}

// XInfoStreamFullOptionsResponse is XINFO STREAM FULL's reply.
type XInfoStreamFullOptionsResponse struct {
	Length               int64
	RadixTreeKeys        int64
	RadixTreeNodes       int64
	LastGeneratedID      string
	MaxDeletedEntryID    Result[string]
	EntriesAdded         Result[int64]
	FirstEntry           StreamEntry
	LastEntry            StreamEntry
	Groups               []XInfoStreamGroupInfo
	Entries              []StreamEntry
	RecordedFirstEntryId Result[string]
}
