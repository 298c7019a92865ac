package resp

import "bytes"

// Type bytes of the RESP2 and RESP3 frame kinds, as returned by [Reader.Kind].
const (
	TypeSimpleString byte = '+'
	TypeSimpleError  byte = '-'
	TypeInteger      byte = ':'
	TypeBulkString   byte = '$'
	TypeArray        byte = '*'
	TypeNull         byte = '_'
	TypeDouble       byte = ','
	TypeBoolean      byte = '#'
	TypeBulkError    byte = '!'
	TypeVerbatim     byte = '='
	TypeBigNumber    byte = '('
	TypeMap          byte = '%'
	TypeSet          byte = '~'
	TypeAttribute    byte = '|'
	TypePush         byte = '>'
)

// Reader walks one reply frame. Every Read method consumes exactly one value (and any
// attribute frames in front of it), so decoders read a reply in the order the server
// wrote it and never build an intermediate tree.
//
// A Reader never panics on malformed input: it returns *errs.ProtocolError. An error
// value nested inside an aggregate is returned as *errs.RequestError by whichever
// Read method meets it. After any error the position is unspecified; callers stop.
type Reader struct {
	buf []byte
	pos int
}

// NewReader returns a Reader over b, which must hold one complete frame.
func NewReader(b []byte) *Reader { return &Reader{buf: b} }

// Reset points the Reader at a new frame so one Reader can serve many replies.
func (r *Reader) Reset(b []byte) {
	r.buf = b
	r.pos = 0
}

// Len is the number of bytes not yet consumed.
func (r *Reader) Len() int { return len(r.buf) - r.pos }

// Kind returns the type byte of the next value (one of the Type constants), after
// stepping over attribute frames, or 0 at the end of the input or on malformed
// attributes (the next Read reports the problem).
func (r *Reader) Kind() byte {
	if r.skipAttributes() != nil || r.pos >= len(r.buf) {
		return 0
	}
	return r.buf[r.pos]
}

// ReadNil consumes the next value and returns true if it is a null (RESP3 `_`, or
// the RESP2 nil bulk string and nil array); otherwise it consumes nothing and
// returns false.
func (r *Reader) ReadNil() bool {
	if r.skipAttributes() != nil {
		return false
	}
	start := r.pos
	t, err := r.next()
	if err == nil && t.isNil() {
		return true
	}
	r.pos = start
	return false
}

// Skip consumes the next value, however deeply nested.
func (r *Reader) Skip() error {
	return r.skipValues(1)
}

// token is one decoded frame header. For line types data is the line, for blob types
// the payload; n is the integer value, aggregate count or blob length, -1 for nulls.
type token struct {
	typ  byte
	n    int64
	data []byte
}

func (t token) isNil() bool {
	switch t.typ {
	case TypeNull:
		return true
	case TypeBulkString, TypeArray, TypeMap, TypeSet, TypePush:
		return t.n == -1
	}
	return false
}

func (t token) isAggregate() bool {
	switch t.typ {
	case TypeArray, TypeMap, TypeSet, TypePush, TypeAttribute:
		return true
	}
	return false
}

// children is how many values follow an aggregate header (maps and attributes
// carry key-value pairs).
func (t token) children() int64 {
	if t.n <= 0 || !t.isAggregate() {
		return 0
	}
	if t.typ == TypeMap || t.typ == TypeAttribute {
		return 2 * t.n
	}
	return t.n
}

// value reads the header of the next value proper, attributes skipped.
func (r *Reader) value() (token, error) {
	if err := r.skipAttributes(); err != nil {
		return token{}, err
	}
	return r.next()
}

// skipAttributes steps over RESP3 attribute frames: out-of-band metadata that no
// command result in the GLIDE API exposes.
func (r *Reader) skipAttributes() error {
	for r.pos < len(r.buf) && r.buf[r.pos] == TypeAttribute {
		t, err := r.next()
		if err != nil {
			return err
		}
		if err := r.skipValues(t.children()); err != nil {
			return err
		}
	}
	return nil
}

// skipValues consumes count values iteratively, so hostile nesting depth cannot
// exhaust the stack.
func (r *Reader) skipValues(count int64) error {
	for count > 0 {
		t, err := r.next()
		if err != nil {
			return err
		}
		if t.typ != TypeAttribute {
			count-- // an attribute annotates the value after it, which is still due
		}
		count += t.children()
	}
	return nil
}

// next decodes one frame header (and a blob's payload) at the current position.
func (r *Reader) next() (token, error) {
	if r.pos >= len(r.buf) {
		return token{}, malformed(r.pos, "unexpected end of reply")
	}
	start := r.pos
	typ := r.buf[r.pos]
	line, err := r.line(start)
	if err != nil {
		return token{}, err
	}
	switch typ {
	case TypeSimpleString, TypeSimpleError, TypeDouble, TypeBigNumber:
		return token{typ: typ, data: line}, nil
	case TypeInteger:
		n, ok := parseInt(line)
		if !ok {
			return token{}, malformed(start, "invalid integer")
		}
		return token{typ: typ, n: n, data: line}, nil
	case TypeBoolean:
		if len(line) != 1 || (line[0] != 't' && line[0] != 'f') {
			return token{}, malformed(start, "invalid boolean")
		}
		return token{typ: typ, data: line}, nil
	case TypeNull:
		if len(line) != 0 {
			return token{}, malformed(start, "invalid null")
		}
		return token{typ: typ, n: -1}, nil
	case TypeBulkString, TypeVerbatim, TypeBulkError:
		return r.blob(start, typ, line)
	case TypeArray, TypeMap, TypeSet, TypePush, TypeAttribute:
		return r.aggregate(start, typ, line)
	}
	return token{}, malformed(start, "unknown type byte")
}

// line returns the header line of the frame starting at start and moves past its CRLF.
func (r *Reader) line(start int) ([]byte, error) {
	rest := r.buf[start+1:]
	i := bytes.IndexByte(rest, '\r')
	if i < 0 || i+1 >= len(rest) || rest[i+1] != '\n' {
		return nil, malformed(start, "unterminated line")
	}
	r.pos = start + 1 + i + 2
	return rest[:i], nil
}

func (r *Reader) blob(start int, typ byte, line []byte) (token, error) {
	n, ok := parseInt(line)
	if !ok || n < -1 || (n == -1 && typ != TypeBulkString) {
		return token{}, malformed(start, "invalid length")
	}
	if n == -1 {
		return token{typ: typ, n: -1}, nil
	}
	if n > int64(len(r.buf)-r.pos-2) {
		return token{}, malformed(start, "truncated string")
	}
	end := r.pos + int(n)
	if r.buf[end] != '\r' || r.buf[end+1] != '\n' {
		return token{}, malformed(start, "string not followed by CRLF")
	}
	data := r.buf[r.pos:end]
	r.pos = end + 2
	return token{typ: typ, n: n, data: data}, nil
}

func (r *Reader) aggregate(start int, typ byte, line []byte) (token, error) {
	n, ok := parseInt(line)
	if !ok || n < -1 || (n == -1 && typ == TypeAttribute) {
		return token{}, malformed(start, "invalid count")
	}
	t := token{typ: typ, n: n}
	// Every value takes at least three bytes, so a count the rest of the frame cannot
	// hold is corrupt; rejecting it here keeps callers from preallocating for it.
	if n > int64(len(r.buf)-r.pos) || t.children() > int64(len(r.buf)-r.pos)/3 {
		return token{}, malformed(start, "count exceeds reply size")
	}
	return t, nil
}

// parseInt parses a signed decimal without allocating, rejecting overflow.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
		b = b[1:]
	case '+':
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}
