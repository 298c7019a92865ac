package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/pipeline"
)

// Batches on the standalone client. The runner is in batch_exec.go; docs/batches.md
// describes the guarantees.

// Exec runs batch and returns one result per queued command, in queue order, each the
// value GLIDE's batch gives for that command (the batch method's comment names its
// type: Get gives a string or nil, not a models.Result).
//
// A transaction (atomic batch) is sent as MULTI, the commands and EXEC in one write on
// the client's connection, with no other caller's command in between. If a key watched
// with Watch changed before EXEC, the transaction does not run and Exec returns nil, nil.
// If the server refused to queue a command (unknown command, wrong arity), nothing runs
// and Exec returns an *ExecAbortError. A pipeline (non-atomic batch) is sent back to
// back without MULTI; its commands may interleave with other callers' commands.
//
// With raiseOnError, the first command that failed is returned as the error (the
// commands of a transaction have run all the same); without it, each failed command's
// *RequestError takes its slot. A failure of the batch as a whole (timeout, lost
// connection, ctx ended) is returned either way; the commands may or may not have run.
// A batch holding an argument error recorded while it was built is refused with a
// *BatchError before anything is sent.
//
// ctx bounds the wait: when it ends, Exec returns its error at once and the replies
// are discarded as they come (the commands have been sent and still run).
func (c *Client) Exec(ctx context.Context, batch pipeline.StandaloneBatch, raiseOnError bool) ([]any, error) {
	return execBatch(ctx, c.core, &batch.Batch, raiseOnError, 0, routeArg{})
}

// ExecWithOptions is Exec with a batch timeout: every command of the batch must be
// answered within it (a zero or unset timeout keeps the client's request timeout), else
// the batch fails with a *TimeoutError.
func (c *Client) ExecWithOptions(
	ctx context.Context,
	batch pipeline.StandaloneBatch,
	raiseOnError bool,
	options pipeline.StandaloneBatchOptions,
) ([]any, error) {
	return execBatch(ctx, c.core, &batch.Batch, raiseOnError, batchTimeoutUs(options.Timeout), routeArg{})
}

// Watch marks keys for the next transaction: if any of them is changed before that
// transaction's EXEC (by any client), the transaction does not run and Exec returns
// nil, nil. It returns "OK".
//
// WATCH state belongs to a connection, and a Client multiplexes all its callers over
// one connection to the primary, so the watch is the client's, not the goroutine's:
//   - the next transaction run on this client, from whichever goroutine, consumes the
//     watch (EXEC clears it whether it ran or not), as does Unwatch from any goroutine;
//   - a write to a watched key from anywhere aborts it, this client's own writes
//     included (other goroutines' plain commands run on the same connection);
//   - a reconnect between Watch and Exec drops the watch silently: the transaction then
//     runs unchecked.
//
// Within those rules valkite adds one guarantee of its own: a transaction's MULTI,
// commands and EXEC are contiguous on the connection, so no other goroutine's command,
// EXEC or UNWATCH can land inside it. For watch-check-exec loops, give each such loop
// its own Client, or serialize the loops.
//
// See https://valkey.io/commands/watch/.
func (b *baseClient) Watch(ctx context.Context, keys []string) (string, error) {
	return run(ctx, b, cmds.Watch(keys))
}

// Unwatch forgets every key watched on this client's connection (by any goroutine) and
// returns "OK".
//
// See https://valkey.io/commands/unwatch/.
func (c *Client) Unwatch(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Unwatch())
}

// batchTimeoutUs converts the options' millisecond timeout to a record timeout (0: the
// client's request timeout).
func batchTimeoutUs(ms *uint32) uint64 {
	if ms == nil {
		return 0
	}
	return uint64(*ms) * 1000
}
