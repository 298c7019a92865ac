package options

import (
	"fmt"

	"github.com/valkite/valkite/go/constants"
)

// Location is one GEOSEARCH result; Dist, Coord and Hash are set only when
// requested through GeoSearchInfoOptions.
type Location struct {
	Name  string
	Coord GeospatialData
	Dist  float64
	Hash  int64
}

// GeoSearchOrigin is the centre of a GEOSEARCH: a *GeoCoordOrigin or a
// *GeoMemberOrigin (any type rendering FROMMEMBER or FROMLONLAT arguments fits, as in
// GLIDE).
type GeoSearchOrigin interface {
	ToArgs() ([]string, error)
}

// GeoCoordOrigin centres the search on a position (FROMLONLAT).
type GeoCoordOrigin struct {
	GeospatialData GeospatialData
}

// ToArgs renders FROMLONLAT longitude latitude.
func (o *GeoCoordOrigin) ToArgs() ([]string, error) {
	return []string{constants.GeoCoordOriginAPIKeyword, ftoa(o.GeospatialData.Longitude),
		ftoa(o.GeospatialData.Latitude)}, nil
}

// GeoMemberOrigin centres the search on a member of the set (FROMMEMBER).
type GeoMemberOrigin struct {
	Member string
}

// ToArgs renders FROMMEMBER member.
func (o *GeoMemberOrigin) ToArgs() ([]string, error) {
	return []string{constants.GeoMemberOriginAPIKeyword, o.Member}, nil
}

// GeoSearchShape is the search area: a circle (BYRADIUS) or an axis-aligned
// box (BYBOX). Use the constructors, which set Shape.
type GeoSearchShape struct {
	Shape  constants.SearchShape
	Radius float64
	Width  float64
	Height float64
	Unit   constants.GeoUnit
}

// NewCircleSearchShape searches within radius of the origin.
func NewCircleSearchShape(radius float64, unit constants.GeoUnit) *GeoSearchShape {
	return &GeoSearchShape{Shape: constants.BYRADIUS, Radius: radius, Unit: unit}
}

// NewBoxSearchShape searches a width × height box centred on the origin.
func NewBoxSearchShape(width float64, height float64, unit constants.GeoUnit) *GeoSearchShape {
	return &GeoSearchShape{Shape: constants.BYBOX, Width: width, Height: height, Unit: unit}
}

// ToArgs renders BYRADIUS r unit or BYBOX w h unit.
func (o *GeoSearchShape) ToArgs() ([]string, error) {
	switch o.Shape {
	case constants.BYRADIUS:
		return []string{string(o.Shape), ftoa(o.Radius), string(o.Unit)}, nil
	case constants.BYBOX:
		return []string{string(o.Shape), ftoa(o.Width), ftoa(o.Height), string(o.Unit)}, nil
	}
	return nil, fmt.Errorf("invalid geosearch shape %q", o.Shape)
}

// GeoSearchInfoOptions add details to each GEOSEARCH result.
type GeoSearchInfoOptions struct {
	WithDist  bool // distance from the origin, in the shape's unit
	WithCoord bool // the member's position
	WithHash  bool // the raw geohash
}

// NewGeoSearchInfoOptions returns options asking for no details.
func NewGeoSearchInfoOptions() *GeoSearchInfoOptions { return &GeoSearchInfoOptions{} }

// SetWithDist asks for distances (WITHDIST).
func (o *GeoSearchInfoOptions) SetWithDist(withDist bool) *GeoSearchInfoOptions {
	o.WithDist = withDist
	return o
}

// SetWithCoord asks for positions (WITHCOORD).
func (o *GeoSearchInfoOptions) SetWithCoord(withCoord bool) *GeoSearchInfoOptions {
	o.WithCoord = withCoord
	return o
}

// SetWithHash asks for geohashes (WITHHASH).
func (o *GeoSearchInfoOptions) SetWithHash(withHash bool) *GeoSearchInfoOptions {
	o.WithHash = withHash
	return o
}

// ToArgs renders the WITH* flags.
func (o *GeoSearchInfoOptions) ToArgs() ([]string, error) {
	args := []string{}
	if o.WithDist {
		args = append(args, constants.WithDistValkeyApi)
	}
	if o.WithCoord {
		args = append(args, constants.WithCoordValkeyApi)
	}
	if o.WithHash {
		args = append(args, constants.WithHashValkeyApi)
	}
	return args, nil
}

// GeoSearchResultOptions sort and limit GEOSEARCH results.
type GeoSearchResultOptions struct {
	SortOrder OrderBy // by distance; empty = unsorted
	Count     int64   // 0 = no limit
	IsAny     bool    // with Count: stop at the first Count matches found (ANY)
}

// NewGeoSearchResultOptions returns options with no sort and no limit.
func NewGeoSearchResultOptions() *GeoSearchResultOptions { return &GeoSearchResultOptions{} }

// SetSortOrder sorts by distance.
func (o *GeoSearchResultOptions) SetSortOrder(sortOrder OrderBy) *GeoSearchResultOptions {
	o.SortOrder = sortOrder
	return o
}

// SetCount limits the number of results.
func (o *GeoSearchResultOptions) SetCount(count int64) *GeoSearchResultOptions {
	o.Count = count
	return o
}

// SetIsAny returns the first Count matches rather than the nearest.
func (o *GeoSearchResultOptions) SetIsAny(isAny bool) *GeoSearchResultOptions {
	o.IsAny = isAny
	return o
}

// ToArgs renders the order and COUNT n [ANY]; ANY needs a count.
func (o *GeoSearchResultOptions) ToArgs() ([]string, error) {
	args := []string{}
	if o.SortOrder != "" {
		args = append(args, string(o.SortOrder))
	}
	if o.Count != 0 {
		args = append(args, constants.CountKeyword, itoa(o.Count))
		if o.IsAny {
			args = append(args, "ANY")
		}
	}
	return args, nil
}

// StoreDistAPIKeyword is GEOSEARCHSTORE's STOREDIST flag.
const StoreDistAPIKeyword = "STOREDIST"

// GeoSearchStoreInfoOptions are GEOSEARCHSTORE's options.
type GeoSearchStoreInfoOptions struct {
	// StoreDist stores distances as the scores instead of geohashes.
	StoreDist bool
}

// NewGeoSearchStoreInfoOptions returns empty options.
func NewGeoSearchStoreInfoOptions() *GeoSearchStoreInfoOptions { return &GeoSearchStoreInfoOptions{} }

// SetStoreDist stores distances (STOREDIST).
func (o *GeoSearchStoreInfoOptions) SetStoreDist(storeDist bool) *GeoSearchStoreInfoOptions {
	o.StoreDist = storeDist
	return o
}

// ToArgs renders STOREDIST when set.
func (o *GeoSearchStoreInfoOptions) ToArgs() ([]string, error) {
	if o.StoreDist {
		return []string{StoreDistAPIKeyword}, nil
	}
	return []string{}, nil
}
