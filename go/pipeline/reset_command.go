package pipeline

import "github.com/valkite/valkite/go/internal/cmds"

// Reset queues RESET, whose result is "RESET". It resets the connection the batch runs
// on, which the client shares with all its callers (database 0, no name). In a
// transaction the server runs RESET at once and drops the transaction, so EXEC fails.
func (b *BaseBatch[T]) Reset() *T { return add(b, cmds.Reset()) }
