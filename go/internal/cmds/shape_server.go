package cmds

import (
	"strings"

	"github.com/valkite/valkite/go/internal/resp"
)

// Reply shapes of server, scripting and module commands, and LOLWUT's text (see
// shapes.go).

// lolwutShades draws LOLWUT's coloured cells (an escape sequence around a space) as
// shade characters, readable outside a terminal.
var lolwutShades = strings.NewReplacer(
	"\x1b[0;97;107m \x1b[0m", "\u2591",
	"\x1b[0;37;47m \x1b[0m", "\u2592",
	"\x1b[0;90;100m \x1b[0m", "\u2593",
	"\x1b[0;30;40m \x1b[0m", " ",
)

// LolwutText is LOLWUT's output as GLIDE gives it (typed and raw alike).
func LolwutText(s string) string {
	if !strings.Contains(s, "\x1b[0m") {
		return s
	}
	return lolwutShades.Replace(s)
}

// DecodeLolwut reads LOLWUT's text as LolwutText gives it.
func DecodeLolwut(r *resp.Reader) (string, error) {
	s, err := r.ReadString()
	if err != nil {
		return "", err
	}
	return LolwutText(s), nil
}

func toLolwut(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, shapeError("LOLWUT's text", v)
	}
	return LolwutText(s), nil
}

// toStringOrSet keeps a string or null and turns an array (a function's flags) into a
// set.
func toStringOrSet(v any) (any, error) {
	switch v.(type) {
	case nil, string:
		return v, nil
	case []any:
		return toSet(v)
	}
	return nil, shapeError("a string or a set", v)
}

// toFunctionStats converts RESP2's [running_script, script, engines, engines] to a
// map whose script and engines are maps.
func toFunctionStats(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case []any:
		if len(x) != 4 {
			break
		}
		var script any
		switch s := x[1].(type) {
		case nil:
		case []any:
			m, err := toMap(s, nil)
			if err != nil {
				return nil, err
			}
			script = m
		default:
			return nil, shapeError("FUNCTION STATS", v)
		}
		if _, ok := x[3].([]any); !ok {
			return nil, shapeError("FUNCTION STATS", v)
		}
		engines, err := toMap(x[3], func(e any) (any, error) { return toMap(e, nil) })
		if err != nil {
			return nil, err
		}
		return map[string]any{keyText(x[0]): script, keyText(x[2]): engines}, nil
	}
	return nil, shapeError("FUNCTION STATS", v)
}

// toMemoryStats turns the report into a map, its nested RESP2 maps (db.N) into maps
// and its RESP2 number strings into float64s; what does not convert stays as it is.
func toMemoryStats(v any) (any, error) {
	m, err := toMap(v, nil)
	if err != nil {
		return nil, err
	}
	stats, ok := m.(map[string]any)
	if !ok {
		return m, nil
	}
	out := make(map[string]any, len(stats))
	for k, e := range stats {
		switch x := e.(type) {
		case []any:
			if nested, err := toMap(x, nil); err == nil {
				e = nested
			}
		case string:
			if f, err := toDouble(x); err == nil {
				e = f
			}
		}
		out[k] = e
	}
	return out, nil
}

// toTrackingInfo turns RESP2's CLIENT TRACKINGINFO into a map with flags as a set.
func toTrackingInfo(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case []any:
		m, err := toMap(x, nil)
		if err != nil {
			return nil, err
		}
		info := m.(map[string]any)
		if flags, ok := info["flags"]; ok {
			if info["flags"], err = toSet(flags); err != nil {
				return nil, err
			}
		}
		return info, nil
	}
	return nil, shapeError("CLIENT TRACKINGINFO", v)
}

// toJSONToggle converts JSON.TOGGLE's per-path 0/1 (nil where the path is not a
// boolean) or its legacy "true"/"false" text.
func toJSONToggle(v any) (any, error) {
	switch x := v.(type) {
	case []any:
		return eachOf(x, orNil(toBool))
	case string:
		switch x {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return nil, shapeError("JSON.TOGGLE's reply", v)
}
