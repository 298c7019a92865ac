package cmds

import (
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// Scalar decoders. Each returns the same Go type as the GLIDE method whose reply it
// decodes; the nullable ones map a null of any RESP form to the nil Result.

// OK is the reply of commands that only acknowledge.
const OK = "OK"

// DecodeOK reads an acknowledgement. "OK" is matched in place and answered with the
// constant, so the commonest reply costs no allocation; any other status text (RESET's
// "RESET", say) is returned as sent.
func DecodeOK(r *resp.Reader) (string, error) {
	b, err := r.ReadBytes()
	if err != nil {
		return "", err
	}
	if string(b) == OK {
		return OK, nil
	}
	return string(b), nil
}

// DecodeString reads a string that the command always returns.
func DecodeString(r *resp.Reader) (string, error) {
	return r.ReadString()
}

// DecodeNullableString reads a string or null (GET, GETDEL, ECHO, ...).
func DecodeNullableString(r *resp.Reader) (models.Result[string], error) {
	if r.ReadNil() {
		return models.CreateNilStringResult(), nil
	}
	s, err := r.ReadString()
	if err != nil {
		return models.CreateNilStringResult(), err
	}
	return models.CreateStringResult(s), nil
}

// DecodeInt reads an integer reply.
func DecodeInt(r *resp.Reader) (int64, error) {
	return r.ReadInt()
}

// DecodeNullableInt reads an integer or null (OBJECT FREQ, ZRANK, ...).
func DecodeNullableInt(r *resp.Reader) (models.Result[int64], error) {
	if r.ReadNil() {
		return models.CreateNilInt64Result(), nil
	}
	n, err := r.ReadInt()
	if err != nil {
		return models.CreateNilInt64Result(), err
	}
	return models.CreateInt64Result(n), nil
}

// DecodeFloat reads a double (a RESP3 double or its RESP2 string form).
func DecodeFloat(r *resp.Reader) (float64, error) {
	return r.ReadFloat()
}

// DecodeNullableFloat reads a double or null (ZSCORE, ...).
func DecodeNullableFloat(r *resp.Reader) (models.Result[float64], error) {
	if r.ReadNil() {
		return models.CreateNilFloat64Result(), nil
	}
	f, err := r.ReadFloat()
	if err != nil {
		return models.CreateNilFloat64Result(), err
	}
	return models.CreateFloat64Result(f), nil
}

// DecodeBool reads a boolean (RESP3) or a 0/1 integer (RESP2, and the many commands
// that answer 0/1 in both protocols).
func DecodeBool(r *resp.Reader) (bool, error) {
	return r.ReadBool()
}

// DecodeAny reads any reply into CustomCommand's dynamic shape (see resp.Reader.ReadAny).
func DecodeAny(r *resp.Reader) (any, error) {
	return r.ReadAny()
}
