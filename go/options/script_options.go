package options

import (
	"crypto/sha1"
	"encoding/hex"
	"sync"
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

// Script is a Lua script invoked by its SHA1 digest (EVALSHA). The client
// keeps the source so it can load the script again on a server that does not
// know it (after a restart or SCRIPT FLUSH, or on a node seen for the first
// time). Close releases the source; the script cannot be invoked afterwards.
type Script struct {
	hash      string
	code      string
	isDropped bool
	mu        *sync.Mutex
}

// NewScript prepares code for invocation. An empty script has an empty hash.
func NewScript(code string) *Script {
	s := &Script{code: code, mu: new(sync.Mutex)}
	if code != "" {
		sum := sha1.Sum([]byte(code))
		s.hash = hex.EncodeToString(sum[:])
	}
	return s
}

// GetHash is the script's SHA1 digest, in lower-case hex as the server
// reports it.
func (s *Script) GetHash() string { return s.hash }

// Close releases the script's source. It is safe to call more than once.
func (s *Script) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.isDropped, s.code = true, ""
	return nil
}

// Source returns the script's code, and false once Close has been called. It
// is a valkite addition (not part of GLIDE's API) through which the client
// reloads the script when the server replies NOSCRIPT.
func (s *Script) Source() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.code, !s.isDropped
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
