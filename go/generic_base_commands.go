package valkite

import (
	"context"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Generic key commands shared by Client and ClusterClient.

// Del removes keys (missing ones are ignored) and returns how many it removed.
//
// See https://valkey.io/commands/del/.
func (b *baseClient) Del(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.Del(keys))
}

// Exists returns how many of keys exist; a key listed twice counts twice.
//
// See https://valkey.io/commands/exists/.
func (b *baseClient) Exists(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.Exists(keys))
}

// Expire sets the time to live of key and reports whether it was set (false for a
// missing key). It is sent in whole seconds: a fractional duration is refused by the
// server, as with GLIDE. A non-positive duration deletes the key.
//
// See https://valkey.io/commands/expire/.
func (b *baseClient) Expire(ctx context.Context, key string, expireTime time.Duration) (bool, error) {
	return run(ctx, b, cmds.Expire(key, expireTime))
}

// ExpireWithOptions is Expire applied only when expireCondition holds (Valkey 7.0+).
//
// See https://valkey.io/commands/expire/.
func (b *baseClient) ExpireWithOptions(
	ctx context.Context,
	key string,
	expireTime time.Duration,
	expireCondition constants.ExpireCondition,
) (bool, error) {
	return run(ctx, b, cmds.ExpireWithOptions(key, expireTime, expireCondition))
}

// ExpireAt makes key expire at expireTime (second precision); a past time deletes it.
//
// See https://valkey.io/commands/expireat/.
func (b *baseClient) ExpireAt(ctx context.Context, key string, expireTime time.Time) (bool, error) {
	return run(ctx, b, cmds.ExpireAt(key, expireTime))
}

// ExpireAtWithOptions is ExpireAt applied only when expireCondition holds.
//
// See https://valkey.io/commands/expireat/.
func (b *baseClient) ExpireAtWithOptions(
	ctx context.Context,
	key string,
	expireTime time.Time,
	expireCondition constants.ExpireCondition,
) (bool, error) {
	return run(ctx, b, cmds.ExpireAtWithOptions(key, expireTime, expireCondition))
}

// PExpire sets the time to live of key with millisecond precision.
//
// See https://valkey.io/commands/pexpire/.
func (b *baseClient) PExpire(ctx context.Context, key string, expireTime time.Duration) (bool, error) {
	return run(ctx, b, cmds.PExpire(key, expireTime))
}

// PExpireWithOptions is PExpire applied only when expireCondition holds.
//
// See https://valkey.io/commands/pexpire/.
func (b *baseClient) PExpireWithOptions(
	ctx context.Context,
	key string,
	expireTime time.Duration,
	expireCondition constants.ExpireCondition,
) (bool, error) {
	return run(ctx, b, cmds.PExpireWithOptions(key, expireTime, expireCondition))
}

// PExpireAt makes key expire at expireTime with millisecond precision.
//
// See https://valkey.io/commands/pexpireat/.
func (b *baseClient) PExpireAt(ctx context.Context, key string, expireTime time.Time) (bool, error) {
	return run(ctx, b, cmds.PExpireAt(key, expireTime))
}

// PExpireAtWithOptions is PExpireAt applied only when expireCondition holds.
//
// See https://valkey.io/commands/pexpireat/.
func (b *baseClient) PExpireAtWithOptions(
	ctx context.Context,
	key string,
	expireTime time.Time,
	expireCondition constants.ExpireCondition,
) (bool, error) {
	return run(ctx, b, cmds.PExpireAtWithOptions(key, expireTime, expireCondition))
}

// ExpireTime returns the Unix time in seconds at which key expires: -1 when it has no
// expiry, -2 when it does not exist. Valkey 7.0+.
//
// See https://valkey.io/commands/expiretime/.
func (b *baseClient) ExpireTime(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.ExpireTime(key))
}

// PExpireTime is ExpireTime in milliseconds.
//
// See https://valkey.io/commands/pexpiretime/.
func (b *baseClient) PExpireTime(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.PExpireTime(key))
}

