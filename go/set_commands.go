package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
)

// Set commands shared by Client and ClusterClient.

// SAdd adds members to the set stored at key (creating it when missing) and returns how
// many of them were not members yet.
//
// See https://valkey.io/commands/sadd/.
func (b *baseClient) SAdd(ctx context.Context, key string, members []string) (int64, error) {
	return run(ctx, b, cmds.SAdd(key, members))
}
