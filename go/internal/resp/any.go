package resp

import (
	"strconv"

	"github.com/valkite/valkite/go/internal/errs"
)

// maxDepth bounds ReadAny's recursion; real replies nest a handful of levels.
const maxDepth = 512

// ReadAny decodes the next value into the dynamic shape GLIDE's CustomCommand
// returns, so code moving from GLIDE sees the same types:
//
//	null (any form)        nil
//	simple/bulk/verbatim   string (verbatim without its format prefix)
//	big number             string (its decimal text)
//	integer                int64
//	double                 float64
//	boolean                bool
//	array, push            []any
//	map                    map[string]any
//	set                    map[string]struct{}
//	error                  *errs.RequestError, as a value
//
// Errors are values here, not failures, because GLIDE reports an error nested in an
// aggregate (a failed command in EXEC's reply, say) as an element of the result. The
// returned error is only for malformed input. Map keys and set members that are not
// strings are keyed by their text.
func (r *Reader) ReadAny() (any, error) {
	return r.readAny(0)
}

func (r *Reader) readAny(depth int) (any, error) {
	if depth > maxDepth {
		return nil, malformed(r.pos, "nesting too deep")
	}
	t, err := r.value()
	if err != nil {
		return nil, err
	}
	if t.isNil() {
		return nil, nil
	}
	switch t.typ {
	case TypeSimpleString, TypeBulkString, TypeBigNumber:
		return string(t.data), nil
	case TypeVerbatim:
		if len(t.data) >= 4 && t.data[3] == ':' {
			return string(t.data[4:]), nil
		}
		return string(t.data), nil
	case TypeInteger:
		return t.n, nil
	case TypeDouble:
		f, ok := parseFloat(t.data)
		if !ok {
			return nil, r.notNumber(t, "double")
		}
		return f, nil
	case TypeBoolean:
		return t.data[0] == 't', nil
	case TypeSimpleError, TypeBulkError:
		return &errs.RequestError{Msg: string(t.data)}, nil
	case TypeArray, TypePush:
		out := make([]any, 0, t.n)
		for i := int64(0); i < t.n; i++ {
			v, err := r.readAny(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case TypeMap:
		out := make(map[string]any, t.n)
		for i := int64(0); i < t.n; i++ {
			k, err := r.readKey(depth + 1)
			if err != nil {
				return nil, err
			}
			v, err := r.readAny(depth + 1)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, nil
	case TypeSet:
		out := make(map[string]struct{}, t.n)
		for i := int64(0); i < t.n; i++ {
			k, err := r.readKey(depth + 1)
			if err != nil {
				return nil, err
			}
			out[k] = struct{}{}
		}
		return out, nil
	}
	return nil, r.unexpected(t, "value")
}

// readKey decodes a map key or set member, which Go needs as a string.
func (r *Reader) readKey(depth int) (string, error) {
	v, err := r.readAny(depth)
	if err != nil {
		return "", err
	}
	switch k := v.(type) {
	case string:
		return k, nil
	case nil:
		return "", nil
	case int64:
		return strconv.FormatInt(k, 10), nil
	case float64:
		return strconv.FormatFloat(k, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(k), nil
	case error:
		return k.Error(), nil
	}
	return "", malformed(r.pos, "aggregate used as a map key or set member")
}
