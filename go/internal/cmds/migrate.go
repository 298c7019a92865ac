package cmds

import (
	"errors"

	"github.com/valkite/valkite/go/options"
)

var errMigrateNoKeys = errors.New("MIGRATE: keys must not be empty")

// Migrate moves keys to another server. One key takes MIGRATE's key position; several
// use the KEYS form (see MigrateKeys), the layout GLIDE sends. The reply is "OK", or
// "NOKEY" when no key exists: a status, not an error.
func Migrate(host string, port int64, keys []string, destinationDB, timeout int64) Cmd[string] {
	return MigrateWithOptions(host, port, keys, destinationDB, timeout, options.MigrateOptions{})
}

// MigrateWithOptions is Migrate with COPY, REPLACE or credentials for the target; the
// options come before KEYS in the multi-key form.
func MigrateWithOptions(
	host string, port int64, keys []string, destinationDB, timeout int64, opts options.MigrateOptions,
) Cmd[string] {
	switch len(keys) {
	case 0:
		return Failed[string](errMigrateNoKeys)
	case 1:
	default:
		return MigrateKeysWithOptions(host, port, keys, destinationDB, timeout, opts)
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{
		Args:   concat([]string{"MIGRATE", host, itoa(port), keys[0], itoa(destinationDB), itoa(timeout)}, optArgs),
		Decode: DecodeOK,
	}
}
