package testserver

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestReadFrame(t *testing.T) {
	t.Parallel()
	good := []string{
		"+OK\r\n",
		"-ERR wrong\r\n",
		":42\r\n",
		"$-1\r\n",
		"$0\r\n\r\n",
		"$5\r\nhe\r\no\r\n", // CRLF inside a bulk string is data
		"*-1\r\n",
		"*2\r\n$1\r\na\r\n*1\r\n:1\r\n",
		"%1\r\n+k\r\n~2\r\n#t\r\n_\r\n",
		"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n", // attribute, then its reply
		">2\r\n+message\r\n=8\r\ntxt:some\r\n",
		",1.5\r\n",
		"(12345678901234567890\r\n",
		"!3\r\nERR\r\n",
	}
	for _, frame := range good {
		// A second frame behind the first must be left unread.
		r := bufio.NewReader(strings.NewReader(frame + "+NEXT\r\n"))
		got, err := readFrame(r)
		if err != nil || string(got) != frame {
			t.Errorf("readFrame(%q) = %q, %v", frame, got, err)
		}
	}
	bad := []string{"", "+OK\n", "$3\r\nab\r\n", "$2\r\nabcd", "*2\r\n+a\r\n", "?x\r\n", "$x\r\n"}
	for _, frame := range bad {
		if got, err := readFrame(bufio.NewReader(strings.NewReader(frame))); err == nil {
			t.Errorf("readFrame(%q) = %q, want an error", frame, got)
		}
	}
}

