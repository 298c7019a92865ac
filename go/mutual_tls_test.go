package valkite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Mutual TLS against Redis 7.0 with tls-auth-clients yes and certificates the test
// generated: the right certificate gets in, none or a foreign one does not, and a
// certificate rotated on disk is used once the reload interval has passed.
func TestMutualTLS(t *testing.T) {
	s := testserver.StartRedisMutualTLS(t)
	ctx := context.Background()
	trustServer := func() *config.TlsConfiguration {
		return config.NewTlsConfiguration().WithRootCertificates(s.CAPEM)
	}

	t.Run("certificate in memory", func(t *testing.T) {
		tls, err := trustServer().WithMutualTLS(s.ClientCertPEM, s.ClientKeyPEM)
		requireNoErr(t, "WithMutualTLS", err)
		c := openClient(t, tlsCfg(s.TLSServer, tls))
		if got, err := c.Ping(ctx); err != nil || got != "PONG" {
			t.Fatalf("Ping = %q, %v", got, err)
		}
	})

	t.Run("no certificate is refused", func(t *testing.T) {
		c, err := NewClient(tlsCfg(s.TLSServer, trustServer()))
		if err == nil {
			c.Close()
			t.Fatal("a client without a certificate was let in")
		}
	})

	t.Run("certificate from another CA is refused", func(t *testing.T) {
		cert, key := s.IssueClient(t, "intruder", false)
		tls, err := trustServer().WithMutualTLS(cert, key)
		requireNoErr(t, "WithMutualTLS", err)
		c, err := NewClient(tlsCfg(s.TLSServer, tls))
		if err == nil {
			c.Close()
			t.Fatal("a certificate from an untrusted CA was accepted")
		}
	})

	t.Run("files reloaded", func(t *testing.T) {
		dir := t.TempDir()
		certPath, keyPath := filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
		write := func(cert, key []byte) {
			requireNoErr(t, "write cert", os.WriteFile(certPath, cert, 0o600))
			requireNoErr(t, "write key", os.WriteFile(keyPath, key, 0o600))
		}
		write(s.IssueClient(t, "not yet", false)) // refused until rotated
		cert, key, err := config.LoadClientCertificateAndKeyFromFile(certPath, keyPath)
		if err != nil || len(cert) == 0 || len(key) == 0 {
			t.Fatalf("LoadClientCertificateAndKeyFromFile: %v", err)
		}
		tls, err := trustServer().WithMutualTLSFromFiles(certPath, keyPath, config.WithReloadInterval(1))
		requireNoErr(t, "WithMutualTLSFromFiles", err)
		cfg := tlsCfg(s.TLSServer, tls).WithLazyConnect(true).
			WithReconnectStrategy(config.NewBackoffStrategy(2, 50, 2))
		c := openClient(t, cfg)
		if _, err := c.Ping(ctx); err == nil {
			t.Fatal("the untrusted certificate got in")
		}
		write(s.IssueClient(t, "rotated", true))
		waitFor(t, "the rotated certificate to be used", func() bool {
			_, err := c.Ping(ctx)
			return err == nil
		})
	})

	t.Run("configuration errors", func(t *testing.T) {
		if _, err := config.NewTlsConfiguration().WithMutualTLS(nil, s.ClientKeyPEM); err == nil {
			t.Error("an empty certificate was accepted")
		}
		if _, err := config.NewTlsConfiguration().WithMutualTLSFromFiles("/nonexistent/c.pem", "/nonexistent/k.pem"); err == nil {
			t.Error("missing files were accepted")
		}
		if _, _, err := config.LoadClientCertificateAndKeyFromFile("/nonexistent/c.pem", "/x"); err == nil {
			t.Error("LoadClientCertificateAndKeyFromFile of a missing file succeeded")
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "c")
		requireNoErr(t, "write", os.WriteFile(p, s.ClientCertPEM, 0o600))
		if _, err := config.NewTlsConfiguration().WithMutualTLSFromFiles(p, p, config.WithReloadInterval(0)); err == nil {
			t.Error("a zero reload interval was accepted")
		}
	})
}
