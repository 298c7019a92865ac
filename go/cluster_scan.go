package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Cluster-wide SCAN is driven by the core, which owns the slot map: each call scans
// one page of one primary, and the cursor carries the whole state (the slots already
// covered, the node being scanned and its own cursor), so the client keeps nothing per
// scan and a cursor survives failovers and slot migrations. Every key that exists from
// the first call to the last is returned at least once; keys may come more than once.
// A call that fails while the cluster heals can be repeated with the same cursor. A
// cursor the core cannot read is a *RequestError ("invalid cluster scan cursor …").

// Scan returns the next page of a scan over every key of the cluster, and the cursor
// to continue with; start from models.NewClusterScanCursor() and call again until the
// returned cursor IsFinished.
//
// See https://valkey.io/commands/scan/.
func (c *ClusterClient) Scan(ctx context.Context, cursor models.ClusterScanCursor) (models.ClusterScanResult, error) {
	return c.clusterScan(ctx, cursor, nil)
}

// ScanWithOptions is Scan with MATCH, COUNT (per node call) and TYPE filters. With
// AllowNonCoveredSlots, slots that no primary serves are skipped instead of failing
// the call.
//
// See https://valkey.io/commands/scan/.
func (c *ClusterClient) ScanWithOptions(
	ctx context.Context,
	cursor models.ClusterScanCursor,
	opts options.ClusterScanOptions,
) (models.ClusterScanResult, error) {
	return c.clusterScan(ctx, cursor, &opts)
}

func (c *ClusterClient) clusterScan(
	ctx context.Context,
	cursor models.ClusterScanCursor,
	opts *options.ClusterScanOptions,
) (models.ClusterScanResult, error) {
	route := routeArg{kind: routeClusterScan, data: "\x00"}
	if opts != nil && opts.AllowNonCoveredSlots {
		route.data = "\x01"
	}
	page, err := executeOn(ctx, c.core, cmds.NodeScan(cursor.GetCursor(), opts), route)
	if err != nil {
		return models.ClusterScanResult{}, err
	}
	keys := page.Data
	if keys == nil {
		keys = []string{}
	}
	return models.ClusterScanResult{
		Cursor: models.NewClusterScanCursorWithId(page.Cursor.GetCursor()),
		Keys:   keys,
	}, nil
}
