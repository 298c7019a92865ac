package cmds

import (
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// Array decoders. An empty reply gives an empty, non-nil slice (as GLIDE returns); a
// null array gives nil. RESP3 sets and maps are read as their flattened elements, so
// the same decoder serves a command whose reply shape differs between protocols.

// DecodeStringArray reads an array whose elements are never null (TIME, ACL CAT, ...).
func DecodeStringArray(r *resp.Reader) ([]string, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		if out[i], err = r.ReadString(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeNullableStringArray reads an array of strings or nulls (MGET, SORT).
func DecodeNullableStringArray(r *resp.Reader) ([]models.Result[string], error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.Result[string], n)
	for i := range out {
		if out[i], err = DecodeNullableString(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeIntArray reads an array of integers.
func DecodeIntArray(r *resp.Reader) ([]int64, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]int64, n)
	for i := range out {
		if out[i], err = r.ReadInt(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeNullableIntArray reads an array of integers or nulls (BITFIELD).
func DecodeNullableIntArray(r *resp.Reader) ([]models.Result[int64], error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.Result[int64], n)
	for i := range out {
		if out[i], err = DecodeNullableInt(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeNullableFloatArray reads an array of doubles or nulls (ZMSCORE).
func DecodeNullableFloatArray(r *resp.Reader) ([]models.Result[float64], error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.Result[float64], n)
	for i := range out {
		if out[i], err = DecodeNullableFloat(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeBoolArray reads an array of booleans or 0/1 integers (SCRIPT EXISTS).
func DecodeBoolArray(r *resp.Reader) ([]bool, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]bool, n)
	for i := range out {
		if out[i], err = r.ReadBool(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeAnyArray reads an array of arbitrary values, each in CustomCommand's shape
// (ACL LOG). A nested error stays an element, as in GLIDE.
func DecodeAnyArray(r *resp.Reader) ([]any, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]any, n)
	for i := range out {
		if out[i], err = r.ReadAny(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeStringSet reads a RESP3 set, or the array RESP2 sends for it (SMEMBERS).
func DecodeStringSet(r *resp.Reader) (map[string]struct{}, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]struct{}, n)
	for i := 0; i < n; i++ {
		s, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		out[s] = struct{}{}
	}
	return out, nil
}
