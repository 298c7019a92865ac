package resp

import (
	"math"
	"strconv"
	"unsafe"
)

// ReadBytes reads a string-like value without copying: the result aliases the frame
// and is valid only while the frame is. Accepted: simple, bulk and verbatim strings
// (the "txt:" style format prefix removed), big numbers, and the textual form of
// integers and doubles (servers and RESP versions disagree on which of these some
// replies use).
func (r *Reader) ReadBytes() ([]byte, error) {
	t, err := r.value()
	if err != nil {
		return nil, err
	}
	switch t.typ {
	case TypeSimpleString, TypeBigNumber, TypeInteger, TypeDouble:
		return t.data, nil
	case TypeBulkString:
		if t.n >= 0 {
			return t.data, nil
		}
	case TypeVerbatim:
		if len(t.data) >= 4 && t.data[3] == ':' {
			return t.data[4:], nil
		}
		return t.data, nil
	}
	return nil, r.unexpected(t, "string")
}

// ReadString is ReadBytes copied into a Go string.
func (r *Reader) ReadString() (string, error) {
	b, err := r.ReadBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// ReadInt reads an integer. RESP2 replies sometimes carry numbers as simple or bulk
// strings, so those are parsed too, as are big numbers that fit in an int64.
func (r *Reader) ReadInt() (int64, error) {
	t, err := r.value()
	if err != nil {
		return 0, err
	}
	switch t.typ {
	case TypeInteger:
		return t.n, nil
	case TypeSimpleString, TypeBulkString, TypeBigNumber:
		if t.isNil() {
			break
		}
		if n, ok := parseInt(t.data); ok {
			return n, nil
		}
		return 0, r.notNumber(t, "integer")
	}
	return 0, r.unexpected(t, "integer")
}

// ReadFloat reads a RESP3 double, or the string form RESP2 uses for scores and
// INCRBYFLOAT results ("inf", "-inf" and "nan" included), or an integer.
func (r *Reader) ReadFloat() (float64, error) {
	t, err := r.value()
	if err != nil {
		return 0, err
	}
	switch t.typ {
	case TypeInteger:
		return float64(t.n), nil
	case TypeDouble, TypeSimpleString, TypeBulkString, TypeBigNumber:
		if t.isNil() {
			break
		}
		if f, ok := parseFloat(t.data); ok {
			return f, nil
		}
		return 0, r.notNumber(t, "double")
	}
	return 0, r.unexpected(t, "double")
}

// ReadBool reads a RESP3 boolean, or the 0/1 integer RESP2 uses instead.
func (r *Reader) ReadBool() (bool, error) {
	t, err := r.value()
	if err != nil {
		return false, err
	}
	switch t.typ {
	case TypeBoolean:
		return t.data[0] == 't', nil
	case TypeInteger:
		return t.n != 0, nil
	}
	return false, r.unexpected(t, "boolean")
}

func (r *Reader) notNumber(t token, want string) error {
	return malformed(r.pos, kindName(t.typ)+" "+strconv.Quote(string(t.data))+" is not a valid "+want)
}

// parseFloat parses without copying the bytes into a string: the unsafe view never
// outlives the call (strconv's error, which would retain it, is dropped).
func parseFloat(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	if err != nil {
		// Out-of-range values come back as ±Inf with an error; keep those as RESP3
		// itself would express them.
		if math.IsInf(f, 0) {
			return f, true
		}
		return 0, false
	}
	return f, true
}
