package valkite

import (
	"encoding/binary"
	"runtime"
	"time"
)

// Driving the core: waiting for replies and taking completions (see ARCHITECTURE.md,
// "Completions").
//
// Normally the poller goroutine drives. While replies flow it waits in Go's netpoller
// on the core's readiness descriptor (ready.go) and takes completions with the
// non-blocking vk_poll_ready; after a quiet spell it blocks in vk_poll, which runs the
// core's timers on time and returns with the next completion.
//
// A lone caller drives for itself. When nothing else is in flight, the poller stands
// aside (releases driveMu and parks on kick), and a caller whose request is the only
// one pending waits on the descriptor and takes its own reply: one goroutine, one wake
// per round trip, where a hand-off from the poller costs a second goroutine's wake and,
// with an idle P, a second thread's (measured: ≈ 2 futex calls per request against
// ≈ 0.1). The caller hands back — kicks the poller — when others are in flight after
// its reply, or when a quiet spell passes without it (the core's timers need the
// blocking poll then).

// quietSpell is how long a driver waits in the netpoller before it falls back to the
// blocking vk_poll, where the core's timers (request timeouts, heartbeats, reconnects)
// run on time. Under traffic replies come far sooner than this.
const quietSpell = 2 * time.Millisecond

// idleCheck is how often a poller that stood aside looks whether it should take the
// blocking poll back: when it finds nothing in flight, so that the core's timers and
// connection work run on time even while a lone caller's polls are far apart.
const idleCheck = 20 * time.Millisecond

// spinPolls is how many empty non-blocking polls a driver makes, while replies are
// streaming in, before it parks in the netpoller.
const spinPolls = 8

// poll runs on its own goroutine for the client's lifetime.
func (c *core) poll() {
	defer close(c.pollDone)
	fast := false
	idle := time.NewTimer(idleCheck)
	defer idle.Stop()
	for {
		if fast && !c.takeDrive() {
			// Stand aside: nothing is expected (a lone caller may then drive), or a
			// caller drives. Callers that wait without driving kick us (see aside).
			idle.Reset(idleCheck)
			select {
			case <-c.kick:
			case <-idle.C:
				if c.inflight.Load() == 0 {
					// Quiet: the core's timers and connection work (heartbeats,
					// reconnects) need the blocking poll, which runs them on time.
					fast = false
				}
			}
			c.aside.Store(false)
			continue
		}
		if !fast {
			c.driveMu.Lock()
		}
		var st uint8
		var n int
		if fast {
			if !c.rd.wait(quietSpell) {
				c.driveMu.Unlock()
				fast = false
				continue
			}
			st, n = c.pollReady()
		} else {
			st, n = cPoll(c.handle, c.pbuf, c.pout)
			if st == statusBufferTooSmall {
				c.pbuf = make([]byte, n)
			}
		}
		if st != statusOK {
			c.driveMu.Unlock()
			if st == statusBufferTooSmall {
				continue
			}
			return // closing, and every completion has been delivered
		}
		if n == 0 {
			c.driveMu.Unlock()
			continue
		}
		if fast {
			c.readyPolls.Add(1)
		} else {
			c.blockingPolls.Add(1)
		}
		// Hold the flush while waking callers: the ones that send their next request
		// straight away then only append it, and this goroutine sends them all in one
		// vk_submit after they ran, rather than the first of them flushing alone.
		c.mu.Lock()
		flushHere := !c.flushing
		c.flushing = true
		c.mu.Unlock()
		c.deliver(c.pbuf[:n])
		c.driveMu.Unlock()
		// Let the goroutines just woken run before this goroutine polls again: they
		// queue their next requests for the flush below; and readied onto this P while
		// its thread sits in a blocking vk_poll, they would wait for sysmon to retake
		// the P (~33 µs per wake vs ~1.3 µs; see ARCHITECTURE.md).
		runtime.Gosched()
		if flushHere {
			c.flush()
		}
		fast = c.rd != nil
	}
}

// takeDrive is the poller's choice between driving and standing aside. It announces
// aside before it looks at inflight, and callers look at aside after they counted
// themselves in inflight, so one of the two always sees the other: no request is left
// with nobody driving.
func (c *core) takeDrive() bool {
	c.aside.Store(true)
	if c.inflight.Load() != 0 && c.driveMu.TryLock() {
		c.aside.Store(false)
		return true
	}
	return false
}

// pollReady is one non-blocking poll. The caller holds driveMu.
func (c *core) pollReady() (uint8, int) {
	c.handleMu.RLock()
	defer c.handleMu.RUnlock()
	if c.handle == nil {
		return statusClosing, 0
	}
	st, n := cPollReady(c.handle, c.pbuf, c.pout)
	if st == statusBufferTooSmall {
		c.pbuf = make([]byte, n)
		st, n = cPollReady(c.handle, c.pbuf, c.pout)
	}
	return st, n
}

// deliver completes every record in b, a prefix of c.pbuf. The caller holds driveMu.
func (c *core) deliver(b []byte) {
	c.mu.Lock()
	slots := c.slots
	c.mu.Unlock()
	for len(b) >= 13 {
		token := binary.LittleEndian.Uint64(b)
		status := b[8]
		l := int(binary.LittleEndian.Uint32(b[9:]))
		c.completeIn(slots, token, status, b[13:13+l])
		b = b[13+l:]
	}
	if len(c.pbuf) > 4<<20 {
		c.pbuf = make([]byte, 256<<10) // one huge reply should not pin its buffer
	}
}

// driveFor lets a lone caller take its own reply (see the top of this file). It returns
// with w done, or having handed the driving back to the poller; the caller then waits
// on w as usual.
func (c *core) driveFor(w *waiter) {
	if c.rd == nil || c.waiting.Load() != 1 || !c.driveMu.TryLock() {
		if c.aside.Load() {
			c.kickPoller() // not driving ourselves: make sure the poller does
		}
		return
	}
	// A lone request waits in the netpoller at once. While more replies are due (a
	// pipeline's), the next one is usually microseconds away: a few non-blocking polls
	// catch it without the park and wake, which otherwise leaves the server idle
	// between our reads.
	spins := spinPolls
	if c.inflight.Load() > 1 {
		spins = 0
	}
	for w.state.Load() != wDone {
		if spins >= spinPolls {
			if !c.rd.wait(quietSpell) {
				break
			}
		}
		st, n := c.pollReady()
		if n == 0 {
			spins++
		} else {
			spins = 0
		}
		if st != statusOK {
			break
		}
		if n > 0 {
			c.callerPolls.Add(1)
			c.deliver(c.pbuf[:n])
		}
	}
	c.driveMu.Unlock()
	// Hand back when someone else waits (they found the lock taken) or when we stop
	// before our reply came. A lone caller with more of its own requests in flight (a
	// pipeline) keeps driving on its next wait instead.
	if c.waiting.Load() > 1 || w.state.Load() != wDone {
		c.kickPoller()
	}
}

// kickPoller wakes a poller that stood aside (or makes its next stand-aside a no-op).
func (c *core) kickPoller() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}
