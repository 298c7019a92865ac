package valkite

import (
	"sync"

	"github.com/valkite/valkite/go/internal/errs"
)

// sideConn is a client's management connection: a second core opened from the same
// settings, used only for SCRIPT KILL and FUNCTION KILL.
//
// Why a second connection: a script or function runs inside the server on behalf of
// the connection that sent it, and that connection's later commands wait until it
// ends. Every command of a client shares one multiplexed connection per node, so a
// kill sent there would queue behind the very script it is meant to stop. The
// management connection is opened on the first kill (most clients never kill
// anything, and a kill is rare enough that the connect cost does not matter) and
// closed with the client.
type sideConn struct {
	mu     sync.Mutex
	core   *core
	closed bool
}

// sideCore returns the management core, opening it on first use.
func (b *baseClient) sideCore() (*core, error) {
	b.side.mu.Lock()
	defer b.side.mu.Unlock()
	if b.side.closed || b.core == nil || b.settings == nil {
		return nil, &errs.ClosingError{Msg: "client is closed"}
	}
	if b.side.core != nil {
		return b.side.core, nil
	}
	s := *b.settings
	// Connect now, not lazily: the kill is what waits for this connection, and a
	// lazy client would add its discovery to the kill's own deadline.
	s.LazyConnect = false
	// A kill needs no database: the handshake stays minimal, since the connection
	// usually opens while a script keeps the server busy.
	s.HasDatabaseID, s.DatabaseID = false, 0
	c, err := newCore(&s)
	if err != nil {
		return nil, err
	}
	b.side.core = c
	return c, nil
}

// close closes the management core, if one was opened. Idempotent.
func (s *sideConn) close() {
	s.mu.Lock()
	c := s.core
	s.core, s.closed = nil, true
	s.mu.Unlock()
	if c != nil {
		c.close()
	}
}
