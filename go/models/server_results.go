package models

import "time"

// LatencyEntry is one LATENCY HISTORY sample.
type LatencyEntry struct {
	Time     time.Time
	Duration time.Duration
}

// LatencyEventInfo is one event in LATENCY LATEST. Sum and Count are nil on
// servers that do not report them.
type LatencyEventInfo struct {
	EventName      string
	LatestTime     time.Time
	LatestDuration time.Duration
	MaxDuration    time.Duration
	Sum            Result[time.Duration]
	Count          Result[int64]
}

// ClientTrackingInfo is CLIENT TRACKINGINFO's reply. Redirect is the id of the
// client receiving invalidations: 0 when they are not redirected, -1 when
// tracking is off.
type ClientTrackingInfo struct {
	Flags    []string
	Redirect int64
	Prefixes []string
}

// MemoryStatsDb is one database's overhead in MEMORY STATS.
type MemoryStatsDb struct {
	OverheadHashtableExpires int64
	OverheadHashtableMain    int64
}

// MemoryStats is MEMORY STATS's reply. Fields that only some server versions
// report are Results, nil when absent.
type MemoryStats struct {
	Db map[int64]MemoryStatsDb

	AllocatorActive             int64
	AllocatorAllocated          int64
	AllocatorFragmentationBytes int64
	AllocatorResident           int64
	AllocatorRssBytes           int64
	AofBuffer                   int64
	ClientsNormal               int64
	ClientsSlaves               int64
	DatasetBytes                int64
	FragmentationBytes          int64
	KeysBytesPerKey             int64
	KeysCount                   int64
	LuaCaches                   int64
	OverheadTotal               int64
	PeakAllocated               int64
	ReplicationBacklog          int64
	RssOverheadBytes            int64
	StartupAllocated            int64
	TotalAllocated              int64

	AllocatorFragmentationRatio float64
	AllocatorRssRatio           float64
	DatasetPercentage           float64
	Fragmentation               float64
	PeakPercentage              float64
	RssOverheadRatio            float64

	ClusterLinks    Result[int64]
	FunctionsCaches Result[int64]

	AllocatorMuzzy               Result[int64]
	DbDictRehashingCount         Result[int64]
	OverheadDbHashtableLut       Result[int64]
	OverheadDbHashtableRehashing Result[int64]
}
