package valkite

// #include "valkite.h"
import "C"

import (
	"context"
	"time"
)

// Giving up on a blocking command. A caller whose ctx ends while the server holds its
// BLPOP (or any command the core runs on a blocking connection) asks the core to
// unblock it: the server then pops nothing, and the command's completion follows at
// once. If the server had popped an element before the unblock reached it, that reply
// is returned to the caller as the command's result instead of being dropped.

// cancelGrace bounds the wait for an unblocked command's completion. The core answers
// within its own grace (2 s: it closes the connection if the unblock goes unanswered);
// this is only a backstop.
const cancelGrace = 3 * time.Second

// cCancel tells the core the caller of token gave up; true when the request was a
// blocking one the core is now unblocking (or had just answered).
func cCancel(h cHandle, token uint64) bool {
	return C.vk_cancel(h, C.uint64_t(token)) != 0
}

// cancelBlocked asks the core to unblock w's command; false when it is not a blocking
// command (the caller then abandons w as for any command).
func (c *core) cancelBlocked(w *waiter) bool {
	c.handleMu.RLock()
	defer c.handleMu.RUnlock()
	if c.handle == nil {
		return false
	}
	return cCancel(c.handle, uint64(w.gen)<<32|uint64(w.slot))
}

// waitCancelled waits (boundedly) for the completion of a command being unblocked.
// It returns nil when the server had answered with something to deliver (the caller
// decodes it as usual), else ctx's error, w having been recycled or abandoned.
func (c *core) waitCancelled(ctx context.Context, w *waiter) error {
	t := time.NewTimer(cancelGrace)
	defer t.Stop()
	select {
	case <-w.ch:
	case <-t.C:
		if w.state.CompareAndSwap(wWaiting, wAbandoned) {
			return ctx.Err()
		}
		<-w.ch
	}
	if w.status == statusOK && !isNullFrame(w.buf) && !isErrorFrame(w.buf) {
		return nil
	}
	c.recycle(w)
	return ctx.Err()
}

// isNullFrame: RESP3 null, or RESP2's null array or bulk string.
func isNullFrame(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if b[0] == '_' {
		return true
	}
	return len(b) >= 3 && (b[0] == '*' || b[0] == '$') && b[1] == '-' && b[2] == '1'
}
