package cmds

import (
	"strconv"
	"time"
)

// Argument formatting shared by the constructors. Numbers are written the way GLIDE
// writes them, so the server sees byte-identical commands.

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ftoa is the shortest decimal that round-trips, never exponent notation (the
// server's number parsers accept it, and it is what GLIDE sends).
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// seconds renders a duration in (possibly fractional) seconds. EXPIRE rejects a
// fraction with a server error, as it does under GLIDE.
func seconds(d time.Duration) string { return ftoa(d.Seconds()) }

func millis(d time.Duration) string { return itoa(d.Milliseconds()) }

// concat builds one right-sized argument vector from a fixed head and a variable
// tail, so options-based constructors allocate once.
func concat(head []string, tail ...[]string) []string {
	n := len(head)
	for _, t := range tail {
		n += len(t)
	}
	out := make([]string, 0, n)
	out = append(out, head...)
	for _, t := range tail {
		out = append(out, t...)
	}
	return out
}

// pairs flattens a map into alternating keys and values after the head (MSET,
// CONFIG SET). Go maps are unordered, so the pair order is unspecified, as in GLIDE.
func pairs(head []string, m map[string]string) []string {
	out := make([]string, 0, len(head)+2*len(m))
	out = append(out, head...)
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}
