package valkite

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Lifecycle and configuration: what NewClient accepts, what it refuses before touching
// the network, and the announcement's configuration samples against a real server.

// cfgFor is a configuration for s with a request timeout that a loaded two-core CI
// machine cannot trip by accident; tests about timeouts set their own.
func cfgFor(s *testserver.Server) *config.ClientConfiguration {
	return config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(5 * time.Second)
}

// openClient creates a client that is closed when the test ends.
func openClient(t testing.TB, cfg *config.ClientConfiguration) *Client {
	t.Helper()
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// requireAs fails unless errors.As finds an E (a pointer error type such as
// *ConnectionError) in err, and returns it.
func requireAs[E error](t testing.TB, what string, err error) E {
	t.Helper()
	var target E
	if !errors.As(err, &target) {
		t.Fatalf("%s: want %T, got %T: %v", what, target, err, err)
	}
	return target
}

// pollUntil retries cond until it holds or timeout passes. For events that a test can
// only observe from outside (a server noticing a connection), never as a stand-in for
// one it can await.
func pollUntil(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fakeServer is a loopback listener that accepts connections and never answers:
// it shows whether (and when) a client dialled, and plays a server that hangs.
type fakeServer struct {
	ln       *net.TCPListener
	accepted chan net.Conn
}

func newFakeServer(t *testing.T) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{ln: ln.(*net.TCPListener), accepted: make(chan net.Conn, 64)}
	go func() {
		for {
			c, err := f.ln.Accept()
			if err != nil {
				close(f.accepted)
				return
			}
			f.accepted <- c
		}
	}()
	t.Cleanup(func() {
		_ = f.ln.Close()
		for c := range f.accepted {
			_ = c.Close()
		}
	})
	return f
}

func (f *fakeServer) addr() *config.NodeAddress {
	a := f.ln.Addr().(*net.TCPAddr)
	return &config.NodeAddress{Host: "127.0.0.1", Port: a.Port}
}

// expectNoConnection fails if a client connects within window. Observing that
// something does not happen needs a window; it is kept short.
func (f *fakeServer) expectNoConnection(t *testing.T, window time.Duration, when string) {
	t.Helper()
	select {
	case c, ok := <-f.accepted:
		if ok {
			_ = c.Close()
			t.Fatalf("%s: the client opened a connection", when)
		}
	case <-time.After(window):
	}
}

// expectConnection waits for the client's connection.
func (f *fakeServer) expectConnection(t *testing.T, timeout time.Duration, when string) net.Conn {
	t.Helper()
	select {
	case c := <-f.accepted:
		return c
	case <-time.After(timeout):
		t.Fatalf("%s: no connection within %v", when, timeout)
		return nil
	}
}

// TestNewClientRejectsInvalidConfiguration: every invalid option is a
// *ConfigurationError from NewClient, and the client never dials the (listening)
// address to find out.
func TestNewClientRejectsInvalidConfiguration(t *testing.T) {
	fake := newFakeServer(t)
	base := func() *config.ClientConfiguration {
		return config.NewClientConfiguration().WithAddress(fake.addr())
	}
	adv := config.NewAdvancedClientConfiguration
	cases := []struct {
		name    string
		cfg     *config.ClientConfiguration
		message string // a fragment the message must contain, when it matters
	}{
		// The announcement's sample: 500 meant milliseconds in v1; in v2 it is 500 ns.
		{"request timeout 500ns", base().WithRequestTimeout(500), "500 * time.Millisecond"},
		{"request timeout 999µs", base().WithRequestTimeout(999 * time.Microsecond), "time.Millisecond"},
		{"negative request timeout", base().WithRequestTimeout(-time.Second), "negative"},
		{"request timeout beyond 2^32 ms", base().WithRequestTimeout(50 * 24 * time.Hour), ""},
		{"negative connection timeout", base().WithAdvancedConfiguration(adv().WithConnectionTimeout(-time.Second)), "negative"},
		{"AZ affinity without client AZ", base().WithReadFrom(config.AzAffinity), "WithClientAZ"},
		{"AZ affinity (with primary) without client AZ", base().WithReadFrom(config.AzAffinityReplicaAndPrimary), "WithClientAZ"},
		{"port above 65535", config.NewClientConfiguration().WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 70000}), "port"},
		{"negative port", config.NewClientConfiguration().WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: -1}), "port"},
		{"one bad port among good ones", base().WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 65536}), "port"},
		{"negative database id", base().WithDatabaseId(-1), "database"},
		{"negative reconnect retries", base().WithReconnectStrategy(config.NewBackoffStrategy(-1, 10, 2)), "retries"},
		{"jitter above 100%", base().WithReconnectStrategy(config.NewBackoffStrategy(5, 10, 2).WithJitterPercent(101)), "jitter"},
		{"negative in-flight limit", base().WithInflightRequestsLimit(-1), "inflight"},
		{"insecure TLS without TLS", base().WithAdvancedConfiguration(adv().WithTlsConfiguration(
			config.NewTlsConfiguration().WithInsecureTLS(true))), "WithUseTLS"},
		{"empty root certificates", base().WithUseTLS(true).WithAdvancedConfiguration(adv().WithTlsConfiguration(
			config.NewTlsConfiguration().WithRootCertificates([]byte{}))), "empty"},
		{"root certificates without a certificate", base().WithUseTLS(true).WithAdvancedConfiguration(adv().WithTlsConfiguration(
			config.NewTlsConfiguration().WithRootCertificates([]byte("not a PEM file")))), "CERTIFICATE"},
		{"lib name with a space", base().WithLibName("my lib"), "lib name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.cfg)
			if err == nil {
				c.Close()
				t.Fatal("NewClient accepted the configuration")
			}
			if c != nil {
				t.Errorf("NewClient returned a client (%p) with its error", c)
			}
			ce := requireAs[*ConfigurationError](t, "NewClient", err)
			if !strings.Contains(ce.Error(), tc.message) {
				t.Fatalf("message %q does not mention %q", ce.Error(), tc.message)
			}
		})
	}
	t.Run("nil configuration", func(t *testing.T) {
		c, err := NewClient(nil)
		if c != nil {
			t.Error("NewClient(nil) returned a client")
		}
		requireAs[*ConfigurationError](t, "NewClient(nil)", err)
	})
	// Checked after all of them: had any dialled, the connection would be queued here.
	fake.expectNoConnection(t, 100*time.Millisecond, "after rejected configurations")
}

