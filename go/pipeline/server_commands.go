package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Server management commands valid in both modes.

// ConfigSet queues CONFIG SET; its result is "OK".
func (b *BaseBatch[T]) ConfigSet(parameters map[string]string) *T {
	return add(b, cmds.ConfigSet(parameters))
}

// ConfigGet queues CONFIG GET; its result is a map[string]string.
func (b *BaseBatch[T]) ConfigGet(args []string) *T { return add(b, cmds.ConfigGet(args)) }

// ConfigResetStat queues CONFIG RESETSTAT; its result is "OK".
func (b *BaseBatch[T]) ConfigResetStat() *T { return add(b, cmds.ConfigResetStat()) }

// ConfigRewrite queues CONFIG REWRITE; its result is "OK".
func (b *BaseBatch[T]) ConfigRewrite() *T { return add(b, cmds.ConfigRewrite()) }

// Info queues INFO; its result is the report as a string.
func (b *BaseBatch[T]) Info() *T { return add(b, cmds.Info()) }

// InfoWithOptions queues INFO for the given sections; its result is a string.
func (b *BaseBatch[T]) InfoWithOptions(options options.InfoOptions) *T {
	return add(b, cmds.InfoWithOptions(options))
}

// DBSize queues DBSIZE; its result is an int64.
func (b *BaseBatch[T]) DBSize() *T { return add(b, cmds.DBSize()) }

// Time queues TIME; its result is a []string of seconds and microseconds.
func (b *BaseBatch[T]) Time() *T { return add(b, cmds.Time()) }

// FlushAll queues FLUSHALL; its result is "OK".
func (b *BaseBatch[T]) FlushAll() *T { return add(b, cmds.FlushAll()) }

// FlushAllWithOptions queues FLUSHALL SYNC or ASYNC; its result is "OK".
func (b *BaseBatch[T]) FlushAllWithOptions(mode options.FlushMode) *T {
	return add(b, cmds.FlushAllWithOptions(mode))
}

// FlushDB queues FLUSHDB; its result is "OK".
func (b *BaseBatch[T]) FlushDB() *T { return add(b, cmds.FlushDB()) }

// FlushDBWithOptions queues FLUSHDB SYNC or ASYNC; its result is "OK".
func (b *BaseBatch[T]) FlushDBWithOptions(mode options.FlushMode) *T {
	return add(b, cmds.FlushDBWithOptions(mode))
}

// Lolwut queues LOLWUT; its result is a string.
func (b *BaseBatch[T]) Lolwut() *T { return add(b, cmds.Lolwut()) }

// LolwutWithOptions queues LOLWUT with a version and parameters; its result is a
// string.
func (b *BaseBatch[T]) LolwutWithOptions(opts options.LolwutOptions) *T {
	return add(b, cmds.LolwutWithOptions(opts))
}

// LastSave queues LASTSAVE; its result is a Unix time in seconds, an int64.
func (b *BaseBatch[T]) LastSave() *T { return add(b, cmds.LastSave()) }
