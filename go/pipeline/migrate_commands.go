package pipeline

import (
	"errors"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/options"
)

// Migrate queues MIGRATE of keys to the server at host:port; the slot holds "OK" or
// "NOKEY". An empty keys is recorded as an argument error.
func (b *BaseBatch[T]) Migrate(host string, port int64, keys []string, destinationDB int64, timeout int64) *T {
	return add(b, cmds.Migrate(host, port, keys, destinationDB, timeout))
}

// MigrateWithOptions queues Migrate with COPY, REPLACE or credentials.
func (b *BaseBatch[T]) MigrateWithOptions(
	host string, port int64, keys []string, destinationDB int64, timeout int64, migrateOptions options.MigrateOptions,
) *T {
	return add(b, cmds.MigrateWithOptions(host, port, keys, destinationDB, timeout, migrateOptions))
}

var errClusterMigrateKeys = errors.New("MIGRATE in a cluster batch takes a single key")

// Migrate in a cluster batch takes one key, as GLIDE's cluster batch does; more keys
// are recorded as an argument error.
func (b *ClusterBatch) Migrate(host string, port int64, keys []string, destinationDB int64, timeout int64) *ClusterBatch {
	return b.MigrateWithOptions(host, port, keys, destinationDB, timeout, options.MigrateOptions{})
}

// MigrateWithOptions in a cluster batch takes one key, like Migrate.
func (b *ClusterBatch) MigrateWithOptions(
	host string, port int64, keys []string, destinationDB int64, timeout int64, migrateOptions options.MigrateOptions,
) *ClusterBatch {
	if len(keys) > 1 {
		return add(&b.BaseBatch, cmds.Failed[string](errClusterMigrateKeys))
	}
	return b.BaseBatch.MigrateWithOptions(host, port, keys, destinationDB, timeout, migrateOptions)
}
