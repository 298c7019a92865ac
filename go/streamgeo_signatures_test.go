package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Compile-time checks that both clients and both batch types offer every stream and
// geospatial method with GLIDE's exact signature (the method lists are GLIDE's
// StreamCommands and GeoSpatialCommands interfaces and its batch methods).

type glideStreamCommands interface {
	XAdd(ctx context.Context, key string, values []models.FieldValue) (string, error)
	XAddWithOptions(ctx context.Context, key string, values []models.FieldValue, options options.XAddOptions) (models.Result[string], error)
	XTrim(ctx context.Context, key string, options options.XTrimOptions) (int64, error)
	XLen(ctx context.Context, key string) (int64, error)
	XAutoClaim(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string) (models.XAutoClaimResponse, error)
	XAutoClaimWithOptions(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) (models.XAutoClaimResponse, error)
	XAutoClaimJustId(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string) (models.XAutoClaimJustIdResponse, error)
	XAutoClaimJustIdWithOptions(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) (models.XAutoClaimJustIdResponse, error)
	XReadGroup(ctx context.Context, group string, consumer string, keysAndIds map[string]string) (map[string]models.StreamResponse, error)
	XReadGroupWithOptions(ctx context.Context, group string, consumer string, keysAndIds map[string]string, options options.XReadGroupOptions) (map[string]models.StreamResponse, error)
	XRead(ctx context.Context, keysAndIds map[string]string) (map[string]models.StreamResponse, error)
	XReadWithOptions(ctx context.Context, keysAndIds map[string]string, options options.XReadOptions) (map[string]models.StreamResponse, error)
	XDel(ctx context.Context, key string, ids []string) (int64, error)
	XPending(ctx context.Context, key string, group string) (models.XPendingSummary, error)
	XPendingWithOptions(ctx context.Context, key string, group string, options options.XPendingOptions) ([]models.XPendingDetail, error)
	XGroupSetId(ctx context.Context, key string, group string, id string) (string, error)
	XGroupSetIdWithOptions(ctx context.Context, key string, group string, id string, opts options.XGroupSetIdOptions) (string, error)
	XGroupCreate(ctx context.Context, key string, group string, id string) (string, error)
	XGroupCreateWithOptions(ctx context.Context, key string, group string, id string, opts options.XGroupCreateOptions) (string, error)
	XGroupDestroy(ctx context.Context, key string, group string) (bool, error)
	XGroupCreateConsumer(ctx context.Context, key string, group string, consumer string) (bool, error)
	XGroupDelConsumer(ctx context.Context, key string, group string, consumer string) (int64, error)
	XAck(ctx context.Context, key string, group string, ids []string) (int64, error)
	XClaim(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string) (map[string]models.XClaimResponse, error)
	XClaimWithOptions(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string, options options.XClaimOptions) (map[string]models.XClaimResponse, error)
	XClaimJustId(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string) ([]string, error)
	XClaimJustIdWithOptions(ctx context.Context, key string, group string, consumer string, minIdleTime time.Duration, ids []string, options options.XClaimOptions) ([]string, error)
	XInfoStream(ctx context.Context, key string) (models.XInfoStreamResponse, error)
	XInfoStreamFullWithOptions(ctx context.Context, key string, options options.XInfoStreamOptions) (models.XInfoStreamFullOptionsResponse, error)
	XInfoConsumers(ctx context.Context, key string, group string) ([]models.XInfoConsumerInfo, error)
	XInfoGroups(ctx context.Context, key string) ([]models.XInfoGroupInfo, error)
	XRange(ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary) ([]models.StreamEntry, error)
	XRangeWithOptions(ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary, options options.XRangeOptions) ([]models.StreamEntry, error)
	XRevRange(ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary) ([]models.StreamEntry, error)
	XRevRangeWithOptions(ctx context.Context, key string, start options.StreamBoundary, end options.StreamBoundary, options options.XRangeOptions) ([]models.StreamEntry, error)
}

