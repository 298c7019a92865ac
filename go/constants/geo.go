package constants

// GeoUnit is a distance unit accepted by the GEO commands.
type GeoUnit string

const (
	GeoUnitKilometers GeoUnit = "km"
	GeoUnitMeters     GeoUnit = "m"
	GeoUnitMiles      GeoUnit = "mi"
	GeoUnitFeet       GeoUnit = "ft"
)

// GEOSEARCH reply-shaping flags.
const (
	WithCoordValkeyApi = "WITHCOORD"
	WithDistValkeyApi  = "WITHDIST"
	WithHashValkeyApi  = "WITHHASH"
)

// GEOSEARCH origin keywords.
const (
	GeoCoordOriginAPIKeyword  = "FROMLONLAT"
	GeoMemberOriginAPIKeyword = "FROMMEMBER"
)

// SearchShape is the area GEOSEARCH looks in.
type SearchShape string

const (
	BYRADIUS SearchShape = "BYRADIUS"
	BYBOX    SearchShape = "BYBOX"
)