// TTL returns the remaining time to live of key in seconds (-1 none, -2 missing key).
//
// See https://valkey.io/commands/ttl/.
func (b *baseClient) TTL(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.TTL(key))
}

// PTTL is TTL in milliseconds.
//
// See https://valkey.io/commands/pttl/.
func (b *baseClient) PTTL(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.PTTL(key))
}

// Unlink removes keys like Del but frees their memory in the background.
//
// See https://valkey.io/commands/unlink/.
func (b *baseClient) Unlink(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.Unlink(keys))
}

// Touch updates the last access time of keys and returns how many exist.
//
// See https://valkey.io/commands/touch/.
func (b *baseClient) Touch(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.Touch(keys))
}

// Type returns the type of the value at key ("string", "list", ...), "none" if missing.
//
// See https://valkey.io/commands/type/.
func (b *baseClient) Type(ctx context.Context, key string) (string, error) {
	return run(ctx, b, cmds.Type(key))
}

// Rename renames key to newKey, overwriting newKey; a missing key is an error.
//
// See https://valkey.io/commands/rename/.
func (b *baseClient) Rename(ctx context.Context, key string, newKey string) (string, error) {
	return run(ctx, b, cmds.Rename(key, newKey))
}

// RenameNX renames key only if newKey does not exist and reports whether it did.
//
// See https://valkey.io/commands/renamenx/.
func (b *baseClient) RenameNX(ctx context.Context, key string, newKey string) (bool, error) {
	return run(ctx, b, cmds.RenameNX(key, newKey))
}

// Persist removes the expiry of key and reports whether there was one to remove.
//
// See https://valkey.io/commands/persist/.
func (b *baseClient) Persist(ctx context.Context, key string) (bool, error) {
	return run(ctx, b, cmds.Persist(key))
}

// Restore creates key from a Dump payload, with ttl as its time to live (0 for none).
//
// See https://valkey.io/commands/restore/.
func (b *baseClient) Restore(ctx context.Context, key string, ttl time.Duration, value string) (string, error) {
	return run(ctx, b, cmds.Restore(key, ttl, value))
}

// RestoreWithOptions is Restore with REPLACE, ABSTTL, IDLETIME or FREQ.
//
// See https://valkey.io/commands/restore/.
func (b *baseClient) RestoreWithOptions(
	ctx context.Context,
	key string,
	ttl time.Duration,
	value string,
	option options.RestoreOptions,
) (string, error) {
	return run(ctx, b, cmds.RestoreWithOptions(key, ttl, value, option))
}

// ObjectEncoding returns the internal encoding of the value at key, nil if missing.
//
// See https://valkey.io/commands/object-encoding/.
func (b *baseClient) ObjectEncoding(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.ObjectEncoding(key))
}

// Dump returns the serialized value at key (for Restore), nil if missing.
//
// See https://valkey.io/commands/dump/.
func (b *baseClient) Dump(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.Dump(key))
}

// ObjectFreq returns the LFU access counter of key, nil if missing. It requires an LFU
// maxmemory-policy; otherwise the server answers with an error.
//
// See https://valkey.io/commands/object-freq/.
func (b *baseClient) ObjectFreq(ctx context.Context, key string) (models.Result[int64], error) {
	return run(ctx, b, cmds.ObjectFreq(key))
}

// ObjectIdleTime returns the seconds since key was last accessed, nil if missing.
//
// See https://valkey.io/commands/object-idletime/.
func (b *baseClient) ObjectIdleTime(ctx context.Context, key string) (models.Result[int64], error) {
	return run(ctx, b, cmds.ObjectIdleTime(key))
}

// ObjectRefCount returns the reference count of the value at key, nil if missing.
//
// See https://valkey.io/commands/object-refcount/.
func (b *baseClient) ObjectRefCount(ctx context.Context, key string) (models.Result[int64], error) {
	return run(ctx, b, cmds.ObjectRefCount(key))
}

// Sort returns the elements of the list, set or sorted set at key, sorted numerically.
//
// See https://valkey.io/commands/sort/.
func (b *baseClient) Sort(ctx context.Context, key string) ([]models.Result[string], error) {
	return run(ctx, b, cmds.Sort(key))
}