type glideGeoSpatialCommands interface {
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

type glideStreamGeoStandaloneBatch interface {
	XAdd(key string, values []models.FieldValue) *pipeline.StandaloneBatch
	XAddWithOptions(key string, values []models.FieldValue, options options.XAddOptions) *pipeline.StandaloneBatch
	XRead(keysAndIds map[string]string) *pipeline.StandaloneBatch
	XReadWithOptions(keysAndIds map[string]string, opts options.XReadOptions) *pipeline.StandaloneBatch
	XReadGroup(group string, consumer string, keysAndIds map[string]string) *pipeline.StandaloneBatch
	XReadGroupWithOptions(group string, consumer string, keysAndIds map[string]string, opts options.XReadGroupOptions) *pipeline.StandaloneBatch
	XTrim(key string, options options.XTrimOptions) *pipeline.StandaloneBatch
	XLen(key string) *pipeline.StandaloneBatch
	XAutoClaim(key string, group string, consumer string, minIdleTime time.Duration, start string) *pipeline.StandaloneBatch
	XAutoClaimWithOptions(key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) *pipeline.StandaloneBatch
	XAutoClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, start string) *pipeline.StandaloneBatch
	XAutoClaimJustIdWithOptions(key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) *pipeline.StandaloneBatch
	XDel(key string, ids []string) *pipeline.StandaloneBatch
	XPending(key string, group string) *pipeline.StandaloneBatch
	XPendingWithOptions(key string, group string, opts options.XPendingOptions) *pipeline.StandaloneBatch
	XGroupCreate(key string, group string, id string) *pipeline.StandaloneBatch
	XGroupCreateWithOptions(key string, group string, id string, opts options.XGroupCreateOptions) *pipeline.StandaloneBatch
	XGroupDestroy(key string, group string) *pipeline.StandaloneBatch
	XGroupSetId(key string, group string, id string) *pipeline.StandaloneBatch
	XGroupSetIdWithOptions(key string, group string, id string, opts options.XGroupSetIdOptions) *pipeline.StandaloneBatch
	XGroupCreateConsumer(key string, group string, consumer string) *pipeline.StandaloneBatch
	XGroupDelConsumer(key string, group string, consumer string) *pipeline.StandaloneBatch
	XAck(key string, group string, ids []string) *pipeline.StandaloneBatch
	XClaim(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *pipeline.StandaloneBatch
	XClaimWithOptions(key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions) *pipeline.StandaloneBatch
	XClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *pipeline.StandaloneBatch
	XClaimJustIdWithOptions(key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions) *pipeline.StandaloneBatch
	XRange(key string, start options.StreamBoundary, end options.StreamBoundary) *pipeline.StandaloneBatch
	XRangeWithOptions(key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions) *pipeline.StandaloneBatch
	XRevRange(key string, start options.StreamBoundary, end options.StreamBoundary) *pipeline.StandaloneBatch
	XRevRangeWithOptions(key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions) *pipeline.StandaloneBatch
	XInfoStream(key string) *pipeline.StandaloneBatch
	XInfoStreamFullWithOptions(key string, opts *options.XInfoStreamOptions) *pipeline.StandaloneBatch
	XInfoConsumers(key string, group string) *pipeline.StandaloneBatch
	XInfoGroups(key string) *pipeline.StandaloneBatch
	GeoAdd(key string, membersToGeospatialData map[string]options.GeospatialData) *pipeline.StandaloneBatch
	GeoAddWithOptions(key string, membersToGeospatialData map[string]options.GeospatialData, geoAddOptions options.GeoAddOptions) *pipeline.StandaloneBatch
	GeoHash(key string, members []string) *pipeline.StandaloneBatch
	GeoPos(key string, members []string) *pipeline.StandaloneBatch
	GeoDist(key string, member1 string, member2 string) *pipeline.StandaloneBatch
	GeoDistWithUnit(key string, member1 string, member2 string, unit constants.GeoUnit) *pipeline.StandaloneBatch
	GeoSearchWithFullOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchInfoOptions) *pipeline.StandaloneBatch
	GeoSearch(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) *pipeline.StandaloneBatch
	GeoSearchWithResultOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) *pipeline.StandaloneBatch
	GeoSearchWithInfoOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, infoOptions options.GeoSearchInfoOptions) *pipeline.StandaloneBatch
	GeoSearchStoreWithFullOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchStoreInfoOptions) *pipeline.StandaloneBatch
	GeoSearchStore(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) *pipeline.StandaloneBatch
	GeoSearchStoreWithResultOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) *pipeline.StandaloneBatch
	GeoSearchStoreWithInfoOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, infoOptions options.GeoSearchStoreInfoOptions) *pipeline.StandaloneBatch
}

