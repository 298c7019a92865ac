package pipeline

import (
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Generic (keyspace) commands valid in both modes.

// CustomCommand queues args as given (command name first); its result has the dynamic
// shape the client's CustomCommand returns, reshaped per command as the client's is
// (INCRBYFLOAT gives a float64, SMEMBERS a set, HGETALL a map, ...). The slice is kept, not copied: do not
// change it before the batch has run.
func (b *BaseBatch[T]) CustomCommand(args []string) *T { return add(b, cmds.CustomCommand(args)) }

// Del queues DEL; its result is the number of keys removed, an int64.
func (b *BaseBatch[T]) Del(keys []string) *T { return add(b, cmds.Del(keys)) }

// Exists queues EXISTS; its result is an int64.
func (b *BaseBatch[T]) Exists(keys []string) *T { return add(b, cmds.Exists(keys)) }

// Unlink queues UNLINK; its result is an int64.
func (b *BaseBatch[T]) Unlink(keys []string) *T { return add(b, cmds.Unlink(keys)) }

// Touch queues TOUCH; its result is an int64.
func (b *BaseBatch[T]) Touch(keys []string) *T { return add(b, cmds.Touch(keys)) }

// Expire queues EXPIRE; its result is a bool.
func (b *BaseBatch[T]) Expire(key string, expireTime time.Duration) *T {
	return add(b, cmds.Expire(key, expireTime))
}

// ExpireWithOptions queues EXPIRE with a condition; its result is a bool.
func (b *BaseBatch[T]) ExpireWithOptions(
	key string, expireTime time.Duration, expireCondition constants.ExpireCondition,
) *T {
	return add(b, cmds.ExpireWithOptions(key, expireTime, expireCondition))
}

// ExpireAt queues EXPIREAT; its result is a bool.
func (b *BaseBatch[T]) ExpireAt(key string, expireTime time.Time) *T {
	return add(b, cmds.ExpireAt(key, expireTime))
}

// ExpireAtWithOptions queues EXPIREAT with a condition; its result is a bool.
func (b *BaseBatch[T]) ExpireAtWithOptions(
	key string, expireTime time.Time, expireCondition constants.ExpireCondition,
) *T {
	return add(b, cmds.ExpireAtWithOptions(key, expireTime, expireCondition))
}

// PExpire queues PEXPIRE; its result is a bool.
func (b *BaseBatch[T]) PExpire(key string, expireTime time.Duration) *T {
	return add(b, cmds.PExpire(key, expireTime))
}

// PExpireWithOptions queues PEXPIRE with a condition; its result is a bool.
func (b *BaseBatch[T]) PExpireWithOptions(
	key string, expireTime time.Duration, expireCondition constants.ExpireCondition,
) *T {
	return add(b, cmds.PExpireWithOptions(key, expireTime, expireCondition))
}

// PExpireAt queues PEXPIREAT; its result is a bool.
func (b *BaseBatch[T]) PExpireAt(key string, expireTime time.Time) *T {
	return add(b, cmds.PExpireAt(key, expireTime))
}

// PExpireAtWithOptions queues PEXPIREAT with a condition; its result is a bool.
func (b *BaseBatch[T]) PExpireAtWithOptions(
	key string, expireTime time.Time, expireCondition constants.ExpireCondition,
) *T {
	return add(b, cmds.PExpireAtWithOptions(key, expireTime, expireCondition))
}

// ExpireTime queues EXPIRETIME; its result is an int64 (-1 without expiry, -2 without key).
func (b *BaseBatch[T]) ExpireTime(key string) *T { return add(b, cmds.ExpireTime(key)) }

// PExpireTime queues PEXPIRETIME; its result is an int64.
func (b *BaseBatch[T]) PExpireTime(key string) *T { return add(b, cmds.PExpireTime(key)) }

// TTL queues TTL; its result is an int64.
func (b *BaseBatch[T]) TTL(key string) *T { return add(b, cmds.TTL(key)) }

// PTTL queues PTTL; its result is an int64.
func (b *BaseBatch[T]) PTTL(key string) *T { return add(b, cmds.PTTL(key)) }

// Type queues TYPE; its result is a string.
func (b *BaseBatch[T]) Type(key string) *T { return add(b, cmds.Type(key)) }

// Rename queues RENAME; its result is "OK".
func (b *BaseBatch[T]) Rename(key string, newKey string) *T { return add(b, cmds.Rename(key, newKey)) }

// RenameNX queues RENAMENX; its result is a bool.
func (b *BaseBatch[T]) RenameNX(key string, newKey string) *T {
	return add(b, cmds.RenameNX(key, newKey))
}

// Persist queues PERSIST; its result is a bool.
func (b *BaseBatch[T]) Persist(key string) *T { return add(b, cmds.Persist(key)) }

// Restore queues RESTORE; its result is "OK".
func (b *BaseBatch[T]) Restore(key string, ttl time.Duration, value string) *T {
	return add(b, cmds.Restore(key, ttl, value))
}

// RestoreWithOptions queues RESTORE with REPLACE, ABSTTL, IDLETIME or FREQ; its result
// is "OK".
func (b *BaseBatch[T]) RestoreWithOptions(
	key string, ttl time.Duration, value string, options options.RestoreOptions,
) *T {
	return add(b, cmds.RestoreWithOptions(key, ttl, value, options))
}

// ObjectEncoding queues OBJECT ENCODING; its result is a string, or nil for a missing
// key.
func (b *BaseBatch[T]) ObjectEncoding(key string) *T { return addNullable(b, cmds.ObjectEncoding(key)) }

// Dump queues DUMP; its result is the serialized value as a string (ready for
// Restore), or nil for a missing key.
func (b *BaseBatch[T]) Dump(key string) *T { return addNullable(b, cmds.Dump(key)) }

// ObjectFreq queues OBJECT FREQ; its result is an int64, or nil for a missing key.
func (b *BaseBatch[T]) ObjectFreq(key string) *T { return addNullable(b, cmds.ObjectFreq(key)) }

// ObjectIdleTime queues OBJECT IDLETIME; its result is an int64, or nil for a missing
// key.
func (b *BaseBatch[T]) ObjectIdleTime(key string) *T { return addNullable(b, cmds.ObjectIdleTime(key)) }

// ObjectRefCount queues OBJECT REFCOUNT; its result is an int64, or nil for a missing
// key.
func (b *BaseBatch[T]) ObjectRefCount(key string) *T { return addNullable(b, cmds.ObjectRefCount(key)) }

// Sort queues SORT; its result is a []models.Result[string] (a nil Result where a GET
// pattern found nothing).
func (b *BaseBatch[T]) Sort(key string) *T { return add(b, cmds.Sort(key)) }

// SortWithOptions queues SORT with options; its result is a []models.Result[string].
func (b *BaseBatch[T]) SortWithOptions(key string, options options.SortOptions) *T {
	return add(b, cmds.SortWithOptions(key, options))
}

// SortReadOnly queues SORT_RO; its result is a []models.Result[string].
func (b *BaseBatch[T]) SortReadOnly(key string) *T { return add(b, cmds.SortReadOnly(key)) }

// SortReadOnlyWithOptions queues SORT_RO with options; its result is a
// []models.Result[string].
func (b *BaseBatch[T]) SortReadOnlyWithOptions(key string, options options.SortOptions) *T {
	return add(b, cmds.SortReadOnlyWithOptions(key, options))
}

// SortStore queues SORT ... STORE; its result is the stored count, an int64.
func (b *BaseBatch[T]) SortStore(key string, destination string) *T {
	return add(b, cmds.SortStore(key, destination))
}

// SortStoreWithOptions queues SORT ... STORE with options; its result is an int64.
func (b *BaseBatch[T]) SortStoreWithOptions(key string, destination string, options options.SortOptions) *T {
	return add(b, cmds.SortStoreWithOptions(key, destination, options))
}

// Wait queues WAIT; its result is the number of replicas reached, an int64.
func (b *BaseBatch[T]) Wait(numberOfReplicas int64, timeout time.Duration) *T {
	return add(b, cmds.Wait(numberOfReplicas, timeout))
}

// Copy queues COPY; its result is a bool.
func (b *BaseBatch[T]) Copy(source string, destination string) *T {
	return add(b, cmds.Copy(source, destination))
}

// CopyWithOptions queues COPY with DB or REPLACE; its result is a bool.
func (b *BaseBatch[T]) CopyWithOptions(source string, destination string, options options.CopyOptions) *T {
	return add(b, cmds.CopyWithOptions(source, destination, options))
}

// Move queues MOVE (in cluster mode, Valkey 9.0 and later); its result is a bool.
func (b *BaseBatch[T]) Move(key string, dbIndex int64) *T { return add(b, cmds.Move(key, dbIndex)) }

// RandomKey queues RANDOMKEY; its result is a key as a string, or nil when the
// database is empty.
func (b *BaseBatch[T]) RandomKey() *T { return addNullable(b, cmds.RandomKey()) }
