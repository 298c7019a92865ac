package valkite

import (
	"sync"
	"sync/atomic"
)

// engine is the Go side of the process's one engine (see ARCHITECTURE.md, "The
// engine"). Every client of the process, standalone or cluster, runs on one Rust
// runtime and completes into one queue; this is the one place that takes those
// completions and hands each to its client's waiter. So a process has one poller
// goroutine however many clients it holds, and at most one thread parked in cgo (the
// poller's, while everything is quiet).
//
// Per client stay: the submission batch and its flusher, the waiter slots, the
// in-flight limit, timeouts and errors (core.go). Shared here: who drives the engine
// (driveMu, the poller or a lone caller), the readiness descriptor, the poll buffer,
// and the counts a driver decides on (requests in flight, callers waiting).
type engine struct {
	mu       sync.Mutex
	clients  atomic.Pointer[map[uint32]*core] // copy-on-write; writes under mu
	pollerOn bool                             // the poller goroutine runs (under mu)
	started  bool                             // rd, pbuf, pout set up (under mu)

	// Whoever holds driveMu may call the poll functions and use rd, pbuf and pout.
	driveMu sync.Mutex
	rd      *readiness
	pbuf    []byte
	pout    pollOut

	kick     chan struct{} // wakes a poller that stood aside
	aside    atomic.Bool   // the poller stands aside (or is about to)
	inflight atomic.Int32  // requests submitted by any client and not yet completed
	waiting  atomic.Int32  // callers inside wait, woken or not: 1 means a lone caller

	// held lists the clients whose flush the poller holds while it wakes their callers
	// (drive.go); only the poller goroutine touches it.
	held []*core

	// Polls that returned completions, by kind: the engine's own account of how often
	// it got replies without blocking a thread in cgo (read by tests).
	readyPolls, blockingPolls, callerPolls atomic.Uint64
}

var eng = newEngine()

func newEngine() *engine {
	e := &engine{kick: make(chan struct{}, 1)}
	e.clients.Store(&map[uint32]*core{})
	return e
}

// register adds a client whose Rust side exists (so the Rust engine does too) and
// makes sure the poller runs.
func (e *engine) register(c *core) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.started {
		e.started = true
		e.rd = newReadiness(cReadyFd())
		e.pbuf = make([]byte, 256<<10)
		e.pout = newPollOut()
	}
	old := *e.clients.Load()
	m := make(map[uint32]*core, len(old)+1)
	for id, oc := range old {
		m[id] = oc
	}
	m[c.id] = c
	e.clients.Store(&m)
	if !e.pollerOn {
		e.pollerOn = true
		go e.poll()
	}
}

// unregister forgets a client the core reported gone: nothing more comes for it.
func (e *engine) unregister(id uint32) {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := *e.clients.Load()
	if _, ok := old[id]; !ok {
		return // a client that failed to connect was never registered
	}
	m := make(map[uint32]*core, len(old))
	for oid, oc := range old {
		if oid != id {
			m[oid] = oc
		}
	}
	e.clients.Store(&m)
	if len(m) == 0 {
		// The poller stops once it finds no client; wake it wherever it waits.
		cPollInterrupt()
		e.kickPoller()
	}
}

// stopIfEmpty is the poller's exit: with no client left it marks itself stopped (under
// mu, so a register racing it starts a new poller) and returns true.
func (e *engine) stopIfEmpty() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(*e.clients.Load()) != 0 {
		return false
	}
	e.pollerOn = false
	return true
}

// kickPoller wakes a poller that stood aside (or makes its next stand-aside a no-op).
func (e *engine) kickPoller() {
	select {
	case e.kick <- struct{}{}:
	default:
	}
}
