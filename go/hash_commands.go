package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Hash commands, shared by Client and ClusterClient. Every one of them names a
// single key, so in a cluster each goes to the key's slot. Methods that take a field
// list refuse an empty one before sending.

// HGet returns the value of field in the hash at key, or a nil Result when the field
// or the key does not exist.
//
// See https://valkey.io/commands/hget/.
func (b *baseClient) HGet(ctx context.Context, key string, field string) (models.Result[string], error) {
	return run(ctx, b, cmds.HGet(key, field))
}

// HGetAll returns every field and value of the hash at key; an empty map when the key
// does not exist.
//
// See https://valkey.io/commands/hgetall/.
func (b *baseClient) HGetAll(ctx context.Context, key string) (map[string]string, error) {
	return run(ctx, b, cmds.HGetAll(key))
}

// HMGet returns the values of fields in request order, a nil Result for each field
// (or all of them, for a missing key) that does not exist.
//
// See https://valkey.io/commands/hmget/.
func (b *baseClient) HMGet(ctx context.Context, key string, fields []string) ([]models.Result[string], error) {
	return run(ctx, b, cmds.HMGet(key, fields))
}

// HSet sets the given fields, creating the hash if needed, and returns how many
// fields were new.
//
// See https://valkey.io/commands/hset/.
func (b *baseClient) HSet(ctx context.Context, key string, values map[string]string) (int64, error) {
	return run(ctx, b, cmds.HSet(key, values))
}

// HSetNX sets field only if it does not exist yet and reports whether it did.
//
// See https://valkey.io/commands/hsetnx/.
func (b *baseClient) HSetNX(ctx context.Context, key string, field string, value string) (bool, error) {
	return run(ctx, b, cmds.HSetNX(key, field, value))
}

// HDel removes fields from the hash and returns how many existed.
//
// See https://valkey.io/commands/hdel/.
func (b *baseClient) HDel(ctx context.Context, key string, fields []string) (int64, error) {
	return run(ctx, b, cmds.HDel(key, fields))
}

// HLen returns the number of fields in the hash (0 for a missing key).
//
// See https://valkey.io/commands/hlen/.
func (b *baseClient) HLen(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.HLen(key))
}

// HVals returns every value of the hash; an empty slice for a missing key.
//
// See https://valkey.io/commands/hvals/.
func (b *baseClient) HVals(ctx context.Context, key string) ([]string, error) {
	return run(ctx, b, cmds.HVals(key))
}

// HExists reports whether field exists in the hash.
//
// See https://valkey.io/commands/hexists/.
func (b *baseClient) HExists(ctx context.Context, key string, field string) (bool, error) {
	return run(ctx, b, cmds.HExists(key, field))
}

// HKeys returns every field name of the hash; an empty slice for a missing key.
//
// See https://valkey.io/commands/hkeys/.
func (b *baseClient) HKeys(ctx context.Context, key string) ([]string, error) {
	return run(ctx, b, cmds.HKeys(key))
}

// HStrLen returns the length in bytes of field's value (0 if the field or key is
// missing).
//
// See https://valkey.io/commands/hstrlen/.
func (b *baseClient) HStrLen(ctx context.Context, key string, field string) (int64, error) {
	return run(ctx, b, cmds.HStrLen(key, field))
}

// HIncrBy adds increment to the integer in field (a missing field counts as 0) and
// returns the result.
//
// See https://valkey.io/commands/hincrby/.
func (b *baseClient) HIncrBy(ctx context.Context, key string, field string, increment int64) (int64, error) {
	return run(ctx, b, cmds.HIncrBy(key, field, increment))
}

// HIncrByFloat adds increment to the number in field (a missing field counts as 0)
// and returns the result.
//
// See https://valkey.io/commands/hincrbyfloat/.
func (b *baseClient) HIncrByFloat(ctx context.Context, key string, field string, increment float64) (float64, error) {
	return run(ctx, b, cmds.HIncrByFloat(key, field, increment))
}

// HScan returns one page of the hash's fields and values, flattened as field, value,
// field, value…, and the cursor to continue from.
//
// See https://valkey.io/commands/hscan/.
func (b *baseClient) HScan(ctx context.Context, key string, cursor models.Cursor) (models.ScanResult, error) {
	return run(ctx, b, cmds.HScan(key, cursor.String()))
}

// HScanWithOptions is HScan with MATCH, COUNT or NOVALUES (field names only).
//
// See https://valkey.io/commands/hscan/.
func (b *baseClient) HScanWithOptions(
	ctx context.Context,
	key string,
	cursor models.Cursor,
	options options.HashScanOptions,
) (models.ScanResult, error) {
	return run(ctx, b, cmds.HScanWithOptions(key, cursor.String(), options))
}

// HRandField returns a random field name, or a nil Result for a missing key.
//
// See https://valkey.io/commands/hrandfield/.
func (b *baseClient) HRandField(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.HRandField(key))
}

