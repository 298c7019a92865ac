package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// String commands, shared by Client and ClusterClient. In cluster mode the multi-key
// ones (MSet, MGet, MSetNX) are split by slot and are atomic per slot only.

// Set stores value under key, replacing any value and TTL, and returns "OK".
//
// See https://valkey.io/commands/set/.
func (b *baseClient) Set(ctx context.Context, key string, value string) (string, error) {
	return run(ctx, b, cmds.Set(key, value))
}

// SetWithOptions is SET with conditions, expiry or GET. The result is "OK", nil when a
// condition prevented the write, or the previous value (nil if none) when
// [options.SetOptions] asks for it.
//
// See https://valkey.io/commands/set/.
func (b *baseClient) SetWithOptions(
	ctx context.Context,
	key string,
	value string,
	options options.SetOptions,
) (models.Result[string], error) {
	return run(ctx, b, cmds.SetWithOptions(key, value, options))
}

// Get returns the value of key, or a nil Result when the key does not exist.
//
// See https://valkey.io/commands/get/.
func (b *baseClient) Get(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.Get(key))
}

// GetEx returns the value of key (nil if missing); without options it behaves like Get.
// Valkey 6.2+.
//
// See https://valkey.io/commands/getex/.
func (b *baseClient) GetEx(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.GetEx(key))
}

// GetExWithOptions returns the value of key and changes its expiry as the options say.
//
// See https://valkey.io/commands/getex/.
func (b *baseClient) GetExWithOptions(
	ctx context.Context,
	key string,
	options options.GetExOptions,
) (models.Result[string], error) {
	return run(ctx, b, cmds.GetExWithOptions(key, options))
}

// MSet stores every key-value pair of keyValueMap and returns "OK".
//
// See https://valkey.io/commands/mset/.
func (b *baseClient) MSet(ctx context.Context, keyValueMap map[string]string) (string, error) {
	return run(ctx, b, cmds.MSet(keyValueMap))
}

// MGet returns the values of keys in order, with a nil Result for each missing key.
//
// See https://valkey.io/commands/mget/.
func (b *baseClient) MGet(ctx context.Context, keys []string) ([]models.Result[string], error) {
	return run(ctx, b, cmds.MGet(keys))
}

// MSetNX stores all pairs only if none of the keys exists; it reports whether it did.
//
// See https://valkey.io/commands/msetnx/.
func (b *baseClient) MSetNX(ctx context.Context, keyValueMap map[string]string) (bool, error) {
	return run(ctx, b, cmds.MSetNX(keyValueMap))
}

// Incr adds 1 to the integer at key (a missing key counts as 0) and returns the result.
//
// See https://valkey.io/commands/incr/.
func (b *baseClient) Incr(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.Incr(key))
}

// IncrBy adds amount to the integer at key and returns the result.
//
// See https://valkey.io/commands/incrby/.
func (b *baseClient) IncrBy(ctx context.Context, key string, amount int64) (int64, error) {
	return run(ctx, b, cmds.IncrBy(key, amount))
}

// IncrByFloat adds amount to the number at key and returns the result.
//
// See https://valkey.io/commands/incrbyfloat/.
func (b *baseClient) IncrByFloat(ctx context.Context, key string, amount float64) (float64, error) {
	return run(ctx, b, cmds.IncrByFloat(key, amount))
}

// Decr subtracts 1 from the integer at key and returns the result.
//
// See https://valkey.io/commands/decr/.
func (b *baseClient) Decr(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.Decr(key))
}

// DecrBy subtracts amount from the integer at key and returns the result.
//
// See https://valkey.io/commands/decrby/.
func (b *baseClient) DecrBy(ctx context.Context, key string, amount int64) (int64, error) {
	return run(ctx, b, cmds.DecrBy(key, amount))
}

// Strlen returns the length of the string at key, 0 when the key does not exist.
//
// See https://valkey.io/commands/strlen/.
func (b *baseClient) Strlen(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.Strlen(key))
}

// SetRange overwrites the string at key from byte offset on (zero-padding if needed)
// and returns the new length.
//
// See https://valkey.io/commands/setrange/.
func (b *baseClient) SetRange(ctx context.Context, key string, offset int, value string) (int64, error) {
	return run(ctx, b, cmds.SetRange(key, offset, value))
}

// GetRange returns the bytes of the string at key between start and end inclusive;
// negative offsets count from the end.
//
// See https://valkey.io/commands/getrange/.
func (b *baseClient) GetRange(ctx context.Context, key string, start int, end int) (string, error) {
	return run(ctx, b, cmds.GetRange(key, start, end))
}

// Append appends value to the string at key (creating it) and returns the new length.
//
// See https://valkey.io/commands/append/.
func (b *baseClient) Append(ctx context.Context, key string, value string) (int64, error) {
	return run(ctx, b, cmds.Append(key, value))
}

// LCS returns the longest common subsequence of the strings at key1 and key2 in
// MatchString. Valkey 7.0+; in cluster mode both keys must share a slot.
//
// See https://valkey.io/commands/lcs/.
func (b *baseClient) LCS(ctx context.Context, key1 string, key2 string) (*models.LCSMatch, error) {
	return run(ctx, b, cmds.LCS(key1, key2))
}

// LCSLen returns the length of the longest common subsequence in Len.
//
// See https://valkey.io/commands/lcs/.
func (b *baseClient) LCSLen(ctx context.Context, key1 string, key2 string) (*models.LCSMatch, error) {
	return run(ctx, b, cmds.LCSLen(key1, key2))
}

// LCSWithOptions returns the matched ranges of both strings (IDX) and the total length.
//
// See https://valkey.io/commands/lcs/.
func (b *baseClient) LCSWithOptions(
	ctx context.Context,
	key1, key2 string,
	opts options.LCSIdxOptions,
) (*models.LCSMatch, error) {
	return run(ctx, b, cmds.LCSWithOptions(key1, key2, opts))
}

// GetDel returns the value of key (nil if missing) and deletes the key.
//
// See https://valkey.io/commands/getdel/.
func (b *baseClient) GetDel(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.GetDel(key))
}
