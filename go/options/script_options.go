package options

import (
	"crypto/sha1"
	"encoding/hex"
	"sync"
	"sync/atomic"
)

// ScriptOptions are the keys and arguments of a script invocation. Keys are
// passed separately so a cluster client can route by them.
type ScriptOptions struct {
	Keys []string
	Args []string
}

// NewScriptOptions returns options with no keys and no arguments.
func NewScriptOptions() *ScriptOptions { return &ScriptOptions{Keys: []string{}, Args: []string{}} }

// WithKeys sets the keys (KEYS[1..n] in the script).
func (o *ScriptOptions) WithKeys(keys []string) *ScriptOptions {
	o.Keys = keys
	return o
}

// WithArgs sets the arguments (ARGV[1..n]).
func (o *ScriptOptions) WithArgs(args []string) *ScriptOptions {
	o.Args = args
	return o
}

// ScriptArgOptions are the arguments of a keyless script invocation.
type ScriptArgOptions struct {
	Args []string
}

// NewScriptArgOptions returns options with no arguments.
func NewScriptArgOptions() *ScriptArgOptions { return &ScriptArgOptions{Args: []string{}} }

// WithArgs sets the arguments.
func (o *ScriptArgOptions) WithArgs(args []string) *ScriptArgOptions {
	o.Args = args
	return o
}

// ClusterScriptOptions are arguments plus a route, for keyless scripts on a
// cluster (which otherwise go to a random node).
type ClusterScriptOptions struct {
	*ScriptArgOptions
	*RouteOption
}

// NewClusterScriptOptions returns options with no arguments and no route.
func NewClusterScriptOptions() *ClusterScriptOptions {
	return &ClusterScriptOptions{ScriptArgOptions: NewScriptArgOptions(), RouteOption: &RouteOption{}}
}

// WithRouteOptions sets the route.
func (o *ClusterScriptOptions) WithRouteOptions(routeOption *RouteOption) *ClusterScriptOptions {
	o.RouteOption = routeOption
	return o
}

// WithScriptArgOptions sets the arguments.
func (o *ClusterScriptOptions) WithScriptArgOptions(scriptArgOptions *ScriptArgOptions) *ClusterScriptOptions {
	o.ScriptArgOptions = scriptArgOptions
	return o
}

// Script is a Lua script invoked by its SHA1 digest (EVALSHA). Its source is kept in
// a process-wide store shared by every client, so that a client can load the script
// again on a server that does not know it (after a restart or SCRIPT FLUSH, or on a
// node it has not used it on before) and retry, transparently.
//
// The store counts references: two Scripts with the same code share one entry, and
// the code is forgotten when the last of them is closed. A server that still caches
// the script keeps answering EVALSHA for it after that; one that does not answers
// NOSCRIPT, which the invocation then returns as an error.
//
// Copies of a Script (the invoke methods take it by value) share its state: closing
// one closes them all, once.
type Script struct {
	hash   string
	closed *atomic.Bool
}

// storedScript is one entry of the process-wide store.
type storedScript struct {
	code string
	refs int
}

var scriptStore = struct {
	sync.Mutex
	m map[string]*storedScript
}{m: map[string]*storedScript{}}

// NewScript computes code's digest and registers the code in the process-wide store.
// An empty script has an empty hash and registers nothing.
func NewScript(code string) *Script {
	s := &Script{closed: new(atomic.Bool)}
	if code == "" {
		s.closed.Store(true)
		return s
	}
	sum := sha1.Sum([]byte(code))
	s.hash = hex.EncodeToString(sum[:])
	scriptStore.Lock()
	e := scriptStore.m[s.hash]
	if e == nil {
		e = &storedScript{code: code}
		scriptStore.m[s.hash] = e
	}
	e.refs++
	scriptStore.Unlock()
	return s
}

// GetHash is the script's SHA1 digest, in lower-case hex as the server
// reports it.
func (s *Script) GetHash() string { return s.hash }

// Close releases this script's reference to its code; the last reference forgets
// it. It is safe to call more than once (and on copies): only the first call counts.
func (s *Script) Close() error {
	if s.closed == nil || !s.closed.CompareAndSwap(false, true) {
		return nil
	}
	scriptStore.Lock()
	if e := scriptStore.m[s.hash]; e != nil {
		e.refs--
		if e.refs <= 0 {
			delete(scriptStore.m, s.hash)
		}
	}
	scriptStore.Unlock()
	return nil
}

// Source returns the code stored for the script's digest, and false once no open
// Script holds it any more. It is a valkite addition (not part of GLIDE's API),
// through which a client reloads the script when a server replies NOSCRIPT.
func (s *Script) Source() (string, bool) {
	return ScriptSource(s.hash)
}

// ScriptSource looks a digest up in the process-wide store (a valkite addition).
func ScriptSource(hash string) (string, bool) {
	scriptStore.Lock()
	defer scriptStore.Unlock()
	if e := scriptStore.m[hash]; e != nil {
		return e.code, true
	}
	return "", false
}

// ScriptFlushOptions are SCRIPT FLUSH's mode and route, both optional.
type ScriptFlushOptions struct {
	Mode FlushMode
	*RouteOption
}

// NewScriptFlushOptions returns options with no mode and no route.
func NewScriptFlushOptions() *ScriptFlushOptions {
	return &ScriptFlushOptions{RouteOption: &RouteOption{}}
}

// WithMode sets SYNC or ASYNC.
func (o *ScriptFlushOptions) WithMode(mode FlushMode) *ScriptFlushOptions {
	o.Mode = mode
	return o
}

// WithRoute sets the route.
func (o *ScriptFlushOptions) WithRoute(route *RouteOption) *ScriptFlushOptions {
	o.RouteOption = route
	return o
}
