// Package pipeline builds batches: transactions (atomic batches, run between MULTI and
// EXEC) and pipelines (non-atomic batches, sent together without MULTI). A batch only
// records commands; it runs when passed to a client's Exec or ExecWithOptions, and can
// be run again, on the same or another client.
//
// Every command method mirrors the client method of the same name without the context
// (the context belongs to Exec) and reuses that method's definition: same arguments on
// the wire, and in Exec's results the same Go type the client method returns (Get
// gives a models.Result[string], Incr an int64, and so on). A command that fails gives
// its error (a *RequestError of the root package) in its slot instead, unless Exec was
// asked to raise it.
//
// Arguments that cannot be rendered (an invalid option value) are recorded when the
// command is queued; Exec then refuses the whole batch with a *BatchError and sends
// nothing.
package pipeline
