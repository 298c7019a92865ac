// Package pipeline builds batches: transactions (atomic batches, run between MULTI and
// EXEC) and pipelines (non-atomic batches, sent together without MULTI). A batch only
// records commands; it runs when passed to a client's Exec or ExecWithOptions, and can
// be run again, on the same or another client.
//
// Every command method mirrors the client method of the same name without the context
// (the context belongs to Exec) and reuses that method's definition: same arguments on
// the wire. Exec's result slots hold the values GLIDE's batches give, which are not
// always the client method's type: a nullable reply is the plain value or an untyped
// nil rather than a models.Result (Get gives a string or nil, so res[0].(string) works
// once res[0] != nil), and LCS gives a string where the client gives a
// *models.LCSMatch. Each method's comment names its result type. CustomCommand gives
// the client CustomCommand's dynamic value, reshaped per command in the same way. A
// command that fails gives its error (a *RequestError of the root package) in its slot
// instead, unless Exec was asked to raise it.
//
// Arguments that cannot be rendered (an invalid option value) are recorded when the
// command is queued; Exec then refuses the whole batch with a *BatchError and sends
// nothing.
package pipeline
