package valkite

import (
	"context"
	"encoding/binary"

	"strconv"
	"sync"
	"sync/atomic"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/settings"
	"github.com/valkite/valkite/go/models"
)

// core is one client's side of the request path (see ARCHITECTURE.md):
//
//   - submit: the caller encodes its command straight into a shared batch buffer and
//     takes a waiter slot. If nobody is flushing, it becomes the flusher and hands the
//     whole batch to Rust in one cgo call, repeating while others keep adding. Under load
//     one crossing carries many requests; alone, a caller pays exactly one crossing.
//   - poll: one goroutine sits in vk_poll (which also drives the client's I/O), gets
//     many completions per crossing, copies each reply into its waiter's own buffer and
//     wakes it.
//   - wait: the caller decodes the reply on its own goroutine, into the result type.
//
// Waiters are permanent per slot (no per-request allocation); a token is the slot plus
// a generation, so a completion for a request whose caller gave up is recognised and
// dropped by the poller, which then recycles the slot.
type core struct {
	mu       sync.Mutex
	batch    []byte // requests waiting for a flusher
	spare    []byte // the other half of the double buffer
	flushing bool
	closed   bool
	slots    []*waiter
	free     []uint32

	handleMu sync.RWMutex // held (read) across cgo calls that use handle; Close frees under write
	handle   cHandle

	pollDone  chan struct{}
	closeOnce sync.Once

	// Driving the core (drive.go): whoever holds driveMu may call the poll functions
	// and use rd, pbuf and pout — the poller goroutine, or a lone caller.
	driveMu  sync.Mutex
	rd       *readiness
	pbuf     []byte
	pout     pollOut
	kick     chan struct{} // wakes a poller that stood aside
	aside    atomic.Bool   // the poller stands aside (or is about to)
	inflight atomic.Int32  // requests submitted here and not yet completed
	waiting  atomic.Int32  // callers inside wait, woken or not: 1 means a lone caller

	inflightLimit int // the core's in-flight cap; batches stay under it (core_batch.go)

	// Polls that returned completions, by kind: the poller's own account of how often
	// it got its replies without blocking a thread in cgo (read by tests).
	readyPolls, blockingPolls, callerPolls atomic.Uint64
}

// Waiter states. A completion only sends on the waiter's channel when its caller is
// parked there (wWaiting); one that arrives first just marks it done, and the caller
// finds it so without a channel operation — what a pipeline's later commands mostly
// find, since their replies arrive together.
const (
	wIdle uint32 = iota
	wPending
	wWaiting
	wDone
	wAbandoned
)

type waiter struct {
	ch    chan struct{}
	state atomic.Uint32
	// claimed is taken by the one completion that writes status and buf.
	claimed atomic.Bool
	gen     uint32
	slot    uint32
	status  uint8
	buf     []byte
	reader  resp.Reader
}

const recordHeader = 23 // token u64, timeout_us u64, len u32, route u8, route_len u16

func newCore(s *settings.Settings) (*core, error) {
	h, err := cNew(s)
	if err != nil {
		return nil, err
	}
	c := &core{
		handle:   h,
		batch:    make([]byte, 0, 16<<10),
		spare:    make([]byte, 0, 16<<10),
		pollDone: make(chan struct{}),
		kick:     make(chan struct{}, 1),
		pbuf:     make([]byte, 256<<10),
		pout:     newPollOut(),

		inflightLimit: s.InflightLimit,
	}
	if c.inflightLimit <= 0 {
		c.inflightLimit = defaultInflightLimit
	}
	c.rd = newReadiness(cReadyFd(h))
	go c.poll()
	return c, nil
}

// appendCommand writes args as a RESP array of bulk strings.
func appendCommand(b []byte, args []string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	return b
}

// routeArg is a route in its wire form (see valkite::route::code in the core).
type routeArg struct {
	kind byte
	data string
}

