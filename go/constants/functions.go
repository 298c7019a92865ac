package constants

// FunctionRestorePolicy says what FUNCTION RESTORE does with libraries that
// already exist.
type FunctionRestorePolicy string

const (
	AppendPolicy  FunctionRestorePolicy = "APPEND"  // fail on a name collision
	FlushPolicy   FunctionRestorePolicy = "FLUSH"   // drop all libraries first
	ReplacePolicy FunctionRestorePolicy = "REPLACE" // overwrite colliding libraries
)
