package valkite

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Geospatial commands shared by Client and ClusterClient.

// GeoAdd adds or moves members and returns how many were added.
//
// See https://valkey.io/commands/geoadd/.
func (b *baseClient) GeoAdd(
	ctx context.Context, key string, membersToGeospatialData map[string]options.GeospatialData,
) (int64, error) {
	return run(ctx, b, cmds.GeoAdd(key, membersToGeospatialData))
}

// GeoAddWithOptions is GeoAdd with NX/XX and CH.
//
// See https://valkey.io/commands/geoadd/.
func (b *baseClient) GeoAddWithOptions(
	ctx context.Context, key string, membersToGeospatialData map[string]options.GeospatialData, options options.GeoAddOptions,
) (int64, error) {
	return run(ctx, b, cmds.GeoAddWithOptions(key, membersToGeospatialData, options))
}

// GeoHash returns each member's geohash, nil for members not in the set.
//
// See https://valkey.io/commands/geohash/.
func (b *baseClient) GeoHash(ctx context.Context, key string, members []string) ([]models.Result[string], error) {
	return run(ctx, b, cmds.GeoHash(key, members))
}

// GeoPos returns each member's [longitude, latitude], nil for members not in the set.
//
// See https://valkey.io/commands/geopos/.
func (b *baseClient) GeoPos(ctx context.Context, key string, members []string) ([][]float64, error) {
	return run(ctx, b, cmds.GeoPos(key, members))
}

// GeoDist returns the distance between two members in metres; nil when either is
// missing.
//
// See https://valkey.io/commands/geodist/.
func (b *baseClient) GeoDist(ctx context.Context, key string, member1 string, member2 string) (models.Result[float64], error) {
	return run(ctx, b, cmds.GeoDist(key, member1, member2))
}

// GeoDistWithUnit is GeoDist in the given unit.
//
// See https://valkey.io/commands/geodist/.
func (b *baseClient) GeoDistWithUnit(
	ctx context.Context, key string, member1 string, member2 string, unit constants.GeoUnit,
) (models.Result[float64], error) {
	return run(ctx, b, cmds.GeoDistWithUnit(key, member1, member2, unit))
}

// GeoSearch returns the members inside a circle or box around a member or a position.
//
// See https://valkey.io/commands/geosearch/.
func (b *baseClient) GeoSearch(
	ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
) ([]string, error) {
	return run(ctx, b, cmds.GeoSearch(key, searchFrom, searchByShape))
}

// GeoSearchWithInfoOptions is GeoSearch returning distances, hashes and positions as
// asked.
//
// See https://valkey.io/commands/geosearch/.
func (b *baseClient) GeoSearchWithInfoOptions(
	ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	infoOptions options.GeoSearchInfoOptions,
) ([]options.Location, error) {
	return run(ctx, b, cmds.GeoSearchWithInfoOptions(key, searchFrom, searchByShape, infoOptions))
}

// GeoSearchWithResultOptions is GeoSearch sorted and limited.
//
// See https://valkey.io/commands/geosearch/.
func (b *baseClient) GeoSearchWithResultOptions(
	ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions,
) ([]string, error) {
	return run(ctx, b, cmds.GeoSearchWithResultOptions(key, searchFrom, searchByShape, resultOptions))
}

// GeoSearchWithFullOptions combines the result and info options.
//
// See https://valkey.io/commands/geosearch/.
func (b *baseClient) GeoSearchWithFullOptions(
	ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchInfoOptions,
) ([]options.Location, error) {
	return run(ctx, b, cmds.GeoSearchWithFullOptions(key, searchFrom, searchByShape, resultOptions, infoOptions))
}

// GeoSearchStore stores the matches of a search in destinationKey and returns how many
// it stored. In a cluster both keys must share a slot.
//
// See https://valkey.io/commands/geosearchstore/.
func (b *baseClient) GeoSearchStore(
	ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin,
	searchByShape options.GeoSearchShape,
) (int64, error) {
	return run(ctx, b, cmds.GeoSearchStore(destinationKey, sourceKey, searchFrom, searchByShape))
}

// GeoSearchStoreWithInfoOptions is GeoSearchStore with STOREDIST.
//
// See https://valkey.io/commands/geosearchstore/.
func (b *baseClient) GeoSearchStoreWithInfoOptions(
	ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin,
	searchByShape options.GeoSearchShape, storeInfoOptions options.GeoSearchStoreInfoOptions,
) (int64, error) {
	return run(ctx, b, cmds.GeoSearchStoreWithInfoOptions(destinationKey, sourceKey, searchFrom, searchByShape, storeInfoOptions))
}

// GeoSearchStoreWithResultOptions is GeoSearchStore sorted and limited.
//
// See https://valkey.io/commands/geosearchstore/.
func (b *baseClient) GeoSearchStoreWithResultOptions(
	ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin,
	searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions,
) (int64, error) {
	return run(ctx, b, cmds.GeoSearchStoreWithResultOptions(destinationKey, sourceKey, searchFrom, searchByShape, resultOptions))
}

// GeoSearchStoreWithFullOptions combines the result and store options.
//
// See https://valkey.io/commands/geosearchstore/.
func (b *baseClient) GeoSearchStoreWithFullOptions(
	ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin,
	searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions,
	storeInfoOptions options.GeoSearchStoreInfoOptions,
) (int64, error) {
	return run(ctx, b, cmds.GeoSearchStoreWithFullOptions(
		destinationKey, sourceKey, searchFrom, searchByShape, resultOptions, storeInfoOptions))
}
