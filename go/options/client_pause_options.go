package options

// ClientPauseMode is what CLIENT PAUSE suspends: every command, or only
// commands that may write.
type ClientPauseMode string

const (
	ClientPauseModeAll   ClientPauseMode = "ALL"
	ClientPauseModeWrite ClientPauseMode = "WRITE"
)

// ClientPauseClusterOptions are a pause mode and a route, both optional.
type ClientPauseClusterOptions struct {
	Mode *ClientPauseMode
	*RouteOption
}
