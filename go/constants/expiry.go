package constants

// ExpiryType selects how an expiry is expressed on the wire (relative, absolute,
// kept, or removed). The value is the keyword itself.
type ExpiryType string

const (
	KeepExisting     ExpiryType = "KEEPTTL" // keep the key's current TTL (SET only)
	Seconds          ExpiryType = "EX"      // relative, in seconds
	Milliseconds     ExpiryType = "PX"      // relative, in milliseconds
	UnixSeconds      ExpiryType = "EXAT"    // absolute Unix time, in seconds
	UnixMilliseconds ExpiryType = "PXAT"    // absolute Unix time, in milliseconds
	Persist          ExpiryType = "PERSIST" // drop the TTL (GETEX, HGETEX)
)

// EvictionType is RESTORE's hint for the restored key's eviction metadata.
type EvictionType string

const (
	IDLETIME EvictionType = "IDLETIME" // seconds since last access (LRU policies)
	FREQ     EvictionType = "FREQ"     // access frequency counter (LFU policies)
)
