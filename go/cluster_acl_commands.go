package valkite

import (
	"context"

	"github.com/valkite/valkite/go/internal/cmds"
)

// ACL commands of the cluster client. Users live per node: the server's command tips
// send the commands that change them (SETUSER, DELUSER, SAVE) to every node and the
// queries to one, and the replies come back combined.

// AclCat returns the ACL command categories.
//
// See https://valkey.io/commands/acl-cat/.
func (c *ClusterClient) AclCat(ctx context.Context) ([]string, error) {
	return runOne(ctx, c, cmds.AclCat(), nil)
}

// AclCatWithCategory returns the commands of an ACL category.
//
// See https://valkey.io/commands/acl-cat/.
func (c *ClusterClient) AclCatWithCategory(ctx context.Context, category string) ([]string, error) {
	return runOne(ctx, c, cmds.AclCatWithCategory(category), nil)
}

// AclDelUser deletes ACL users on every node and returns how many existed.
//
// See https://valkey.io/commands/acl-deluser/.
func (c *ClusterClient) AclDelUser(ctx context.Context, usernames []string) (int64, error) {
	return runOne(ctx, c, cmds.AclDelUser(usernames), nil)
}

// AclDryRun checks whether username may run command with args: "OK", or the reason
// it may not.
//
// See https://valkey.io/commands/acl-dryrun/.
func (c *ClusterClient) AclDryRun(ctx context.Context, username string, command string, args []string) (string, error) {
	return runOne(ctx, c, cmds.AclDryRun(username, command, args), nil)
}

// AclGenPass returns a random password of 256 bits as 64 hex characters.
//
// See https://valkey.io/commands/acl-genpass/.
func (c *ClusterClient) AclGenPass(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.AclGenPass(), nil)
}

// AclGenPassWithBits returns a random password of the given number of bits.
//
// See https://valkey.io/commands/acl-genpass/.
func (c *ClusterClient) AclGenPassWithBits(ctx context.Context, bits int64) (string, error) {
	return runOne(ctx, c, cmds.AclGenPassWithBits(bits), nil)
}

// AclGetUser returns the rules of username as a map, or nil for an unknown user.
//
// See https://valkey.io/commands/acl-getuser/.
func (c *ClusterClient) AclGetUser(ctx context.Context, username string) (any, error) {
	return runOne(ctx, c, cmds.AclGetUser(username), nil)
}

// AclList returns every user's rules in ACL file syntax.
//
// See https://valkey.io/commands/acl-list/.
func (c *ClusterClient) AclList(ctx context.Context) ([]string, error) {
	return runOne(ctx, c, cmds.AclList(), nil)
}

// AclLoad reloads the users from the ACL file (an error when none is configured).
//
// See https://valkey.io/commands/acl-load/.
func (c *ClusterClient) AclLoad(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.AclLoad(), nil)
}

// AclLog returns a node's recent ACL security events, each a map of its fields.
//
// See https://valkey.io/commands/acl-log/.
func (c *ClusterClient) AclLog(ctx context.Context) ([]any, error) {
	return runOne(ctx, c, cmds.AclLog(), nil)
}

// AclLogWithCount returns at most count recent ACL security events.
//
// See https://valkey.io/commands/acl-log/.
func (c *ClusterClient) AclLogWithCount(ctx context.Context, count int64) ([]any, error) {
	return runOne(ctx, c, cmds.AclLogWithCount(count), nil)
}

// AclLogReset clears the ACL security event log and returns "OK".
//
// See https://valkey.io/commands/acl-log/.
func (c *ClusterClient) AclLogReset(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.AclLogReset(), nil)
}

// AclSave writes the users to every node's ACL file (an error when none is
// configured).
//
// See https://valkey.io/commands/acl-save/.
func (c *ClusterClient) AclSave(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.AclSave(), nil)
}

// AclSetUser creates or changes username on every node and returns "OK".
//
// See https://valkey.io/commands/acl-setuser/.
func (c *ClusterClient) AclSetUser(ctx context.Context, username string, rules []string) (string, error) {
	return runOne(ctx, c, cmds.AclSetUser(username, rules), nil)
}

// AclUsers returns the names of all ACL users.
//
// See https://valkey.io/commands/acl-users/.
func (c *ClusterClient) AclUsers(ctx context.Context) ([]string, error) {
	return runOne(ctx, c, cmds.AclUsers(), nil)
}

// AclWhoAmI returns the user the connection is authenticated as.
//
// See https://valkey.io/commands/acl-whoami/.
func (c *ClusterClient) AclWhoAmI(ctx context.Context) (string, error) {
	return runOne(ctx, c, cmds.AclWhoAmI(), nil)
}
