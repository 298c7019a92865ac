package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Server management commands of the standalone client, ACL commands included.

// Select switches the connection to database index. Once it succeeded, a reconnect
// selects that database again.
//
// See https://valkey.io/commands/select/.
func (c *Client) Select(ctx context.Context, index int64) (string, error) {
	reply, err := run(ctx, &c.baseClient, cmds.Select(index))
	return c.core.selected(index, reply, err)
}

// ConfigGet returns the configuration parameters matching args (glob patterns allowed).
// Servers before 7.0 accept a single parameter.
//
// See https://valkey.io/commands/config-get/.
func (c *Client) ConfigGet(ctx context.Context, args []string) (map[string]string, error) {
	return run(ctx, &c.baseClient, cmds.ConfigGet(args))
}

// ConfigSet sets configuration parameters at runtime and returns "OK". Servers before
// 7.0 accept a single parameter.
//
// See https://valkey.io/commands/config-set/.
func (c *Client) ConfigSet(ctx context.Context, parameters map[string]string) (string, error) {
	return run(ctx, &c.baseClient, cmds.ConfigSet(parameters))
}

// Info returns the default sections of the server's INFO report.
//
// See https://valkey.io/commands/info/.
func (c *Client) Info(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Info())
}

// InfoWithOptions returns the INFO sections the options name (several need 7.0+).
//
// See https://valkey.io/commands/info/.
func (c *Client) InfoWithOptions(ctx context.Context, options options.InfoOptions) (string, error) {
	return run(ctx, &c.baseClient, cmds.InfoWithOptions(options))
}

// DBSize returns the number of keys in the current database.
//
// See https://valkey.io/commands/dbsize/.
func (c *Client) DBSize(ctx context.Context) (int64, error) {
	return run(ctx, &c.baseClient, cmds.DBSize())
}

// Time returns the server clock as [Unix seconds, microseconds within the second].
//
// See https://valkey.io/commands/time/.
func (c *Client) Time(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.Time())
}

// FlushAll deletes every key of every database and returns "OK".
//
// See https://valkey.io/commands/flushall/.
func (c *Client) FlushAll(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.FlushAll())
}

// FlushAllWithOptions is FlushAll, synchronous or in the background as mode says.
//
// See https://valkey.io/commands/flushall/.
func (c *Client) FlushAllWithOptions(ctx context.Context, mode options.FlushMode) (string, error) {
	return run(ctx, &c.baseClient, cmds.FlushAllWithOptions(mode))
}

// FlushDB deletes every key of the current database and returns "OK".
//
// See https://valkey.io/commands/flushdb/.
func (c *Client) FlushDB(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.FlushDB())
}

// FlushDBWithOptions is FlushDB, synchronous or in the background as mode says.
//
// See https://valkey.io/commands/flushdb/.
func (c *Client) FlushDBWithOptions(ctx context.Context, mode options.FlushMode) (string, error) {
	return run(ctx, &c.baseClient, cmds.FlushDBWithOptions(mode))
}

// Lolwut returns the server's generative art and version line.
//
// See https://valkey.io/commands/lolwut/.
func (c *Client) Lolwut(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Lolwut())
}

// LolwutWithOptions is Lolwut for a given art version and parameters.
//
// See https://valkey.io/commands/lolwut/.
func (c *Client) LolwutWithOptions(ctx context.Context, opts options.LolwutOptions) (string, error) {
	return run(ctx, &c.baseClient, cmds.LolwutWithOptions(opts))
}

// LastSave returns the Unix time of the last successful save (or of startup).
//
// See https://valkey.io/commands/lastsave/.
func (c *Client) LastSave(ctx context.Context) (int64, error) {
	return run(ctx, &c.baseClient, cmds.LastSave())
}

// Save writes a snapshot synchronously, blocking the server, and returns "OK".
//
// See https://valkey.io/commands/save/.
func (c *Client) Save(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Save())
}

