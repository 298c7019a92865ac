package valkite

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// readiness lets the poller wait for replies in Go's netpoller rather than inside a
// cgo call. A goroutine blocked in cgo keeps its thread; after ~20 µs Go gives the
// thread's P to another thread, and taking one back when the call returns costs
// futex wake-ups on every round trip (ARCHITECTURE.md, "the poller"). Parked in the
// netpoller, the poller costs what any goroutine reading a socket costs, and the cgo
// call that follows (vk_poll_ready) is short.
//
// The descriptor is the core's epoll instance over the connections' sockets (see
// ffi/src/ready.rs); Go holds a duplicate, so closing it here never closes the core's.
// It does not fire for the core's timers, so waits are bounded and the poller falls
// back to the blocking vk_poll once traffic pauses.
type readiness struct {
	f        *os.File
	rc       syscall.RawConn
	fd       int
	events   [1]syscall.EpollEvent
	checked  bool
	deadline time.Time
	check    func(uintptr) bool // r.readable, bound once: a fresh closure per wait would allocate
}

func newReadiness(fd int) *readiness {
	if fd < 0 {
		return nil
	}
	dup, err := syscall.Dup(fd)
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(dup)
	if err := syscall.SetNonblock(dup, true); err != nil {
		syscall.Close(dup)
		return nil
	}
	f := os.NewFile(uintptr(dup), "valkite-ready")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil
	}
	r := &readiness{f: f, rc: rc, fd: dup}
	r.check = r.readable
	return r
}

// ready asks the epoll instance directly whether anything is readable now.
func (r *readiness) ready() bool {
	n, err := syscall.EpollWait(r.fd, r.events[:], 0)
	return err == nil && n > 0
}

// wait returns true when the descriptor is (or becomes) readable, false after a quiet
// spell of at least quiet/2 with nothing to read.
//
// The deadline is only pushed out when it is about to fall due, not on every wait:
// arming a timer earlier than the one an idle thread sleeps in the netpoller for
// wakes that thread (netpollBreak), which at one wait per round trip would cost a
// context switch per request.
func (r *readiness) wait(quiet time.Duration) bool {
	if now := time.Now(); r.deadline.Sub(now) < quiet/2 {
		r.deadline = now.Add(quiet)
		if err := r.f.SetReadDeadline(r.deadline); err != nil {
			return false
		}
	}
	r.checked = false
	err := r.rc.Read(r.check)
	return err == nil || !errors.Is(err, os.ErrDeadlineExceeded)
}

// readable is the RawConn callback. Go clears the descriptor's ready mark before the
// first call, so an edge that came between ready() and then would be lost: check once
// more directly, then leave the waiting to the netpoller.
func (r *readiness) readable(uintptr) bool {
	if r.checked {
		return true
	}
	r.checked = true
	return r.ready()
}

func (r *readiness) close() {
	if r != nil {
		r.f.Close()
	}
}
