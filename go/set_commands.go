package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Set commands shared by Client and ClusterClient. Sets come back as
// map[string]struct{}; a missing key reads as an empty set. In cluster mode the
// commands naming several keys (SDiff, SInter, SUnion, their Store forms, SInterCard,
// SMove) need all of them in one hash slot; otherwise the server's CROSSSLOT error
// comes back. Arguments the server would refuse (no keys, no members, a negative
// count) fail before anything is sent.

// SAdd adds members to the set stored at key (creating it when missing) and returns how
// many of them were not members yet.
//
// See https://valkey.io/commands/sadd/.
func (b *baseClient) SAdd(ctx context.Context, key string, members []string) (int64, error) {
	return run(ctx, b, cmds.SAdd(key, members))
}

// SRem removes members from the set and returns how many were there.
//
// See https://valkey.io/commands/srem/.
func (b *baseClient) SRem(ctx context.Context, key string, members []string) (int64, error) {
	return run(ctx, b, cmds.SRem(key, members))
}

// SMembers returns every member of the set.
//
// See https://valkey.io/commands/smembers/.
func (b *baseClient) SMembers(ctx context.Context, key string) (map[string]struct{}, error) {
	return run(ctx, b, cmds.SMembers(key))
}

// SCard returns the number of members, 0 when the key does not exist.
//
// See https://valkey.io/commands/scard/.
func (b *baseClient) SCard(ctx context.Context, key string) (int64, error) {
	return run(ctx, b, cmds.SCard(key))
}

// SIsMember reports whether member belongs to the set.
//
// See https://valkey.io/commands/sismember/.
func (b *baseClient) SIsMember(ctx context.Context, key string, member string) (bool, error) {
	return run(ctx, b, cmds.SIsMember(key, member))
}

// SMIsMember reports, for each of members in order, whether it belongs to the set.
// Valkey 6.2+.
//
// See https://valkey.io/commands/smismember/.
func (b *baseClient) SMIsMember(ctx context.Context, key string, members []string) ([]bool, error) {
	return run(ctx, b, cmds.SMIsMember(key, members))
}

// SDiff returns the members of the first set that are in none of the others.
//
// See https://valkey.io/commands/sdiff/.
func (b *baseClient) SDiff(ctx context.Context, keys []string) (map[string]struct{}, error) {
	return run(ctx, b, cmds.SDiff(keys))
}

// SDiffStore stores SDiff's result at destination (replacing it) and returns its size.
//
// See https://valkey.io/commands/sdiffstore/.
func (b *baseClient) SDiffStore(ctx context.Context, destination string, keys []string) (int64, error) {
	return run(ctx, b, cmds.SDiffStore(destination, keys))
}

// SInter returns the members present in every set (empty if any key is missing).
//
// See https://valkey.io/commands/sinter/.
func (b *baseClient) SInter(ctx context.Context, keys []string) (map[string]struct{}, error) {
	return run(ctx, b, cmds.SInter(keys))
}

// SInterStore stores SInter's result at destination and returns its size.
//
// See https://valkey.io/commands/sinterstore/.
func (b *baseClient) SInterStore(ctx context.Context, destination string, keys []string) (int64, error) {
	return run(ctx, b, cmds.SInterStore(destination, keys))
}

// SInterCard returns the size of the intersection without building it. Valkey 7.0+.
//
// See https://valkey.io/commands/sintercard/.
func (b *baseClient) SInterCard(ctx context.Context, keys []string) (int64, error) {
	return run(ctx, b, cmds.SInterCard(keys))
}

// SInterCardLimit is SInterCard that stops counting at limit (0: no limit); a
// negative limit is refused before sending.
//
// See https://valkey.io/commands/sintercard/.
func (b *baseClient) SInterCardLimit(ctx context.Context, keys []string, limit int64) (int64, error) {
	return run(ctx, b, cmds.SInterCardLimit(keys, limit))
}

// SUnion returns the members present in at least one of the sets.
//
// See https://valkey.io/commands/sunion/.
func (b *baseClient) SUnion(ctx context.Context, keys []string) (map[string]struct{}, error) {
	return run(ctx, b, cmds.SUnion(keys))
}

// SUnionStore stores SUnion's result at destination and returns its size.
//
// See https://valkey.io/commands/sunionstore/.
func (b *baseClient) SUnionStore(ctx context.Context, destination string, keys []string) (int64, error) {
	return run(ctx, b, cmds.SUnionStore(destination, keys))
}

// SRandMember returns a random member without removing it, or a nil Result when the
// key does not exist.
//
// See https://valkey.io/commands/srandmember/.
func (b *baseClient) SRandMember(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.SRandMember(key))
}

// SRandMemberCount returns up to count distinct random members when count > 0, or
// exactly -count members that may repeat when count < 0; an empty slice for a missing
// key.
//
// See https://valkey.io/commands/srandmember/.
func (b *baseClient) SRandMemberCount(ctx context.Context, key string, count int64) ([]string, error) {
	return run(ctx, b, cmds.SRandMemberCount(key, count))
}

// SPop removes and returns a random member, or a nil Result when the key does not
// exist.
//
// See https://valkey.io/commands/spop/.
func (b *baseClient) SPop(ctx context.Context, key string) (models.Result[string], error) {
	return run(ctx, b, cmds.SPop(key))
}

// SPopCount removes and returns up to count random members (an empty set for a
// missing key). count must not be negative.
//
// See https://valkey.io/commands/spop/.
func (b *baseClient) SPopCount(ctx context.Context, key string, count int64) (map[string]struct{}, error) {
	return run(ctx, b, cmds.SPopCount(key, count))
}

// SMove moves member from source to destination atomically; false when source does
// not hold it.
//
// See https://valkey.io/commands/smove/.
func (b *baseClient) SMove(ctx context.Context, source string, destination string, member string) (bool, error) {
	return run(ctx, b, cmds.SMove(source, destination, member))
}

// SScan returns one page of the set's members and the cursor of the next page; the
// iteration is over when the returned cursor IsFinished. A member may appear in more
// than one page.
//
// See https://valkey.io/commands/sscan/.
func (b *baseClient) SScan(ctx context.Context, key string, cursor models.Cursor) (models.ScanResult, error) {
	return run(ctx, b, cmds.SScan(key, cursor.String()))
}

// SScanWithOptions is SScan with a MATCH pattern (applied after each page is fetched,
// so a page may be empty while matches remain) and a COUNT hint.
//
// See https://valkey.io/commands/sscan/.
func (b *baseClient) SScanWithOptions(
	ctx context.Context,
	key string,
	cursor models.Cursor,
	options options.BaseScanOptions,
) (models.ScanResult, error) {
	return run(ctx, b, cmds.SScanWithOptions(key, cursor.String(), options))
}
