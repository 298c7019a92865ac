package resp

import (
	"strconv"

	"github.com/valkite/valkite/go/internal/errs"
)

// Errors are built only on failure paths, so they may allocate; the success paths
// of the Reader do not.

func malformed(offset int, what string) error {
	return &errs.ProtocolError{Msg: "resp: malformed reply: " + what + " at offset " + strconv.Itoa(offset)}
}

// unexpected reports a value of the wrong kind for the requested read. An aggregate's
// contents are consumed first so the Reader stays aligned on the next value.
func (r *Reader) unexpected(t token, want string) error {
	switch {
	case t.typ == TypeSimpleError || t.typ == TypeBulkError:
		return &errs.RequestError{Msg: string(t.data)}
	case t.isNil():
		return &errs.ProtocolError{Msg: "resp: unexpected nil reply, expected " + want}
	case t.isAggregate():
		if err := r.skipValues(t.children()); err != nil {
			return err
		}
	}
	return &errs.ProtocolError{Msg: "resp: unexpected " + kindName(t.typ) + " reply, expected " + want}
}

func kindName(typ byte) string {
	switch typ {
	case TypeSimpleString:
		return "simple string"
	case TypeSimpleError:
		return "simple error"
	case TypeInteger:
		return "integer"
	case TypeBulkString:
		return "bulk string"
	case TypeArray:
		return "array"
	case TypeNull:
		return "null"
	case TypeDouble:
		return "double"
	case TypeBoolean:
		return "boolean"
	case TypeBulkError:
		return "bulk error"
	case TypeVerbatim:
		return "verbatim string"
	case TypeBigNumber:
		return "big number"
	case TypeMap:
		return "map"
	case TypeSet:
		return "set"
	case TypeAttribute:
		return "attribute"
	case TypePush:
		return "push"
	}
	return "unknown"
}
