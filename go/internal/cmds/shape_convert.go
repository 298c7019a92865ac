package cmds

import (
	"fmt"
	"strconv"

	"github.com/valkite/valkite/go/internal/errs"
)

// The conversions behind the reply shapes (shapes.go). Each works on the dynamic value
// resp.Reader.ReadAny produced, from a RESP2 or a RESP3 reply alike: RESP2 sends maps
// as flat arrays, sets as arrays and doubles as strings, RESP3 sends them typed, and
// both must come out as the same Go value.

// conv converts one dynamic value.
type conv func(any) (any, error)

func reshape(s shape, v any) (any, error) {
	switch s {
	case shapeNone:
		return v, nil
	case shapeMap, shapeXInfoStream:
		return toMap(v, nil)
	case shapeEntryMap:
		return toMap(v, toPairs)
	case shapeStreamsMap:
		return toMap(v, func(e any) (any, error) { return toMap(e, toPairs) })
	case shapeDouble:
		return toDouble(v)
	case shapeDoubleOrNil:
		return orNil(toDouble)(v)
	case shapeBool:
		return toBool(v)
	case shapeBools:
		return eachOf(v, toBool)
	case shapeStrings:
		return eachOf(v, toText)
	case shapeDoublesOrNil:
		return eachOf(v, orNil(toDouble))
	case shapeSet:
		return toSet(v)
	case shapeMemberScores:
		return toMap(v, toDouble)
	case shapeZMPop:
		return toZMPop(v)
	case shapeGeoPos:
		return eachOf(v, orNil(toCoordinates))
	case shapeKeyValues:
		return toKeyValues(v)
	case shapePairs:
		return toPairsWith(v, nil)
	case shapeScorePairs:
		return toPairsWith(v, toDouble)
	case shapeRankScore:
		return toRankScore(v)
	case shapeKeyMemberScore:
		return toKeyMemberScore(v)
	case shapeLolwut:
		return toLolwut(v)
	case shapeMapList:
		return toMapList(v, nil)
	case shapeFunctionList:
		return toMapList(v, func(lib any) (any, error) { return toMapList(lib, toStringOrSet) })
	case shapeFunctionStats:
		return toFunctionStats(v)
	case shapeGeoSearch:
		return eachOf(v, toGeoMatch)
	case shapeXAutoClaim:
		return toXAutoClaim(v)
	case shapeXInfoStreamFull:
		return toXInfoStreamFull(v)
	case shapeMemoryStats:
		return toMemoryStats(v)
	case shapeTrackingInfo:
		return toTrackingInfo(v)
	case shapeJSONToggle:
		return toJSONToggle(v)
	case shapeFTAggregate:
		return toFTAggregate(v)
	case shapeFTSearch:
		return toFTSearch(v)
	case shapeFTSearchSortKeys:
		return toFTSearchSortKeys(v)
	case shapeFTProfileSearch:
		return toFTProfile(v, toFTSearch)
	case shapeFTProfileSortKeys:
		return toFTProfile(v, toFTSearchSortKeys)
	case shapeFTProfileAggregate:
		return toFTProfile(v, toFTAggregate)
	case shapeFTInfo:
		return toFTInfo(v)
	}
	return v, nil
}

func shapeError(want string, v any) error {
	return &errs.ProtocolError{Msg: fmt.Sprintf("valkite: reply could not be converted to %s (got %T)", want, v)}
}

// orNil keeps a null as nil and converts anything else with c.
func orNil(c conv) conv {
	return func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		return c(v)
	}
}

// toDouble accepts a RESP3 double, an integer or a number's text.
func toDouble(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, shapeError("a float64", v)
		}
		return f, nil
	}
	return nil, shapeError("a float64", v)
}

// toBool accepts a RESP3 boolean, a 0/1 integer (any non-zero is true), "1"/"0" or
// "OK"; a null is false.
func toBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case nil:
		return false, nil
	case string:
		switch x {
		case "1", OK:
			return true, nil
		case "0":
			return false, nil
		}
	}
	return nil, shapeError("a bool", v)
}

// toText is a scalar's text (an ID that came as a number stays readable).
func toText(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	return nil, shapeError("a string", v)
}

// keyText is how a map key or set member that is not a string is named, as ReadAny
// names it.
func keyText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// eachOf converts every element of an array.
func eachOf(v any, c conv) (any, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, shapeError("an array", v)
	}
	out := make([]any, len(arr))
	for i, e := range arr {
		var err error
		if out[i], err = c(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// toMap turns a map, a flat array of keys and values or an array of [key, value]
// pairs into a map[string]any, converting values with c (nil: kept). A null stays nil;
// null entries of an array are skipped (XAUTOCLAIM's deleted entries on old servers).
func toMap(v any, c conv) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		if c == nil {
			return x, nil
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			ce, err := c(e)
			if err != nil {
				return nil, err
			}
			out[k] = ce
		}
		return out, nil
	case []any:
		out := make(map[string]any, len(x)/2)
		for i := 0; i < len(x); i++ {
			var key, val any
			switch e := x[i].(type) {
			case nil:
				continue
			case []any:
				if len(e) != 2 {
					return nil, shapeError("a map (an entry is not a pair)", v)
				}
				key, val = e[0], e[1]
			default:
				if i+1 >= len(x) {
					return nil, shapeError("a map (odd number of elements)", v)
				}
				key, val = e, x[i+1]
				i++
			}
			if c != nil {
				var err error
				if val, err = c(val); err != nil {
					return nil, err
				}
			}
			out[keyText(key)] = val
		}
		return out, nil
	}
	return nil, shapeError("a map", v)
}