// BgSave starts a background snapshot and returns the server's status line.
//
// See https://valkey.io/commands/bgsave/.
func (c *Client) BgSave(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.BgSave())
}

// BgSaveSchedule starts a background snapshot, or schedules one if an AOF rewrite is
// running, and returns the server's status line.
//
// See https://valkey.io/commands/bgsave/.
func (c *Client) BgSaveSchedule(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.BgSaveSchedule())
}

// BgSaveCancel cancels a running or scheduled background snapshot. Valkey 8.1+.
//
// See https://valkey.io/commands/bgsave/.
func (c *Client) BgSaveCancel(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.BgSaveCancel())
}

// BgRewriteAof starts an append-only file rewrite and returns the server's status line.
//
// See https://valkey.io/commands/bgrewriteaof/.
func (c *Client) BgRewriteAof(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.BgRewriteAof())
}

// ConfigResetStat resets the statistics INFO reports and returns "OK".
//
// See https://valkey.io/commands/config-resetstat/.
func (c *Client) ConfigResetStat(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.ConfigResetStat())
}

// ConfigRewrite writes the running configuration back to the server's config file; a
// server started without one answers with an error.
//
// See https://valkey.io/commands/config-rewrite/.
func (c *Client) ConfigRewrite(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.ConfigRewrite())
}

// MemoryDoctor returns the server's advice on its memory use.
//
// See https://valkey.io/commands/memory-doctor/.
func (c *Client) MemoryDoctor(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.MemoryDoctor())
}

// MemoryMallocStats returns the allocator's internal statistics report.
//
// See https://valkey.io/commands/memory-malloc-stats/.
func (c *Client) MemoryMallocStats(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.MemoryMallocStats())
}

// MemoryPurge asks the allocator to release dirty pages and returns "OK".
//
// See https://valkey.io/commands/memory-purge/.
func (c *Client) MemoryPurge(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.MemoryPurge())
}

// MemoryStats returns the server's memory usage breakdown.
//
// See https://valkey.io/commands/memory-stats/.
func (c *Client) MemoryStats(ctx context.Context) (models.MemoryStats, error) {
	return run(ctx, &c.baseClient, cmds.MemoryStats())
}

// LatencyHistory returns the latency samples recorded for event (empty when none).
//
// See https://valkey.io/commands/latency-history/.
func (c *Client) LatencyHistory(ctx context.Context, event string) ([]models.LatencyEntry, error) {
	return run(ctx, &c.baseClient, cmds.LatencyHistory(event))
}

// LatencyLatest returns the latest and maximum latency of every recorded event.
//
// See https://valkey.io/commands/latency-latest/.
func (c *Client) LatencyLatest(ctx context.Context) ([]models.LatencyEventInfo, error) {
	return run(ctx, &c.baseClient, cmds.LatencyLatest())
}

// LatencyReset clears the latency data of events (all events when none are given) and
// returns how many event series it cleared.
//
// See https://valkey.io/commands/latency-reset/.
func (c *Client) LatencyReset(ctx context.Context, events ...string) (int64, error) {
	return run(ctx, &c.baseClient, cmds.LatencyReset(events))
}

// Failover starts a coordinated failover from this primary to one of its replicas.
//
// See https://valkey.io/commands/failover/.
func (c *Client) Failover(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.Failover())
}

// FailoverWithOptions is Failover to a given replica, with a timeout, forced, or
// aborting one in progress. A nil opts is plain Failover.
//
// See https://valkey.io/commands/failover/.
func (c *Client) FailoverWithOptions(ctx context.Context, opts *options.FailoverOptions) (string, error) {
	return run(ctx, &c.baseClient, cmds.FailoverWithOptions(opts))
}

// ReplicaOf makes the server a replica of host:port.
//
// See https://valkey.io/commands/replicaof/.
func (c *Client) ReplicaOf(ctx context.Context, host string, port int) (string, error) {
	return run(ctx, &c.baseClient, cmds.ReplicaOf(host, port))
}

