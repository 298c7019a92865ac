package options

import "strconv"

// Small formatting helpers shared by the ToArgs methods, so every number is
// rendered the same way the server parses it back.

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ftoa renders a float in the shortest form that parses back to the same
// value, switching to exponent notation for large and tiny magnitudes; the
// server's strtod-based parsing accepts both.
func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func utoa(n uint64) string { return strconv.FormatUint(n, 10) }