// Route codes of the C ABI.
const (
	routeDefault        = 0
	routeAllNodes       = 1
	routeAllPrimaries   = 2
	routeRandom         = 3
	routeSlotIDPrimary  = 4
	routeSlotIDReplica  = 5
	routeSlotKeyPrimary = 6
	routeSlotKeyReplica = 7
	routeByAddress      = 8

	// High bits of the route byte: retries a cluster request must not make.
	routeNoRetryServer     = 0x80
	routeNoRetryConnection = 0x40
)

// submit queues one command and returns its waiter. The args are copied; nothing keeps
// a reference to them.
func (c *core) submit(args []string, timeoutUs uint64, route routeArg) (*waiter, error) {
	if len(args) == 0 {
		return nil, &errs.RequestError{Msg: "valkite: empty command"}
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, &errs.ClosingError{Msg: "client is closed"}
	}
	w := c.appendRecord(args, timeoutUs, route)
	if c.flushing {
		c.mu.Unlock()
		return w, nil
	}
	c.flushing = true
	c.mu.Unlock()
	c.flush()
	return w, nil
}

// appendRecord takes a waiter slot and encodes one request record into the batch
// buffer. The caller holds c.mu, so records appended under one hold stay contiguous.
func (c *core) appendRecord(args []string, timeoutUs uint64, route routeArg) *waiter {
	w, token := c.takeWaiter()
	start := len(c.batch)
	c.batch = binary.LittleEndian.AppendUint64(c.batch, token)
	c.batch = binary.LittleEndian.AppendUint64(c.batch, timeoutUs)
	c.batch = append(c.batch, 0, 0, 0, 0, route.kind) // command length patched below
	c.batch = binary.LittleEndian.AppendUint16(c.batch, uint16(len(route.data)))
	c.batch = append(c.batch, route.data...)
	cmdStart := len(c.batch)
	c.batch = appendCommand(c.batch, args)
	binary.LittleEndian.PutUint32(c.batch[start+16:], uint32(len(c.batch)-cmdStart))
	return w
}

// takeWaiter claims a waiter slot for one request and returns it with its token. The
// caller holds c.mu.
func (c *core) takeWaiter() (*waiter, uint64) {
	var w *waiter
	if n := len(c.free); n > 0 {
		w = c.slots[c.free[n-1]]
		c.free = c.free[:n-1]
	} else {
		w = &waiter{ch: make(chan struct{}, 1), slot: uint32(len(c.slots))}
		c.slots = append(c.slots, w)
	}
	w.gen++
	c.inflight.Add(1)
	w.claimed.Store(false)
	w.state.Store(wPending)
	return w, uint64(w.gen)<<32 | uint64(w.slot)
}

// flush hands batches to Rust until none is left. Only one goroutine flushes at a time.
func (c *core) flush() {
	for {
		c.mu.Lock()
		if len(c.batch) == 0 {
			c.flushing = false
			c.mu.Unlock()
			return
		}
		buf := c.batch
		c.batch = c.spare[:0]
		c.mu.Unlock()

		c.handleMu.RLock()
		st := uint8(statusClosing)
		if c.handle != nil {
			st = cSubmit(c.handle, buf)
		}
		c.handleMu.RUnlock()
		if st != statusOK {
			// Nothing of the batch was taken: complete its tokens here.
			c.failBatch(buf, st)
		}
		c.mu.Lock()
		c.spare = buf[:0]
		c.mu.Unlock()
	}
}

func (c *core) failBatch(buf []byte, st uint8) {
	msg := []byte("client is closed")
	if st != statusClosing {
		msg = []byte("valkite: request rejected by the core (status " + strconv.Itoa(int(st)) + ")")
	}
	for off := 0; off+recordHeader <= len(buf); {
		token := binary.LittleEndian.Uint64(buf[off:])
		n := int(binary.LittleEndian.Uint32(buf[off+16:]))
		r := int(binary.LittleEndian.Uint16(buf[off+21:]))
		c.complete(token, st, msg)
		off += recordHeader + r + n
	}
}

// complete delivers one completion to its waiter (or recycles an abandoned one).
func (c *core) complete(token uint64, st uint8, payload []byte) {
	c.mu.Lock()
	slots := c.slots
	c.mu.Unlock()
	c.completeIn(slots, token, st, payload)
}

