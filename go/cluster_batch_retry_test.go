package valkite

import (
	"context"
	"errors"
	"testing"

	"github.com/valkite/valkite/go/pipeline"
)

// A retry strategy is refused on every transaction, whatever it retries and however
// many commands the transaction holds (an empty one was let through before), and the
// refused transaction sends nothing. Pipelines keep accepting one.
func TestClusterTransactionRefusesAnyRetryStrategy(t *testing.T) {
	client, _ := newClusterTestClient(t)
	ctx := context.Background()
	key := "{" + t.Name() + "}k"

	strategies := map[string]pipeline.ClusterBatchRetryStrategy{
		"retries nothing":   *pipeline.NewClusterBatchRetryStrategy(),
		"server errors":     {RetryServerError: true},
		"connection errors": {RetryConnectionError: true},
	}
	batches := map[string]*pipeline.ClusterBatch{
		"empty":     pipeline.NewClusterBatch(true),
		"non-empty": pipeline.NewClusterBatch(true).Set(key, "written"),
	}
	for sName, strategy := range strategies {
		opts := pipeline.NewClusterBatchOptions().WithRetryStrategy(strategy)
		for bName, batch := range batches {
			res, err := client.ExecWithOptions(ctx, *batch, true, *opts)
			var ce *ConfigurationError
			if !errors.As(err, &ce) || res != nil {
				t.Errorf("%s transaction, strategy that %s: got (%v, %v), want a *ConfigurationError",
					bName, sName, res, err)
			}
		}
	}
	if v, err := client.Get(ctx, key); err != nil || !v.IsNil() {
		t.Fatalf("a refused transaction must send nothing; GET gave (%v, %v)", v, err)
	}

	// The same strategies are fine on pipelines, empty or not.
	opts := pipeline.NewClusterBatchOptions().WithRetryStrategy(pipeline.ClusterBatchRetryStrategy{RetryServerError: true})
	if res, err := client.ExecWithOptions(ctx, *pipeline.NewClusterBatch(false), true, *opts); err != nil || len(res) != 0 {
		t.Fatalf("empty pipeline with a retry strategy: (%v, %v), want ([], nil)", res, err)
	}
	res, err := client.ExecWithOptions(ctx, *pipeline.NewClusterBatch(false).Set(key, "v").Get(key), true, *opts)
	if err != nil || len(res) != 2 || res[0] != OK {
		t.Fatalf("pipeline with a retry strategy: (%v, %v)", res, err)
	}
}
