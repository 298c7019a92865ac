package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Memory and latency diagnostics of the cluster client. They describe one server
// each, so they answer per node; the reply types are those of the standalone
// client's forms.

// MemoryDoctor returns the memory advice of every primary.
//
// See https://valkey.io/commands/memory-doctor/.
func (c *ClusterClient) MemoryDoctor(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.MemoryDoctor(), nil)
}

// MemoryDoctorWithOptions returns the memory advice of the nodes of the route.
//
// See https://valkey.io/commands/memory-doctor/.
func (c *ClusterClient) MemoryDoctorWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.MemoryDoctor(), routeOption.Route)
}

// MemoryMallocStats returns the allocator statistics of every primary.
//
// See https://valkey.io/commands/memory-malloc-stats/.
func (c *ClusterClient) MemoryMallocStats(ctx context.Context) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.MemoryMallocStats(), nil)
}

// MemoryMallocStatsWithOptions returns the allocator statistics of the nodes of the
// route.
//
// See https://valkey.io/commands/memory-malloc-stats/.
func (c *ClusterClient) MemoryMallocStatsWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[string], error) {
	return runRouted(ctx, c, cmds.MemoryMallocStats(), routeOption.Route)
}

// MemoryPurge asks the allocator of every primary to release dirty pages.
//
// See https://valkey.io/commands/memory-purge/.
func (c *ClusterClient) MemoryPurge(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.MemoryPurge(), nil)
}

// MemoryPurgeWithOptions is MemoryPurge on the nodes of the route.
//
// See https://valkey.io/commands/memory-purge/.
func (c *ClusterClient) MemoryPurgeWithOptions(ctx context.Context, routeOption options.RouteOption) (string, error) {
	return runOne(ctx, c, cmds.MemoryPurge(), routeOption.Route)
}

// MemoryStats returns the memory usage breakdown of every primary.
//
// See https://valkey.io/commands/memory-stats/.
func (c *ClusterClient) MemoryStats(ctx context.Context) (models.ClusterValue[models.MemoryStats], error) {
	return runRouted(ctx, c, cmds.MemoryStats(), nil)
}

// MemoryStatsWithOptions returns the memory usage breakdown of the nodes of the
// route.
//
// See https://valkey.io/commands/memory-stats/.
func (c *ClusterClient) MemoryStatsWithOptions(
	ctx context.Context,
	routeOption options.RouteOption,
) (models.ClusterValue[models.MemoryStats], error) {
	return runRouted(ctx, c, cmds.MemoryStats(), routeOption.Route)
}

// LatencyHistory returns every node's latency samples for event.
//
// See https://valkey.io/commands/latency-history/.
func (c *ClusterClient) LatencyHistory(ctx context.Context, event string) (models.ClusterValue[[]models.LatencyEntry], error) {
	return runRouted(ctx, c, cmds.LatencyHistory(event), nil)
}

// LatencyHistoryWithOptions returns the latency samples for event on the nodes of
// the route.
//
// See https://valkey.io/commands/latency-history/.
func (c *ClusterClient) LatencyHistoryWithOptions(
	ctx context.Context,
	event string,
	opts options.RouteOption,
) (models.ClusterValue[[]models.LatencyEntry], error) {
	return runRouted(ctx, c, cmds.LatencyHistory(event), opts.Route)
}

// LatencyLatest returns every node's latest and maximum latency per event.
//
// See https://valkey.io/commands/latency-latest/.
func (c *ClusterClient) LatencyLatest(ctx context.Context) (models.ClusterValue[[]models.LatencyEventInfo], error) {
	return runRouted(ctx, c, cmds.LatencyLatest(), nil)
}

// LatencyLatestWithOptions returns the latest and maximum latency per event on the
// nodes of the route.
//
// See https://valkey.io/commands/latency-latest/.
func (c *ClusterClient) LatencyLatestWithOptions(
	ctx context.Context,
	opts options.RouteOption,
) (models.ClusterValue[[]models.LatencyEventInfo], error) {
	return runRouted(ctx, c, cmds.LatencyLatest(), opts.Route)
}

// LatencyReset clears the latency data of events (all events when none are given)
// on every node and returns how many event series were cleared in total.
//
// See https://valkey.io/commands/latency-reset/.
func (c *ClusterClient) LatencyReset(ctx context.Context, events ...string) (int64, error) {
	return runOne(ctx, c, cmds.LatencyReset(events), nil)
}

// LatencyResetWithOptions is LatencyReset on the nodes of the route.
//
// See https://valkey.io/commands/latency-reset/.
func (c *ClusterClient) LatencyResetWithOptions(ctx context.Context, route options.RouteOption, events ...string) (int64, error) {
	return runOne(ctx, c, cmds.LatencyReset(events), route.Route)
}
