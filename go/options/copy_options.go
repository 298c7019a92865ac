package options

import "github.com/valkite/valkite/go/constants"

// CopyOptions are COPY's optional arguments.
type CopyOptions struct {
	// Replace overwrites an existing destination key.
	Replace bool
	// DbDestination is the database to copy into. It is always sent, so the
	// zero value copies into database 0, not into the client's current
	// database; a negative value omits it (copy within the current database).
	DbDestination int64
}

// NewCopyOptions returns options with Replace off and DbDestination 0.
func NewCopyOptions() *CopyOptions { return &CopyOptions{} }

// SetReplace overwrites an existing destination (REPLACE).
func (restoreOption *CopyOptions) SetReplace() *CopyOptions {
	restoreOption.Replace = true
	return restoreOption
}

// SetDBDestination copies into database destinationDB (DB).
func (copyOption *CopyOptions) SetDBDestination(destinationDB int64) *CopyOptions {
	copyOption.DbDestination = destinationDB
	return copyOption
}

// ToArgs renders the options after COPY's source and destination.
func (opts *CopyOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Replace {
		args = append(args, constants.ReplaceKeyword)
	}
	if opts.DbDestination >= 0 {
		args = append(args, constants.DbKeyword, itoa(opts.DbDestination))
	}
	return args, nil
}
