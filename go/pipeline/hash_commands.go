package pipeline

import (
	"time"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Hash commands. Result slots hold GLIDE's batch values: the plain value (or nil)
// where the client method returns a models.Result, the client method's value
// otherwise.

// HGet queues HGET; its result is the value as a string, or nil for a missing field.
func (b *BaseBatch[T]) HGet(key string, field string) *T {
	return addNullable(b, cmds.HGet(key, field))
}

// HGetAll queues HGETALL; its result is a map[string]string (empty for a missing key).
func (b *BaseBatch[T]) HGetAll(key string) *T { return add(b, cmds.HGetAll(key)) }

// HMGet queues HMGET; its result is a []models.Result[string].
func (b *BaseBatch[T]) HMGet(key string, fields []string) *T { return add(b, cmds.HMGet(key, fields)) }

// HSet queues HSET; its result is the number of new fields, an int64.
func (b *BaseBatch[T]) HSet(key string, values map[string]string) *T {
	return add(b, cmds.HSet(key, values))
}

// HSetNX queues HSETNX; its result is a bool.
func (b *BaseBatch[T]) HSetNX(key string, field string, value string) *T {
	return add(b, cmds.HSetNX(key, field, value))
}

// HDel queues HDEL; its result is an int64.
func (b *BaseBatch[T]) HDel(key string, fields []string) *T { return add(b, cmds.HDel(key, fields)) }

// HLen queues HLEN; its result is an int64.
func (b *BaseBatch[T]) HLen(key string) *T { return add(b, cmds.HLen(key)) }

// HVals queues HVALS; its result is a []string.
func (b *BaseBatch[T]) HVals(key string) *T { return add(b, cmds.HVals(key)) }

// HExists queues HEXISTS; its result is a bool.
func (b *BaseBatch[T]) HExists(key string, field string) *T { return add(b, cmds.HExists(key, field)) }

// HKeys queues HKEYS; its result is a []string.
func (b *BaseBatch[T]) HKeys(key string) *T { return add(b, cmds.HKeys(key)) }

// HStrLen queues HSTRLEN; its result is an int64.
func (b *BaseBatch[T]) HStrLen(key string, field string) *T { return add(b, cmds.HStrLen(key, field)) }

// HIncrBy queues HINCRBY; its result is the new value, an int64.
func (b *BaseBatch[T]) HIncrBy(key string, field string, increment int64) *T {
	return add(b, cmds.HIncrBy(key, field, increment))
}

// HIncrByFloat queues HINCRBYFLOAT; its result is the new value, a float64.
func (b *BaseBatch[T]) HIncrByFloat(key string, field string, increment float64) *T {
	return add(b, cmds.HIncrByFloat(key, field, increment))
}

// HScan queues one HSCAN step from cursor ("0" starts); its result is a
// models.ScanResult.
func (b *BaseBatch[T]) HScan(key string, cursor string) *T { return add(b, cmds.HScan(key, cursor)) }

// HScanWithOptions queues HSCAN with MATCH, COUNT or NOVALUES; its result is a
// models.ScanResult.
func (b *BaseBatch[T]) HScanWithOptions(key string, cursor string, options options.HashScanOptions) *T {
	return add(b, cmds.HScanWithOptions(key, cursor, options))
}

// HRandField queues HRANDFIELD; its result is a field name string, or nil for a
// missing key.
func (b *BaseBatch[T]) HRandField(key string) *T { return addNullable(b, cmds.HRandField(key)) }

// HRandFieldWithCount queues HRANDFIELD with a count; its result is a []string.
func (b *BaseBatch[T]) HRandFieldWithCount(key string, count int64) *T {
	return add(b, cmds.HRandFieldWithCount(key, count))
}

// HRandFieldWithCountWithValues queues HRANDFIELD ... WITHVALUES; its result is a
// [][]string of [field, value] pairs.
func (b *BaseBatch[T]) HRandFieldWithCountWithValues(key string, count int64) *T {
	return add(b, cmds.HRandFieldWithCountWithValues(key, count))
}

// HSetEx queues HSETEX (Valkey 9.0+); its result is an int64, 1 or 0.
func (b *BaseBatch[T]) HSetEx(key string, fieldsAndValues map[string]string, opts options.HSetExOptions) *T {
	return add(b, cmds.HSetEx(key, fieldsAndValues, opts))
}

// HGetEx queues HGETEX (Valkey 9.0+); its result is a []models.Result[string].
func (b *BaseBatch[T]) HGetEx(key string, fields []string, opts options.HGetExOptions) *T {
	return add(b, cmds.HGetEx(key, fields, opts))
}

// HExpire queues HEXPIRE (Valkey 9.0+); its result is a []int64, one code per field.
func (b *BaseBatch[T]) HExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) *T {
	return add(b, cmds.HExpire(key, expireTime, fields, opts))
}

// HExpireAt queues HEXPIREAT (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) *T {
	return add(b, cmds.HExpireAt(key, expireTime, fields, opts))
}

// HPExpire queues HPEXPIRE (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HPExpire(key string, expireTime time.Duration, fields []string, opts options.HExpireOptions) *T {
	return add(b, cmds.HPExpire(key, expireTime, fields, opts))
}

// HPExpireAt queues HPEXPIREAT (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HPExpireAt(key string, expireTime time.Time, fields []string, opts options.HExpireOptions) *T {
	return add(b, cmds.HPExpireAt(key, expireTime, fields, opts))
}

// HPersist queues HPERSIST (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HPersist(key string, fields []string) *T {
	return add(b, cmds.HPersist(key, fields))
}

// HTtl queues HTTL (Valkey 9.0+); its result is a []int64 of seconds.
func (b *BaseBatch[T]) HTtl(key string, fields []string) *T { return add(b, cmds.HTtl(key, fields)) }

// HPTtl queues HPTTL (Valkey 9.0+); its result is a []int64 of milliseconds.
func (b *BaseBatch[T]) HPTtl(key string, fields []string) *T { return add(b, cmds.HPTtl(key, fields)) }

// HExpireTime queues HEXPIRETIME (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HExpireTime(key string, fields []string) *T {
	return add(b, cmds.HExpireTime(key, fields))
}

// HPExpireTime queues HPEXPIRETIME (Valkey 9.0+); its result is a []int64.
func (b *BaseBatch[T]) HPExpireTime(key string, fields []string) *T {
	return add(b, cmds.HPExpireTime(key, fields))
}
