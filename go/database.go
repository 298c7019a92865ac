package valkite

import "math"

// selected records a successful SELECT so that reconnections keep the database: the
// server forgets it with the connection, the core's handshake selects it again.
func (c *core) selected(index int64, reply string, err error) (string, error) {
	if err != nil || index < 0 || index > math.MaxUint32 {
		return reply, err
	}
	c.db.Store(index)
	c.handleMu.RLock()
	if c.handle != nil {
		cSetDatabase(c.handle, uint32(index))
	}
	c.handleMu.RUnlock()
	return reply, err
}