type glideStreamGeoClusterBatch interface {
	XAdd(key string, values []models.FieldValue) *pipeline.ClusterBatch
	XAddWithOptions(key string, values []models.FieldValue, options options.XAddOptions) *pipeline.ClusterBatch
	XRead(keysAndIds map[string]string) *pipeline.ClusterBatch
	XReadWithOptions(keysAndIds map[string]string, opts options.XReadOptions) *pipeline.ClusterBatch
	XReadGroup(group string, consumer string, keysAndIds map[string]string) *pipeline.ClusterBatch
	XReadGroupWithOptions(group string, consumer string, keysAndIds map[string]string, opts options.XReadGroupOptions) *pipeline.ClusterBatch
	XTrim(key string, options options.XTrimOptions) *pipeline.ClusterBatch
	XLen(key string) *pipeline.ClusterBatch
	XAutoClaim(key string, group string, consumer string, minIdleTime time.Duration, start string) *pipeline.ClusterBatch
	XAutoClaimWithOptions(key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) *pipeline.ClusterBatch
	XAutoClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, start string) *pipeline.ClusterBatch
	XAutoClaimJustIdWithOptions(key string, group string, consumer string, minIdleTime time.Duration, start string, options options.XAutoClaimOptions) *pipeline.ClusterBatch
	XDel(key string, ids []string) *pipeline.ClusterBatch
	XPending(key string, group string) *pipeline.ClusterBatch
	XPendingWithOptions(key string, group string, opts options.XPendingOptions) *pipeline.ClusterBatch
	XGroupCreate(key string, group string, id string) *pipeline.ClusterBatch
	XGroupCreateWithOptions(key string, group string, id string, opts options.XGroupCreateOptions) *pipeline.ClusterBatch
	XGroupDestroy(key string, group string) *pipeline.ClusterBatch
	XGroupSetId(key string, group string, id string) *pipeline.ClusterBatch
	XGroupSetIdWithOptions(key string, group string, id string, opts options.XGroupSetIdOptions) *pipeline.ClusterBatch
	XGroupCreateConsumer(key string, group string, consumer string) *pipeline.ClusterBatch
	XGroupDelConsumer(key string, group string, consumer string) *pipeline.ClusterBatch
	XAck(key string, group string, ids []string) *pipeline.ClusterBatch
	XClaim(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *pipeline.ClusterBatch
	XClaimWithOptions(key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions) *pipeline.ClusterBatch
	XClaimJustId(key string, group string, consumer string, minIdleTime time.Duration, ids []string) *pipeline.ClusterBatch
	XClaimJustIdWithOptions(key string, group string, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions) *pipeline.ClusterBatch
	XRange(key string, start options.StreamBoundary, end options.StreamBoundary) *pipeline.ClusterBatch
	XRangeWithOptions(key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions) *pipeline.ClusterBatch
	XRevRange(key string, start options.StreamBoundary, end options.StreamBoundary) *pipeline.ClusterBatch
	XRevRangeWithOptions(key string, start options.StreamBoundary, end options.StreamBoundary, opts options.XRangeOptions) *pipeline.ClusterBatch
	XInfoStream(key string) *pipeline.ClusterBatch
	XInfoStreamFullWithOptions(key string, opts *options.XInfoStreamOptions) *pipeline.ClusterBatch
	XInfoConsumers(key string, group string) *pipeline.ClusterBatch
	XInfoGroups(key string) *pipeline.ClusterBatch
	GeoAdd(key string, membersToGeospatialData map[string]options.GeospatialData) *pipeline.ClusterBatch
	GeoAddWithOptions(key string, membersToGeospatialData map[string]options.GeospatialData, geoAddOptions options.GeoAddOptions) *pipeline.ClusterBatch
	GeoHash(key string, members []string) *pipeline.ClusterBatch
	GeoPos(key string, members []string) *pipeline.ClusterBatch
	GeoDist(key string, member1 string, member2 string) *pipeline.ClusterBatch
	GeoDistWithUnit(key string, member1 string, member2 string, unit constants.GeoUnit) *pipeline.ClusterBatch
	GeoSearchWithFullOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchInfoOptions) *pipeline.ClusterBatch
	GeoSearch(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) *pipeline.ClusterBatch
	GeoSearchWithResultOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) *pipeline.ClusterBatch
	GeoSearchWithInfoOptions(key string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, infoOptions options.GeoSearchInfoOptions) *pipeline.ClusterBatch
	GeoSearchStoreWithFullOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions, infoOptions options.GeoSearchStoreInfoOptions) *pipeline.ClusterBatch
	GeoSearchStore(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape) *pipeline.ClusterBatch
	GeoSearchStoreWithResultOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, resultOptions options.GeoSearchResultOptions) *pipeline.ClusterBatch
	GeoSearchStoreWithInfoOptions(destinationKey string, sourceKey string, searchFrom options.GeoSearchOrigin, searchByShape options.GeoSearchShape, infoOptions options.GeoSearchStoreInfoOptions) *pipeline.ClusterBatch
}

var (
	_ glideStreamCommands     = (*Client)(nil)
	_ glideStreamCommands     = (*ClusterClient)(nil)
	_ glideGeoSpatialCommands = (*Client)(nil)
	_ glideGeoSpatialCommands = (*ClusterClient)(nil)

	_ glideStreamGeoStandaloneBatch = (*pipeline.StandaloneBatch)(nil)
	_ glideStreamGeoClusterBatch    = (*pipeline.ClusterBatch)(nil)
)

// Keep the imports used whatever the lists hold.
var (
	_ context.Context
	_ time.Duration
	_ constants.GeoUnit
	_ models.StreamEntry
	_ options.Location
)
