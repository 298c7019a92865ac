package options

// ShutdownMode says whether SHUTDOWN saves the dataset first. (From GLIDE's
// development branch, after v2.5.3.)
type ShutdownMode string

const (
	ShutdownModeSave   ShutdownMode = "SAVE"
	ShutdownModeNoSave ShutdownMode = "NOSAVE"
)

// ShutdownOptions are SHUTDOWN's modifiers. The server drops the connection
// when it shuts down, so a successful SHUTDOWN surfaces as a connection error.
type ShutdownOptions struct {
	Mode  *ShutdownMode // nil = the server's configured save policy
	Now   bool          // do not wait for lagging replicas
	Force bool          // shut down even if saving fails
	Abort bool          // cancel a shutdown in progress; excludes the others
}

// ToArgs renders the modifiers. A nil receiver renders nothing.
func (opts *ShutdownOptions) ToArgs() []string {
	if opts == nil {
		return []string{}
	}
	if opts.Abort {
		return []string{"ABORT"}
	}
	args := []string{}
	if opts.Mode != nil {
		args = append(args, string(*opts.Mode))
	}
	args = appendFlag(args, opts.Now, "NOW")
	return appendFlag(args, opts.Force, "FORCE")
}

// ShutdownClusterOptions add a route to ShutdownOptions.
type ShutdownClusterOptions struct {
	*ShutdownOptions
	*RouteOption
}
