package constants

// DistanceMetric is how a vector index compares vectors (valkey-search).
type DistanceMetric string

const (
	DistanceMetricL2     DistanceMetric = "L2"
	DistanceMetricIP     DistanceMetric = "IP"
	DistanceMetricCosine DistanceMetric = "COSINE"
)

// VectorDataType is the element type of indexed vectors.
type VectorDataType string

const (
	VectorDataTypeFloat32 VectorDataType = "FLOAT32"
)

// IndexDataType is the kind of key an FT index covers.
type IndexDataType string

const (
	IndexDataTypeHash IndexDataType = "HASH"
	IndexDataTypeJSON IndexDataType = "JSON"
)

// FtSearchSortOrder is FT.SEARCH's SORTBY direction.
type FtSearchSortOrder string

const (
	FtSearchSortOrderAsc  FtSearchSortOrder = "ASC"
	FtSearchSortOrderDesc FtSearchSortOrder = "DESC"
)

// FtAggregateOrderBy is the direction of one FT.AGGREGATE SORTBY property.
type FtAggregateOrderBy string

const (
	FtAggregateOrderByAsc  FtAggregateOrderBy = "ASC"
	FtAggregateOrderByDesc FtAggregateOrderBy = "DESC"
)
