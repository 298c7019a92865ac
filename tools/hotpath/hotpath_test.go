package hotpath

import (
	"runtime"
	"sync"
	"testing"
)

func BenchmarkCgoNoopCall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		cgoNoop()
	}
}

// Steady state of a foreign thread calling an exported Go function (the per-reply
// callback shape). The first call on a new thread is part of each b.N batch here.
func BenchmarkForeignThreadCallback(b *testing.B) {
	foreignCallbacks(uint64(b.N))
}

func BenchmarkForeignThreadFirstCall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		foreignCallbacks(1) // includes creating the thread: the price of a cold callback
	}
}

// Waking a parked goroutine through a channel and back (one round trip = two wakes).
func BenchmarkChannelPingPong(b *testing.B) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- struct{}{}
		<-pong
	}
	close(ping)
}

// A goroutine blocked inside a cgo call (condvar) woken by a post from another thread,
// then waking the benchmark goroutine back through a channel: the completion path's shape.
var (
	wakeOnce sync.Once
	wakeDone = make(chan struct{}, 1)
)

func BenchmarkBlockedCgoWake(b *testing.B) {
	// One waiter for all runs of this benchmark (b.N calibration runs it several times).
	wakeOnce.Do(func() {
		go func() {
			for {
				waitItem()
				wakeDone <- struct{}{}
			}
		}()
	})
	done := wakeDone
	for i := 0; i < b.N; i++ {
		postItem()
		<-done
	}
}

func BenchmarkGoStringN64(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = goStringN(64)
	}
}

func BenchmarkCopyInto64(b *testing.B) {
	dst := make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		copyInto(dst)
	}
}

func BenchmarkGoStringN64K(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = goStringN(1 << 16)
	}
}

func BenchmarkCopyInto64K(b *testing.B) {
	dst := make([]byte, 1<<16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		copyInto(dst)
	}
}

var (
	yieldOnce sync.Once
	yieldDone = make(chan struct{}, 1)
)

// Same as BlockedCgoWake, but the poller yields its P (runtime.Gosched) after waking the
// waiter and before blocking in cgo again, so the readied goroutine is not stranded on a
// P whose thread sits in a syscall until sysmon retakes it.
func BenchmarkBlockedCgoWakeYield(b *testing.B) {
	yieldOnce.Do(func() {
		go func() {
			for {
				waitItem2()
				yieldDone <- struct{}{}
				runtime.Gosched()
			}
		}()
	})
	for i := 0; i < b.N; i++ {
		postItem2()
		<-yieldDone
	}
}
