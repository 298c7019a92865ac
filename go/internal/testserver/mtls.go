package testserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
)

// MTLSServer is a TLS-only Redis 7.0 server that requires a client certificate
// signed by its CA (tls-auth-clients yes).
type MTLSServer struct {
	*TLSServer
	// ClientCertPEM and ClientKeyPEM are a client identity the server accepts.
	ClientCertPEM, ClientKeyPEM []byte
	// ca signs further client certificates (IssueClient).
	ca    *certAuthority
	wrong *certAuthority
}

// StartRedisMutualTLS starts a server that refuses clients without a certificate
// from its CA.
func StartRedisMutualTLS(t testing.TB, extraArgs ...string) *MTLSServer {
	t.Helper()
	requireBinary(t, "redis-server")
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
	clientCert, clientKey, err := ca.issueClient("valkite test client")
	if err != nil {
		t.Fatalf("testserver: issuing client certificate: %v", err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"ca.crt": ca.pem, "server.crt": certPEM, "server.key": keyPEM} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatalf("testserver: %v", err)
		}
	}
	args := []string{
		"--tls-cert-file", filepath.Join(dir, "server.crt"),
		"--tls-key-file", filepath.Join(dir, "server.key"),
		"--tls-ca-cert-file", filepath.Join(dir, "ca.crt"),
		"--tls-auth-clients", "yes",
	}
	pair, err := tls.X509KeyPair(clientCert, clientKey)
	if err != nil {
		t.Fatalf("testserver: client key pair: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	clientConf := &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12,
		Certificates: []tls.Certificate{pair}}
	s := newServer(t, "redis-server", dir, clientConf, append(args, extraArgs...))
	s.startFresh(t, false)
	return &MTLSServer{
		TLSServer: &TLSServer{Server: s, CAPEM: ca.pem, WrongCAPEM: wrong.pem,
			CAFile: filepath.Join(dir, "ca.crt"), ServerName: "localhost"},
		ClientCertPEM: clientCert,
		ClientKeyPEM:  clientKey,
		ca:            ca,
		wrong:         wrong,
	}
}

// IssueClient signs a new client certificate with the server's CA, or (trusted
// false) with an unrelated CA the server rejects.
func (s *MTLSServer) IssueClient(t testing.TB, name string, trusted bool) (certPEM, keyPEM []byte) {
	t.Helper()
	ca := s.ca
	if !trusted {
		ca = s.wrong
	}
	certPEM, keyPEM, err := ca.issueClient(name)
	if err != nil {
		t.Fatalf("testserver: issuing client certificate: %v", err)
	}
	return certPEM, keyPEM
}

func (ca *certAuthority) issueClient(name string) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl, err := certTemplate(name)
	if err != nil {
		return nil, nil, err
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	tmpl.BasicConstraintsValid = true
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pemBlock("CERTIFICATE", der), pemBlock("PRIVATE KEY", keyDER), nil
}