// TestConfigurationErrorNamesTheIntent: the exact advice for the announcement's
// WithRequestTimeout(500), since users will copy that line.
func TestConfigurationErrorNamesTheIntent(t *testing.T) {
	_, err := NewClient(config.NewClientConfiguration().WithRequestTimeout(500))
	ce := requireAs[*ConfigurationError](t, "NewClient", err)
	if !strings.Contains(ce.Error(), "request timeout") || !strings.Contains(ce.Error(), "500 * time.Millisecond") {
		t.Fatalf("message %q should name the option and suggest 500 * time.Millisecond", ce.Error())
	}
}

// TestNewClientClosedPort: nothing listening → *ConnectionError, well within the
// connection timeout (a refused connection is not a reason to wait).
func TestNewClientClosedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()

	const connTimeout = 2 * time.Second
	start := time.Now()
	c, err := NewClient(config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: port}).
		WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().WithConnectionTimeout(connTimeout)))
	elapsed := time.Since(start)
	if err == nil {
		c.Close()
		t.Fatal("NewClient connected to a closed port")
	}
	requireAs[*ConnectionError](t, "NewClient(closed port)", err)
	if elapsed > connTimeout {
		t.Fatalf("NewClient took %v, beyond the %v connection timeout", elapsed, connTimeout)
	}
}

// TestNewClientConnectionTimeout: a server that accepts but never answers the
// handshake costs exactly the connection timeout, then a *ConnectionError.
func TestNewClientConnectionTimeout(t *testing.T) {
	fake := newFakeServer(t)
	const connTimeout = 300 * time.Millisecond
	start := time.Now()
	c, err := NewClient(config.NewClientConfiguration().
		WithAddress(fake.addr()).
		WithAdvancedConfiguration(config.NewAdvancedClientConfiguration().WithConnectionTimeout(connTimeout)))
	elapsed := time.Since(start)
	if err == nil {
		c.Close()
		t.Fatal("NewClient succeeded against a server that never answers")
	}
	requireAs[*ConnectionError](t, "NewClient(silent server)", err)
	if elapsed < connTimeout {
		t.Fatalf("gave up after %v, before the %v connection timeout", elapsed, connTimeout)
	}
	if elapsed > connTimeout+time.Second {
		t.Fatalf("gave up after %v; the connection timeout is %v", elapsed, connTimeout)
	}
	fake.expectConnection(t, time.Second, "silent server")
}

