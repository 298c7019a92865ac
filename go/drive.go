package valkite

import (
	"encoding/binary"
	"runtime"
	"time"
)

// Driving the engine: waiting for replies and taking completions, for every client of
// the process (see engine.go and ARCHITECTURE.md, "Completions").
//
// Normally the engine's poller goroutine drives. While replies flow it waits in Go's
// netpoller on the engine's readiness descriptor (ready.go) and takes completions with
// the non-blocking vk_poll_ready; after a quiet spell it blocks in vk_poll, which runs
// the engine's timers on time and returns with the next completion.
//
// A lone caller drives for itself. When nothing else is in flight, the poller stands
// aside (releases driveMu and parks on kick), and a caller whose request is the only
// one pending in the process waits on the descriptor and takes its own reply: one goroutine, one wake
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

// poll is the engine's poller goroutine. It runs while the process has a client.
func (e *engine) poll() {
	fast := false
	idle := time.NewTimer(idleCheck)
	defer idle.Stop()
	for {
		if e.stopIfEmpty() {
			return
		}
		if fast && !e.takeDrive() {
			// Stand aside: nothing is expected (a lone caller may then drive), or a
			// caller drives. Callers that wait without driving kick us (see aside).
			idle.Reset(idleCheck)
			select {
			case <-e.kick:
			case <-idle.C:
				if e.inflight.Load() == 0 {
					// Quiet: the engine's timers and connection work (heartbeats,
					// reconnects) need the blocking poll, which runs them on time.
					fast = false
				}
			}
			e.aside.Store(false)
			continue
		}
		if !fast {
			e.driveMu.Lock()
		}
		var st uint8
		var n int
		if fast {
			if !e.rd.wait(quietSpell) {
				e.driveMu.Unlock()
				fast = false
				continue
			}
			st, n = e.pollReady()
		} else {
			st, n = cPoll(e.pbuf, e.pout)
			if st == statusBufferTooSmall {
				e.pbuf = make([]byte, n)
			}
		}
		if st != statusOK || n == 0 {
			// Nothing yet, a larger buffer to try, or interrupted (no client left?).
			e.driveMu.Unlock()
			continue
		}
		if fast {
			e.readyPolls.Add(1)
		} else {
			e.blockingPolls.Add(1)
		}
		// Hold the flush of every client woken here (deliver takes it): callers that
		// send their next request straight away then only append it, and this
		// goroutine sends each client's in one vk_submit after they ran, rather than
		// the first of them flushing alone.
		e.deliver(e.pbuf[:n], true)
		e.driveMu.Unlock()
		// Let the goroutines just woken run before this goroutine polls again: they
		// queue their next requests for the flushes below; and readied onto this P
		// while its thread sits in a blocking vk_poll, they would wait for sysmon to
		// retake the P (~33 µs per wake vs ~1.3 µs; see ARCHITECTURE.md).
		runtime.Gosched()
		for i, c := range e.held {
			c.held = false
			c.flush()
			e.held[i] = nil
		}
		e.held = e.held[:0]
		fast = e.rd != nil
	}
}

// takeDrive is the poller's choice between driving and standing aside. It announces
// aside before it looks at inflight, and callers look at aside after they counted
// themselves in inflight, so one of the two always sees the other: no request is left
// with nobody driving.
func (e *engine) takeDrive() bool {
	e.aside.Store(true)
	if e.inflight.Load() != 0 && e.driveMu.TryLock() {
		e.aside.Store(false)
		return true
	}
	return false
}

// pollReady is one non-blocking poll. The caller holds driveMu.
func (e *engine) pollReady() (uint8, int) {
	st, n := cPollReady(e.pbuf, e.pout)
	if st == statusBufferTooSmall {
		e.pbuf = make([]byte, n)
		st, n = cPollReady(e.pbuf, e.pout)
	}
	return st, n
}

// deliver completes every record in b, a prefix of e.pbuf, each on its own client. The
// caller holds driveMu. With hold (the poller), it also takes the flush of each client
// it completes into that nobody is flushing, listing it in e.held.
//
// The slot table is read once per run of records of one client, not once per record
// (see completeIn for why a snapshot is enough).
func (e *engine) deliver(b []byte, hold bool) {
	clients := *e.clients.Load()
	var c *core
	var cid uint32
	var slots []*waiter
	for len(b) >= completionHeader {
		id := binary.LittleEndian.Uint32(b)
		token := binary.LittleEndian.Uint64(b[4:])
		status := b[12]
		l := int(binary.LittleEndian.Uint32(b[13:]))
		payload := b[completionHeader : completionHeader+l]
		b = b[completionHeader+l:]
		if status == statusClientGone {
			e.unregister(id)
			if id == cid {
				c = nil
			}
			continue
		}
		if c == nil || id != cid {
			cid, c = id, clients[id]
			if c == nil {
				// A client already forgotten (it closed; its waiters were told).
				if status == statusOKRef {
					_, ref := refReply(payload)
					cReplyFree(ref)
				}
				continue
			}
			c.mu.Lock()
			slots = c.slots
			if hold && !c.held && !c.flushing {
				c.flushing = true
				c.held = true
				e.held = append(e.held, c)
			}
			c.mu.Unlock()
		}
		c.completeIn(slots, token, status, payload)
	}
	if len(e.pbuf) > 4<<20 {
		e.pbuf = make([]byte, 256<<10) // one huge reply should not pin its buffer
	}
}

// driveFor lets a lone caller take its own reply (see the top of this file). It returns
// with w done, or having handed the driving back to the poller; the caller then waits
// on w as usual. A caller is lone when it is the only one waiting in the whole process.
func (e *engine) driveFor(w *waiter) {
	if e.rd == nil || e.waiting.Load() != 1 || !e.driveMu.TryLock() {
		if e.aside.Load() {
			e.kickPoller() // not driving ourselves: make sure the poller does
		}
		return
	}
	// A lone request waits in the netpoller at once. While more replies are due (a
	// pipeline's), the next one is usually microseconds away: a few non-blocking polls
	// catch it without the park and wake, which otherwise leaves the server idle
	// between our reads.
	spins := spinPolls
	if e.inflight.Load() > 1 {
		spins = 0
	}
	for w.state.Load() != wDone {
		if spins >= spinPolls {
			if !e.rd.wait(quietSpell) {
				break
			}
		}
		st, n := e.pollReady()
		if n == 0 {
			spins++
		} else {
			spins = 0
		}
		if st != statusOK {
			break
		}
		if n > 0 {
			e.callerPolls.Add(1)
			e.deliver(e.pbuf[:n], false)
		}
	}
	e.driveMu.Unlock()
	// Hand back when someone else waits (they found the lock taken) or when we stop
	// before our reply came. A lone caller with more of its own requests in flight (a
	// pipeline) keeps driving on its next wait instead.
	if e.waiting.Load() > 1 || w.state.Load() != wDone {
		e.kickPoller()
	}
}