// SortWithOptions is Sort with BY, LIMIT, GET, order and ALPHA. GET patterns that
// match nothing yield nil elements.
//
// See https://valkey.io/commands/sort/.
func (b *baseClient) SortWithOptions(
	ctx context.Context,
	key string,
	sortOptions options.SortOptions,
) ([]models.Result[string], error) {
	return run(ctx, b, cmds.SortWithOptions(key, sortOptions))
}

// SortStore sorts like Sort, stores the result at destination and returns its length.
//
// See https://valkey.io/commands/sort/.
func (b *baseClient) SortStore(ctx context.Context, key string, destination string) (int64, error) {
	return run(ctx, b, cmds.SortStore(key, destination))
}

// SortStoreWithOptions is SortStore with the options of SortWithOptions.
//
// See https://valkey.io/commands/sort/.
func (b *baseClient) SortStoreWithOptions(
	ctx context.Context,
	key string,
	destination string,
	sortOptions options.SortOptions,
) (int64, error) {
	return run(ctx, b, cmds.SortStoreWithOptions(key, destination, sortOptions))
}

// SortReadOnly is the read-only Sort (SORT_RO), which replicas accept. Valkey 7.0+.
//
// See https://valkey.io/commands/sort_ro/.
func (b *baseClient) SortReadOnly(ctx context.Context, key string) ([]models.Result[string], error) {
	return run(ctx, b, cmds.SortReadOnly(key))
}

// SortReadOnlyWithOptions is SortReadOnly with the options of SortWithOptions.
//
// See https://valkey.io/commands/sort_ro/.
func (b *baseClient) SortReadOnlyWithOptions(
	ctx context.Context,
	key string,
	sortOptions options.SortOptions,
) ([]models.Result[string], error) {
	return run(ctx, b, cmds.SortReadOnlyWithOptions(key, sortOptions))
}

// Wait blocks until the writes of this connection reached numberOfReplicas replicas or
// timeout passed (0 waits forever), and returns how many replicas acknowledged.
//
// See https://valkey.io/commands/wait/.
func (b *baseClient) Wait(ctx context.Context, numberOfReplicas int64, timeout time.Duration) (int64, error) {
	return run(ctx, b, cmds.Wait(numberOfReplicas, timeout))
}

// Copy copies the value at source to destination unless destination exists, and
// reports whether it copied. Valkey 6.2+.
//
// See https://valkey.io/commands/copy/.
func (b *baseClient) Copy(ctx context.Context, source string, destination string) (bool, error) {
	return run(ctx, b, cmds.Copy(source, destination))
}

// CopyWithOptions is Copy with REPLACE or a destination database.
//
// See https://valkey.io/commands/copy/.
func (b *baseClient) CopyWithOptions(
	ctx context.Context,
	source string,
	destination string,
	option options.CopyOptions,
) (bool, error) {
	return run(ctx, b, cmds.CopyWithOptions(source, destination, option))
}

// Migrate moves keys to database destinationDB of the server at host:port, waiting up
// to timeout milliseconds. It returns "OK", or "NOKEY" when none of the keys exists. An
// empty keys is an error, and nothing is sent.
//
// See https://valkey.io/commands/migrate/.
func (b *baseClient) Migrate(
	ctx context.Context,
	host string,
	port int64,
	keys []string,
	destinationDB int64,
	timeout int64,
) (string, error) {
	return run(ctx, b, cmds.Migrate(host, port, keys, destinationDB, timeout))
}

// MigrateWithOptions is Migrate with COPY, REPLACE or credentials for the target.
//
// See https://valkey.io/commands/migrate/.
func (b *baseClient) MigrateWithOptions(
	ctx context.Context,
	host string,
	port int64,
	keys []string,
	destinationDB int64,
	timeout int64,
	migrateOptions options.MigrateOptions,
) (string, error) {
	return run(ctx, b, cmds.MigrateWithOptions(host, port, keys, destinationDB, timeout, migrateOptions))
}
