package cmds

import (
	"strconv"
	"strings"
	"time"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// DecodeMemoryStats reads MEMORY STATS into models.MemoryStats. Fields are matched by
// the server's names; ones a server version does not report stay zero (or nil for the
// Result fields, which exist to tell "absent" from 0), and names this client does not
// know are skipped.
func DecodeMemoryStats(r *resp.Reader) (models.MemoryStats, error) {
	var out models.MemoryStats
	n, isNil, err := r.ReadMapLen()
	if err != nil {
		return out, err
	}
	if isNil {
		return out, &errs.ProtocolError{Msg: "unexpected nil MEMORY STATS reply"}
	}
	out.Db = map[int64]models.MemoryStatsDb{}
	fields := memoryStatsFields{
		ints:     memoryStatsInts(&out),
		floats:   memoryStatsFloats(&out),
		optional: memoryStatsOptionalInts(&out),
	}
	for _, p := range fields.optional {
		*p = models.CreateNilInt64Result()
	}
	for i := 0; i < n; i++ {
		key, err := r.ReadString()
		if err != nil {
			return out, err
		}
		if err := fields.decode(r, &out, key); err != nil {
			return out, err
		}
	}
	return out, nil
}

// memoryStatsFields points each known MEMORY STATS name at its struct field.
type memoryStatsFields struct {
	ints     map[string]*int64
	floats   map[string]*float64
	optional map[string]*models.Result[int64]
}

func (f memoryStatsFields) decode(r *resp.Reader, out *models.MemoryStats, key string) error {
	if p := f.ints[key]; p != nil {
		v, err := r.ReadInt()
		*p = v
		return err
	}
	if p := f.floats[key]; p != nil {
		v, err := r.ReadFloat()
		*p = v
		return err
	}
	if p := f.optional[key]; p != nil {
		v, err := r.ReadInt()
		*p = models.CreateInt64Result(v)
		return err
	}
	if db, ok := strings.CutPrefix(key, "db."); ok {
		index, err := strconv.ParseInt(db, 10, 64)
		if err != nil {
			return r.Skip()
		}
		stats, err := decodeMemoryStatsDb(r)
		out.Db[index] = stats
		return err
	}
	return r.Skip()
}

func memoryStatsInts(s *models.MemoryStats) map[string]*int64 {
	return map[string]*int64{
		"peak.allocated":                &s.PeakAllocated,
		"total.allocated":               &s.TotalAllocated,
		"startup.allocated":             &s.StartupAllocated,
		"replication.backlog":           &s.ReplicationBacklog,
		"clients.slaves":                &s.ClientsSlaves,
		"clients.normal":                &s.ClientsNormal,
		"aof.buffer":                    &s.AofBuffer,
		"lua.caches":                    &s.LuaCaches,
		"overhead.total":                &s.OverheadTotal,
		"keys.count":                    &s.KeysCount,
		"keys.bytes-per-key":            &s.KeysBytesPerKey,
		"dataset.bytes":                 &s.DatasetBytes,
		"allocator.allocated":           &s.AllocatorAllocated,
		"allocator.active":              &s.AllocatorActive,
		"allocator.resident":            &s.AllocatorResident,
		"allocator-fragmentation.bytes": &s.AllocatorFragmentationBytes,
		"allocator-rss.bytes":           &s.AllocatorRssBytes,
		"rss-overhead.bytes":            &s.RssOverheadBytes,
		"fragmentation.bytes":           &s.FragmentationBytes,
	}
}

func memoryStatsFloats(s *models.MemoryStats) map[string]*float64 {
	return map[string]*float64{
		"dataset.percentage":            &s.DatasetPercentage,
		"peak.percentage":               &s.PeakPercentage,
		"allocator-fragmentation.ratio": &s.AllocatorFragmentationRatio,
		"allocator-rss.ratio":           &s.AllocatorRssRatio,
		"rss-overhead.ratio":            &s.RssOverheadRatio,
		"fragmentation":                 &s.Fragmentation,
	}
}

func memoryStatsOptionalInts(s *models.MemoryStats) map[string]*models.Result[int64] {
	return map[string]*models.Result[int64]{
		"cluster.links":                   &s.ClusterLinks,
		"functions.caches":                &s.FunctionsCaches,
		"allocator.muzzy":                 &s.AllocatorMuzzy,
		"db.dict.rehashing.count":         &s.DbDictRehashingCount,
		"overhead.db.hashtable.lut":       &s.OverheadDbHashtableLut,
		"overhead.db.hashtable.rehashing": &s.OverheadDbHashtableRehashing,
	}
}

func decodeMemoryStatsDb(r *resp.Reader) (models.MemoryStatsDb, error) {
	var db models.MemoryStatsDb
	n, isNil, err := r.ReadMapLen()
	if err != nil || isNil {
		return db, err
	}
	for i := 0; i < n; i++ {
		key, err := r.ReadBytes()
		if err != nil {
			return db, err
		}
		switch string(key) {
		case "overhead.hashtable.main":
			db.OverheadHashtableMain, err = r.ReadInt()
		case "overhead.hashtable.expires":
			db.OverheadHashtableExpires, err = r.ReadInt()
		default:
			err = r.Skip()
		}
		if err != nil {
			return db, err
		}
	}
	return db, nil
}

// DecodeLatencyHistory reads LATENCY HISTORY: [[unix seconds, milliseconds], ...].
func DecodeLatencyHistory(r *resp.Reader) ([]models.LatencyEntry, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.LatencyEntry, n)
	for i := range out {
		fields, _, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if fields != 2 {
			return nil, &errs.ProtocolError{Msg: "LATENCY HISTORY entry must have 2 elements"}
		}
		at, err := r.ReadInt()
		if err != nil {
			return nil, err
		}
		ms, err := r.ReadInt()
		if err != nil {
			return nil, err
		}
		out[i] = models.LatencyEntry{Time: time.Unix(at, 0), Duration: time.Duration(ms) * time.Millisecond}
	}
	return out, nil
}

// DecodeLatencyLatest reads LATENCY LATEST: per event [name, unix seconds, latest ms,
// max ms] plus, from Valkey 8.1, [sum ms, count]; the last two are nil when absent.
func DecodeLatencyLatest(r *resp.Reader) ([]models.LatencyEventInfo, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.LatencyEventInfo, n)
	for i := range out {
		fields, _, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if fields < 4 {
			return nil, &errs.ProtocolError{Msg: "LATENCY LATEST entry has fewer than 4 elements"}
		}
		info := &out[i]
		if info.EventName, err = r.ReadString(); err != nil {
			return nil, err
		}
		var nums [5]int64
		for j := 1; j < fields; j++ {
			v, err := r.ReadInt()
			if err != nil {
				return nil, err
			}
			if j <= len(nums) {
				nums[j-1] = v
			}
		}
		info.LatestTime = time.Unix(nums[0], 0)
		info.LatestDuration = time.Duration(nums[1]) * time.Millisecond
		info.MaxDuration = time.Duration(nums[2]) * time.Millisecond
		info.Sum = models.CreateNilResultOf[time.Duration]()
		info.Count = models.CreateNilInt64Result()
		if fields >= 6 {
			info.Sum = models.CreateResultOf(time.Duration(nums[3]) * time.Millisecond)
			info.Count = models.CreateInt64Result(nums[4])
		}
	}
	return out, nil
}
