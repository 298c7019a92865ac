package options

import "github.com/valkite/valkite/go/constants"

// InfoOptions lists the INFO sections to return; none means the default set.
type InfoOptions struct {
	Sections []constants.Section
}

// ClusterInfoOptions adds a route to InfoOptions; without one INFO goes to all
// primaries.
type ClusterInfoOptions struct {
	*InfoOptions
	*RouteOption
}

// ToArgs renders the section names. A nil receiver renders nothing.
func (opts *InfoOptions) ToArgs() ([]string, error) {
	if opts == nil {
		return []string{}, nil
	}
	args := make([]string, 0, len(opts.Sections))
	for _, section := range opts.Sections {
		args = append(args, string(section))
	}
	return args, nil
}
