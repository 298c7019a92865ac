// Package constants holds the fixed words and enumerations shared by commands,
// options and results: keywords as the server spells them, and string-typed enums
// whose value is the exact token put on the wire. Keeping the token as the enum's
// value means an option can be rendered without a lookup table.
package constants
