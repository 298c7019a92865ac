// Package harness is the part of the benchmark that every client shares: the
// workloads, the caller goroutines, the measurements and the worker's command
// line. Each client lives in its own worker binary (see ../workers) so that a
// peer that cannot be built or linked here only removes its own column.
package harness

import (
	"context"
	"time"
)

// Client is the narrow surface a workload needs. Adapters translate it to a
// client's own API without adding work of their own, so differences measured
// here are differences between the clients.
type Client interface {
	// Set stores value under key; an unexpected reply is an error.
	Set(ctx context.Context, key, value string) error
	// Get returns the value and whether the key existed.
	Get(ctx context.Context, key string) (value string, found bool, err error)
	// MGet fetches keys in one command. When check is non-nil the adapter
	// calls it for each reply element so the harness can verify contents;
	// otherwise it only counts errors.
	MGet(ctx context.Context, keys []string, check func(i int, value string, found bool)) error
	Close()
}

// Target says where the server is and how it is laid out.
type Target struct {
	Addrs   []Addr
	Cluster bool
	// Callers is how many goroutines will share the client: a client with an in-flight
	// cap it can configure should allow at least this many, or the run measures its
	// refusals rather than its throughput.
	Callers int
}

// Addr is one host:port pair.
type Addr struct {
	Host string
	Port int
}

// Factory connects one client. Variant selects a flavour inside a worker (for
// example go-redis with and without auto-pipelining).
type Factory func(ctx context.Context, t Target, variant string) (Client, error)

// Blocker is what the get64blk workload needs besides Client: a BLPOP on one key.
// A nil reply (timeout) is not an error.
type Blocker interface {
	BLPop(ctx context.Context, key string, timeout time.Duration) error
}