// completeIn is complete with a snapshot of the slot table, which the poller takes once
// per batch of completions instead of locking the client once per completion. Slots
// only ever grow and a slot is not reused while a completion for it is outstanding, so
// a snapshot taken after the completions arrived holds every waiter they name.
func (c *core) completeIn(slots []*waiter, token uint64, st uint8, payload []byte) {
	slot := uint32(token)
	gen := uint32(token >> 32)
	if int(slot) >= len(slots) {
		return
	}
	w := slots[slot]
	if w.gen != gen {
		return // a completion for an earlier use of this slot
	}
	// One completion per request: closing and a refused submission can both try to
	// complete the same one, and only one of them may write the reply.
	if !w.claimed.CompareAndSwap(false, true) {
		return
	}
	c.inflight.Add(-1)
	// The reply is in place before the state says done: a caller that sees wDone
	// reads it without any other synchronisation.
	w.status = st
	w.buf = append(w.buf[:0], payload...)
	for {
		switch w.state.Load() {
		case wPending:
			if w.state.CompareAndSwap(wPending, wDone) {
				return
			}
		case wWaiting:
			if w.state.CompareAndSwap(wWaiting, wDone) {
				w.ch <- struct{}{}
				return
			}
		case wAbandoned:
			c.recycle(w)
			return
		default:
			return
		}
	}
}

func (c *core) recycle(w *waiter) {
	w.reset()
	c.mu.Lock()
	c.free = append(c.free, w.slot)
	c.mu.Unlock()
}

// reset readies a finished waiter for its next request; its slot still has to be
// returned to c.free.
func (w *waiter) reset() {
	if cap(w.buf) > 1<<20 {
		w.buf = nil // one huge reply should not pin its memory forever
	}
	w.state.Store(wIdle)
}

// wait blocks until the waiter completes or ctx ends. On ctx's end the request keeps
// its place on the connection and its reply is dropped when it comes.
func (c *core) wait(ctx context.Context, w *waiter) error {
	if w.state.Load() == wDone {
		return nil // a pipeline's later replies are mostly here already
	}
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	done := ctx.Done()
	if done == nil {
		c.driveFor(w) // a lone caller takes its own reply (drive.go)
	} else if c.aside.Load() {
		c.kickPoller() // the poller stood aside: it must drive for us
	}
	// Done already (no wake-up was sent), or announce that we park.
	if w.state.Load() == wDone || !w.state.CompareAndSwap(wPending, wWaiting) {
		return nil
	}
	if done == nil {
		<-w.ch
		return nil
	}
	select {
	case <-w.ch:
		return nil
	case <-done:
		if w.state.CompareAndSwap(wWaiting, wAbandoned) {
			return ctx.Err()
		}
		<-w.ch // the reply won the race; take it so the slot can be reused
		c.recycle(w)
		return ctx.Err()
	}
}

// close is idempotent: later submissions fail with ClosingError, pending ones complete
// with it, and the Rust side is released once the poller has drained.
func (c *core) close() {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		c.handleMu.RLock()
		cClose(c.handle)
		c.handleMu.RUnlock()
		c.kickPoller()
		<-c.pollDone
		c.handleMu.Lock()
		cFree(c.handle)
		dropResolver(c.handle)
		c.handle = nil
		c.pout.free()
		c.rd.close()
		c.handleMu.Unlock()
		// Anything still pending now can no longer be answered.
		c.mu.Lock()
		slots := c.slots
		c.mu.Unlock()
		for _, w := range slots {
			if st := w.state.Load(); st == wPending || st == wWaiting {
				c.complete(uint64(w.gen)<<32|uint64(w.slot), statusClosing, []byte("client is closed"))
			}
		}
	})
}

