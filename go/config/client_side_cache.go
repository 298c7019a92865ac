package config

import (
	"crypto/rand"
	"errors"
	"fmt"
)

// EvictionPolicy picks which cached entry goes when the cache is full.
type EvictionPolicy int

const (
	// EvictionPolicyLRU drops the entry read longest ago; suits data whose
	// recent use predicts its next use.
	EvictionPolicyLRU EvictionPolicy = 0
	// EvictionPolicyLFU drops the entry read least often; suits a stable set of
	// popular keys.
	EvictionPolicyLFU EvictionPolicy = 1
)

// String names the policy.
func (e EvictionPolicy) String() string {
	switch e {
	case EvictionPolicyLRU:
		return "LRU"
	case EvictionPolicyLFU:
		return "LFU"
	}
	return fmt.Sprintf("EvictionPolicy(%d)", int(e))
}

// ClientSideCache keeps read replies in process so repeated reads of the same
// key skip the network. Without ServerAssisted, entries are only dropped when
// their TTL passes, so a cached value can be stale for up to EntryTtlMs.
// Clients given the same *ClientSideCache share one cache; the identity comes
// from NewClientSideCache, so create instances with it.
type ClientSideCache struct {
	cacheId string

	// MaxCacheKb bounds the memory used by cached keys and values, in KiB.
	MaxCacheKb uint64
	// EntryTtlMs is how long an entry stays valid, in milliseconds; 0 keeps
	// entries until they are evicted or invalidated.
	EntryTtlMs uint64
	// EvictionPolicy applies when the cache is full; nil means LRU.
	EvictionPolicy *EvictionPolicy
	// EnableMetrics counts hits, misses and evictions.
	EnableMetrics bool
	// ServerAssisted turns on server invalidation (CLIENT TRACKING ... BCAST):
	// the server announces modified keys and their entries are dropped at once.
	ServerAssisted bool
}

// NewClientSideCache creates a cache of at most maxCacheKb KiB whose entries
// live entryTtlMs milliseconds (0 = no expiry).
func NewClientSideCache(maxCacheKb uint64, entryTtlMs uint64) (*ClientSideCache, error) {
	if maxCacheKb == 0 {
		return nil, errors.New("client-side cache size must be positive")
	}
	return &ClientSideCache{cacheId: newCacheID(), MaxCacheKb: maxCacheKb, EntryTtlMs: entryTtlMs}, nil
}

// WithEvictionPolicy sets the eviction policy.
func (c *ClientSideCache) WithEvictionPolicy(policy EvictionPolicy) *ClientSideCache {
	c.EvictionPolicy = &policy
	return c
}

// WithMetrics turns metric collection on or off.
func (c *ClientSideCache) WithMetrics(enable bool) *ClientSideCache {
	c.EnableMetrics = enable
	return c
}

// WithServerAssisted turns server invalidation on or off.
func (c *ClientSideCache) WithServerAssisted(enable bool) *ClientSideCache {
	c.ServerAssisted = enable
	return c
}

// newCacheID returns a random RFC 4122 version 4 identifier.
func newCacheID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
