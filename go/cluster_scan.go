package valkite

import (
	"context"
	"errors"
	"fmt"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Cluster-wide SCAN.
//
// A cluster has no SCAN of its own: each primary can only iterate its own keys. The
// scan therefore walks the primaries one at a time, a full SCAN pass on each (from
// cursor "0" back to "0"), and keeps in the cursor the set of slots already covered.
// The next primary is always the one serving the lowest slot not yet covered, as the
// cluster says at that moment, so slots that moved are followed to their new owner.
//
// A pass covers only the slots that its node served, and was not migrating away,
// both when the pass began and when it ended, as the node itself reported them, and
// only if the node's identity and config epoch did not change in between (a
// failover, or the node gaining slots, bumps the epoch). Slots that moved during a
// pass are scanned again on their new owner.
//
// Guarantee: every key that exists from the first call to the last is returned at
// least once. Keys may be returned more than once (a slot scanned on two nodes, or a
// node's own SCAN repeating keys while it rehashes), and keys created or deleted
// during the scan may or may not appear. Each call returns one node's page, possibly
// empty; the scan progresses as long as slots settle: a slot that stays in migration
// keeps its source from covering it, and the scan revisits it until the move ends.
//
// The cursor is self-contained (the covered slots, the node being scanned and its
// SCAN cursor), so the client keeps no per-scan state, and a call that fails (the
// cluster mid-failover, say) can be retried with the same cursor: if the node it
// names is gone, its slots restart on their new primary.

// scanPickAttempts bounds how often one call re-reads the topology while it keeps
// changing under it, before reporting the last problem.
const scanPickAttempts = 3

// Scan returns the next page of a scan over every key of the cluster, and the cursor
// to continue with; start from models.NewClusterScanCursor() and call again until
// the returned cursor IsFinished. See the guarantee above.
//
// See https://valkey.io/commands/scan/.
func (c *ClusterClient) Scan(ctx context.Context, cursor models.ClusterScanCursor) (models.ClusterScanResult, error) {
	return c.clusterScan(ctx, cursor, nil)
}

// ScanWithOptions is Scan with MATCH, COUNT (per node call) and TYPE filters. With
// AllowNonCoveredSlots, slots that no primary serves (say, mid-failover) are
// skipped instead of failing the call.
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
	if cursor.IsFinished() {
		return models.ClusterScanResult{Cursor: cursor, Keys: []string{}}, nil
	}
	st, err := decodeScanCursor(cursor.GetCursor())
	if err != nil {
		return models.ClusterScanResult{}, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	allowUncovered := opts != nil && opts.AllowNonCoveredSlots
	carried := st.node.active()
	var page models.ScanResult
	for {
		if !st.node.active() {
			done, err := c.scanNextNode(ctx, &st, allowUncovered)
			if err != nil {
				return models.ClusterScanResult{}, err
			}
			if done {
				return finishedScan(nil), nil
			}
		}
		ra, err := addressRouteArg(st.node.host, st.node.port)
		if err != nil {
			return models.ClusterScanResult{}, err
		}
		page, err = executeOn(ctx, c.core, cmds.NodeScan(st.node.cursor, opts), ra)
		if err == nil {
			break
		}
		if !carried || ctx.Err() != nil || isClosed(err) {
			return models.ClusterScanResult{}, err
		}
		// The node the cursor names may be gone (failed over, removed). Its SCAN
		// cursor means nothing elsewhere: start its slots again on their owner now.
		carried = false
		st.node = scanNode{}
	}
	if next := page.Cursor.GetCursor(); next != "0" {
		st.node.cursor = next
		return models.ClusterScanResult{Cursor: models.NewClusterScanCursorWithId(st.encode()), Keys: page.Data}, nil
	}
	c.scanFinishNode(ctx, &st)
	if st.scanned.firstMissing() < 0 {
		return finishedScan(page.Data), nil
	}
	return models.ClusterScanResult{Cursor: models.NewClusterScanCursorWithId(st.encode()), Keys: page.Data}, nil
}

func finishedScan(keys []string) models.ClusterScanResult {
	if keys == nil {
		keys = []string{}
	}
	return models.ClusterScanResult{
		Cursor: models.NewClusterScanCursorWithId(models.FINISHED_SCAN_CURSOR),
		Keys:   keys,
	}
}

// scanNextNode starts a pass on the primary serving the lowest uncovered slot: the
// node that, asked itself, is a primary claiming that slot, among the nodes some
// node's CLUSTER SHARDS lists for the slot's shard. It reports done when every slot
// is covered.
func (c *ClusterClient) scanNextNode(ctx context.Context, st *scanState, allowUncovered bool) (bool, error) {
	var lastErr error
	for attempt := 0; attempt < scanPickAttempts; attempt++ {
		slot := st.scanned.firstMissing()
		if slot < 0 {
			return true, nil
		}
		shards, err := executeOn(ctx, c.core, cmds.ClusterShards(), routeArg{kind: routeRandom})
		if err != nil {
			if ctx.Err() != nil || isClosed(err) {
				return false, err
			}
			lastErr = err
			continue
		}
		view := shardsOf(shards)
		if allowUncovered {
			var served slotSet
			for i := range view {
				if view[i].served {
					served.union(&view[i].slots)
				}
			}
			unserved := served.complement()
			st.scanned.union(&unserved)
			if slot = st.scanned.firstMissing(); slot < 0 {
				return true, nil
			}
		}
		shard := -1
		for i := range view {
			if view[i].slots.has(slot) {
				shard = i
				break
			}
		}
		if shard < 0 {
			lastErr = fmt.Errorf("valkite: cluster scan: no shard serves slot %d", slot)
			continue
		}
		lastErr = fmt.Errorf("valkite: cluster scan: no primary serves slot %d", slot)
		for _, a := range view[shard].nodes {
			self, err := c.nodeSelf(ctx, a.host, a.port)
			if err != nil {
				if ctx.Err() != nil || isClosed(err) {
					return false, err
				}
				lastErr = err
				continue
			}
			if self.primary && self.claimed.has(slot) {
				st.node = scanNode{host: a.host, port: a.port, id: self.id, epoch: self.epoch, cursor: "0", owned: self.stable}
				return false, nil
			}
		}
	}
	return false, lastErr
}

// scanFinishNode records what the pass that just ended covered, and clears the
// node so that the next call picks another. A failure to ask the node only costs
// progress: its slots stay uncovered and are scanned again.
func (c *ClusterClient) scanFinishNode(ctx context.Context, st *scanState) {
	n := &st.node
	self, err := c.nodeSelf(ctx, n.host, n.port)
	if err == nil && self.primary && self.id == n.id && self.epoch == n.epoch {
		covered := n.owned.intersect(&self.stable)
		st.scanned.union(&covered)
	}
	st.node = scanNode{}
}

// nodeSelf asks one node what it serves.
func (c *ClusterClient) nodeSelf(ctx context.Context, host string, port int) (nodeSelf, error) {
	ra, err := addressRouteArg(host, port)
	if err != nil {
		return nodeSelf{}, err
	}
	text, err := executeOn(ctx, c.core, cmds.ClusterNodes(), ra)
	if err != nil {
		return nodeSelf{}, err
	}
	return parseMyself(text)
}

func isClosed(err error) bool {
	var ce *errs.ClosingError
	return errors.As(err, &ce)
}
