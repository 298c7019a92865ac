package valkite

import (
	"context"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Compile-time proof that both clients and both batch kinds offer the List
// (non-blocking) and Set methods under GLIDE's names with GLIDE's exact signatures
// (the method list is GLIDE's public API, a fact; BLPop & co. come with the blocking
// commands). A missing or differently typed method fails the build of the tests.

type lsGlideListSetCommands interface {
	LPush(ctx context.Context, key string, elements []string) (int64, error)
	LPop(ctx context.Context, key string) (models.Result[string], error)
	LPopCount(ctx context.Context, key string, count int64) ([]string, error)
	LPos(ctx context.Context, key string, element string) (models.Result[int64], error)
	LPosWithOptions(ctx context.Context, key string, element string, options options.LPosOptions) (models.Result[int64], error)
	LPosCount(ctx context.Context, key string, element string, count int64) ([]int64, error)
	LPosCountWithOptions(ctx context.Context, key string, element string, count int64, options options.LPosOptions) ([]int64, error)
	RPush(ctx context.Context, key string, elements []string) (int64, error)
	LRange(ctx context.Context, key string, start int64, end int64) ([]string, error)
	LIndex(ctx context.Context, key string, index int64) (models.Result[string], error)
	LTrim(ctx context.Context, key string, start int64, end int64) (string, error)
	LLen(ctx context.Context, key string) (int64, error)
	LRem(ctx context.Context, key string, count int64, element string) (int64, error)
	RPop(ctx context.Context, key string) (models.Result[string], error)
	RPopCount(ctx context.Context, key string, count int64) ([]string, error)
	LInsert(ctx context.Context, key string, insertPosition constants.InsertPosition, pivot string, element string) (int64, error)
	RPushX(ctx context.Context, key string, elements []string) (int64, error)
	LPushX(ctx context.Context, key string, elements []string) (int64, error)
	LMPop(ctx context.Context, keys []string, listDirection constants.ListDirection) ([]models.KeyValues, error)
	LMPopCount(ctx context.Context, keys []string, listDirection constants.ListDirection, count int64) ([]models.KeyValues, error)
	LSet(ctx context.Context, key string, index int64, element string) (string, error)
	LMove(ctx context.Context, source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection) (models.Result[string], error)
	SAdd(ctx context.Context, key string, members []string) (int64, error)
	SRem(ctx context.Context, key string, members []string) (int64, error)
	SMembers(ctx context.Context, key string) (map[string]struct{}, error)
	SCard(ctx context.Context, key string) (int64, error)
	SIsMember(ctx context.Context, key string, member string) (bool, error)
	SDiff(ctx context.Context, keys []string) (map[string]struct{}, error)
	SDiffStore(ctx context.Context, destination string, keys []string) (int64, error)
	SInter(ctx context.Context, keys []string) (map[string]struct{}, error)
	SInterStore(ctx context.Context, destination string, keys []string) (int64, error)
	SInterCard(ctx context.Context, keys []string) (int64, error)
	SInterCardLimit(ctx context.Context, keys []string, limit int64) (int64, error)
	SRandMember(ctx context.Context, key string) (models.Result[string], error)
	SRandMemberCount(ctx context.Context, key string, count int64) ([]string, error)
	SPop(ctx context.Context, key string) (models.Result[string], error)
	SPopCount(ctx context.Context, key string, count int64) (map[string]struct{}, error)
	SMIsMember(ctx context.Context, key string, members []string) ([]bool, error)
	SUnionStore(ctx context.Context, destination string, keys []string) (int64, error)
	SUnion(ctx context.Context, keys []string) (map[string]struct{}, error)
	SScan(ctx context.Context, key string, cursor models.Cursor) (models.ScanResult, error)
	SScanWithOptions(ctx context.Context, key string, cursor models.Cursor, options options.BaseScanOptions) (models.ScanResult, error)
	SMove(ctx context.Context, source string, destination string, member string) (bool, error)
}

type lsGlideListSetBatch[B any] interface {
	LPush(key string, elements []string) *B
	LPop(key string) *B
	LPopCount(key string, count int64) *B
	LPos(key string, element string) *B
	LPosWithOptions(key string, element string, options options.LPosOptions) *B
	LPosCount(key string, element string, count int64) *B
	LPosCountWithOptions(key string, element string, count int64, opts options.LPosOptions) *B
	RPush(key string, elements []string) *B
	SAdd(key string, members []string) *B
	SRem(key string, members []string) *B
	SUnionStore(destination string, keys []string) *B
	SMembers(key string) *B
	SCard(key string) *B
	SIsMember(key string, member string) *B
	SDiff(keys []string) *B
	SDiffStore(destination string, keys []string) *B
	SInter(keys []string) *B
	SInterStore(destination string, keys []string) *B
	SInterCard(keys []string) *B
	SInterCardLimit(keys []string, limit int64) *B
	SRandMember(key string) *B
	SRandMemberCount(key string, count int64) *B
	SPop(key string) *B
	SPopCount(key string, count int64) *B
	SMIsMember(key string, members []string) *B
	SUnion(keys []string) *B
	SScan(key string, cursor string) *B
	SScanWithOptions(key string, cursor string, options options.BaseScanOptions) *B
	SMove(source string, destination string, member string) *B
	LRange(key string, start int64, end int64) *B
	LIndex(key string, index int64) *B
	LTrim(key string, start int64, end int64) *B
	LLen(key string) *B
	LRem(key string, count int64, element string) *B
	RPop(key string) *B
	RPopCount(key string, count int64) *B
	LInsert(key string, insertPosition constants.InsertPosition, pivot string, element string) *B
	RPushX(key string, elements []string) *B
	LPushX(key string, elements []string) *B
	LMPop(keys []string, listDirection constants.ListDirection) *B
	LMPopCount(keys []string, listDirection constants.ListDirection, count int64) *B
	LSet(key string, index int64, element string) *B
	LMove(source string, destination string, whereFrom constants.ListDirection, whereTo constants.ListDirection) *B
}

var (
	_ lsGlideListSetCommands                        = (*Client)(nil)
	_ lsGlideListSetCommands                        = (*ClusterClient)(nil)
	_ lsGlideListSetBatch[pipeline.StandaloneBatch] = (*pipeline.StandaloneBatch)(nil)
	_ lsGlideListSetBatch[pipeline.ClusterBatch]    = (*pipeline.ClusterBatch)(nil)
)