func TestReplyText(t *testing.T) {
	t.Parallel()
	cases := map[string]string{"+OK\r\n": "OK", ":7\r\n": "7", "$3\r\nabc\r\n": "abc", "$-1\r\n": "", "=7\r\ntxt:abc\r\n": "abc"}
	for raw, want := range cases {
		if got, err := replyText(raw); err != nil || got != want {
			t.Errorf("replyText(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	if _, err := replyText("-ERR no\r\n"); err == nil {
		t.Error("an error reply must become an error")
	}
}

func TestKeySlot(t *testing.T) {
	t.Parallel()
	// Reference values from the cluster specification and CLUSTER KEYSLOT.
	cases := map[string]int{
		"123456789":            0x31C3,
		"foo":                  12182,
		"bar":                  5061,
		"{user1000}.following": KeySlot("user1000"),
		"{user1000}.followers": KeySlot("user1000"),
		"":                     0,
	}
	for key, want := range cases {
		if got := KeySlot(key); got != want {
			t.Errorf("KeySlot(%q) = %d, want %d", key, got, want)
		}
	}
	if KeySlot("{a}x") != KeySlot("a") || KeySlot("a{b") == KeySlot("b") {
		t.Error("hash tags are not honoured as the specification says")
	}
}

func TestValkeyLifecycle(t *testing.T) {
	t.Parallel()
	s := StartValkey(t, "--maxmemory", "64mb")
	if got := s.Do(t, "PING"); got != "+PONG\r\n" {
		t.Fatalf("PING = %q", got)
	}
	if got := s.Do(t, "CONFIG", "GET", "maxmemory"); got != "*2\r\n$9\r\nmaxmemory\r\n$8\r\n67108864\r\n" {
		t.Errorf("extra args not applied: CONFIG GET maxmemory = %q", got)
	}
	if v := s.Info(t, "server")["valkey_version"]; !strings.HasPrefix(v, "9.") {
		t.Errorf("valkey_version = %q, want 9.x", v)
	}
	s.Do(t, "SET", "k", "v")
	if got := s.Do(t, "GET", "k"); got != "$1\r\nv\r\n" {
		t.Errorf("GET = %q", got)
	}
	if got := s.Do(t, "NOSUCHCOMMAND"); !strings.HasPrefix(got, "-ERR") {
		t.Errorf("an error reply is returned raw, got %q", got)
	}

	addr := s.Addr()
	s.Kill()
	if _, err := s.Exec("PING"); err == nil {
		t.Fatal("a killed server still answers")
	}
	s.Restart(t)
	if s.Addr() != addr {
		t.Fatalf("restart moved the server from %s to %s", addr, s.Addr())
	}
	if got := s.Do(t, "PING"); got != "+PONG\r\n" {
		t.Fatalf("PING after restart = %q", got)
	}
	s.Restart(t) // restarting a running server stops it first
	s.Do(t, "PING")

	s.Pause()
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write(appendCommand(nil, []string{"PING"})); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	r := bufio.NewReader(conn)
	var netErr net.Error
	if _, err := readFrame(r); !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("a paused server answered: %v", err)
	}
	s.Resume()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if got, err := readFrame(r); err != nil || string(got) != "+PONG\r\n" {
		t.Fatalf("after Resume: %q, %v", got, err)
	}

	s.Stop()
	s.Stop() // idempotent
	if _, err := s.Exec("PING"); err == nil {
		t.Fatal("a stopped server still answers")
	}
}

func TestServersGetDistinctPorts(t *testing.T) {
	t.Parallel()
	a, b := StartValkey(t), StartRedis(t)
	if a.Port == b.Port {
		t.Fatalf("both servers on port %d", a.Port)
	}
	if v := b.Info(t, "server")["redis_version"]; !strings.HasPrefix(v, "7.") {
		t.Errorf("redis_version = %q, want 7.x", v)
	}
	if !strings.Contains(b.Log(), "Ready to accept connections") {
		t.Errorf("the server log is not captured: %q", tail(b.Log(), 5))
	}
}

func TestRedisTLS(t *testing.T) {
	t.Parallel()
	s := StartRedisTLS(t)
	if got := s.Do(t, "PING"); got != "+PONG\r\n" {
		t.Fatalf("PING over TLS = %q", got)
	}

	dial := func(caPEM []byte, serverName string) error {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(caPEM) {
			return errors.New("CA PEM does not parse")
		}
		d := &net.Dialer{Timeout: 5 * time.Second}
		conn, err := tls.DialWithDialer(d, "tcp", s.Addr(), &tls.Config{RootCAs: pool, ServerName: serverName, MinVersion: tls.VersionTLS12})
		if err != nil {
			return err
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := conn.Write(appendCommand(nil, []string{"PING"})); err != nil {
			return err
		}
		got, err := readFrame(bufio.NewReader(conn))
		if err == nil && string(got) != "+PONG\r\n" {
			err = fmt.Errorf("PING = %q", got)
		}
		return err
	}
	for _, name := range []string{"localhost", "127.0.0.1", ""} {
		if err := dial(s.CAPEM, name); err != nil {
			t.Errorf("trusted CA, server name %q: %v", name, err)
		}
	}
	var unknown x509.UnknownAuthorityError
	if err := dial(s.WrongCAPEM, "localhost"); !errors.As(err, &unknown) {
		t.Errorf("unrelated CA: got %v, want an unknown authority error", err)
	}
	var hostErr x509.HostnameError
	if err := dial(s.CAPEM, "example.com"); !errors.As(err, &hostErr) {
		t.Errorf("wrong server name: got %v, want a hostname error", err)
	}

	// The plain port is off and the TLS port does not speak plain RESP.
	conn, err := net.DialTimeout("tcp", s.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	_, _ = conn.Write(appendCommand(nil, []string{"PING"}))
	if got, err := readFrame(bufio.NewReader(conn)); err == nil {
		t.Errorf("plain PING on the TLS port answered %q", got)
	}

	s.Restart(t)
	if got := s.Do(t, "PING"); got != "+PONG\r\n" {
		t.Fatalf("PING over TLS after restart = %q", got)
	}
}

func TestCluster(t *testing.T) {
	t.Parallel()
	c := StartCluster(t, 3, 1)
	if len(c.Nodes) != 6 || len(c.Primaries()) != 3 || len(c.Replicas()) != 3 {
		t.Fatalf("got %d nodes, %d primaries, %d replicas", len(c.Nodes), len(c.Primaries()), len(c.Replicas()))
	}
	if len(c.Addrs()) != 6 {
		t.Fatalf("Addrs() = %v", c.Addrs())
	}
	for i, p := range c.Primaries() {
		if p.Shard != i || c.NodeForSlot(p.FirstSlot) != p || c.NodeForSlot(p.LastSlot) != p {
			t.Errorf("primary %d owns %d-%d but NodeForSlot disagrees", i, p.FirstSlot, p.LastSlot)
		}
	}
	if c.NodeForSlot(0) != c.Primaries()[0] || c.NodeForSlot(SlotCount-1) != c.Primaries()[2] || c.NodeForSlot(SlotCount) != nil {
		t.Error("NodeForSlot does not cover 0..16383 exactly")
	}
	for _, r := range c.Replicas() {
		info := r.Info(t, "replication")
		if info["role"] != "slave" || info["master_port"] != fmt.Sprint(c.Primaries()[r.Shard].Port) {
			t.Errorf("replica %s: role %s of port %s", r.Addr(), info["role"], info["master_port"])
		}
	}

	// A restarted node rejoins through its nodes.conf on the same ports.
	r := c.Replicas()[0]
	r.Restart(t)
	c.WaitHealthy(t)

	// The slot map the servers agreed on matches the one the package reports.
	for _, key := range []string{"foo", "bar", "{user}.1", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "{}x"} {
		owner := c.NodeForKey(key)
		if got := owner.Do(t, "CLUSTER", "KEYSLOT", key); got != fmt.Sprintf(":%d\r\n", KeySlot(key)) {
			t.Errorf("CLUSTER KEYSLOT %s = %q, KeySlot = %d", key, got, KeySlot(key))
		}
		if got := owner.Do(t, "SET", key, "v"); got != "+OK\r\n" {
			t.Errorf("SET %s on its owner: %q", key, got)
		}
		other := c.Primaries()[(owner.Shard+1)%3]
		want := fmt.Sprintf("-MOVED %d %s\r\n", KeySlot(key), owner.Addr())
		if got := other.Do(t, "GET", key); got != want {
			t.Errorf("GET %s on a non-owner = %q, want %q", key, got, want)
		}
	}
}

// recorder stands in for a testing.TB to observe how a helper ends a test.
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func runRecorded(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func TestMissingBinary(t *testing.T) {
	t.Setenv("VALKITE_TOOLS", t.TempDir())

	t.Setenv("CI", "")
	r := runRecorded(t, func(tb testing.TB) { StartValkey(tb) })
	if !r.skipped || !strings.Contains(r.msg, "scripts/setup.sh") {
		t.Errorf("outside CI a missing binary must skip with a setup hint; skipped=%v failed=%v %q", r.skipped, r.failed, r.msg)
	}

	t.Setenv("CI", "true")
	r = runRecorded(t, func(tb testing.TB) { StartRedisTLS(tb) })
	if !r.failed || !strings.Contains(r.msg, "CI must not skip") {
		t.Errorf("under CI a missing binary must fail; skipped=%v failed=%v %q", r.skipped, r.failed, r.msg)
	}
}

func TestToolsDirFromRepoRoot(t *testing.T) {
	t.Setenv("VALKITE_TOOLS", "")
	dir, err := toolsDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(dir, "/.tools/bin") || !isRepoRoot(strings.TrimSuffix(dir, "/.tools/bin")) {
		t.Errorf("toolsDir() = %q, want <repo>/.tools/bin", dir)
	}
}
