// Package cmds holds the single definition of every command: its argument vector
// and its reply decoder. Client, ClusterClient and the pipeline batches all build
// their commands here, so a command is never written twice.
//
// Constructors are tiny on purpose: once inlined into a client method, the argument
// slice literal stays on the caller's stack (the core copies the arguments into its
// submission buffer and keeps no reference), which is how SET costs no allocation.
package cmds

import "github.com/valkite/valkite/go/internal/resp"

// Cmd is one ready-to-send command.
//
// Decode is only called for non-error replies: a top-level error frame becomes an
// *errs.RequestError before Decode runs. The Reader's bytes are valid only during
// the call, so decoders copy what they keep.
//
// A command whose arguments were invalid (an option that cannot be rendered, say) has
// the failedArgs marker as Args and a Decode that returns the error: nothing is sent, the client returns
// the error, a batch records it. The error lives inside Decode rather than in a field
// of its own on purpose: returning a field of cmd would make the whole struct, Args
// included, escape to the heap in every command method.
type Cmd[T any] struct {
	Args   []string
	Decode func(r *resp.Reader) (T, error)
}

// failedArgs marks a command that failed to build. A distinct allocation (capacity 1),
// so that no user-supplied argument slice, empty or not, can be mistaken for it.
var failedArgs = make([]string, 0, 1)

// Failed builds a Cmd that only carries an argument error.
func Failed[T any](err error) Cmd[T] {
	return Cmd[T]{Args: failedArgs, Decode: func(*resp.Reader) (T, error) {
		var zero T
		return zero, err
	}}
}

// Invalid reports whether the command failed to build (and so must not be sent).
func (c Cmd[T]) Invalid() bool {
	return cap(c.Args) == 1 && len(c.Args) == 0 && &c.Args[:1][0] == &failedArgs[:1][0]
}
