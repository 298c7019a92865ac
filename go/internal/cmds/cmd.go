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
type Cmd[T any] struct {
	Args   []string
	Decode func(r *resp.Reader) (T, error)
	// Err is an argument error found while building the command (an invalid option,
	// say). Nothing is sent; the client returns it, a batch records it.
	Err error
}

// Failed builds a Cmd that only carries an argument error.
func Failed[T any](err error) Cmd[T] { return Cmd[T]{Err: err} }
