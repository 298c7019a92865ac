// Package options holds the optional arguments of commands. Each option type
// renders itself with ToArgs into the exact words the server expects, in the
// order it expects them; fields left at their zero value are omitted, so a
// zero options struct means "no options".
package options
