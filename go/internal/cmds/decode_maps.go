package cmds

import "github.com/valkite/valkite/go/internal/resp"

// Map decoders. resp.Reader.ReadMapLen accepts a RESP3 map and the flat key-value
// array RESP2 sends instead, so each decoder serves both protocols. An empty reply
// gives an empty, non-nil map; a null gives nil.

// DecodeStringMap reads a map of strings (CONFIG GET, HGETALL).
func DecodeStringMap(r *resp.Reader) (map[string]string, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]string, n)
	for i := 0; i < n; i++ {
		k, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		if out[k], err = r.ReadString(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeStringIntMap reads a map of integers (PUBSUB NUMSUB).
func DecodeStringIntMap(r *resp.Reader) (map[string]int64, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]int64, n)
	for i := 0; i < n; i++ {
		k, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		if out[k], err = r.ReadInt(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeStringFloatMap reads a map of doubles (ZPOPMIN and other WITHSCORES replies
// that RESP3 sends as maps and RESP2 as flat member/score arrays).
func DecodeStringFloatMap(r *resp.Reader) (map[string]float64, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]float64, n)
	for i := 0; i < n; i++ {
		k, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		if out[k], err = r.ReadFloat(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeAnyMap reads a map whose values are arbitrary, each in CustomCommand's shape.
func DecodeAnyMap(r *resp.Reader) (map[string]any, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]any, n)
	for i := 0; i < n; i++ {
		k, err := r.ReadString()
		if err != nil {
			return nil, err
		}
		if out[k], err = r.ReadAny(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
