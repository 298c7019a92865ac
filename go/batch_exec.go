package valkite

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
)

// The batch runner, shared by Client and ClusterClient: a batch becomes contiguous
// records on the core (see core_batch.go), and each command's reply is decoded by the
// command's own decoder, then converted to GLIDE's batch value where that differs from
// the client method's (the conversion the pipeline method wired with addNullable/addAs).
//
// Failures come in two kinds. A command's own error (a server error reply, or a reply
// its decoder rejects) belongs to that command: it fills its slot, or is returned when
// raiseOnError is set. A failure of the request path (timeout, lost connection, closed
// client, cancelled context) means the batch as a whole has no answer: Exec returns it,
// whatever raiseOnError says.

var (
	multiArgs   = []string{"MULTI"}
	execArgs    = []string{"EXEC"}
	discardArgs = []string{"DISCARD"}
)

// execBatch runs b on c. timeoutUs applies to every record (0 = the client's request
// timeout); as all records are submitted at once, it bounds the batch as a whole. route
// goes on every record (routeArg{} lets the core route each command itself).
func execBatch(
	ctx context.Context, c *core, b *batching.Batch, raiseOnError bool, timeoutUs uint64, route routeArg,
) ([]any, error) {
	if err := batching.Check(b); err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Blocking commands of a batch run as GLIDE runs them: on the batch's connection,
	// under the batch's timeout (docs/blocking.md).
	route.kind |= routeInBatch
	if sampled() {
		if span := startBatchSpan(ctx, c, b.IsAtomic); span != 0 {
			route.span = span
			res, err := execBatchRun(ctx, c, b, raiseOnError, timeoutUs, route)
			endRequestSpan(span, err)
			return res, err
		}
	}
	return execBatchRun(ctx, c, b, raiseOnError, timeoutUs, route)
}

// execBatchRun runs a checked batch as a transaction or a pipeline.
func execBatchRun(
	ctx context.Context, c *core, b *batching.Batch, raiseOnError bool, timeoutUs uint64, route routeArg,
) ([]any, error) {
	if b.IsAtomic {
		return execTransaction(ctx, c, b.Commands, raiseOnError, timeoutUs, route)
	}
	return execPipeline(ctx, c, b.Commands, raiseOnError, timeoutUs, route)
}

// execPipeline sends the commands back to back and decodes the replies in order. A
// pipeline larger than what the in-flight limit leaves free goes out in windows: more
// records are submitted as earlier replies free their slots. Order is kept, because
// records reach the connection in the order they are appended.
func execPipeline(
	ctx context.Context, c *core, cmds []batching.Command, raise bool, timeoutUs uint64, route routeArg,
) ([]any, error) {
	n := len(cmds)
	results := make([]any, n)
	if n == 0 {
		return results, nil
	}
	args := make([][]string, n)
	for i := range cmds {
		args[i] = cmds[i].Args
	}
	ws := make([]*waiter, n)
	window := c.batchCapacity()
	var deadline time.Time // an explicit batch timeout also bounds later windows
	if timeoutUs > 0 {
		deadline = time.Now().Add(time.Duration(timeoutUs) * time.Microsecond)
	}
	sent, done := 0, 0
	// Decoded waiters are recycled in groups: ws[freed:done] are decoded, not yet free.
	freed := 0
	release := func() {
		c.recycleAll(ws[freed:done])
		freed = done
	}
	fail := func(err error) ([]any, error) {
		release()
		for _, w := range ws[done:sent] {
			c.drop(w)
		}
		return nil, err
	}
	for done < n {
		if sent < n && sent-done <= window/2 {
			release() // the in-flight room counts slots not yet freed
			recordTimeout := timeoutUs
			if sent > 0 && timeoutUs > 0 {
				left := time.Until(deadline).Microseconds()
				if left <= 0 {
					return fail(&errs.TimeoutError{Msg: "request timed out"})
				}
				recordTimeout = uint64(left)
			}
			k, err := c.submitRecords(args[sent:], recordTimeout, route, ws[sent:], 1)
			if err != nil {
				var closing *errs.ClosingError
				if sent == done || errors.As(err, &closing) {
					return fail(err)
				}
				// No room now, but replies of ours are due and will make some.
			}
			sent += k
		}
		w := ws[done]
		if err := c.wait(ctx, w); err != nil {
			release()
			done++ // wait has released this one
			freed = done
			return fail(err)
		}
		v, cmdErr, err := recordResult(w, cmds[done].Decode)
		done++
		if done-freed >= recycleGroup {
			release()
		}
		switch {
		case err != nil:
			return fail(err)
		case cmdErr != nil && raise:
			return fail(cmdErr)
		case cmdErr != nil:
			results[done-1] = cmdErr
		default:
			results[done-1] = v
		}
	}
	release()
	return results, nil
}

// recycleGroup is how many decoded pipeline waiters are freed together.
const recycleGroup = 64

// recordResult decodes one pipeline reply: the command's value, or the command's own
// error, or (fatal) the request path's failure.
func recordResult(w *waiter, decode func(*resp.Reader) (any, error)) (value any, cmdErr error, fatal error) {
	switch w.status {
	case statusOK:
		if isErrorFrame(w.buf) {
			return nil, replyError(w.buf), nil
		}
		w.reader.Reset(w.buf)
		v, err := decode(&w.reader)
		if err != nil {
			return nil, err, nil
		}
		return v, nil, nil
	case statusOKMultiNode:
		v, cmdErr := multiNodeResult(w, decode)
		return v, cmdErr, nil
	default:
		return nil, nil, statusError(w.status, w.buf)
	}
}

