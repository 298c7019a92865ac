package cmds

import (
	"errors"
	"fmt"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Scripting and Function" group (GLIDE's ScriptingAndFunction*Commands).
//
// Scripts and functions return whatever the Lua code returns, so their replies are
// decoded into CustomCommand's dynamic shape (DecodeAny): integers as int64, nil,
// strings, nested []any, status replies as string, error replies inside an array as
// *RequestError, RESP3 doubles as float64.

// scriptCall is EVALSHA/FCALL and their read-only forms: name, target, numkeys, keys,
// args. One allocation for the whole argument vector.
func scriptCall(verb, target string, keys, args []string) []string {
	out := make([]string, 0, 3+len(keys)+len(args))
	out = append(out, verb, target, itoa(int64(len(keys))))
	out = append(out, keys...)
	return append(out, args...)
}

// EvalSha invokes a script by its SHA1 digest.
func EvalSha(hash string, keys, args []string) Cmd[any] {
	return Cmd[any]{Args: scriptCall("EVALSHA", hash, keys, args), Decode: DecodeAny}
}

// ScriptLoad loads a script's source and replies with its digest.
func ScriptLoad(code string) Cmd[string] {
	return Cmd[string]{Args: []string{"SCRIPT", "LOAD", code}, Decode: DecodeString}
}

// ScriptExists replies one boolean per digest.
func ScriptExists(sha1s []string) Cmd[[]bool] {
	return Cmd[[]bool]{Args: concat([]string{"SCRIPT", "EXISTS"}, sha1s), Decode: DecodeBoolArray}
}

func ScriptFlush() Cmd[string] {
	return Cmd[string]{Args: []string{"SCRIPT", "FLUSH"}, Decode: DecodeOK}
}

func ScriptFlushWithMode(mode options.FlushMode) Cmd[string] {
	if mode == "" {
		return ScriptFlush()
	}
	return Cmd[string]{Args: []string{"SCRIPT", "FLUSH", string(mode)}, Decode: DecodeOK}
}

// ScriptShow replies the source of a cached script (Valkey 8.0+).
func ScriptShow(sha1 string) Cmd[string] {
	return Cmd[string]{Args: []string{"SCRIPT", "SHOW", sha1}, Decode: DecodeString}
}

func ScriptKill() Cmd[string] {
	return Cmd[string]{Args: []string{"SCRIPT", "KILL"}, Decode: DecodeOK}
}

// FunctionLoad replies the loaded library's name.
func FunctionLoad(code string, replace bool) Cmd[string] {
	if replace {
		return Cmd[string]{Args: []string{"FUNCTION", "LOAD", constants.ReplaceKeyword, code}, Decode: DecodeString}
	}
	return Cmd[string]{Args: []string{"FUNCTION", "LOAD", code}, Decode: DecodeString}
}

func FunctionDelete(libName string) Cmd[string] {
	return Cmd[string]{Args: []string{"FUNCTION", "DELETE", libName}, Decode: DecodeOK}
}

// FunctionFlush with mode "" lets the server choose (its lazyfree setting).
func FunctionFlush(mode options.FlushMode) Cmd[string] {
	if mode == "" {
		return Cmd[string]{Args: []string{"FUNCTION", "FLUSH"}, Decode: DecodeOK}
	}
	return Cmd[string]{Args: []string{"FUNCTION", "FLUSH", string(mode)}, Decode: DecodeOK}
}

func FunctionKill() Cmd[string] {
	return Cmd[string]{Args: []string{"FUNCTION", "KILL"}, Decode: DecodeOK}
}

// FunctionDump replies the serialized libraries: binary, kept byte for byte.
func FunctionDump() Cmd[string] {
	return Cmd[string]{Args: []string{"FUNCTION", "DUMP"}, Decode: DecodeString}
}

func FunctionRestore(payload string) Cmd[string] {
	return Cmd[string]{Args: []string{"FUNCTION", "RESTORE", payload}, Decode: DecodeOK}
}

func FunctionRestoreWithPolicy(payload string, policy constants.FunctionRestorePolicy) Cmd[string] {
	switch policy {
	case constants.AppendPolicy, constants.FlushPolicy, constants.ReplacePolicy:
	default:
		return Failed[string](fmt.Errorf("FUNCTION RESTORE: policy must be APPEND, FLUSH or REPLACE, got %q", string(policy)))
	}
	return Cmd[string]{Args: []string{"FUNCTION", "RESTORE", payload, string(policy)}, Decode: DecodeOK}
}

// FCall invokes a loaded function.
func FCall(function string, keys, args []string) Cmd[any] {
	return Cmd[any]{Args: scriptCall("FCALL", function, keys, args), Decode: DecodeAny}
}

// FCallReadOnly invokes a function flagged no-writes (FCALL_RO), which a replica may serve.
func FCallReadOnly(function string, keys, args []string) Cmd[any] {
	return Cmd[any]{Args: scriptCall("FCALL_RO", function, keys, args), Decode: DecodeAny}
}

func FunctionList(query models.FunctionListQuery) Cmd[[]models.LibraryInfo] {
	return Cmd[[]models.LibraryInfo]{Args: concat([]string{"FUNCTION", "LIST"}, query.ToArgs()), Decode: DecodeFunctionList}
}

// FunctionStats is one node's FUNCTION STATS.
func FunctionStats() Cmd[models.FunctionStatsResult] {
	return Cmd[models.FunctionStatsResult]{Args: []string{"FUNCTION", "STATS"}, Decode: DecodeFunctionStats}
}

// IsNoScript reports whether err is the server's NOSCRIPT reply: the script's digest
// is not in that server's cache.
func IsNoScript(err error) bool {
	var re *errs.RequestError
	return errors.As(err, &re) && re.Code() == "NOSCRIPT"
}

// DecodeFunctionList reads FUNCTION LIST: an array of libraries, each a map (RESP3)
// or a flat key/value array (RESP2). An empty list is an empty, non-nil slice.
func DecodeFunctionList(r *resp.Reader) ([]models.LibraryInfo, error) {
	v, err := r.ReadAny()
	if err != nil {
		return nil, err
	}
	return toLibraries(v)
}

func toLibraries(v any) ([]models.LibraryInfo, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, shapeError("FUNCTION LIST", v)
	}
	out := make([]models.LibraryInfo, 0, len(items))
	for _, it := range items {
		m, ok := asStringMap(it)
		if !ok {
			return nil, shapeError("FUNCTION LIST library", it)
		}
		lib := models.LibraryInfo{Functions: []models.FunctionInfo{}}
		lib.Name, _ = m["library_name"].(string)
		lib.Engine, _ = m["engine"].(string)
		lib.Code, _ = m["library_code"].(string)
		fns, _ := m["functions"].([]any)
		for _, f := range fns {
			fm, ok := asStringMap(f)
			if !ok {
				return nil, shapeError("FUNCTION LIST function", f)
			}
			fi := models.FunctionInfo{Flags: []string{}}
			fi.Name, _ = fm["name"].(string)
			fi.Description, _ = fm["description"].(string)
			fi.Flags = stringMembers(fm["flags"])
			lib.Functions = append(lib.Functions, fi)
		}
		out = append(out, lib)
	}
	return out, nil
}

