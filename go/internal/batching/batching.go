// Package batching is what a pipeline batch records and what a client needs to run it.
// It sits between the public pipeline package (which builds batches) and the root
// package (which executes them): pipeline cannot import the root package, and the root
// package must read a batch without its contents becoming public API of pipeline.
package batching

import (
	"strconv"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// Command is one queued command: the same argument vector and reply decoder the client
// method uses, with the result boxed so that commands of every result type share a
// slice.
type Command struct {
	Args   []string
	Decode func(r *resp.Reader) (any, error)
}

// Batch is the state behind pipeline.StandaloneBatch and pipeline.ClusterBatch.
type Batch struct {
	IsAtomic bool
	Commands []Command
	// Errors are argument errors met while queueing (an option that cannot be
	// rendered, say). A batch holding any is refused whole when executed: sending the
	// rest would run a different batch from the one the caller built.
	Errors []error
}

// Add queues c, or records its argument error.
func Add[T any](b *Batch, c cmds.Cmd[T]) {
	if c.Invalid() {
		_, err := c.Decode(nil)
		b.Errors = append(b.Errors, &argError{pos: len(b.Commands) + len(b.Errors) + 1, err: err})
		return
	}
	b.Commands = append(b.Commands, Command{Args: c.Args, Decode: box(c.Decode)})
}

// AddAs queues c with a conversion from the client method's value to the value the
// batch's result slot holds. Batches follow GLIDE's batch results, which differ from
// the client methods' types for some commands (a nullable reply is the plain value or
// nil rather than a models.Result, for one). conv runs only after a successful decode.
func AddAs[T any](b *Batch, c cmds.Cmd[T], conv func(T) any) {
	if c.Invalid() {
		Add(b, c)
		return
	}
	decode := c.Decode
	b.Commands = append(b.Commands, Command{Args: c.Args, Decode: func(r *resp.Reader) (any, error) {
		v, err := decode(r)
		if err != nil {
			return nil, err
		}
		return conv(v), nil
	}})
}

// AddNullable queues a command whose client method returns a models.Result[X]: the
// batch slot holds the X, or an untyped nil for a null reply.
func AddNullable[X any](b *Batch, c cmds.Cmd[models.Result[X]]) {
	AddAs(b, c, Unwrap[X])
}

// Unwrap is a models.Result[X] as a batch slot holds it: the value, or an untyped nil.
func Unwrap[X any](v models.Result[X]) any {
	if v.IsNil() {
		return nil
	}
	return v.Value()
}

// NilSlice keeps a nil slice an untyped nil in the result slot (a typed nil slice in
// an interface is not == nil, and GLIDE's batches give nil for a null reply). An empty
// reply stays an empty, non-nil slice, so decoders must return nil only for a null.
func NilSlice[E any](v []E) any {
	if v == nil {
		return nil
	}
	return v
}

// NilMap is NilSlice for maps.
func NilMap[K comparable, V any](v map[K]V) any {
	if v == nil {
		return nil
	}
	return v
}

// box adapts a typed decoder to the batch's shape. A failed decode yields a nil value
// rather than T's zero value, so a result slot never holds a half-meaningful value.
func box[T any](decode func(*resp.Reader) (T, error)) func(*resp.Reader) (any, error) {
	if d, ok := any(decode).(func(*resp.Reader) (string, error)); ok {
		return boxString(d)
	}
	return func(r *resp.Reader) (any, error) {
		v, err := decode(r)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
}

// okAny is "OK" already boxed: putting a string in an interface allocates, and most
// commands of a write pipeline answer "OK".
var okAny any = cmds.OK

func boxString(decode func(*resp.Reader) (string, error)) func(*resp.Reader) (any, error) {
	return func(r *resp.Reader) (any, error) {
		s, err := decode(r)
		switch {
		case err != nil:
			return nil, err
		case s == cmds.OK:
			return okAny, nil
		}
		return s, nil
	}
}

// Check reports why b must not be sent, or nil. It runs before anything is submitted,
// so a refused batch has no effect on the server. (A function rather than a method:
// methods of Batch would be promoted into the public batch types.)
func Check(b *Batch) error {
	if len(b.Errors) > 0 {
		return &errs.BatchError{Errors: append([]error(nil), b.Errors...)}
	}
	for i, c := range b.Commands {
		if len(c.Args) == 0 {
			// The core would fail an empty command on its own, but inside a transaction
			// that would let the others commit without it.
			return &errs.BatchError{Errors: []error{&argError{pos: i + 1, err: errEmptyCommand}}}
		}
	}
	return nil
}

// CheckRetryStrategy rejects any retry strategy on an atomic batch, even one that
// retries nothing and even on an empty batch, as GLIDE does: a transaction retried after
// a server or connection error may already have run once.
func CheckRetryStrategy(isAtomic, hasStrategy bool) error {
	if isAtomic && hasStrategy {
		return &errs.ConfigurationError{Msg: "a retry strategy is not supported for atomic batches (transactions)"}
	}
	return nil
}

var errEmptyCommand = &errs.RequestError{Msg: "empty command"}

// argError names the position of the command whose arguments were rejected.
type argError struct {
	pos int
	err error
}

func (e *argError) Error() string {
	return "batch command " + strconv.Itoa(e.pos) + ": " + e.err.Error()
}

func (e *argError) Unwrap() error { return e.err }
