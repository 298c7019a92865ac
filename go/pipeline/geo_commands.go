package pipeline

import (
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Geospatial commands. Result slots hold the client method's value, except GEODIST,
// whose slot holds a float64 or nil.

// GeoAdd queues GEOADD; the slot holds the number of members added, an int64.
func (b *BaseBatch[T]) GeoAdd(key string, membersToGeospatialData map[string]options.GeospatialData) *T {
	return add(b, cmds.GeoAdd(key, membersToGeospatialData))
}

// GeoAddWithOptions queues GEOADD with NX/XX/CH; the slot holds an int64.
func (b *BaseBatch[T]) GeoAddWithOptions(
	key string, membersToGeospatialData map[string]options.GeospatialData, geoAddOptions options.GeoAddOptions,
) *T {
	return add(b, cmds.GeoAddWithOptions(key, membersToGeospatialData, geoAddOptions))
}

// GeoHash queues GEOHASH; the slot holds a []models.Result[string].
func (b *BaseBatch[T]) GeoHash(key string, members []string) *T {
	return add(b, cmds.GeoHash(key, members))
}

// GeoPos queues GEOPOS; the slot holds a [][]float64 with nil for missing members.
func (b *BaseBatch[T]) GeoPos(key string, members []string) *T {
	return add(b, cmds.GeoPos(key, members))
}

// GeoDist queues GEODIST; the slot holds a float64 (metres), or nil.
func (b *BaseBatch[T]) GeoDist(key string, member1 string, member2 string) *T {
	return addNullable(b, cmds.GeoDist(key, member1, member2))
}

// GeoDistWithUnit queues GEODIST in unit; the slot holds a float64, or nil.
func (b *BaseBatch[T]) GeoDistWithUnit(key string, member1 string, member2 string, unit constants.GeoUnit) *T {
	return addNullable(b, cmds.GeoDistWithUnit(key, member1, member2, unit))
}

// GeoSearch queues GEOSEARCH; the slot holds a []string.
func (b *BaseBatch[T]) GeoSearch(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) *T {
	return add(b, cmds.GeoSearch(key, searchFrom, searchByShape))
}

// GeoSearchWithResultOptions queues GEOSEARCH sorted/limited; the slot holds a []string.
func (b *BaseBatch[T]) GeoSearchWithResultOptions(
	key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions,
) *T {
	return add(b, cmds.GeoSearchWithResultOptions(key, searchFrom, searchByShape, resultOptions))
}

// GeoSearchWithInfoOptions queues GEOSEARCH with WITH* details; the slot holds a
// []options.Location.
func (b *BaseBatch[T]) GeoSearchWithInfoOptions(
	key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	infoOptions options.GeoSearchInfoOptions,
) *T {
	return add(b, cmds.GeoSearchWithInfoOptions(key, searchFrom, searchByShape, infoOptions))
}

// GeoSearchWithFullOptions queues GEOSEARCH with result and info options; the slot
// holds a []options.Location.
func (b *BaseBatch[T]) GeoSearchWithFullOptions(
	key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchInfoOptions,
) *T {
	return add(b, cmds.GeoSearchWithFullOptions(key, searchFrom, searchByShape, resultOptions, infoOptions))
}

// GeoSearchStore queues GEOSEARCHSTORE; the slot holds the number stored, an int64.
func (b *BaseBatch[T]) GeoSearchStore(
	destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
) *T {
	return add(b, cmds.GeoSearchStore(destinationKey, sourceKey, searchFrom, searchByShape))
}

// GeoSearchStoreWithResultOptions queues GEOSEARCHSTORE sorted/limited; the slot holds
// an int64.
func (b *BaseBatch[T]) GeoSearchStoreWithResultOptions(
	destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions,
) *T {
	return add(b, cmds.GeoSearchStoreWithResultOptions(destinationKey, sourceKey, searchFrom, searchByShape, resultOptions))
}

// GeoSearchStoreWithInfoOptions queues GEOSEARCHSTORE with STOREDIST; the slot holds an
// int64.
func (b *BaseBatch[T]) GeoSearchStoreWithInfoOptions(
	destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	infoOptions options.GeoSearchStoreInfoOptions,
) *T {
	return add(b, cmds.GeoSearchStoreWithInfoOptions(destinationKey, sourceKey, searchFrom, searchByShape, infoOptions))
}

// GeoSearchStoreWithFullOptions queues GEOSEARCHSTORE with result and store options;
// the slot holds an int64.
func (b *BaseBatch[T]) GeoSearchStoreWithFullOptions(
	destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape,
	resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchStoreInfoOptions,
) *T {
	return add(b, cmds.GeoSearchStoreWithFullOptions(
		destinationKey, sourceKey, searchFrom, searchByShape, resultOptions, infoOptions))
}
