package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// String commands. Result slots hold GLIDE's batch values, which are not always the
// client method's type: a nullable reply is the plain string or an untyped nil (never
// a models.Result), so code can write res[i].(string) after a nil check.

// Set queues SET key value; its result is "OK".
func (b *BaseBatch[T]) Set(key string, value string) *T { return add(b, cmds.Set(key, value)) }

// SetWithOptions queues SET with conditions, expiry or GET; its result is a string
// ("OK", or the old value with ReturnOldValue), or nil when a condition stopped the
// write or there was no old value.
func (b *BaseBatch[T]) SetWithOptions(key string, value string, options options.SetOptions) *T {
	return addNullable(b, cmds.SetWithOptions(key, value, options))
}

// Get queues GET; its result is the value as a string, or nil for a missing key.
func (b *BaseBatch[T]) Get(key string) *T { return addNullable(b, cmds.Get(key)) }

// GetEx queues GETEX without options; its result is a string, or nil for a missing key.
func (b *BaseBatch[T]) GetEx(key string) *T { return addNullable(b, cmds.GetEx(key)) }

// GetExWithOptions queues GETEX with an expiry change; its result is a string or nil.
func (b *BaseBatch[T]) GetExWithOptions(key string, options options.GetExOptions) *T {
	return addNullable(b, cmds.GetExWithOptions(key, options))
}

// MSet queues MSET; its result is "OK".
func (b *BaseBatch[T]) MSet(keyValueMap map[string]string) *T { return add(b, cmds.MSet(keyValueMap)) }

// MSetNX queues MSETNX; its result is a bool.
func (b *BaseBatch[T]) MSetNX(keyValueMap map[string]string) *T {
	return add(b, cmds.MSetNX(keyValueMap))
}

// MGet queues MGET; its result is a []models.Result[string], with a nil Result for
// each missing key.
func (b *BaseBatch[T]) MGet(keys []string) *T { return add(b, cmds.MGet(keys)) }

// Incr queues INCR; its result is the new value as an int64.
func (b *BaseBatch[T]) Incr(key string) *T { return add(b, cmds.Incr(key)) }

// IncrBy queues INCRBY; its result is an int64.
func (b *BaseBatch[T]) IncrBy(key string, amount int64) *T { return add(b, cmds.IncrBy(key, amount)) }

// IncrByFloat queues INCRBYFLOAT; its result is a float64.
func (b *BaseBatch[T]) IncrByFloat(key string, amount float64) *T {
	return add(b, cmds.IncrByFloat(key, amount))
}

// Decr queues DECR; its result is an int64.
func (b *BaseBatch[T]) Decr(key string) *T { return add(b, cmds.Decr(key)) }

// DecrBy queues DECRBY; its result is an int64.
func (b *BaseBatch[T]) DecrBy(key string, amount int64) *T { return add(b, cmds.DecrBy(key, amount)) }

// Strlen queues STRLEN; its result is an int64.
func (b *BaseBatch[T]) Strlen(key string) *T { return add(b, cmds.Strlen(key)) }

// SetRange queues SETRANGE; its result is the new length, an int64.
func (b *BaseBatch[T]) SetRange(key string, offset int, value string) *T {
	return add(b, cmds.SetRange(key, offset, value))
}

// GetRange queues GETRANGE; its result is a string.
func (b *BaseBatch[T]) GetRange(key string, start int, end int) *T {
	return add(b, cmds.GetRange(key, start, end))
}

// Append queues APPEND; its result is the new length, an int64.
func (b *BaseBatch[T]) Append(key string, value string) *T { return add(b, cmds.Append(key, value)) }

// LCS queues LCS; its result is the common subsequence as a string (the client method
// wraps it in a *models.LCSMatch, the batch does not).
func (b *BaseBatch[T]) LCS(key1 string, key2 string) *T {
	return addAs(b, cmds.LCS(key1, key2), lcsString)
}

// LCSLen queues LCS ... LEN; its result is the length as an int64.
func (b *BaseBatch[T]) LCSLen(key1 string, key2 string) *T {
	return addAs(b, cmds.LCSLen(key1, key2), lcsLen)
}

// LCSWithOptions queues LCS ... IDX; its result is a models.LCSMatch value (not a
// pointer) holding the matches and the length.
func (b *BaseBatch[T]) LCSWithOptions(key1 string, key2 string, opts options.LCSIdxOptions) *T {
	return addAs(b, cmds.LCSWithOptions(key1, key2, opts), lcsMatch)
}

// GetDel queues GETDEL; its result is the value as a string, or nil for a missing key.
func (b *BaseBatch[T]) GetDel(key string) *T { return addNullable(b, cmds.GetDel(key)) }

func lcsString(m *models.LCSMatch) any { return m.MatchString }
func lcsLen(m *models.LCSMatch) any    { return m.Len }
func lcsMatch(m *models.LCSMatch) any  { return *m }
