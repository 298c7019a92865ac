package cmds

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// respKV renders alternating names and values; values are RESP fragments already.
func respKV(kv ...string) string {
	var b strings.Builder
	for i := 0; i < len(kv); i += 2 {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n%s", len(kv[i]), kv[i], kv[i+1])
	}
	return b.String()
}

func TestDecodeMemoryStats(t *testing.T) {
	db := "%2\r\n" + respKV("overhead.hashtable.main", ":288\r\n", "overhead.hashtable.expires", ":112\r\n")
	db2 := "*4\r\n" + respKV("overhead.hashtable.main", ":288\r\n", "overhead.hashtable.expires", ":112\r\n")
	// Valkey 9 (RESP3 map, doubles) and Redis 7 (RESP2 flat array, doubles as bulk
	// strings, none of the newer fields).
	valkey := []string{
		"peak.allocated", ":1065600\r\n",
		"total.allocated", ":1065600\r\n",
		"startup.allocated", ":998360\r\n",
		"replicas.repl.buffer", ":0\r\n",
		"clients.normal", ":16976\r\n",
		"cluster.links", ":0\r\n",
		"functions.caches", ":320\r\n",
		"db.0", db,
		"overhead.db.hashtable.lut", ":160\r\n",
		"overhead.db.hashtable.rehashing", ":0\r\n",
		"overhead.total", ":1016056\r\n",
		"db.dict.rehashing.count", ":0\r\n",
		"keys.count", ":1\r\n",
		"dataset.percentage", ",73.5\r\n",
		"allocator.muzzy", ":0\r\n",
		"allocator-rss.ratio", ",1\r\n",
		"allocator-rss.bytes", ":0\r\n",
		"fragmentation", ",6.25\r\n",
	}
	redis := []string{
		"peak.allocated", ":939296\r\n",
		"clients.normal", ":0\r\n",
		"db.0", db2,
		"keys.count", ":1\r\n",
		"dataset.percentage", "$4\r\n99.5\r\n",
		"allocator-rss.ratio", "$18\r\n2.4618833065032959\r\n",
		"fragmentation", "$5\r\n13.75\r\n",
	}
	v, err := decode(t, DecodeMemoryStats, fmt.Sprintf("%%%d\r\n", len(valkey)/2)+respKV(valkey...))
	if err != nil {
		t.Fatal(err)
	}
	if v.PeakAllocated != 1065600 || v.ClientsNormal != 16976 || v.OverheadTotal != 1016056 || v.KeysCount != 1 ||
		v.DatasetPercentage != 73.5 || v.AllocatorRssRatio != 1 || v.Fragmentation != 6.25 {
		t.Fatalf("valkey fields: %+v", v)
	}
	if v.FunctionsCaches.IsNil() || v.FunctionsCaches.Value() != 320 || v.ClusterLinks.IsNil() ||
		v.OverheadDbHashtableLut.Value() != 160 || v.DbDictRehashingCount.IsNil() || v.AllocatorMuzzy.IsNil() {
		t.Fatalf("valkey optional fields: %+v", v)
	}
	if v.Db[0].OverheadHashtableMain != 288 || v.Db[0].OverheadHashtableExpires != 112 {
		t.Fatalf("valkey db: %+v", v.Db)
	}

	v, err = decode(t, DecodeMemoryStats, fmt.Sprintf("*%d\r\n", len(redis))+respKV(redis...))
	if err != nil {
		t.Fatal(err)
	}
	if v.PeakAllocated != 939296 || v.DatasetPercentage != 99.5 || v.Fragmentation != 13.75 ||
		v.AllocatorRssRatio < 2.46 || v.Db[0].OverheadHashtableMain != 288 {
		t.Fatalf("redis fields: %+v", v)
	}
	if !v.OverheadDbHashtableLut.IsNil() || !v.AllocatorMuzzy.IsNil() || !v.ClusterLinks.IsNil() {
		t.Fatalf("absent optional fields must be nil: %+v", v)
	}
}

func TestDecodeLatency(t *testing.T) {
	hist, err := decode(t, DecodeLatencyHistory, "*2\r\n*2\r\n:1700000000\r\n:50\r\n*2\r\n:1700000005\r\n:7\r\n")
	if err != nil || len(hist) != 2 || hist[0].Time.Unix() != 1700000000 || hist[0].Duration != 50*time.Millisecond ||
		hist[1].Duration != 7*time.Millisecond {
		t.Fatalf("history: %+v %v", hist, err)
	}
	empty, err := decode(t, DecodeLatencyHistory, "*0\r\n")
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("empty history: %#v %v", empty, err)
	}

	// Valkey 8.1+ adds the sum and count of samples.
	latest, err := decode(t, DecodeLatencyLatest,
		"*1\r\n*6\r\n$7\r\ncommand\r\n:1700000000\r\n:50\r\n:60\r\n:110\r\n:2\r\n")
	if err != nil || len(latest) != 1 {
		t.Fatalf("latest: %+v %v", latest, err)
	}
	e := latest[0]
	if e.EventName != "command" || e.LatestTime.Unix() != 1700000000 || e.LatestDuration != 50*time.Millisecond ||
		e.MaxDuration != 60*time.Millisecond || e.Sum.Value() != 110*time.Millisecond || e.Count.Value() != 2 {
		t.Fatalf("latest fields: %+v", e)
	}
	latest, err = decode(t, DecodeLatencyLatest, "*1\r\n*4\r\n$7\r\ncommand\r\n:1700000000\r\n:50\r\n:60\r\n")
	if err != nil || !latest[0].Sum.IsNil() || !latest[0].Count.IsNil() {
		t.Fatalf("latest without sum/count: %+v %v", latest, err)
	}
	if _, err := decode(t, DecodeLatencyLatest, "*1\r\n*2\r\n+x\r\n:1\r\n"); !protocolErr(err) {
		t.Fatalf("short entry: %v", err)
	}
	if _, err := decode(t, DecodeLatencyHistory, "*1\r\n*1\r\n:1\r\n"); !protocolErr(err) {
		t.Fatalf("short history entry: %v", err)
	}
}
