package valkite

/*
#include "valkite.h"
*/
import "C"

import "unsafe"

// statisticNames maps each counter the core reports to its GetStatistics key, by the
// index the header gives it, so the order is never spelled twice.
var statisticNames = [...]struct {
	index int
	name  string
}{
	{int(C.VK_STAT_TOTAL_CONNECTIONS), "total_connections"},
	{int(C.VK_STAT_TOTAL_CLIENTS), "total_clients"},
	{int(C.VK_STAT_TOTAL_VALUES_COMPRESSED), "total_values_compressed"},
	{int(C.VK_STAT_TOTAL_VALUES_DECOMPRESSED), "total_values_decompressed"},
	{int(C.VK_STAT_TOTAL_ORIGINAL_BYTES), "total_original_bytes"},
	{int(C.VK_STAT_TOTAL_BYTES_COMPRESSED), "total_bytes_compressed"},
	{int(C.VK_STAT_TOTAL_BYTES_DECOMPRESSED), "total_bytes_decompressed"},
	{int(C.VK_STAT_COMPRESSION_SKIPPED_COUNT), "compression_skipped_count"},
	{int(C.VK_STAT_SUBSCRIPTION_OUT_OF_SYNC_COUNT), "subscription_out_of_sync_count"},
	{int(C.VK_STAT_SUBSCRIPTION_LAST_SYNC_TIMESTAMP), "subscription_last_sync_timestamp"},
}

// cStatistics reads every process-wide counter with one crossing.
func cStatistics() [C.VK_STAT_COUNT]uint64 {
	var out [C.VK_STAT_COUNT]uint64
	C.vk_statistics((*C.uint64_t)(unsafe.Pointer(&out[0])), C.size_t(len(out)))
	return out
}

// GetStatistics returns the process's client counters, the same whichever client is
// asked:
//
//   - total_connections: live connections to servers, of every kind the clients open
//     (one multiplexed connection per node, connections lent to blocking commands,
//     a cluster's topology connections, RESP2 subscriber connections).
//   - total_clients: clients created and not yet closed, standalone and cluster.
//   - subscription_out_of_sync_count: subscription reconciliation rounds that found the
//     subscriptions the clients want apart from those the servers confirmed.
//   - subscription_last_sync_timestamp: when (ms since the Unix epoch) a round last found
//     them equal; 0 until one has.
//   - total_values_compressed, total_values_decompressed, total_original_bytes,
//     total_bytes_compressed, total_bytes_decompressed, compression_skipped_count: 0,
//     as valkite does not compress values.
func (b *baseClient) GetStatistics() map[string]uint64 {
	values := cStatistics()
	out := make(map[string]uint64, len(statisticNames))
	for _, s := range statisticNames {
		out[s.name] = values[s.index]
	}
	return out
}
