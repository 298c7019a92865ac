package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
)

// DecodeStringPairs reads [field, value] pairs (HRANDFIELD ... WITHVALUES): RESP3
// sends an array of two-element arrays, RESP2 one flat array of alternating items.
// Both become [][]string; an empty reply is an empty, non-nil slice and a null is nil.
func DecodeStringPairs(r *resp.Reader) ([][]string, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	if n == 0 {
		return [][]string{}, nil
	}
	if k := r.Kind(); k == resp.TypeArray {
		out := make([][]string, n)
		for i := range out {
			pair, err := DecodeStringArray(r)
			if err != nil {
				return nil, err
			}
			if len(pair) != 2 {
				return nil, &errs.ProtocolError{Msg: "field/value pair must have 2 elements"}
			}
			out[i] = pair
		}
		return out, nil
	}
	if n%2 != 0 {
		return nil, &errs.ProtocolError{Msg: "flat field/value reply has an odd number of elements"}
	}
	out := make([][]string, n/2)
	for i := range out {
		f, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		v, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		out[i] = []string{f, v}
	}
	return out, nil
}
