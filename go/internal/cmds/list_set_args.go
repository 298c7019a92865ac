package cmds

import (
	"fmt"

	"github.com/valkite/valkite/go/options"
)

// Argument checks of the List and Set groups. They catch, before anything is sent,
// what the server would refuse anyway (an empty key list, a negative count where the
// command forbids one), so the caller gets an error that names the argument and a batch
// holding such a command is refused whole instead of failing halfway.

// listSetErrEmpty reports an empty list argument that the command needs at least one
// element of (the server rejects it with an arity error).
func listSetErrEmpty(command, arg string) error {
	return fmt.Errorf("%s: %s must not be empty", command, arg)
}

// listSetErrNegative reports a count the command does not accept below zero.
func listSetErrNegative(command, arg string, n int64) error {
	return fmt.Errorf("%s: %s must not be negative, got %d", command, arg, n)
}

// listSetErrNotPositive reports a count the command only accepts above zero.
func listSetErrNotPositive(command, arg string, n int64) error {
	return fmt.Errorf("%s: %s must be positive, got %d", command, arg, n)
}

// lposOptionArgs renders LPOS's options, refusing the values the server rejects: a
// RANK of 0 (ranks count from 1, or from -1 at the tail) and a negative MAXLEN.
func lposOptionArgs(opts options.LPosOptions) ([]string, error) {
	if opts.IsRankSet && opts.Rank == 0 {
		return nil, fmt.Errorf("LPOS: rank must not be 0 (1 is the first match, -1 the last)")
	}
	if opts.IsMaxLenSet && opts.MaxLen < 0 {
		return nil, listSetErrNegative("LPOS", "maxLen", opts.MaxLen)
	}
	return opts.ToArgs()
}

// sscanOptionArgs renders the MATCH/COUNT options of SSCAN; a negative COUNT is refused
// (the server answers a syntax error), 0 means "not set" as everywhere in the options.
func sscanOptionArgs(opts options.BaseScanOptions) ([]string, error) {
	if opts.Count < 0 {
		return nil, listSetErrNegative("SSCAN", "count", opts.Count)
	}
	return opts.ToArgs()
}