// toSet turns an array of members (RESP2) into a set; a RESP3 set is kept.
func toSet(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]struct{}:
		return x, nil
	case []any:
		out := make(map[string]struct{}, len(x))
		for _, m := range x {
			out[keyText(m)] = struct{}{}
		}
		return out, nil
	}
	return nil, shapeError("a set", v)
}

// toPairs is toPairsWith without a value conversion.
func toPairs(v any) (any, error) { return toPairsWith(v, nil) }

// toPairsWith turns a flat array of keys and values (RESP2) into an array of
// [key, value] pairs, converting values with c; an array of pairs (RESP3) or an empty
// array is kept as it is. Pairs, not a map: HRANDFIELD may repeat a field.
func toPairsWith(v any, c conv) (any, error) {
	arr, ok := v.([]any)
	switch {
	case v == nil:
		return nil, nil
	case !ok:
		return nil, shapeError("an array of pairs", v)
	case len(arr) == 0:
		return arr, nil
	}
	if _, nested := arr[0].([]any); nested {
		return arr, nil
	}
	if _, isString := arr[0].(string); !isString || len(arr)%2 != 0 {
		return nil, shapeError("an array of pairs", v)
	}
	out := make([]any, 0, len(arr)/2)
	for i := 0; i < len(arr); i += 2 {
		val := arr[i+1]
		if c != nil {
			var err error
			if val, err = c(val); err != nil {
				return nil, err
			}
		}
		out = append(out, []any{arr[i], val})
	}
	return out, nil
}

// toZMPop converts [key, [[member, score], ...]] to [key, map of member → score].
func toZMPop(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return nil, shapeError("a key with members and scores", v)
	}
	if _, ok := arr[1].([]any); !ok {
		return nil, shapeError("a key with members and scores", v)
	}
	scores, err := toMap(arr[1], toDouble)
	if err != nil {
		return nil, err
	}
	return []any{arr[0], scores}, nil
}

// toCoordinates converts one GEOPOS position to [lon, lat] float64s.
func toCoordinates(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return nil, shapeError("a longitude and latitude", v)
	}
	return eachOf(arr, toDouble)
}

// toKeyValues converts LMPOP's [key, [elements]] to a map of key → elements.
func toKeyValues(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return nil, shapeError("a key with its elements", v)
	}
	if _, ok := arr[1].([]any); !ok {
		return nil, shapeError("a key with its elements", v)
	}
	elements, err := eachOf(arr[1], toText)
	if err != nil {
		return nil, err
	}
	return map[string]any{keyText(arr[0]): elements}, nil
}

func toRankScore(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 2 {
		return nil, shapeError("a rank and score", v)
	}
	score, err := toDouble(arr[1])
	if err != nil {
		return nil, err
	}
	return []any{arr[0], score}, nil
}

func toKeyMemberScore(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok || len(arr) != 3 {
		return nil, shapeError("a key, member and score", v)
	}
	switch arr[2].(type) {
	case float64:
		return arr, nil
	case string:
		score, err := toDouble(arr[2])
		if err != nil {
			return nil, err
		}
		return []any{arr[0], arr[1], score}, nil
	}
	return nil, shapeError("a key, member and score", v)
}

// toMapList turns an array of flat arrays (RESP2) into an array of maps, converting
// values with c; an array of maps (RESP3) or an empty one is kept. Strings pass
// through, so the conversion can be applied to every value of a map.
func toMapList(v any, c conv) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case map[string]any:
		return toMap(x, func(e any) (any, error) { return toMapList(e, c) })
	case []any:
		if len(x) == 0 {
			return x, nil
		}
		if _, isMap := x[0].(map[string]any); isMap {
			return x, nil
		}
		out := make([]any, len(x))
		for i, e := range x {
			if _, ok := e.([]any); !ok {
				return nil, shapeError("an array of maps", v)
			}
			m, err := toMap(e, c)
			if err != nil {
				return nil, err
			}
			out[i] = m
		}
		return out, nil
	}
	return nil, shapeError("an array of maps", v)
}

// toGeoMatch converts one GEOSEARCH match to [name, [extras]], with the distance and
// the coordinates as float64s (the hash stays an integer).
func toGeoMatch(v any) (any, error) {
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return nil, shapeError("a GEOSEARCH match", v)
	}
	rest := make([]any, 0, len(arr)-1)
	for _, e := range arr[1:] {
		switch x := e.(type) {
		case []any:
			c, err := toCoordinates(x)
			if err != nil {
				return nil, err
			}
			rest = append(rest, c)
		case string:
			d, err := toDouble(x)
			if err != nil {
				return nil, err
			}
			rest = append(rest, d)
		default:
			rest = append(rest, e)
		}
	}
	return []any{arr[0], rest}, nil
}
