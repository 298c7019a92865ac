package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// String commands. Each result slot holds what the client method of the same name
// returns.

// Set queues SET key value; its result is "OK".
func (b *BaseBatch[T]) Set(key string, value string) *T { return add(b, cmds.Set(key, value)) }

// SetWithOptions queues SET with conditions, expiry or GET; its result is a
// models.Result[string]: "OK", the old value, or nil when a condition stopped the write.
func (b *BaseBatch[T]) SetWithOptions(key string, value string, options options.SetOptions) *T {
	return add(b, cmds.SetWithOptions(key, value, options))
}

// Get queues GET; its result is a models.Result[string], nil for a missing key.
func (b *BaseBatch[T]) Get(key string) *T { return add(b, cmds.Get(key)) }

// GetEx queues GETEX without options.
func (b *BaseBatch[T]) GetEx(key string) *T { return add(b, cmds.GetEx(key)) }

// GetExWithOptions queues GETEX with an expiry change.
func (b *BaseBatch[T]) GetExWithOptions(key string, options options.GetExOptions) *T {
	return add(b, cmds.GetExWithOptions(key, options))
}

// MSet queues MSET.
func (b *BaseBatch[T]) MSet(keyValueMap map[string]string) *T { return add(b, cmds.MSet(keyValueMap)) }

// MSetNX queues MSETNX; its result is a bool.
func (b *BaseBatch[T]) MSetNX(keyValueMap map[string]string) *T {
	return add(b, cmds.MSetNX(keyValueMap))
}

// MGet queues MGET; its result is a []models.Result[string].
func (b *BaseBatch[T]) MGet(keys []string) *T { return add(b, cmds.MGet(keys)) }

// Incr queues INCR; its result is the new value as an int64.
func (b *BaseBatch[T]) Incr(key string) *T { return add(b, cmds.Incr(key)) }

// IncrBy queues INCRBY.
func (b *BaseBatch[T]) IncrBy(key string, amount int64) *T { return add(b, cmds.IncrBy(key, amount)) }

// IncrByFloat queues INCRBYFLOAT; its result is a float64.
func (b *BaseBatch[T]) IncrByFloat(key string, amount float64) *T {
	return add(b, cmds.IncrByFloat(key, amount))
}

// Decr queues DECR.
func (b *BaseBatch[T]) Decr(key string) *T { return add(b, cmds.Decr(key)) }

// DecrBy queues DECRBY.
func (b *BaseBatch[T]) DecrBy(key string, amount int64) *T { return add(b, cmds.DecrBy(key, amount)) }

// Strlen queues STRLEN.
func (b *BaseBatch[T]) Strlen(key string) *T { return add(b, cmds.Strlen(key)) }

// SetRange queues SETRANGE.
func (b *BaseBatch[T]) SetRange(key string, offset int, value string) *T {
	return add(b, cmds.SetRange(key, offset, value))
}

// GetRange queues GETRANGE.
func (b *BaseBatch[T]) GetRange(key string, start int, end int) *T {
	return add(b, cmds.GetRange(key, start, end))
}

// Append queues APPEND.
func (b *BaseBatch[T]) Append(key string, value string) *T { return add(b, cmds.Append(key, value)) }

// LCS queues LCS; its result is a *models.LCSMatch, as from the client.
func (b *BaseBatch[T]) LCS(key1 string, key2 string) *T { return add(b, cmds.LCS(key1, key2)) }

// LCSLen queues LCS ... LEN.
func (b *BaseBatch[T]) LCSLen(key1 string, key2 string) *T { return add(b, cmds.LCSLen(key1, key2)) }

// LCSWithOptions queues LCS ... IDX.
func (b *BaseBatch[T]) LCSWithOptions(key1 string, key2 string, opts options.LCSIdxOptions) *T {
	return add(b, cmds.LCSWithOptions(key1, key2, opts))
}

// GetDel queues GETDEL.
func (b *BaseBatch[T]) GetDel(key string) *T { return add(b, cmds.GetDel(key)) }
