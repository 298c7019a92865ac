package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Compile-time proof that both clients and both batch kinds offer the blocking List and
// SortedSet methods (and WAIT) under GLIDE's names with GLIDE's exact signatures (the
// method list is GLIDE's public API, a fact). A missing or differently typed method
// fails the build of the tests.

type blkGlideCommands interface {
	BLPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error)
	BRPop(ctx context.Context, keys []string, timeout time.Duration) ([]string, error)
	BLMPop(ctx context.Context, keys []string, listDirection constants.ListDirection, timeout time.Duration) ([]models.KeyValues, error)
	BLMPopCount(ctx context.Context, keys []string, listDirection constants.ListDirection, count int64, timeout time.Duration) ([]models.KeyValues, error)
	BLMove(ctx context.Context, source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection, timeout time.Duration) (models.Result[string], error)
	BZPopMin(ctx context.Context, keys []string, timeout time.Duration) (models.Result[models.KeyWithMemberAndScore], error)
	BZPopMax(ctx context.Context, keys []string, timeout time.Duration) (models.Result[models.KeyWithMemberAndScore], error)
	BZMPop(ctx context.Context, keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration) (models.Result[models.KeyWithArrayOfMembersAndScores], error)
	BZMPopWithOptions(ctx context.Context, keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration, options options.ZMPopOptions) (models.Result[models.KeyWithArrayOfMembersAndScores], error)
}

type blkGlideBatch[B any] interface {
	BLPop(keys []string, timeout time.Duration) *B
	BRPop(keys []string, timeout time.Duration) *B
	BLMPop(keys []string, listDirection constants.ListDirection, timeout time.Duration) *B
	BLMPopCount(keys []string, listDirection constants.ListDirection, count int64, timeout time.Duration) *B
	BLMove(source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection, timeout time.Duration) *B
	BZPopMin(keys []string, timeout time.Duration) *B
	BZPopMax(keys []string, timeout time.Duration) *B
	BZMPop(keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration) *B
	BZMPopWithOptions(keys []string, scoreFilter constants.ScoreFilter, timeout time.Duration, opts options.ZMPopOptions) *B
}

// WAIT is offered by the standalone client and its batch.
type blkGlideWait interface {
	Wait(ctx context.Context, numberOfReplicas int64, timeout time.Duration) (int64, error)
}

var (
	_ blkGlideCommands                        = (*Client)(nil)
	_ blkGlideCommands                        = (*ClusterClient)(nil)
	_ blkGlideBatch[pipeline.StandaloneBatch] = (*pipeline.StandaloneBatch)(nil)
	_ blkGlideBatch[pipeline.ClusterBatch]    = (*pipeline.ClusterBatch)(nil)
	_ blkGlideWait                            = (*Client)(nil)
)
