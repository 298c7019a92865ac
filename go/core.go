package valkite

import (
	"context"
	"encoding/binary"
	"slices"

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
//   - poll: the process's engine (engine.go, drive.go) takes many completions of every
//     client per crossing, copies each reply into its waiter's own buffer and wakes it.
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

	// held: the engine's poller holds this client's flush (set and cleared by the
	// poller only, under mu when set; see engine.deliver).
	held bool

	handleMu sync.RWMutex // held (read) across cgo calls that use handle; Close frees under write
	handle   cHandle
	id       uint32 // the client's id in the engine's completion records

	closeOnce sync.Once

	inflightLimit int // the core's in-flight cap; batches stay under it (core_batch.go)

	db atomic.Int64 // the database index, for spans (db.namespace)
}

// database is the client's database index, for spans.
func (c *core) database() int64 { return c.db.Load() }

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
	// buf is the reply: own's bytes for a copied reply, or, for one the core handed
	// over by reference (large replies), the core's memory, owned through ref until
	// reset gives it back.
	buf    []byte
	own    []byte // this slot's reusable copy buffer
	ref    uint64 // the core's handle of a reply held by reference, or 0
	reader resp.Reader
}

func newCore(s *settings.Settings) (*core, error) {
	h, err := cNew(s)
	if err != nil {
		return nil, err
	}
	c := &core{
		handle: h,
		id:     cClientID(h),
		batch:  make([]byte, 0, 512),
		spare:  make([]byte, 0, 512),

		inflightLimit: s.InflightLimit,
	}
	if c.inflightLimit <= 0 {
		c.inflightLimit = defaultInflightLimit
	}
	if s.HasDatabaseID {
		c.db.Store(int64(s.DatabaseID))
	}
	eng.register(c)
	return c, nil
}

// commandSize is about what appendCommand writes for args (a little more).
func commandSize(args []string) int {
	n := 16
	for _, a := range args {
		n += len(a) + 16
	}
	return n
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
	// span: the trace span a traced batch's records carry (0: none), so the core
	// records on the Batch span the node that served it.
	span uint64
}

// The route codes are the header's (ffi.go).

// submit queues one command and returns its waiter. The args are copied; nothing keeps
// a reference to them.
func (c *core) submit(args []string, timeoutUs uint64, route routeArg) (*waiter, error) {
	return c.submitSpan(args, timeoutUs, route, 0)
}

// submitSpan is submit for a request traced with span (0: not traced).
func (c *core) submitSpan(args []string, timeoutUs uint64, route routeArg, span uint64) (*waiter, error) {
	if len(args) == 0 {
		return nil, &errs.RequestError{Msg: "valkite: empty command"}
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, &errs.ClosingError{Msg: "client is closed"}
	}
	w := c.appendRecordSpan(args, timeoutUs, route, span)
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
	return c.appendRecordSpan(args, timeoutUs, route, route.span)
}

// appendRecordSpan is appendRecord for a traced request: with a span, the route byte
// says so and the span id follows the route data; without, the record is the same.
func (c *core) appendRecordSpan(args []string, timeoutUs uint64, route routeArg, span uint64) *waiter {
	w, token := c.takeWaiter()
	// A large command (a big value) gets its room in one step: appended piece by piece
	// the buffer would grow — and copy itself — several times over. Behind other
	// records the buffer at least doubles: many large commands in one batch would
	// otherwise regrow (and copy) it by a quarter per command.
	if size := commandSize(args) + recordHeader + len(route.data); cap(c.batch)-len(c.batch) < size && size > 64<<10 {
		c.batch = slices.Grow(c.batch, max(size, len(c.batch)))
	}
	start := len(c.batch)
	c.batch = binary.LittleEndian.AppendUint64(c.batch, token)
	c.batch = binary.LittleEndian.AppendUint64(c.batch, timeoutUs)
	kind := route.kind
	if span != 0 {
		kind |= routeTraced
	}
	c.batch = append(c.batch, 0, 0, 0, 0, kind) // command length patched below
	c.batch = binary.LittleEndian.AppendUint16(c.batch, uint16(len(route.data)))
	c.batch = append(c.batch, route.data...)
	if span != 0 {
		c.batch = binary.LittleEndian.AppendUint64(c.batch, span)
	}
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
	eng.inflight.Add(1)
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
		if len(buf) > 4<<20 && singleRecord(buf) {
			// One huge command should not pin its buffer. A buffer that grew for a
			// large batch of many commands is kept, even when this flush carried a
			// single small record in it: under that load the next batch is as large,
			// and growing a fresh buffer again per flush (copying it at every
			// doubling, faulting in new pages) was what made 256 callers of 64 KiB
			// SETs collapse. Judging by len, not cap, is what keeps it.
			c.spare = nil
		}
		c.mu.Unlock()
	}
}

