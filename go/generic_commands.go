package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Generic commands of the standalone client only: in cluster mode they need routing
// or cross-node iteration and ClusterClient offers its own forms.

// CustomCommand sends args (command name first) unchecked and returns the reply in a
// dynamic shape: nil, string, int64, float64, bool, []any, map[string]any, or
// map[string]struct{} for sets; an error nested in an aggregate is an element of type
// *RequestError. The replies of some 75 commands are then reshaped as GLIDE reshapes
// them, the same over RESP2 and RESP3: INCRBYFLOAT gives a float64, EXPIRE a bool,
// SMEMBERS a set, HGETALL and CONFIG GET a map, ZRANGE ... WITHSCORES a map of scores
// (docs/custom-commands.md). Use it only for commands with exactly one reply: not
// SUBSCRIBE, not MONITOR, nothing that changes the protocol of the connection.
func (c *Client) CustomCommand(ctx context.Context, args []string) (any, error) {
	return run(ctx, &c.baseClient, cmds.CustomCommand(args))
}

// Move moves key to database dbIndex and reports whether it did (false when key is
// missing or already exists there).
//
// See https://valkey.io/commands/move/.
func (c *Client) Move(ctx context.Context, key string, dbIndex int64) (bool, error) {
	return run(ctx, &c.baseClient, cmds.Move(key, dbIndex))
}

// Scan returns one page of the keys of the current database and the cursor of the
// next page; iterate until the returned cursor IsFinished.
//
// See https://valkey.io/commands/scan/.
func (c *Client) Scan(ctx context.Context, cursor models.Cursor) (models.ScanResult, error) {
	return run(ctx, &c.baseClient, cmds.Scan(cursor))
}

// ScanWithOptions is Scan with MATCH, COUNT and TYPE filters.
//
// See https://valkey.io/commands/scan/.
func (c *Client) ScanWithOptions(
	ctx context.Context,
	cursor models.Cursor,
	scanOptions options.ScanOptions,
) (models.ScanResult, error) {
	return run(ctx, &c.baseClient, cmds.ScanWithOptions(cursor, scanOptions))
}

// RandomKey returns a random key of the current database, nil when it is empty.
//
// See https://valkey.io/commands/randomkey/.
func (c *Client) RandomKey(ctx context.Context) (models.Result[string], error) {
	return run(ctx, &c.baseClient, cmds.RandomKey())
}

// MigrateKeys moves keys to database destinationDB of the server at host:port in one
// MIGRATE. It returns "OK", or "NOKEY" when none of the keys exists.
//
// See https://valkey.io/commands/migrate/.
func (c *Client) MigrateKeys(
	ctx context.Context,
	host string,
	port int64,
	keys []string,
	destinationDB int64,
	timeout int64,
) (string, error) {
	return run(ctx, &c.baseClient, cmds.MigrateKeys(host, port, keys, destinationDB, timeout))
}

// MigrateKeysWithOptions is MigrateKeys with COPY, REPLACE or credentials.
//
// See https://valkey.io/commands/migrate/.
func (c *Client) MigrateKeysWithOptions(
	ctx context.Context,
	host string,
	port int64,
	keys []string,
	destinationDB int64,
	timeout int64,
	migrateOptions options.MigrateOptions,
) (string, error) {
	return run(ctx, &c.baseClient, cmds.MigrateKeysWithOptions(host, port, keys, destinationDB, timeout, migrateOptions))
}
