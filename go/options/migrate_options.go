package options

import (
	"errors"

	"github.com/valkite/valkite/go/constants"
)

// MigrateOptions are MIGRATE's optional arguments, including the credentials
// for the target server.
type MigrateOptions struct {
	Copy     bool // keep the key on the source
	Replace  bool // overwrite the key on the target
	Password string
	Username string // needs Password; sends AUTH2 instead of AUTH
}

// NewMigrateOptions returns empty options.
func NewMigrateOptions() *MigrateOptions { return &MigrateOptions{} }

// SetCopy keeps the source key (COPY).
func (o *MigrateOptions) SetCopy() *MigrateOptions {
	o.Copy = true
	return o
}

// SetReplace overwrites the target key (REPLACE).
func (o *MigrateOptions) SetReplace() *MigrateOptions {
	o.Replace = true
	return o
}

// SetPassword authenticates to the target as the default user (AUTH). It
// clears any username set before, so the two auth forms cannot mix.
func (o *MigrateOptions) SetPassword(password string) *MigrateOptions {
	o.Password, o.Username = password, ""
	return o
}

// SetAuth2 authenticates to the target as username (AUTH2).
func (o *MigrateOptions) SetAuth2(username, password string) *MigrateOptions {
	o.Username, o.Password = username, password
	return o
}

// ToArgs renders the options; a username without a password is an error.
func (o *MigrateOptions) ToArgs() ([]string, error) {
	if o.Username != "" && o.Password == "" {
		return nil, errors.New("migrate: username requires a password")
	}
	args := []string{}
	if o.Copy {
		args = append(args, constants.CopyKeyword)
	}
	if o.Replace {
		args = append(args, constants.ReplaceKeyword)
	}
	switch {
	case o.Username != "":
		args = append(args, constants.Auth2Keyword, o.Username, o.Password)
	case o.Password != "":
		args = append(args, constants.AuthKeyword, o.Password)
	}
	return args, nil
}
