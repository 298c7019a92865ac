package config

import (
	"fmt"
	"os"
)

// TlsConfiguration refines TLS once it is enabled with WithUseTLS.
type TlsConfiguration struct {
	// RootCertificates is a PEM bundle of trusted CAs that replaces the
	// platform's trust store. nil keeps the platform store; a non-nil empty
	// slice is rejected, since it would trust nothing.
	RootCertificates []byte
	// UseInsecureTLS skips server certificate verification: the connection is
	// encrypted but the server is not authenticated. For development with
	// self-signed certificates only; requires WithUseTLS(true).
	UseInsecureTLS bool

	mtls *mutualTLS // set by WithMutualTLS or WithMutualTLSFromFiles
}

// NewTlsConfiguration returns TLS details at their defaults: platform roots,
// full verification.
func NewTlsConfiguration() *TlsConfiguration {
	return &TlsConfiguration{}
}

// WithRootCertificates trusts the CAs in the PEM bundle instead of the
// platform's.
func (config *TlsConfiguration) WithRootCertificates(rootCerts []byte) *TlsConfiguration {
	config.RootCertificates = rootCerts
	return config
}

// WithInsecureTLS turns certificate verification off (true) or on.
func (config *TlsConfiguration) WithInsecureTLS(insecure bool) *TlsConfiguration {
	config.UseInsecureTLS = insecure
	return config
}

// LoadRootCertificatesFromFile reads a PEM bundle for WithRootCertificates.
// An empty file is an error, as an empty bundle would be.
func LoadRootCertificatesFromFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading root certificates: %w", err)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("root certificate file %s is empty", path)
	}
	return data, nil
}
