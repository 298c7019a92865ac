// Package resp decodes reply frames (RESP2 and RESP3) on the Go side. The Rust core
// delimits each reply frame and hands Go the raw bytes; decoders walk them in one pass
// with a Reader, producing the command's Go result type directly (no intermediate tree).
//
// The Reader is protocol-agnostic on purpose: the same decoder must accept a RESP2
// reply and its RESP3 counterpart (a flat array where RESP3 sends a map, a 0/1
// integer where it sends a boolean, a string where it sends a double), because the
// protocol is a per-client setting and commands are defined once for both.
//
// Success paths do not allocate except for the values handed back (strings, slices,
// maps); ReadBytes does not allocate at all.
package resp
