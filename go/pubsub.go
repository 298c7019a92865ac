package valkite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/models"
)

// pubsub is one client's message delivery (see ARCHITECTURE.md, "Pub/sub").
//
// The core queues every pushed message in the order its connections read them and
// writes an eventfd. One goroutine per client (started on first need) waits for that
// descriptor in Go's netpoller, takes the queued messages in one cgo call per batch,
// and hands them, one at a time and in order, to the callback or to the client's
// queue. Running the callback on that one goroutine is what keeps a channel's order:
// a callback that blocks delays later messages rather than reordering them.
type pubsub struct {
	c        *core
	callback config.MessageCallback
	cbCtx    any
	queue    *PubSubMessageQueue
	cluster  bool

	once sync.Once
	file *os.File // duplicate of the core's eventfd; closing it stops the loop
	// calling is set while the callback runs: a Close from inside the callback must
	// not wait for the delivery goroutine, which is its caller.
	calling atomic.Bool
	done    chan struct{}
	err     error // why the loop could not start
}

func newPubSub(c *core, cb config.MessageCallback, cbCtx any) *pubsub {
	p := &pubsub{c: c, callback: cb, cbCtx: cbCtx, done: make(chan struct{})}
	if cb == nil {
		p.queue = newPubSubMessageQueue(p)
	}
	return p
}

// start launches the delivery goroutine once.
func (p *pubsub) start() error {
	p.once.Do(func() {
		p.c.handleMu.RLock()
		fd := -1
		if p.c.handle != nil {
			fd = cPubSubFd(p.c.handle)
		}
		p.c.handleMu.RUnlock()
		if fd < 0 {
			p.err = &errs.ClosingError{Msg: "valkite: no pub/sub descriptor (client closed or out of descriptors)"}
			close(p.done)
			return
		}
		dup, err := syscall.Dup(fd)
		if err != nil {
			p.err = fmt.Errorf("valkite: pub/sub descriptor: %w", err)
			close(p.done)
			return
		}
		syscall.CloseOnExec(dup)
		if err := syscall.SetNonblock(dup, true); err != nil {
			syscall.Close(dup)
			p.err = fmt.Errorf("valkite: pub/sub descriptor: %w", err)
			close(p.done)
			return
		}
		p.file = os.NewFile(uintptr(dup), "valkite-pubsub")
		go p.loop()
	})
	return p.err
}

// close stops delivery; messages not yet delivered are dropped with the client. It
// waits for the delivery goroutine to end, unless a callback is running (Close may be
// called from inside it); the goroutine then ends as soon as the callback returns.
func (p *pubsub) close() {
	p.once.Do(func() { close(p.done) }) // never started: nothing to stop
	if p.file != nil {
		p.file.Close()
	}
	if p.calling.Load() {
		return
	}
	<-p.done
}

func (p *pubsub) loop() {
	defer close(p.done)
	var counter [8]byte
	buf := make([]byte, 64<<10)
	for {
		// Reset the counter first, then take: a message queued after the take
		// writes the descriptor again, so none is left behind.
		if _, err := p.file.Read(counter[:]); err != nil {
			if errors.Is(err, os.ErrClosed) {
				return
			}
			if !errors.Is(err, syscall.EAGAIN) {
				return
			}
		}
		for {
			p.c.handleMu.RLock()
			if p.c.handle == nil {
				p.c.handleMu.RUnlock()
				return
			}
			st, n := cPubSubTake(p.c.handle, buf)
			p.c.handleMu.RUnlock()
			if st == statusBufferTooSmall {
				buf = make([]byte, n)
				continue
			}
			if st != statusOK || n == 0 {
				break
			}
			p.deliverBatch(buf[:n])
			if cap(buf) > 1<<20 {
				buf = make([]byte, 64<<10) // one huge message should not pin its memory
			}
		}
	}
}

// deliverBatch decodes message records (see vk_pubsub_take) and delivers each.
func (p *pubsub) deliverBatch(b []byte) {
	const header = 14
	for len(b) >= header {
		hasPattern := b[1] == 1
		cl := int(binary.LittleEndian.Uint32(b[2:]))
		pl := int(binary.LittleEndian.Uint32(b[6:]))
		ml := int(binary.LittleEndian.Uint32(b[10:]))
		if len(b) < header+cl+pl+ml {
			return
		}
		rest := b[header:]
		channel := string(rest[:cl])
		pattern := string(rest[cl : cl+pl])
		message := string(rest[cl+pl : cl+pl+ml])
		b = rest[cl+pl+ml:]
		var m *models.PubSubMessage
		if hasPattern {
			m = models.NewPubSubMessageWithPattern(message, channel, models.CreateStringResult(pattern))
		} else {
			m = models.NewPubSubMessage(message, channel)
		}
		p.deliver(m)
	}
}

func (p *pubsub) deliver(m *models.PubSubMessage) {
	if p.callback == nil {
		p.queue.push(m)
		return
	}
	p.call(m)
}

// call runs the callback; a panic is recovered and logged, and delivery goes on.
func (p *pubsub) call(m *models.PubSubMessage) {
	defer func() {
		if r := recover(); r != nil {
			pubsubPanicReport(m, r)
		}
	}()
	p.calling.Store(true)
	defer p.calling.Store(false)
	p.callback(m, p.cbCtx)
}

// pubsubPanicReport is where a panicking callback is reported (a variable so tests
// can observe it).
var pubsubPanicReport = func(m *models.PubSubMessage, r any) {
	log.Printf("valkite: pub/sub callback panicked on a message of channel %q: %v (delivery continues)", m.Channel, r)
}
