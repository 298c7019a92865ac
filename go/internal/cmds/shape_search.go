package cmds

// Reply shapes of valkey-search commands (FT.*), which answer in arrays over both
// protocols; see shapes.go.

// toFTAggregate drops FT.AGGREGATE's leading number and turns each row (a flat array
// of field names and values) into a map.
func toFTAggregate(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, shapeError("an FT.AGGREGATE reply", v)
	}
	out := make([]any, 0, len(arr)-1)
	for _, row := range arr[1:] {
		if _, ok := row.([]any); !ok {
			return nil, shapeError("an FT.AGGREGATE row", row)
		}
		m, err := toMap(row, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// fieldMap is a document's flat field/value array as a map of strings.
func fieldMap(v any) (any, error) { return toMap(v, toText) }

// toFTSearch turns [count, key, fields, key, fields, ...] into [count, map of key →
// field map]; with NOCONTENT (keys only) each key maps to an empty map. A reply of the
// count alone (LIMIT 0 0) is kept.
func toFTSearch(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, shapeError("an FT.SEARCH reply", v)
	}
	if len(arr) == 1 {
		return arr, nil
	}
	count, rest := arr[0], arr[1:]
	keysOnly := true
	for _, e := range rest {
		if _, isString := e.(string); !isString {
			keysOnly = false
			break
		}
	}
	if keysOnly {
		docs := make(map[string]any, len(rest))
		for _, key := range rest {
			docs[keyText(key)] = map[string]any{}
		}
		return []any{count, docs}, nil
	}
	docs, err := toMap(rest, fieldMap)
	if err != nil {
		return nil, err
	}
	return []any{count, docs}, nil
}

// toFTSearchSortKeys turns [count, key, sort key, fields, ...] (or, with NOCONTENT,
// [count, key, sort key, ...]) into [count, map of key → [sort key, field map]].
func toFTSearchSortKeys(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, shapeError("an FT.SEARCH WITHSORTKEYS reply", v)
	}
	if len(arr) == 1 {
		return arr, nil
	}
	count, rest := arr[0], arr[1:]
	withFields := false
	for _, e := range rest {
		if _, isArray := e.([]any); isArray {
			withFields = true
			break
		}
	}
	step := 2
	if withFields {
		step = 3
	}
	if len(rest)%step != 0 {
		return nil, shapeError("an FT.SEARCH WITHSORTKEYS reply (incomplete document)", v)
	}
	docs := make(map[string]any, len(rest)/step)
	for i := 0; i < len(rest); i += step {
		var fields any = map[string]any{}
		if withFields {
			var err error
			if fields, err = fieldMap(rest[i+2]); err != nil {
				return nil, err
			}
		}
		docs[keyText(rest[i])] = []any{rest[i+1], fields}
	}
	return []any{count, docs}, nil
}

// toFTProfile converts [query result, profile] with the query's own shape and the
// profile as a map of float64s.
func toFTProfile(v any, query conv) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return nil, shapeError("an FT.PROFILE reply", v)
	}
	result, err := query(arr[0])
	if err != nil {
		return nil, err
	}
	profile, err := toMap(arr[1], toDouble)
	if err != nil {
		return nil, err
	}
	return []any{result, profile}, nil
}

// toFTInfo turns the index report into a map, each of its fields into a map, and a
// vector field's parameters into a map.
func toFTInfo(v any) (any, error) {
	if m, ok := v.(map[string]any); ok {
		return m, nil
	}
	if _, ok := v.([]any); !ok {
		return nil, shapeError("an FT.INFO reply", v)
	}
	m, err := toMap(v, nil)
	if err != nil {
		return nil, err
	}
	info := m.(map[string]any)
	raw, ok := info["fields"]
	if !ok {
		return info, nil
	}
	fields, ok := raw.([]any)
	if !ok {
		return nil, shapeError("FT.INFO fields", raw)
	}
	converted := make([]any, len(fields))
	for i, f := range fields {
		fm, err := toMap(f, nil)
		if err != nil {
			return nil, err
		}
		field, _ := fm.(map[string]any)
		if vp, ok := field["vector_params"]; ok {
			if field["vector_params"], err = toMap(vp, nil); err != nil {
				return nil, err
			}
		}
		converted[i] = field
	}
	info["fields"] = converted
	return info, nil
}
