package pipeline

import (
	"strconv"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Commands only a standalone batch offers.

// Select queues SELECT; its result is "OK". It switches the database of the client's shared connection for
// every caller, and a reconnect returns to the configured database.
func (b *StandaloneBatch) Select(index int64) *StandaloneBatch {
	return add(&b.BaseBatch, cmds.Select(index))
}

// Scan queues one SCAN step from cursor (0 starts); its result is a models.ScanResult.
func (b *StandaloneBatch) Scan(cursor int64) *StandaloneBatch {
	return add(&b.BaseBatch, cmds.Scan(scanCursor(cursor)))
}

// ScanWithOptions queues one SCAN step with MATCH, COUNT or TYPE; its result is a
// models.ScanResult.
func (b *StandaloneBatch) ScanWithOptions(cursor int64, scanOptions options.ScanOptions) *StandaloneBatch {
	return add(&b.BaseBatch, cmds.ScanWithOptions(scanCursor(cursor), scanOptions))
}

func scanCursor(cursor int64) models.Cursor {
	return models.NewCursorFromString(strconv.FormatInt(cursor, 10))
}
