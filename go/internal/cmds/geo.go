package cmds

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "GeoSpatial" group (GLIDE's GeoSpatialCommands).

func geoAddArgs(key string, members map[string]options.GeospatialData, opts *options.GeoAddOptions) ([]string, error) {
	if len(members) == 0 {
		return nil, streamGeoArgError("GEOADD", "membersToGeospatialData", "must hold at least one member")
	}
	var optArgs []string
	if opts != nil {
		var err error
		if optArgs, err = opts.ToArgs(); err != nil {
			return nil, err
		}
	}
	return concat([]string{"GEOADD", key}, optArgs, options.MapGeoDataToArray(members)), nil
}

func GeoAdd(key string, members map[string]options.GeospatialData) Cmd[int64] {
	args, err := geoAddArgs(key, members, nil)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

func GeoAddWithOptions(key string, members map[string]options.GeospatialData, opts options.GeoAddOptions) Cmd[int64] {
	args, err := geoAddArgs(key, members, &opts)
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: args, Decode: DecodeInt}
}

func GeoHash(key string, members []string) Cmd[[]models.Result[string]] {
	return Cmd[[]models.Result[string]]{Args: concat([]string{"GEOHASH", key}, members), Decode: DecodeNullableStringArray}
}

func GeoPos(key string, members []string) Cmd[[][]float64] {
	return Cmd[[][]float64]{Args: concat([]string{"GEOPOS", key}, members), Decode: DecodeGeoPos}
}

func GeoDist(key, member1, member2 string) Cmd[models.Result[float64]] {
	return Cmd[models.Result[float64]]{Args: []string{"GEODIST", key, member1, member2}, Decode: DecodeNullableFloat}
}

func GeoDistWithUnit(key, member1, member2 string, unit constants.GeoUnit) Cmd[models.Result[float64]] {
	return Cmd[models.Result[float64]]{
		Args:   []string{"GEODIST", key, member1, member2, string(unit)},
		Decode: DecodeNullableFloat,
	}
}

// geoSearchParts renders the origin, shape and result options shared by GEOSEARCH and
// GEOSEARCHSTORE, in that order.
func geoSearchParts(
	command string, from options.GeoSearchOrigin, shape options.GeoSearchShape, result *options.GeoSearchResultOptions,
) ([]string, error) {
	if from == nil {
		return nil, streamGeoArgError(command, "searchFrom", "must not be nil")
	}
	originArgs, err := from.ToArgs()
	if err != nil {
		return nil, err
	}
	shapeArgs, err := shape.ToArgs()
	if err != nil {
		return nil, streamGeoArgError(command, "searchByShape", "is not a circle or a box (use NewCircleSearchShape or NewBoxSearchShape)")
	}
	var resultArgs []string
	if result != nil {
		if result.Count < 0 {
			return nil, streamGeoArgError(command, "resultOptions.Count", "must not be negative")
		}
		if resultArgs, err = result.ToArgs(); err != nil {
			return nil, err
		}
	}
	return concat(originArgs, shapeArgs, resultArgs), nil
}

func geoSearch(
	key string, from options.GeoSearchOrigin, shape options.GeoSearchShape,
	result *options.GeoSearchResultOptions, info *options.GeoSearchInfoOptions,
) ([]string, error) {
	parts, err := geoSearchParts("GEOSEARCH", from, shape, result)
	if err != nil {
		return nil, err
	}
	var infoArgs []string
	if info != nil {
		if infoArgs, err = info.ToArgs(); err != nil {
			return nil, err
		}
	}
	return concat([]string{"GEOSEARCH", key}, parts, infoArgs), nil
}

func GeoSearch(key string, from options.GeoSearchOrigin, shape options.GeoSearchShape) Cmd[[]string] {
	return GeoSearchWithResultOptions(key, from, shape, *options.NewGeoSearchResultOptions())
}

func GeoSearchWithResultOptions(
	key string, from options.GeoSearchOrigin, shape options.GeoSearchShape, result options.GeoSearchResultOptions,
) Cmd[[]string] {
	args, err := geoSearch(key, from, shape, &result, nil)
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: args, Decode: DecodeStringArray}
}

func GeoSearchWithInfoOptions(
	key string, from options.GeoSearchOrigin, shape options.GeoSearchShape, info options.GeoSearchInfoOptions,
) Cmd[[]options.Location] {
	return GeoSearchWithFullOptions(key, from, shape, *options.NewGeoSearchResultOptions(), info)
}

func GeoSearchWithFullOptions(
	key string, from options.GeoSearchOrigin, shape options.GeoSearchShape,
	result options.GeoSearchResultOptions, info options.GeoSearchInfoOptions,
) Cmd[[]options.Location] {
	args, err := geoSearch(key, from, shape, &result, &info)
	if err != nil {
		return Failed[[]options.Location](err)
	}
	return Cmd[[]options.Location]{Args: args, Decode: DecodeLocations}
}

func GeoSearchStore(dest, src string, from options.GeoSearchOrigin, shape options.GeoSearchShape) Cmd[int64] {
	return GeoSearchStoreWithFullOptions(dest, src, from, shape,
		*options.NewGeoSearchResultOptions(), *options.NewGeoSearchStoreInfoOptions())
}

func GeoSearchStoreWithResultOptions(
	dest, src string, from options.GeoSearchOrigin, shape options.GeoSearchShape, result options.GeoSearchResultOptions,
) Cmd[int64] {
	return GeoSearchStoreWithFullOptions(dest, src, from, shape, result, *options.NewGeoSearchStoreInfoOptions())
}

func GeoSearchStoreWithInfoOptions(
	dest, src string, from options.GeoSearchOrigin, shape options.GeoSearchShape, info options.GeoSearchStoreInfoOptions,
) Cmd[int64] {
	return GeoSearchStoreWithFullOptions(dest, src, from, shape, *options.NewGeoSearchResultOptions(), info)
}

func GeoSearchStoreWithFullOptions(
	dest, src string, from options.GeoSearchOrigin, shape options.GeoSearchShape,
	result options.GeoSearchResultOptions, info options.GeoSearchStoreInfoOptions,
) Cmd[int64] {
	parts, err := geoSearchParts("GEOSEARCHSTORE", from, shape, &result)
	if err != nil {
		return Failed[int64](err)
	}
	infoArgs, err := info.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"GEOSEARCHSTORE", dest, src}, parts, infoArgs), Decode: DecodeInt}
}