// DecodeFunctionStats reads one node's FUNCTION STATS: the running script (or nil)
// and the engines.
func DecodeFunctionStats(r *resp.Reader) (models.FunctionStatsResult, error) {
	v, err := r.ReadAny()
	if err != nil {
		return models.FunctionStatsResult{}, err
	}
	return functionStatsModel(v)
}

// functionStatsModel fills the model from one node's decoded reply (RESP3 map or
// RESP2 flat array).
func functionStatsModel(v any) (models.FunctionStatsResult, error) {
	res := models.FunctionStatsResult{Engines: map[string]models.Engine{}}
	m, ok := asStringMap(v)
	if !ok {
		return res, shapeError("FUNCTION STATS", v)
	}
	if eng, ok := asStringMap(m["engines"]); ok {
		for name, e := range eng {
			em, _ := asStringMap(e)
			fc, _ := em["functions_count"].(int64)
			lc, _ := em["libraries_count"].(int64)
			res.Engines[name] = models.Engine{Language: name, FunctionCount: fc, LibraryCount: lc}
		}
	}
	if rs, ok := asStringMap(m["running_script"]); ok {
		res.RunningScript.Name, _ = rs["name"].(string)
		if ms, ok := rs["duration_ms"].(int64); ok {
			res.RunningScript.Duration = time.Duration(ms) * time.Millisecond
		}
		// "command" is the whole invocation, FCALL included: the first element is the
		// command, the rest its arguments.
		if cmd, ok := rs["command"].([]any); ok && len(cmd) > 0 {
			res.RunningScript.Cmd, _ = cmd[0].(string)
			res.RunningScript.Args = make([]string, 0, len(cmd)-1)
			for _, a := range cmd[1:] {
				s, _ := a.(string)
				res.RunningScript.Args = append(res.RunningScript.Args, s)
			}
		}
	}
	return res, nil
}

// asStringMap accepts a RESP3 map or a RESP2 flat key/value array.
func asStringMap(v any) (map[string]any, bool) {
	switch t := v.(type) {
	case map[string]any:
		return t, true
	case []any:
		if len(t)%2 != 0 {
			return nil, false
		}
		m := make(map[string]any, len(t)/2)
		for i := 0; i < len(t); i += 2 {
			k, ok := t[i].(string)
			if !ok {
				return nil, false
			}
			m[k] = t[i+1]
		}
		return m, true
	}
	return nil, false
}

// stringMembers is a RESP3 set or a RESP2 array of strings as a slice.
func stringMembers(v any) []string {
	out := []string{}
	switch t := v.(type) {
	case map[string]struct{}:
		for k := range t {
			out = append(out, k)
		}
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}