// ReplicaOfNoOne turns a replica back into a primary, keeping its data.
//
// See https://valkey.io/commands/replicaof/.
func (c *Client) ReplicaOfNoOne(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.ReplicaOfNoOne())
}

// AclCat returns the ACL command categories.
//
// See https://valkey.io/commands/acl-cat/.
func (c *Client) AclCat(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.AclCat())
}

// AclCatWithCategory returns the commands of an ACL category.
//
// See https://valkey.io/commands/acl-cat/.
func (c *Client) AclCatWithCategory(ctx context.Context, category string) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.AclCatWithCategory(category))
}

// AclDelUser deletes ACL users (disconnecting their clients) and returns how many
// existed.
//
// See https://valkey.io/commands/acl-deluser/.
func (c *Client) AclDelUser(ctx context.Context, usernames []string) (int64, error) {
	return run(ctx, &c.baseClient, cmds.AclDelUser(usernames))
}

// AclDryRun checks whether username may run command with args: "OK", or the reason
// it may not.
//
// See https://valkey.io/commands/acl-dryrun/.
func (c *Client) AclDryRun(ctx context.Context, username string, command string, args []string) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclDryRun(username, command, args))
}

// AclGenPass returns a random password of 256 bits as 64 hex characters.
//
// See https://valkey.io/commands/acl-genpass/.
func (c *Client) AclGenPass(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclGenPass())
}

// AclGenPassWithBits returns a random password of the given number of bits.
//
// See https://valkey.io/commands/acl-genpass/.
func (c *Client) AclGenPassWithBits(ctx context.Context, bits int64) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclGenPassWithBits(bits))
}

// AclGetUser returns the rules of username as a map, or nil for an unknown user.
//
// See https://valkey.io/commands/acl-getuser/.
func (c *Client) AclGetUser(ctx context.Context, username string) (any, error) {
	return run(ctx, &c.baseClient, cmds.AclGetUser(username))
}

// AclList returns every user's rules in ACL file syntax.
//
// See https://valkey.io/commands/acl-list/.
func (c *Client) AclList(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.AclList())
}

// AclLoad reloads the users from the ACL file (an error when none is configured).
//
// See https://valkey.io/commands/acl-load/.
func (c *Client) AclLoad(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclLoad())
}

// AclLog returns the recent ACL security events, each a map of its fields.
//
// See https://valkey.io/commands/acl-log/.
func (c *Client) AclLog(ctx context.Context) ([]any, error) {
	return run(ctx, &c.baseClient, cmds.AclLog())
}

// AclLogWithCount returns at most count recent ACL security events.
//
// See https://valkey.io/commands/acl-log/.
func (c *Client) AclLogWithCount(ctx context.Context, count int64) ([]any, error) {
	return run(ctx, &c.baseClient, cmds.AclLogWithCount(count))
}

// AclLogReset clears the ACL security event log and returns "OK".
//
// See https://valkey.io/commands/acl-log/.
func (c *Client) AclLogReset(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclLogReset())
}

// AclSave writes the users to the ACL file (an error when none is configured).
//
// See https://valkey.io/commands/acl-save/.
func (c *Client) AclSave(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclSave())
}

// AclSetUser creates or changes username by applying rules, and returns "OK".
//
// See https://valkey.io/commands/acl-setuser/.
func (c *Client) AclSetUser(ctx context.Context, username string, rules []string) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclSetUser(username, rules))
}

// AclUsers returns the names of all ACL users.
//
// See https://valkey.io/commands/acl-users/.
func (c *Client) AclUsers(ctx context.Context) ([]string, error) {
	return run(ctx, &c.baseClient, cmds.AclUsers())
}

// AclWhoAmI returns the user the connection is authenticated as.
//
// See https://valkey.io/commands/acl-whoami/.
func (c *Client) AclWhoAmI(ctx context.Context) (string, error) {
	return run(ctx, &c.baseClient, cmds.AclWhoAmI())
}
