package interfaces

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// GeoSpatialCommands store and query members by longitude and latitude (GEOADD, GEOSEARCH and relatives).
type GeoSpatialCommands interface {
	GeoAdd(ctx context.Context, key string, membersToGeospatialData map[string]options.GeospatialData) (int64, error)
	GeoAddWithOptions(ctx context.Context, key string, membersToGeospatialData map[string]options.GeospatialData, options options.GeoAddOptions) (int64, error)
	GeoHash(ctx context.Context, key string, members []string) ([]models.Result[string], error)
	GeoPos(ctx context.Context, key string, members []string) ([][]float64, error)
	GeoDist(ctx context.Context, key string, member1 string, member2 string) (models.Result[float64], error)
	GeoDistWithUnit(ctx context.Context, key string, member1 string, member2 string, unit constants.GeoUnit) (models.Result[float64], error)
	GeoSearch(ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) ([]string, error)
	GeoSearchWithInfoOptions(ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, infoOptions options.GeoSearchInfoOptions) ([]options.Location, error)
	GeoSearchWithResultOptions(ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) ([]string, error)
	GeoSearchWithFullOptions(ctx context.Context, key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchInfoOptions) ([]options.Location, error)
	GeoSearchStore(ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) (int64, error)
	GeoSearchStoreWithInfoOptions(ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, storeInfoOptions options.GeoSearchStoreInfoOptions) (int64, error)
	GeoSearchStoreWithResultOptions(ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) (int64, error)
	GeoSearchStoreWithFullOptions(ctx context.Context, destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, storeInfoOptions options.GeoSearchStoreInfoOptions) (int64, error)
}
