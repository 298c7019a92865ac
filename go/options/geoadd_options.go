package options

import "github.com/valkite/valkite/go/constants"

// GeospatialData is a position on Earth, in degrees.
type GeospatialData struct {
	Latitude  float64
	Longitude float64
}

// MapGeoDataToArray renders members as GEOADD's longitude, latitude, member
// triples (longitude first, as the server wants). Map order is random.
func MapGeoDataToArray(memberGeoMap map[string]GeospatialData) []string {
	out := make([]string, 0, 3*len(memberGeoMap))
	for member, pos := range memberGeoMap {
		out = append(out, ftoa(pos.Longitude), ftoa(pos.Latitude), member)
	}
	return out
}

// GeoAddOptions are GEOADD's optional arguments.
type GeoAddOptions struct {
	// ConditionalChange limits GEOADD to updating (XX) or adding (NX)
	// members; other values are ignored.
	ConditionalChange constants.ConditionalSet
	// Changed makes GEOADD count updated members too (CH).
	Changed bool
}

// NewGeoAddOptions returns empty options.
func NewGeoAddOptions() *GeoAddOptions { return &GeoAddOptions{} }

// SetConditionalChange sets NX or XX.
func (options *GeoAddOptions) SetConditionalChange(conditionalChange constants.ConditionalSet) *GeoAddOptions {
	options.ConditionalChange = conditionalChange
	return options
}

// SetChanged counts changed members too.
func (options *GeoAddOptions) SetChanged(changed bool) *GeoAddOptions {
	options.Changed = changed
	return options
}

// ToArgs renders the options after GEOADD's key.
func (opts *GeoAddOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.ConditionalChange == constants.OnlyIfExists || opts.ConditionalChange == constants.OnlyIfDoesNotExist {
		args = append(args, string(opts.ConditionalChange))
	}
	if opts.Changed {
		args = append(args, constants.ChangedKeyword)
	}
	return args, nil
}
