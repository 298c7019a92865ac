package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Compile-time checks of the Hash, HyperLogLog and Bitmap groups against GLIDE's
// interface signatures (go/interfaces) and batch method signatures (go/pipeline): a
// method that drifts from them stops the build.

type hashCommandsSignatures interface {
	HGet(ctx context.Context, key string, field string) (models.Result[string], error)
	HGetAll(ctx context.Context, key string) (map[string]string, error)
	HMGet(ctx context.Context, key string, fields []string) ([]models.Result[string], error)
	HSet(ctx context.Context, key string, values map[string]string) (int64, error)
	HSetNX(ctx context.Context, key string, field string, value string) (bool, error)
	HDel(ctx context.Context, key string, fields []string) (int64, error)
	HLen(ctx context.Context, key string) (int64, error)
	HVals(ctx context.Context, key string) ([]string, error)
	HExists(ctx context.Context, key string, field string) (bool, error)
	HKeys(ctx context.Context, key string) ([]string, error)
	HStrLen(ctx context.Context, key string, field string) (int64, error)
	HIncrBy(ctx context.Context, key string, field string, increment int64) (int64, error)
	HIncrByFloat(ctx context.Context, key string, field string, increment float64) (float64, error)
	HScan(ctx context.Context, key string, cursor models.Cursor) (models.ScanResult, error)
	HScanWithOptions(ctx context.Context, key string, cursor models.Cursor, options options.HashScanOptions) (models.ScanResult, error)
	HRandField(ctx context.Context, key string) (models.Result[string], error)
	HRandFieldWithCount(ctx context.Context, key string, count int64) ([]string, error)
	HRandFieldWithCountWithValues(ctx context.Context, key string, count int64) ([][]string, error)
	HSetEx(ctx context.Context, key string, fieldsAndValues map[string]string, options options.HSetExOptions) (int64, error)
	HGetEx(ctx context.Context, key string, fields []string, options options.HGetExOptions) ([]models.Result[string], error)
	HExpire(ctx context.Context, key string, expireTime time.Duration, fields []string, options options.HExpireOptions) ([]int64, error)
	HExpireAt(ctx context.Context, key string, expireTime time.Time, fields []string, options options.HExpireOptions) ([]int64, error)
	HPExpire(ctx context.Context, key string, expireTime time.Duration, fields []string, options options.HExpireOptions) ([]int64, error)
	HPExpireAt(ctx context.Context, key string, expireTime time.Time, fields []string, options options.HExpireOptions) ([]int64, error)
	HPersist(ctx context.Context, key string, fields []string) ([]int64, error)
	HTtl(ctx context.Context, key string, fields []string) ([]int64, error)
	HPTtl(ctx context.Context, key string, fields []string) ([]int64, error)
	HExpireTime(ctx context.Context, key string, fields []string) ([]int64, error)
	HPExpireTime(ctx context.Context, key string, fields []string) ([]int64, error)
}

type hyperLogLogCommandsSignatures interface {
	PfAdd(ctx context.Context, key string, elements []string) (bool, error)
	PfCount(ctx context.Context, keys []string) (int64, error)
	PfMerge(ctx context.Context, destination string, sourceKeys []string) (string, error)
}

type bitmapCommandsSignatures interface {
	SetBit(ctx context.Context, key string, offset int64, value int64) (int64, error)
	GetBit(ctx context.Context, key string, offset int64) (int64, error)
	BitCount(ctx context.Context, key string) (int64, error)
	BitCountWithOptions(ctx context.Context, key string, options options.BitCountOptions) (int64, error)
	BitPos(ctx context.Context, key string, bit int64) (int64, error)
	BitPosWithOptions(ctx context.Context, key string, bit int64, options options.BitPosOptions) (int64, error)
	BitField(ctx context.Context, key string, subCommands []options.BitFieldSubCommands) ([]models.Result[int64], error)
	BitFieldRO(ctx context.Context, key string, commands []options.BitFieldROCommands) ([]models.Result[int64], error)
	BitOp(ctx context.Context, bitwiseOperation options.BitOpType, destination string, keys []string) (int64, error)
}

var (
	_ hashCommandsSignatures        = (*Client)(nil)
	_ hashCommandsSignatures        = (*ClusterClient)(nil)
	_ hyperLogLogCommandsSignatures = (*Client)(nil)
	_ hyperLogLogCommandsSignatures = (*ClusterClient)(nil)
	_ bitmapCommandsSignatures      = (*Client)(nil)
	_ bitmapCommandsSignatures      = (*ClusterClient)(nil)
)

// hashBitmapHLLBatchSignatures are GLIDE's BaseBatch methods of these groups, with
// the batch type as result.
type hashBitmapHLLBatchSignatures[B any] interface {
	HGet(key string, field string) *B
	HGetAll(key string) *B
	HMGet(key string, fields []string) *B
	HSet(key string, values map[string]string) *B
	HSetNX(key string, field string, value string) *B
	HDel(key string, fields []string) *B
	HLen(key string) *B
	HVals(key string) *B
	HExists(key string, field string) *B
	HKeys(key string) *B
	HStrLen(key string, field string) *B
	HIncrBy(key string, field string, increment int64) *B
	HIncrByFloat(key string, field string, increment float64) *B
	HScan(key string, cursor string) *B
	HScanWithOptions(key string, cursor string, options options.HashScanOptions) *B
	HRandField(key string) *B
	HRandFieldWithCount(key string, count int64) *B
	HRandFieldWithCountWithValues(key string, count int64) *B
	HSetEx(key string, fieldsAndValues map[string]string, opts options.HSetExOptions) *B
	HGetEx(key string, fields []string, opts options.HGetExOptions) *B
	HExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) *B
	HExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) *B
	HPExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) *B
	HPExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) *B
	HPersist(key string, fields []string) *B
	HTtl(key string, fields []string) *B
	HPTtl(key string, fields []string) *B
	HExpireTime(key string, fields []string) *B
	HPExpireTime(key string, fields []string) *B
	PfAdd(key string, elements []string) *B
	PfCount(keys []string) *B
	PfMerge(destination string, sourceKeys []string) *B
	SetBit(key string, offset int64, value int64) *B
	GetBit(key string, offset int64) *B
	BitCount(key string) *B
	BitOp(bitwiseOperation options.BitOpType, destination string, keys []string) *B
	BitCountWithOptions(key string, opts options.BitCountOptions) *B
	BitPos(key string, bit int64) *B
	BitPosWithOptions(key string, bit int64, bitposOptions options.BitPosOptions) *B
	BitField(key string, subCommands []options.BitFieldSubCommands) *B
	BitFieldRO(key string, subCommands []options.BitFieldROCommands) *B
}

var (
	_ hashBitmapHLLBatchSignatures[pipeline.StandaloneBatch] = (*pipeline.StandaloneBatch)(nil)
	_ hashBitmapHLLBatchSignatures[pipeline.ClusterBatch]    = (*pipeline.ClusterBatch)(nil)
)