// HRandFieldWithCount returns up to count distinct random field names, or exactly
// -count names with possible repeats when count is negative.
//
// See https://valkey.io/commands/hrandfield/.
func (b *baseClient) HRandFieldWithCount(ctx context.Context, key string, count int64) ([]string, error) {
	return run(ctx, b, cmds.HRandFieldWithCount(key, count))
}

// HRandFieldWithCountWithValues is HRandFieldWithCount returning [field, value]
// pairs.
//
// See https://valkey.io/commands/hrandfield/.
func (b *baseClient) HRandFieldWithCountWithValues(ctx context.Context, key string, count int64) ([][]string, error) {
	return run(ctx, b, cmds.HRandFieldWithCountWithValues(key, count))
}

// HSetEx sets fields with an expiry (or KEEPTTL) under an optional FNX/FXX
// condition, and returns 1 when the fields were set, 0 when the condition stopped
// it. Valkey 9.0+.
//
// See https://valkey.io/commands/hsetex/.
func (b *baseClient) HSetEx(
	ctx context.Context,
	key string,
	fieldsAndValues map[string]string,
	options options.HSetExOptions,
) (int64, error) {
	return run(ctx, b, cmds.HSetEx(key, fieldsAndValues, options))
}

// HGetEx returns the values of fields (nil Results for missing ones) and changes
// their expiry as the options say. Valkey 9.0+.
//
// See https://valkey.io/commands/hgetex/.
func (b *baseClient) HGetEx(
	ctx context.Context,
	key string,
	fields []string,
	options options.HGetExOptions,
) ([]models.Result[string], error) {
	return run(ctx, b, cmds.HGetEx(key, fields, options))
}

// HExpire sets a TTL in whole seconds on fields. Per field: 1 set, 0 condition not
// met, 2 deleted (a zero TTL), -2 no such field. Valkey 9.0+.
//
// See https://valkey.io/commands/hexpire/.
func (b *baseClient) HExpire(
	ctx context.Context,
	key string,
	expireTime time.Duration,
	fields []string,
	options options.HExpireOptions,
) ([]int64, error) {
	return run(ctx, b, cmds.HExpire(key, expireTime, fields, options))
}

// HExpireAt sets an absolute expiry (Unix seconds) on fields; per-field results as
// for HExpire. Valkey 9.0+.
//
// See https://valkey.io/commands/hexpireat/.
func (b *baseClient) HExpireAt(
	ctx context.Context,
	key string,
	expireTime time.Time,
	fields []string,
	options options.HExpireOptions,
) ([]int64, error) {
	return run(ctx, b, cmds.HExpireAt(key, expireTime, fields, options))
}

// HPExpire is HExpire in milliseconds. Valkey 9.0+.
//
// See https://valkey.io/commands/hpexpire/.
func (b *baseClient) HPExpire(
	ctx context.Context,
	key string,
	expireTime time.Duration,
	fields []string,
	options options.HExpireOptions,
) ([]int64, error) {
	return run(ctx, b, cmds.HPExpire(key, expireTime, fields, options))
}

// HPExpireAt is HExpireAt in Unix milliseconds. Valkey 9.0+.
//
// See https://valkey.io/commands/hpexpireat/.
func (b *baseClient) HPExpireAt(
	ctx context.Context,
	key string,
	expireTime time.Time,
	fields []string,
	options options.HExpireOptions,
) ([]int64, error) {
	return run(ctx, b, cmds.HPExpireAt(key, expireTime, fields, options))
}

// HPersist removes the TTL of fields. Per field: 1 removed, -1 no TTL, -2 no such
// field. Valkey 9.0+.
//
// See https://valkey.io/commands/hpersist/.
func (b *baseClient) HPersist(ctx context.Context, key string, fields []string) ([]int64, error) {
	return run(ctx, b, cmds.HPersist(key, fields))
}

// HTtl returns each field's remaining TTL in seconds (-1 none, -2 no such field).
// Valkey 9.0+.
//
// See https://valkey.io/commands/httl/.
func (b *baseClient) HTtl(ctx context.Context, key string, fields []string) ([]int64, error) {
	return run(ctx, b, cmds.HTtl(key, fields))
}

// HPTtl is HTtl in milliseconds. Valkey 9.0+.
//
// See https://valkey.io/commands/hpttl/.
func (b *baseClient) HPTtl(ctx context.Context, key string, fields []string) ([]int64, error) {
	return run(ctx, b, cmds.HPTtl(key, fields))
}

// HExpireTime returns each field's expiry as Unix seconds (-1 none, -2 no such
// field). Valkey 9.0+.
//
// See https://valkey.io/commands/hexpiretime/.
func (b *baseClient) HExpireTime(ctx context.Context, key string, fields []string) ([]int64, error) {
	return run(ctx, b, cmds.HExpireTime(key, fields))
}

// HPExpireTime is HExpireTime in Unix milliseconds. Valkey 9.0+.
//
// See https://valkey.io/commands/hpexpiretime/.
func (b *baseClient) HPExpireTime(ctx context.Context, key string, fields []string) ([]int64, error) {
	return run(ctx, b, cmds.HPExpireTime(key, fields))
}