// singleRecord reports whether buf holds exactly one request record.
func singleRecord(buf []byte) bool {
	if len(buf) < recordHeader {
		return false
	}
	n := int(binary.LittleEndian.Uint32(buf[16:]))
	r := int(binary.LittleEndian.Uint16(buf[21:]))
	return recordHeader+r+n == len(buf)
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
//
// A reply by reference (statusOKRef) is owned from here on: it ends up in the waiter
// (freed by reset) or, when nobody can take it, is freed at once — exactly once either
// way.
func (c *core) completeIn(slots []*waiter, token uint64, st uint8, payload []byte) {
	var ref uint64
	if st == statusOKRef {
		payload, ref = refReply(payload)
		st = statusOK
	}
	slot := uint32(token)
	gen := uint32(token >> 32)
	if int(slot) >= len(slots) {
		cReplyFree(ref)
		return
	}
	w := slots[slot]
	if w.gen != gen {
		cReplyFree(ref)
		return // a completion for an earlier use of this slot
	}
	// One completion per request: closing and a refused submission can both try to
	// complete the same one, and only one of them may write the reply.
	if !w.claimed.CompareAndSwap(false, true) {
		cReplyFree(ref)
		return
	}
	eng.inflight.Add(-1)
	// The reply is in place before the state says done: a caller that sees wDone
	// reads it without any other synchronisation.
	w.status = st
	if ref != 0 {
		w.buf, w.ref = payload, ref // read where the core put it: no copy
	} else {
		w.own = append(w.own[:0], payload...)
		w.buf = w.own
	}
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

// waiterKeep is the largest reply buffer a waiter slot keeps for its next request.
const waiterKeep = 64 << 10

// reset readies a finished waiter for its next request; its slot still has to be
// returned to c.free. A reply held by reference goes back to the core here.
func (w *waiter) reset() {
	if w.ref != 0 {
		cReplyFree(w.ref)
		w.ref = 0
	}
	w.buf = nil
	// A standalone client's replies of 32 KiB and more arrive by reference and never
	// land here. What does and is larger (a cluster client's large reply, a multi-node
	// reply) is dropped, so a slot — slots are permanent, one per command of the
	// largest pipeline — keeps at most 64 KiB.
	if cap(w.own) > waiterKeep {
		w.own = nil
	}
	w.state.Store(wIdle)
}

// wait blocks until the waiter completes or ctx ends. On ctx's end the request keeps
// its place on the connection and its reply is dropped when it comes.
func (c *core) wait(ctx context.Context, w *waiter) error {
	if w.state.Load() == wDone {
		return nil // a pipeline's later replies are mostly here already
	}
	eng.waiting.Add(1)
	defer eng.waiting.Add(-1)
	done := ctx.Done()
	if done == nil {
		eng.driveFor(w) // a lone caller takes its own reply (drive.go)
	} else if eng.aside.Load() {
		eng.kickPoller() // the poller stood aside: it must drive for us
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
		if c.cancelBlocked(w) { // a blocking command: unblocked, not abandoned (blocking_cancel.go)
			return c.waitCancelled(ctx, w)
		}
		if w.state.CompareAndSwap(wWaiting, wAbandoned) {
			return ctx.Err()
		}
		<-w.ch // the reply won the race; take it so the slot can be reused
		c.recycle(w)
		return ctx.Err()
	}
}

// close is idempotent: later submissions fail with ClosingError, pending ones complete
// with it. The Rust handle is released at once; the engine forgets the client when the
// core reports it gone (its connections' tasks ended), and no other client notices.
func (c *core) close() {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		c.mu.Unlock()
		// The write lock waits for a flush in progress; later ones find no handle.
		c.handleMu.Lock()
		cClose(c.handle)
		cFree(c.handle)
		dropResolver(c.handle)
		c.handle = nil
		c.handleMu.Unlock()
		// Anything still pending can no longer be answered; abandoned requests are
		// completed too, so that they leave the engine's in-flight count.
		c.mu.Lock()
		slots := c.slots
		c.mu.Unlock()
		for _, w := range slots {
			if st := w.state.Load(); st == wPending || st == wWaiting || st == wAbandoned {
				c.complete(uint64(w.gen)<<32|uint64(w.slot), statusClosing, []byte("client is closed"))
			}
		}
		// The closed connections wind down when the engine runs next.
		eng.kickPoller()
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
	if sampled() {
		if span := startRequestSpan(ctx, c, cmd.Args); span != 0 {
			v, err := executeSpan(ctx, c, cmd, route, span)
			endRequestSpan(span, err)
			return v, err
		}
	}
	return executeSpan(ctx, c, cmd, route, 0)
}

// executeSpan submits, waits and decodes one command; span: its trace span, or 0.
func executeSpan[T any](ctx context.Context, c *core, cmd cmds.Cmd[T], route routeArg, span uint64) (T, error) {
	var zero T
	w, err := c.submitSpan(cmd.Args, 0, route, span)
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
	if sampled() {
		if span := startRequestSpan(ctx, c, cmd.Args); span != 0 {
			v, err := executeRoutedSpan(ctx, c, cmd, route, span)
			endRequestSpan(span, err)
			return v, err
		}
	}
	return executeRoutedSpan(ctx, c, cmd, route, 0)
}

// executeRoutedSpan is executeRouted's request; span: its trace span, or 0.
func executeRoutedSpan[T any](ctx context.Context, c *core, cmd cmds.Cmd[T], route routeArg, span uint64) (models.ClusterValue[T], error) {
	var zero models.ClusterValue[T]
	w, err := c.submitSpan(cmd.Args, 0, route, span)
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
