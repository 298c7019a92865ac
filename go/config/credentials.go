package config

import "errors"

// ServerCredentials authenticates every connection the client opens, either
// with a password (AUTH) or with AWS IAM tokens that the client renews itself.
// The two modes are exclusive; the constructors pick one.
type ServerCredentials struct {
	username  string // empty = the server's "default" user (password mode only)
	password  string
	iamConfig *IamAuthConfig
}

// NewServerCredentials authenticates as username with password.
func NewServerCredentials(username string, password string) *ServerCredentials {
	return &ServerCredentials{username: username, password: password}
}

// NewServerCredentialsWithDefaultUsername authenticates the "default" user
// with password, as a bare AUTH password does.
func NewServerCredentialsWithDefaultUsername(password string) *ServerCredentials {
	return &ServerCredentials{password: password}
}

// NewServerCredentialsWithIam authenticates username with IAM tokens. IAM has
// no default user, so the username is required.
func NewServerCredentialsWithIam(username string, iamConfig *IamAuthConfig) (*ServerCredentials, error) {
	if username == "" {
		return nil, errors.New("IAM authentication needs a username")
	}
	if iamConfig == nil {
		return nil, errors.New("IAM authentication needs an IamAuthConfig, got nil")
	}
	return &ServerCredentials{username: username, iamConfig: iamConfig}, nil
}

// IsIamAuth reports whether these credentials use IAM tokens.
func (creds *ServerCredentials) IsIamAuth() bool { return creds.iamConfig != nil }

// ServiceType is the AWS service an IAM token is signed for.
type ServiceType int

const (
	ElastiCache ServiceType = iota
	MemoryDB
)

// IamAuthConfig identifies the AWS cache the tokens are for. Tokens are short
// lived; the client generates a new one before the old expires.
type IamAuthConfig struct {
	clusterName            string
	service                ServiceType
	region                 string
	refreshIntervalSeconds *uint32
}

// NewIamAuthConfig describes the cluster clusterName of service in region.
func NewIamAuthConfig(clusterName string, service ServiceType, region string) *IamAuthConfig {
	return &IamAuthConfig{clusterName: clusterName, service: service, region: region}
}

// WithRefreshIntervalSeconds overrides how often a fresh token is generated.
func (config *IamAuthConfig) WithRefreshIntervalSeconds(seconds uint32) *IamAuthConfig {
	config.refreshIntervalSeconds = &seconds
	return config
}
