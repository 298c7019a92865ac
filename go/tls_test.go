package valkite

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// TLS against a real TLS-only server (Redis 7.0) whose CA the test generated: the
// server is verified by default, a wrong CA is refused, and insecure mode is opt-in.

func tlsCfg(s *testserver.TLSServer, tls *config.TlsConfiguration) *config.ClientConfiguration {
	cfg := cfgFor(s.Server).WithUseTLS(true)
	adv := config.NewAdvancedClientConfiguration().WithConnectionTimeout(2 * time.Second)
	if tls != nil {
		adv = adv.WithTlsConfiguration(tls)
	}
	return cfg.WithAdvancedConfiguration(adv)
}

func TestTLS(t *testing.T) {
	s := testserver.StartRedisTLS(t)
	ctx := context.Background()

	t.Run("trusted CA", func(t *testing.T) {
		c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(s.CAPEM)))
		if got, err := c.Ping(ctx); err != nil || got != "PONG" {
			t.Fatalf("Ping = %q, %v", got, err)
		}
		k := testKey(t, "k")
		if _, err := c.Set(ctx, k, "over tls"); err != nil {
			t.Fatal(err)
		}
		r, err := c.Get(ctx, k)
		requireResult(t, "Get", r, err, "over tls")
		// The server has no plain port, so this connection was encrypted.
		if reply := s.Do(t, "CONFIG", "GET", "port"); !strings.HasSuffix(reply, "$1\r\n0\r\n") {
			t.Fatalf("server has a plain port (%q); the test would not prove TLS", reply)
		}
	})

	t.Run("CA from a file", func(t *testing.T) {
		pem, err := config.LoadRootCertificatesFromFile(s.CAFile)
		requireNoErr(t, "LoadRootCertificatesFromFile", err)
		c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(pem)))
		if _, err := c.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("wrong CA is refused", func(t *testing.T) {
		c, err := NewClient(tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(s.WrongCAPEM)))
		if err == nil {
			c.Close()
			t.Fatal("connected while trusting an unrelated CA")
		}
		ce := requireAs[*ConnectionError](t, "NewClient(wrong CA)", err)
		if !strings.Contains(ce.Error(), "TLS") {
			t.Fatalf("message %q does not say TLS failed", ce.Error())
		}
	})

	t.Run("platform roots do not trust a private CA", func(t *testing.T) {
		c, err := NewClient(tlsCfg(s, nil))
		if err == nil {
			c.Close()
			t.Fatal("verified a certificate from the test's private CA against the platform roots")
		}
		requireAs[*ConnectionError](t, "NewClient(platform roots)", err)
	})

	t.Run("insecure mode needs no CA", func(t *testing.T) {
		c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithInsecureTLS(true)))
		if got, err := c.Ping(ctx); err != nil || got != "PONG" {
			t.Fatalf("Ping = %q, %v", got, err)
		}
	})

	t.Run("plain client against the TLS port", func(t *testing.T) {
		start := time.Now()
		c, err := NewClient(cfgFor(s.Server).
			WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().WithConnectionTimeout(time.Second)))
		if err == nil {
			c.Close()
			t.Fatal("a plain client connected to a TLS-only port")
		}
		requireAs[*ConnectionError](t, "NewClient(no TLS)", err)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("took %v; the connection timeout is 1s", d)
		}
	})

	t.Run("concurrent traffic", func(t *testing.T) {
		// TLS writes go through the writer task rather than inline: check ordering there.
		c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(s.CAPEM)))
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				key := testKey(t, strconv.Itoa(g))
				for i := 0; i < 200; i++ {
					val := fmt.Sprintf("%d-%d", g, i)
					if _, err := c.Set(ctx, key, val); err != nil {
						t.Errorf("Set: %v", err)
						return
					}
					r, err := c.Get(ctx, key)
					if err != nil || r.Value() != val {
						t.Errorf("Get %s = %q, %v; want %q", key, r.Value(), err, val)
						return
					}
				}
			}(g)
		}
		waitGroupWithin(t, &wg, 60*time.Second, "TLS traffic")
	})

	t.Run("reconnect after CLIENT KILL", func(t *testing.T) {
		c := openClient(t, tlsCfg(s, config.NewTlsConfiguration().WithRootCertificates(s.CAPEM)).
			WithReconnectStrategy(fastReconnect()).WithClientName("tls-survivor"))
		id, err := c.ClientId(ctx)
		requireNoErr(t, "ClientId", err)
		s.Do(t, "CLIENT", "KILL", "ID", strconv.FormatInt(id, 10))
		var newID int64
		pollUntil(t, "the TLS client to reconnect", 10*time.Second, func() bool {
			newID, err = c.ClientId(ctx)
			if err != nil && !isConnectionFailure(err) {
				t.Fatalf("ClientId while reconnecting: %T %v", err, err)
			}
			return err == nil && newID != id
		})
		n, err := c.ClientGetName(ctx)
		requireResult(t, "ClientGetName", n, err, "tls-survivor")
	})
}