// TestAnnouncementReconnectStrategy: the announcement's reconnect sample (with its
// missing comma added) compiles and yields a working client.
func TestAnnouncementReconnectStrategy(t *testing.T) {
	s := sharedValkey.get(t)
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithReconnectStrategy(config.NewBackoffStrategy(
			5,  // Number of retry attempts, with increasing backoff between attempts.
			10, // Multiplier that will be applied to the delay between attempts.
			2,  // Exponent base configured for the backoff strategy.
		))
	c := openClient(t, cfg)
	if got, err := c.Ping(context.Background()); err != nil || got != "PONG" {
		t.Fatalf("Ping = %q, %v", got, err)
	}
}

// TestPasswordCredentials: a server with requirepass lets in the right password for
// the default user, and refuses a wrong or missing one with a *ConnectionError at
// NewClient (not a client that fails every command later).
func TestPasswordCredentials(t *testing.T) {
	// Set after start-up: the testserver's readiness probe cannot authenticate
	// (StartValkey with --requirepass never sees its PONG).
	s := testserver.StartValkey(t)
	fixture(t, s, "CONFIG", "SET", "requirepass", "s3cret")
	ctx := context.Background()

	c := openClient(t, cfgFor(s).WithCredentials(config.NewServerCredentialsWithDefaultUsername("s3cret")))
	if who, err := c.AclWhoAmI(ctx); err != nil || who != "default" {
		t.Fatalf("AclWhoAmI = %q, %v", who, err)
	}
	if _, err := c.Set(ctx, "k", "v"); err != nil {
		t.Fatalf("Set as default user: %v", err)
	}

	for name, cfg := range map[string]*config.ClientConfiguration{
		"wrong password": cfgFor(s).WithCredentials(config.NewServerCredentialsWithDefaultUsername("wrong")),
		"no credentials": cfgFor(s),
	} {
		bad, err := NewClient(cfg)
		if err == nil {
			bad.Close()
			t.Fatalf("%s: NewClient succeeded", name)
		}
		requireAs[*ConnectionError](t, name, err)
	}
}

// TestACLUserCredentials: NewServerCredentials authenticates a named ACL user (the
// connection runs as that user), and a wrong password for it is a *ConnectionError.
func TestACLUserCredentials(t *testing.T) {
	s := sharedValkey.get(t)
	user := "valkite-acl-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	fixture(t, s, "ACL", "SETUSER", user, "on", ">pa55", "~"+t.Name()+":*", "+@all")
	t.Cleanup(func() { _, _ = s.Exec("ACL", "DELUSER", user) })
	ctx := context.Background()

	c := openClient(t, cfgFor(s).WithCredentials(config.NewServerCredentials(user, "pa55")))
	if who, err := c.AclWhoAmI(ctx); err != nil || who != user {
		t.Fatalf("AclWhoAmI = %q, %v; want %q", who, err, user)
	}
	// The user's key pattern applies: proof the connection runs under its ACL.
	if _, err := c.Set(ctx, testKey(t, "mine"), "v"); err != nil {
		t.Fatalf("Set within the user's keys: %v", err)
	}
	_, err := c.Set(ctx, "outside-"+user, "v")
	requireServerError(t, err, "NOPERM")
	_, _ = c.Del(ctx, []string{testKey(t, "mine")})

	bad, err := NewClient(cfgFor(s).WithCredentials(config.NewServerCredentials(user, "wrong")))
	if err == nil {
		bad.Close()
		t.Fatal("NewClient with a wrong ACL password succeeded")
	}
	requireAs[*ConnectionError](t, "wrong ACL password", err)
}

