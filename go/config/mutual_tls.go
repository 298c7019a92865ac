package config

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/valkite/valkite/go/internal/settings"
)

// mutualTLS is the client certificate of a TlsConfiguration: PEM bytes, or files that
// the client reads again every reload interval.
type mutualTLS struct {
	cert, key         []byte
	certPath, keyPath string
	reloadSeconds     uint32 // files only; 0 = the default (one hour)
}

// MutualTLSOption refines WithMutualTLSFromFiles.
type MutualTLSOption func(*mutualTLS) error

// WithReloadInterval makes the client read the certificate and key files again when
// a connection is made at least seconds after the last read, so a rotated certificate
// is used without restarting the client. It must be positive; the default is one hour.
func WithReloadInterval(seconds uint32) MutualTLSOption {
	return func(m *mutualTLS) error {
		if seconds == 0 {
			return errors.New("WithMutualTLSFromFiles: reload interval must be positive")
		}
		m.reloadSeconds = seconds
		return nil
	}
}

// WithMutualTLS presents the PEM certificate chain and PEM private key to servers that
// authenticate clients (tls-auth-clients). It replaces certificate files set earlier.
func (config *TlsConfiguration) WithMutualTLS(clientCert, clientKey []byte) (*TlsConfiguration, error) {
	if len(clientCert) == 0 || len(clientKey) == 0 {
		return nil, errors.New("WithMutualTLS: the client certificate and key must not be empty")
	}
	config.mtls = &mutualTLS{cert: append([]byte(nil), clientCert...), key: append([]byte(nil), clientKey...)}
	return config, nil
}

// WithMutualTLSFromFiles presents the certificate and key read from these PEM files,
// and reads them again after the reload interval (see WithReloadInterval) so a rotated
// certificate is picked up. It replaces a certificate set with WithMutualTLS. The files
// must exist now; a later read that fails keeps the last good pair.
func (config *TlsConfiguration) WithMutualTLSFromFiles(
	certPath, keyPath string, opts ...MutualTLSOption,
) (*TlsConfiguration, error) {
	if certPath == "" || keyPath == "" {
		return nil, errors.New("WithMutualTLSFromFiles: certificate and key paths must not be empty")
	}
	m := &mutualTLS{certPath: certPath, keyPath: keyPath}
	for _, o := range opts {
		if err := o(m); err != nil {
			return nil, err
		}
	}
	if _, _, err := LoadClientCertificateAndKeyFromFile(certPath, keyPath); err != nil {
		return nil, fmt.Errorf("WithMutualTLSFromFiles: %w", err)
	}
	config.mtls = m
	return config, nil
}

// LoadClientCertificateAndKeyFromFile reads a PEM client certificate and its key for
// WithMutualTLS. Missing or empty files are errors.
func LoadClientCertificateAndKeyFromFile(certPath, keyPath string) ([]byte, []byte, error) {
	cert, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read client certificate file: %w", err)
	}
	if len(cert) == 0 {
		return nil, nil, fmt.Errorf("client certificate file is empty: %s", certPath)
	}
	key, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read client key file: %w", err)
	}
	if len(key) == 0 {
		return nil, nil, fmt.Errorf("client key file is empty: %s", keyPath)
	}
	return cert, key, nil
}

// applyMutualTLS copies the client certificate into the settings.
func applyMutualTLS(s *settings.Settings, m *mutualTLS) {
	if m == nil {
		return
	}
	s.ClientCertPEM, s.ClientKeyPEM = m.cert, m.key
	s.ClientCertPath, s.ClientKeyPath = m.certPath, m.keyPath
	s.CertReload = time.Duration(m.reloadSeconds) * time.Second
}
