package valkite

import (
	"strconv"

	"github.com/valkite/valkite/go/internal/errs"
)

// Submission of batches: several records appended under one hold of c.mu.
//
// Records appended together are contiguous in the buffer handed to vk_submit, the core
// pushes them onto the connection under one lock, so they leave in one write with
// nothing from another goroutine in between. That is what makes MULTI … EXEC safe on a
// connection shared by every caller of the client.
//
// The core's in-flight limit is checked per record: a transaction that crossed it
// half-way would have some records refused and the rest sent — MULTI without its EXEC
// leaves the shared connection inside a transaction. So a batch is only appended when
// all its records fit (roomLocked), and records never reach the core to be refused.

// batchReserve is the part of the limit left to requests the core makes on its own
// (heartbeat PING, role discovery), which hold slots this side cannot see.
const batchReserve = 2

// batchCapacity is the most records one all-or-nothing submission can carry.
func (c *core) batchCapacity() int {
	if c.inflightLimit <= batchReserve {
		return 1 // a tiny limit: pipelines still run, one record at a time
	}
	return c.inflightLimit - batchReserve
}

// roomLocked is how many records can be appended now with none refused for the
// in-flight limit. Every request the core counts has a waiter slot here that is not
// free yet (the core releases its count before the completion that frees the slot
// arrives), so slots in use bound the core's count from above. Caller holds c.mu.
func (c *core) roomLocked() int {
	return c.batchCapacity() - (len(c.slots) - len(c.free))
}

// streamChunk is how many records of a pipeline go to the core per submission. A
// pipeline handed over whole would keep the server idle while the rest is encoded; in
// chunks, the first commands are on the wire (and being executed) while later ones are
// still being written here. Much smaller chunks cost a write syscall per few commands.
const streamChunk = 128

// submitRecords appends records for the argument vectors in args, in order, and stores
// their waiters in ws (len(ws) ≥ len(args)). It appends as many as fit under the
// in-flight limit, all or nothing below least: it returns how many it appended, or an
// error when fewer than least fit (nothing appended then).
//
// The first least records are appended under one hold of c.mu, so they reach the core
// contiguously (a transaction needs that); records past least go in chunks of streamChunk,
// each flushed as soon as it is appended.
func (c *core) submitRecords(args [][]string, timeoutUs uint64, route routeArg, ws []*waiter, least int) (int, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return 0, &errs.ClosingError{Msg: "client is closed"}
	}
	n := len(args)
	if room := c.roomLocked(); room < n {
		n = room
	}
	if n < least || n <= 0 {
		c.mu.Unlock()
		return 0, c.inflightError(least)
	}
	done := 0
	for {
		// The first chunk covers least; later ones are streamChunk long.
		end := min(n, done+max(streamChunk, least-done))
		for i := done; i < end; i++ {
			ws[i] = c.appendRecord(args[i], timeoutUs, route)
		}
		done = end
		if !c.flushing { // else whoever flushes takes ours too
			c.flushing = true
			c.mu.Unlock()
			c.flush()
			c.mu.Lock()
		}
		if done == n || c.closed {
			break
		}
		if room := c.roomLocked(); room < n-done {
			n = done + room // others took some of the room meanwhile
			if room <= 0 {
				break
			}
		}
	}
	c.mu.Unlock()
	return done, nil
}

// inflightError explains a batch that does not fit: too big for the limit at all, or
// too big for what other requests leave of it right now (GLIDE fails a request at the
// limit too, rather than queueing it).
func (c *core) inflightError(need int) error {
	if need > c.batchCapacity() {
		return &errs.RequestError{Msg: "valkite: a transaction of " + strconv.Itoa(need-2) +
			" commands needs " + strconv.Itoa(need) + " in-flight requests, more than the client's limit allows (" +
			strconv.Itoa(c.inflightLimit) + ", of which " + strconv.Itoa(batchReserve) +
			" are reserved); raise it with WithInflightRequestsLimit"}
	}
	return &errs.RequestError{Msg: "valkite: too many requests in flight (limit " +
		strconv.Itoa(c.inflightLimit) + "); batch not sent"}
}

// drop gives up on a waiter the caller has not waited on: a pending one is left for the
// poller to recycle when its completion arrives, a completed one is recycled now (no
// wake-up was sent for it: that only happens to a waiter parked in wait).
func (c *core) drop(w *waiter) {
	if w.state.CompareAndSwap(wPending, wAbandoned) {
		return
	}
	c.recycle(w)
}

// recycleAll is recycle for many waiters with one hold of c.mu: a pipeline frees its
// slots in groups rather than contending with the poller once per reply.
func (c *core) recycleAll(ws []*waiter) {
	for _, w := range ws {
		w.reset()
	}
	c.mu.Lock()
	for _, w := range ws {
		c.free = append(c.free, w.slot)
	}
	c.mu.Unlock()
}
