package valkite

import (
	"context"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Exec runs a cluster batch. A pipeline (isAtomic=false) is split by the core: each
// command goes to the node owning its keys, commands bound for the same node are written
// together, MOVED/ASK are followed per command, and the results come back in queue
// order. A transaction (isAtomic=true) must keep every key in one slot — the core checks
// that before anything is sent (a *RequestError starting with CROSSSLOT otherwise) — and
// runs as MULTI … EXEC on that slot's primary, all records in one write. Results and
// errors follow Client.Exec.
func (c *ClusterClient) Exec(ctx context.Context, batch pipeline.ClusterBatch, raiseOnError bool) ([]any, error) {
	return c.ExecWithOptions(ctx, batch, raiseOnError, pipeline.ClusterBatchOptions{})
}

// ExecWithOptions is Exec with a batch timeout (bounding the whole batch), an explicit
// route (the whole batch then goes to that one node) and, for pipelines, a retry
// strategy. Any retry strategy on a transaction, even one that retries nothing, is a
// *ConfigurationError.
//
// Retries: the core always follows MOVED and ASK per command, and retries a command that
// was never sent. Beyond that a pipeline retries only what its strategy allows, as in
// GLIDE: RetryServerError for TRYAGAIN, CLUSTERDOWN, LOADING and READONLY replies,
// RetryConnectionError for commands whose connection broke after they were written
// (which may then run twice). Without a strategy, neither is retried and the error takes
// the command's slot.
func (c *ClusterClient) ExecWithOptions(
	ctx context.Context,
	batch pipeline.ClusterBatch,
	raiseOnError bool,
	options pipeline.ClusterBatchOptions,
) ([]any, error) {
	b := &batch.Batch
	if err := batching.CheckRetryStrategy(b.IsAtomic, options.RetryStrategy != nil); err != nil {
		return nil, err
	}
	route := routeArg{}
	if options.Route != nil {
		r, err := toRouteArg(options.Route)
		if err != nil {
			return nil, &errs.ConfigurationError{Msg: err.Error()}
		}
		route = r
	}
	if !b.IsAtomic {
		rs := options.RetryStrategy
		if rs == nil || !rs.RetryServerError {
			route.kind |= routeNoRetryServer
		}
		if rs == nil || !rs.RetryConnectionError {
			route.kind |= routeNoRetryConnection
		}
	}
	return execBatch(ctx, c.core, b, raiseOnError, batchTimeoutUs(options.Timeout), route)
}

// Unwatch forgets every watched key, on every primary (where this client's
// connections carry WATCH state).
func (c *ClusterClient) Unwatch(ctx context.Context) (string, error) {
	return c.UnwatchWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
}

// UnwatchWithOptions forgets watched keys on the nodes of the given route.
func (c *ClusterClient) UnwatchWithOptions(ctx context.Context, opts options.RouteOption) (string, error) {
	if opts.Route == nil {
		return c.Unwatch(ctx)
	}
	if _, err := toRouteArg(opts.Route); err != nil {
		return "", &errs.ConfigurationError{Msg: err.Error()}
	}
	return runOne(ctx, c, cmds.Unwatch(), opts.Route)
}
