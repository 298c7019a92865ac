package pipeline

import (
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Set commands. Result slots hold GLIDE's batch values: sets are map[string]struct{},
// a nullable single member is the string itself or nil.

// SAdd queues SADD; its result is the number of members added, an int64.
func (b *BaseBatch[T]) SAdd(key string, members []string) *T { return add(b, cmds.SAdd(key, members)) }

// SRem queues SREM; its result is the number of members removed, an int64.
func (b *BaseBatch[T]) SRem(key string, members []string) *T { return add(b, cmds.SRem(key, members)) }

// SMembers queues SMEMBERS; its result is a map[string]struct{}.
func (b *BaseBatch[T]) SMembers(key string) *T { return add(b, cmds.SMembers(key)) }

// SCard queues SCARD; its result is an int64.
func (b *BaseBatch[T]) SCard(key string) *T { return add(b, cmds.SCard(key)) }

// SIsMember queues SISMEMBER; its result is a bool.
func (b *BaseBatch[T]) SIsMember(key string, member string) *T {
	return add(b, cmds.SIsMember(key, member))
}

// SMIsMember queues SMISMEMBER; its result is a []bool.
func (b *BaseBatch[T]) SMIsMember(key string, members []string) *T {
	return add(b, cmds.SMIsMember(key, members))
}

// SDiff queues SDIFF; its result is a map[string]struct{}.
func (b *BaseBatch[T]) SDiff(keys []string) *T { return add(b, cmds.SDiff(keys)) }

// SDiffStore queues SDIFFSTORE; its result is the stored set's size, an int64.
func (b *BaseBatch[T]) SDiffStore(destination string, keys []string) *T {
	return add(b, cmds.SDiffStore(destination, keys))
}

// SInter queues SINTER; its result is a map[string]struct{}.
func (b *BaseBatch[T]) SInter(keys []string) *T { return add(b, cmds.SInter(keys)) }

// SInterStore queues SINTERSTORE; its result is an int64.
func (b *BaseBatch[T]) SInterStore(destination string, keys []string) *T {
	return add(b, cmds.SInterStore(destination, keys))
}

// SInterCard queues SINTERCARD; its result is an int64.
func (b *BaseBatch[T]) SInterCard(keys []string) *T { return add(b, cmds.SInterCard(keys)) }

// SInterCardLimit queues SINTERCARD ... LIMIT; its result is an int64.
func (b *BaseBatch[T]) SInterCardLimit(keys []string, limit int64) *T {
	return add(b, cmds.SInterCardLimit(keys, limit))
}

// SUnion queues SUNION; its result is a map[string]struct{}.
func (b *BaseBatch[T]) SUnion(keys []string) *T { return add(b, cmds.SUnion(keys)) }

// SUnionStore queues SUNIONSTORE; its result is an int64.
func (b *BaseBatch[T]) SUnionStore(destination string, keys []string) *T {
	return add(b, cmds.SUnionStore(destination, keys))
}

// SRandMember queues SRANDMEMBER; its result is a member as a string, or nil.
func (b *BaseBatch[T]) SRandMember(key string) *T { return addNullable(b, cmds.SRandMember(key)) }

// SRandMemberCount queues SRANDMEMBER with a count; its result is a []string.
func (b *BaseBatch[T]) SRandMemberCount(key string, count int64) *T {
	return add(b, cmds.SRandMemberCount(key, count))
}

// SPop queues SPOP; its result is the popped member as a string, or nil.
func (b *BaseBatch[T]) SPop(key string) *T { return addNullable(b, cmds.SPop(key)) }

// SPopCount queues SPOP with a count; its result is a map[string]struct{}.
func (b *BaseBatch[T]) SPopCount(key string, count int64) *T {
	return add(b, cmds.SPopCount(key, count))
}

// SMove queues SMOVE; its result is a bool.
func (b *BaseBatch[T]) SMove(source string, destination string, member string) *T {
	return add(b, cmds.SMove(source, destination, member))
}

// SScan queues SSCAN at cursor (the string a previous page returned, "0" to start);
// its result is a models.ScanResult.
func (b *BaseBatch[T]) SScan(key string, cursor string) *T { return add(b, cmds.SScan(key, cursor)) }

// SScanWithOptions queues SSCAN with MATCH/COUNT; its result is a models.ScanResult.
func (b *BaseBatch[T]) SScanWithOptions(key string, cursor string, options options.BaseScanOptions) *T {
	return add(b, cmds.SScanWithOptions(key, cursor, options))
}
