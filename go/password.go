package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/models"
)

// UpdateConnectionPassword replaces the password the client authenticates with when it
// (re)connects, so a rotated server password does not need a new client. With
// immediateAuth, every live connection also authenticates with it now (AUTH); if the
// server refuses, the error is returned and the connections keep their earlier
// authentication, while the new password stays in place for reconnections. An empty
// password with immediateAuth is refused before anything changes. The password is never
// part of an error message.
func (b *baseClient) UpdateConnectionPassword(ctx context.Context, password string, immediateAuth bool) (string, error) {
	if immediateAuth && password == "" {
		return models.DefaultStringResponse, &errs.RequestError{
			Msg: "valkite: UpdateConnectionPassword: immediate authentication needs a non-empty password"}
	}
	var flags uint32
	if immediateAuth {
		flags |= passwordImmediate
	}
	return b.core.passwordUpdate(ctx, password, flags)
}

// ResetConnectionPassword drops the password: later connections do not authenticate.
// Live connections are left as they are.
func (b *baseClient) ResetConnectionPassword(ctx context.Context) (string, error) {
	return b.core.passwordUpdate(ctx, "", passwordReset)
}

// passwordUpdate runs a password change through the completion path: it takes a waiter
// like a command does, and the core completes it once the change (and any immediate
// re-authentication) is done.
func (c *core) passwordUpdate(ctx context.Context, password string, flags uint32) (string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return models.DefaultStringResponse, err
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return models.DefaultStringResponse, &errs.ClosingError{Msg: "client is closed"}
	}
	w, token := c.takeWaiter()
	c.mu.Unlock()
	c.handleMu.RLock()
	st := uint8(statusClosing)
	if c.handle != nil {
		st = cUpdatePassword(c.handle, token, password, flags)
	}
	c.handleMu.RUnlock()
	if st != statusOK {
		c.complete(token, st, nil)
	}
	if err := c.wait(ctx, w); err != nil {
		return models.DefaultStringResponse, err
	}
	defer c.recycle(w)
	if w.status != statusOK {
		return models.DefaultStringResponse, statusError(w.status, w.buf)
	}
	if len(w.buf) > 0 && (w.buf[0] == '-' || w.buf[0] == '!') {
		return models.DefaultStringResponse, replyError(w.buf)
	}
	return "OK", nil
}
