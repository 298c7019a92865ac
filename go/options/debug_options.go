package options

// ScriptDebugMode is SCRIPT DEBUG's argument. (From GLIDE's development
// branch, after v2.5.3.)
type ScriptDebugMode string

const (
	ScriptDebugModeYes  ScriptDebugMode = "YES"  // debug in a forked session, non-blocking
	ScriptDebugModeSync ScriptDebugMode = "SYNC" // debug in the server itself, blocking it
	ScriptDebugModeNo   ScriptDebugMode = "NO"
)

// ScriptDebugClusterOptions route SCRIPT DEBUG on a cluster.
type ScriptDebugClusterOptions struct {
	*RouteOption
}
