package options

// VersionString is LOLWUT's VERSION keyword.
type VersionString string

const (
	VersionStr VersionString = "VERSION"
)

// LolwutOptions pick the LOLWUT art version and its version-specific
// parameters.
type LolwutOptions struct {
	Version int64
	Args    []int
}

// ClusterLolwutOptions adds a route to LolwutOptions.
type ClusterLolwutOptions struct {
	*LolwutOptions
	*RouteOption
}

// NewLolwutOptions selects a version.
func NewLolwutOptions(version int64) *LolwutOptions { return &LolwutOptions{Version: version} }

// SetArgs sets the version's extra parameters.
func (options *LolwutOptions) SetArgs(args []int) *LolwutOptions {
	options.Args = args
	return options
}

// ToArgs renders VERSION n and the parameters. A nil receiver renders nothing.
func (options *LolwutOptions) ToArgs() ([]string, error) {
	if options == nil {
		return []string{}, nil
	}
	args := []string{string(VersionStr), itoa(options.Version)}
	for _, a := range options.Args {
		args = append(args, itoa(int64(a)))
	}
	return args, nil
}