// execute runs one command: submit, wait, decode. Every command method ends here.
func execute[T any](ctx context.Context, c *core, cmd cmds.Cmd[T], _ any) (T, error) {
	var zero T
	if cmd.Invalid() {
		return cmd.Decode(nil) // an argument error: reported without sending
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return executeOn(ctx, c, cmd, routeArg{})
}

// executeOn is execute with an explicit route; a multi-node reply is an error here
// (use executeRouted for commands whose result is a ClusterValue).
func executeOn[T any](ctx context.Context, c *core, cmd cmds.Cmd[T], route routeArg) (T, error) {
	var zero T
	if cmd.Invalid() {
		return cmd.Decode(nil)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	w, err := c.submit(cmd.Args, 0, route)
	if err != nil {
		return zero, err
	}
	if err := c.wait(ctx, w); err != nil {
		return zero, err
	}
	if w.status == statusOKMultiNode {
		c.recycle(w)
		return zero, &errs.ProtocolError{Msg: "valkite: a multi-node reply where one value was expected"}
	}
	if w.status != statusOK {
		err = statusError(w.status, w.buf)
		c.recycle(w)
		return zero, err
	}
	if len(w.buf) > 0 && (w.buf[0] == '-' || w.buf[0] == '!') {
		err = replyError(w.buf)
		c.recycle(w)
		return zero, err
	}
	w.reader.Reset(w.buf)
	v, err := cmd.Decode(&w.reader)
	c.recycle(w)
	return v, err
}

// executeRouted runs a command on an explicit route and returns one value per node
// when the route reached several nodes (and the server's tips do not aggregate), or a
// single value otherwise.
func executeRouted[T any](ctx context.Context, c *core, cmd cmds.Cmd[T], route routeArg) (models.ClusterValue[T], error) {
	var zero models.ClusterValue[T]
	if cmd.Invalid() {
		_, err := cmd.Decode(nil)
		return zero, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	w, err := c.submit(cmd.Args, 0, route)
	if err != nil {
		return zero, err
	}
	if err := c.wait(ctx, w); err != nil {
		return zero, err
	}
	defer c.recycle(w)
	switch w.status {
	case statusOK:
		v, err := decodeFrame(w, w.buf, cmd.Decode)
		if err != nil {
			return zero, err
		}
		return models.CreateClusterSingleValue(v), nil
	case statusOKMultiNode:
		out := make(map[string]T)
		b := w.buf
		for len(b) >= 6 {
			al := int(binary.LittleEndian.Uint16(b))
			if len(b) < 2+al+4 {
				break
			}
			addr := string(b[2 : 2+al])
			fl := int(binary.LittleEndian.Uint32(b[2+al:]))
			frame := b[6+al : 6+al+fl]
			v, err := decodeFrame(w, frame, cmd.Decode)
			if err != nil {
				return zero, err
			}
			out[addr] = v
			b = b[6+al+fl:]
		}
		return models.CreateClusterMultiValue(out), nil
	default:
		return zero, statusError(w.status, w.buf)
	}
}

// decodeFrame decodes one reply frame with the waiter's reader.
func decodeFrame[T any](w *waiter, frame []byte, decode func(*resp.Reader) (T, error)) (T, error) {
	if len(frame) > 0 && (frame[0] == '-' || frame[0] == '!') {
		var zero T
		return zero, replyError(frame)
	}
	w.reader.Reset(frame)
	return decode(&w.reader)
}

// replyError turns a top-level error frame ("-ERR …\r\n" or "!len\r\n…\r\n") into a
// *RequestError carrying the server's message.
func replyError(b []byte) error {
	if b[0] == '-' {
		end := len(b)
		if end >= 2 && b[end-2] == '\r' {
			end -= 2
		}
		return &errs.RequestError{Msg: string(b[1:end])}
	}
	// Blob error: skip the length line.
	for i := 1; i+1 < len(b); i++ {
		if b[i] == '\r' && b[i+1] == '\n' {
			body := b[i+2:]
			if n := len(body); n >= 2 {
				body = body[:n-2]
			}
			return &errs.RequestError{Msg: string(body)}
		}
	}
	return &errs.ProtocolError{Msg: "malformed error reply"}
}