// TestDatabaseIdIsolatesKeys: WithDatabaseId(3) puts the client's keys in database
// 3, invisible from database 0.
func TestDatabaseIdIsolatesKeys(t *testing.T) {
	s := sharedValkey.get(t)
	ctx := context.Background()
	k := testKey(t, "k")
	db3 := openClient(t, cfgFor(s).WithDatabaseId(3))
	db0 := openClient(t, cfgFor(s))
	t.Cleanup(func() { _, _ = db3.Del(context.Background(), []string{k}) })

	if _, err := db3.Set(ctx, k, "in-3"); err != nil {
		t.Fatal(err)
	}
	got, err := db0.Get(ctx, k)
	requireNil(t, "Get from db 0", got, err)
	if reply := s.Do(t, "GET", k); reply != "$-1\r\n" && reply != "_\r\n" {
		t.Fatalf("a plain connection (db 0) sees the key: %q", reply)
	}
	got, err = db3.Get(ctx, k)
	requireResult(t, "Get from db 3", got, err, "in-3")
	info, err := db3.CustomCommand(ctx, []string{"CLIENT", "INFO"})
	if err != nil || !strings.Contains(info.(string), " db=3 ") {
		t.Fatalf("CLIENT INFO = %v, %v; want db=3", info, err)
	}
}

// TestClientNameFromConfig: WithClientName names the connection server-side.
func TestClientNameFromConfig(t *testing.T) {
	s := sharedValkey.get(t)
	c := openClient(t, cfgFor(s).WithClientName("valkite-config-name"))
	name, err := c.ClientGetName(context.Background())
	requireResult(t, "ClientGetName", name, err, "valkite-config-name")
}

// TestLazyConnectDefersTheConnection: with WithLazyConnect(true) NewClient succeeds
// without dialling; the first command makes the connection and works.
func TestLazyConnectDefersTheConnection(t *testing.T) {
	t.Run("no dial before the first command", func(t *testing.T) {
		fake := newFakeServer(t)
		c := openClient(t, config.NewClientConfiguration().WithAddress(fake.addr()).WithLazyConnect(true).
			WithRequestTimeout(time.Second))
		fake.expectNoConnection(t, 300*time.Millisecond, "after NewClient with lazy connect")
		done := make(chan error, 1)
		go func() {
			_, err := c.Ping(context.Background())
			done <- err
		}()
		conn := fake.expectConnection(t, 5*time.Second, "first command")
		_ = conn.Close() // a fake server: the command fails, which is fine here
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the first command hung after its connection was closed")
		}
	})
	t.Run("real server", func(t *testing.T) {
		s := testserver.StartValkey(t)
		connected := func() int {
			// The INFO connection itself is one of them.
			n, _ := strconv.Atoi(s.Info(t, "clients")["connected_clients"])
			return n - 1
		}
		if n := connected(); n != 0 {
			t.Fatalf("fresh server has %d clients", n)
		}
		c := openClient(t, cfgFor(s).WithLazyConnect(true).WithClientName("lazy"))
		// A short window in which an eager client would show up.
		for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if n := connected(); n != 0 {
				t.Fatalf("lazy client connected before any command (%d clients)", n)
			}
		}
		if got, err := c.Ping(context.Background()); err != nil || got != "PONG" {
			t.Fatalf("first command: %q, %v", got, err)
		}
		if n := connected(); n != 1 {
			t.Fatalf("after the first command the server has %d clients, want 1", n)
		}
		name, err := c.ClientGetName(context.Background())
		requireResult(t, "ClientGetName", name, err, "lazy")
	})
	t.Run("server down at creation", func(t *testing.T) {
		s := testserver.StartValkey(t)
		s.Stop()
		c, err := NewClient(cfgFor(s).WithLazyConnect(true))
		if err != nil {
			t.Fatalf("lazy NewClient with the server down: %v", err)
		}
		t.Cleanup(c.Close)
		s.Restart(t)
		var got string
		pollUntil(t, "first command to succeed", 10*time.Second, func() bool {
			got, err = c.Ping(context.Background())
			return err == nil
		})
		if got != "PONG" {
			t.Fatalf("Ping = %q", got)
		}
	})
}

// TestCloseReleasesServerConnection: Close really closes the socket (the server sees
// the client leave), rather than only refusing further calls.
func TestCloseReleasesServerConnection(t *testing.T) {
	s := testserver.StartValkey(t)
	c, err := NewClient(cfgFor(s).WithClientName("to-close"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if list := s.Do(t, "CLIENT", "LIST"); !strings.Contains(list, "name=to-close") {
		t.Fatalf("client not listed: %q", list)
	}
	c.Close()
	pollUntil(t, "the server to drop the connection", 5*time.Second, func() bool {
		return !strings.Contains(s.Do(t, "CLIENT", "LIST"), "name=to-close")
	})
}
