package cmds

// Reply shapes of stream commands whose replies nest maps (see shapes.go).

// toXAutoClaim converts the claimed entries (the second element) to an entry map.
func toXAutoClaim(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) < 2 || len(arr) > 3 {
		return nil, shapeError("an XAUTOCLAIM reply", v)
	}
	entries, err := toMap(arr[1], toPairs)
	if err != nil {
		return nil, err
	}
	out := []any{arr[0], entries}
	if len(arr) == 3 {
		out = append(out, arr[2])
	}
	return out, nil
}

// indexOfKey finds key among the elements of a flat RESP2 map.
func indexOfKey(arr []any, key string) int {
	for i, e := range arr {
		if s, ok := e.(string); ok && s == key {
			return i
		}
	}
	return -1
}

// toXInfoStreamFull converts RESP2's XINFO STREAM FULL report to a map whose groups
// and their consumers are maps too; a RESP3 map is kept.
func toXInfoStreamFull(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case []any:
		arr := append([]any(nil), x...)
		gi := indexOfKey(arr, "groups")
		if gi < 0 || gi+1 >= len(arr) {
			return nil, shapeError("XINFO STREAM FULL (no groups)", v)
		}
		groups, ok := arr[gi+1].([]any)
		if !ok {
			return nil, shapeError("XINFO STREAM FULL (groups)", v)
		}
		converted := make([]any, len(groups))
		for i, g := range groups {
			group, ok := g.([]any)
			if !ok {
				return nil, shapeError("XINFO STREAM FULL (group)", v)
			}
			group = append([]any(nil), group...)
			ci := indexOfKey(group, "consumers")
			if ci < 0 || ci+1 >= len(group) {
				return nil, shapeError("XINFO STREAM FULL (no consumers)", v)
			}
			consumers, err := eachOf(group[ci+1], func(c any) (any, error) { return toMap(c, nil) })
			if err != nil {
				return nil, err
			}
			group[ci+1] = consumers
			if converted[i], err = toMap(group, nil); err != nil {
				return nil, err
			}
		}
		arr[gi+1] = converted
		return toMap(arr, nil)
	}
	return nil, shapeError("XINFO STREAM FULL", v)
}
