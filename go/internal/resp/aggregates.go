package resp

// ReadArrayLen reads an aggregate header and returns how many values follow. Arrays,
// sets and pushes count alike; a RESP3 map counts as its flattened 2n keys and values,
// which is how RESP2 sends the same reply, so one array decoder serves both. A null
// (of any RESP form) gives isNil.
func (r *Reader) ReadArrayLen() (n int, isNil bool, err error) {
	t, err := r.value()
	if err != nil {
		return 0, false, err
	}
	if t.isNil() {
		return 0, true, nil
	}
	switch t.typ {
	case TypeArray, TypeSet, TypePush, TypeMap:
		return int(t.children()), false, nil
	}
	return 0, false, r.unexpected(t, "array")
}

// ReadMapLen reads a map header and returns the number of key-value pairs that
// follow. RESP2 sends maps as flat arrays of alternating keys and values, so an array
// (or set) of even length is accepted as n/2 pairs; map decoders then work unchanged
// on both protocols.
func (r *Reader) ReadMapLen() (n int, isNil bool, err error) {
	t, err := r.value()
	if err != nil {
		return 0, false, err
	}
	if t.isNil() {
		return 0, true, nil
	}
	switch t.typ {
	case TypeMap:
		return int(t.n), false, nil
	case TypeArray, TypeSet, TypePush:
		if t.n%2 != 0 {
			return 0, false, r.unexpected(t, "map (odd-length array)")
		}
		return int(t.n / 2), false, nil
	}
	return 0, false, r.unexpected(t, "map")
}