// execTransaction sends MULTI, the commands and EXEC as one all-or-nothing submission,
// so they are contiguous on the connection, and decodes EXEC's array.
func execTransaction(
	ctx context.Context, c *core, cmds []batching.Command, raise bool, timeoutUs uint64, route routeArg,
) ([]any, error) {
	n := len(cmds)
	args := make([][]string, n+2)
	args[0] = multiArgs
	for i := range cmds {
		args[i+1] = cmds[i].Args
	}
	args[n+1] = execArgs
	ws := make([]*waiter, n+2)
	if _, err := c.submitRecords(args, timeoutUs, route, ws, n+2); err != nil {
		return nil, err
	}
	// Replies arrive in order, so once the first few are in, the rest mostly are too.
	for i, w := range ws {
		if err := c.wait(ctx, w); err != nil {
			for _, x := range ws[:i] {
				c.recycle(x)
			}
			for _, x := range ws[i+1:] {
				c.drop(x)
			}
			return nil, err
		}
	}
	defer func() {
		for _, w := range ws {
			c.recycle(w)
		}
	}()
	return transactionResult(c, ws, cmds, raise, route)
}

// transactionResult interprets the replies of MULTI (ws[0]), the queued commands and
// EXEC (last).
func transactionResult(c *core, ws []*waiter, cmds []batching.Command, raise bool, route routeArg) ([]any, error) {
	n := len(cmds)
	multi, exec := ws[0], ws[n+1]
	multiSent := multi.status == statusOK && !isErrorFrame(multi.buf)
	if exec.status == statusInflightLimit && multiSent {
		// Unreachable while submitRecords keeps batches under the limit; if it ever
		// happens, the shared connection is inside MULTI and must be let out.
		c.discard(route)
	}
	if multi.status != statusOK {
		return nil, statusError(multi.status, multi.buf)
	}
	if isErrorFrame(multi.buf) {
		// "MULTI calls can not be nested": someone left the connection in a
		// transaction (a CustomCommand MULTI); EXEC ran theirs, not this one.
		return nil, replyError(multi.buf)
	}
	for i, w := range ws[1 : n+1] {
		if w.status == statusInflightLimit {
			return nil, &errs.RequestError{Msg: "valkite: command " + strconv.Itoa(i+1) +
				" of the transaction was refused by the in-flight limit; EXEC ran without it"}
		}
	}
	if exec.status != statusOK {
		return nil, statusError(exec.status, exec.buf)
	}
	frame := exec.buf
	if isErrorFrame(frame) {
		err := replyError(frame)
		if re, ok := err.(*errs.RequestError); ok && re.Code() == "EXECABORT" {
			return nil, &errs.ExecAbortError{Msg: abortMessage(re.Msg, ws[1:n+1])}
		}
		return nil, err
	}
	r := &exec.reader
	r.Reset(frame)
	count, isNil, err := r.ReadArrayLen()
	if err != nil {
		return nil, err
	}
	if isNil {
		return nil, nil // a watched key changed: the transaction did not run
	}
	if count != n {
		return nil, &errs.ProtocolError{Msg: "valkite: EXEC returned " + strconv.Itoa(count) +
			" results for a transaction of " + strconv.Itoa(n) + " commands"}
	}
	results := make([]any, n)
	var elem resp.Reader
	for i := 0; i < n; i++ {
		// Each element is decoded from its own bytes, so a decoder that stops early
		// (or fails) cannot shift the ones after it.
		start := len(frame) - r.Len()
		if err := r.Skip(); err != nil {
			return nil, err
		}
		elem.Reset(frame[start : len(frame)-r.Len()])
		v, err := decodeElement(&elem, cmds[i].Decode)
		switch {
		case err != nil && raise:
			return nil, err
		case err != nil:
			results[i] = err
		default:
			results[i] = v
		}
	}
	return results, nil
}

// decodeElement decodes one element of EXEC's array, an error reply included.
func decodeElement(r *resp.Reader, decode func(*resp.Reader) (any, error)) (any, error) {
	if k := r.Kind(); k == resp.TypeSimpleError || k == resp.TypeBulkError {
		_, err := r.ReadBytes() // reports the error value as a *RequestError
		return nil, err
	}
	return decode(r)
}

// abortMessage adds to the server's EXECABORT message the errors that made it: those of
// the commands the server refused to queue.
func abortMessage(msg string, queued []*waiter) string {
	var b strings.Builder
	b.WriteString(msg)
	for i, w := range queued {
		if w.status == statusOK && isErrorFrame(w.buf) {
			b.WriteString("; command ")
			b.WriteString(strconv.Itoa(i + 1))
			b.WriteString(": ")
			b.WriteString(replyError(w.buf).Error())
		}
	}
	return b.String()
}

// discard sends DISCARD and waits for it, ignoring the outcome (best effort).
func (c *core) discard(route routeArg) {
	w, err := c.submit(discardArgs, 0, route)
	if err != nil {
		return
	}
	_ = c.wait(context.Background(), w) // cannot fail without a deadline
	c.recycle(w)
}

func isErrorFrame(b []byte) bool {
	return len(b) > 0 && (b[0] == '-' || b[0] == '!')
}
