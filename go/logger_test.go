package valkite

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Each test installs the process-wide logger, so each runs in a process of its own.
func TestLogLostAndRestored(t *testing.T)  { runIsolated(t, "TestLogIsolatedLostAndRestored") }
func TestLogDefaultLevel(t *testing.T)     { runIsolated(t, "TestLogIsolatedDefaultLevel") }
func TestLogRateLimitsAStorm(t *testing.T) { runIsolated(t, "TestLogIsolatedRateLimit") }

// logCapture is an slog handler that keeps every record it is given, as text, and
// lets a test wait for one. It accepts every level: what reaches it is what the core
// let through.
type logCapture struct {
	mu      sync.Mutex
	records []capturedRecord
	notify  chan struct{}
}

type capturedRecord struct {
	level slog.Level
	msg   string
	attrs map[string]string
	text  string // message and every attribute, for secret checks
}

func newLogCapture() *logCapture { return &logCapture{notify: make(chan struct{}, 1)} }

func (c *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (c *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *logCapture) WithGroup(string) slog.Handler            { return c }
func (c *logCapture) Handle(_ context.Context, r slog.Record) error {
	rec := capturedRecord{level: r.Level, msg: r.Message, attrs: map[string]string{}}
	var sb strings.Builder
	sb.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		rec.attrs[a.Key] = a.Value.String()
		fmt.Fprintf(&sb, " %s=%s", a.Key, a.Value.String())
		return true
	})
	rec.text = sb.String()
	c.mu.Lock()
	c.records = append(c.records, rec)
	c.mu.Unlock()
	select {
	case c.notify <- struct{}{}:
	default:
	}
	return nil
}

func (c *logCapture) snapshot() []capturedRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]capturedRecord(nil), c.records...)
}

// await waits for the n-th record (counting from 1) with message msg and returns its
// index among all records.
func (c *logCapture) await(t *testing.T, msg string, n int) int {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		seen := 0
		for i, r := range c.snapshot() {
			if r.msg == msg {
				seen++
				if seen == n {
					return i
				}
			}
		}
		select {
		case <-c.notify:
		case <-deadline:
			t.Fatalf("no record %q (#%d) within 15s; records: %v", msg, n, c.snapshot())
		}
	}
}

func (c *logCapture) count(msg string) int {
	n := 0
	for _, r := range c.snapshot() {
		if r.msg == msg {
			n++
		}
	}
	return n
}

// logClientID asks the client for its connection's id.
func logClientID(t *testing.T, c *Client) string {
	t.Helper()
	v, err := c.CustomCommand(context.Background(), []string{"CLIENT", "ID"})
	if err != nil {
		t.Fatalf("CLIENT ID: %v", err)
	}
	id, ok := v.(int64)
	if !ok {
		t.Fatalf("CLIENT ID answered %T %v", v, v)
	}
	return strconv.FormatInt(id, 10)
}

// logAwaitPing retries PING until the client has reconnected (requests fail fast while
// it is down).
func logAwaitPing(t *testing.T, c *Client) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.Ping(context.Background())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("PING after the reconnect: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const logTestPassword = "Zq7-unmistakable-Pa55word-9x"

func TestLogIsolatedLostAndRestored(t *testing.T) {
	isolated(t)
	srv := testserver.StartValkey(t)
	srv.Do(t, "CONFIG", "SET", "requirepass", logTestPassword)
	capture := newLogCapture()
	SetLogger(slog.New(capture))
	SetLogLevel(slog.LevelInfo)
	defer SetLogger(nil)

	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: srv.Host, Port: srv.Port}).
		WithCredentials(config.NewServerCredentialsWithDefaultUsername(logTestPassword)).
		WithRequestTimeout(5 * time.Second)
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer c.Close()
	killer, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer killer.Close()
	// The server drops the connection; the client reconnects (authenticating again).
	if _, err := killer.CustomCommand(context.Background(), []string{"CLIENT", "KILL", "ID", logClientID(t, c)}); err != nil {
		t.Fatalf("CLIENT KILL: %v", err)
	}
	lost := capture.await(t, "connection lost", 1)
	restored := capture.await(t, "connection restored", 1)
	if lost > restored {
		t.Fatalf("restored (record %d) before lost (record %d)", restored, lost)
	}
	recs := capture.snapshot()
	addr := srv.Addr()
	for _, i := range []int{lost, restored} {
		r := recs[i]
		if r.attrs["address"] != addr || !strings.HasPrefix(r.attrs["target"], "valkite") {
			t.Fatalf("record %q: attributes %v, want address %s and a valkite target", r.msg, r.attrs, addr)
		}
	}
	if recs[lost].level != slog.LevelWarn || recs[restored].level != slog.LevelInfo {
		t.Fatalf("levels: lost %v, restored %v", recs[lost].level, recs[restored].level)
	}
	logAwaitPing(t, c)
	for _, r := range capture.snapshot() {
		if strings.Contains(r.text, logTestPassword) {
			t.Fatalf("a record carries the password: %s", r.text)
		}
	}
}

func TestLogIsolatedDefaultLevel(t *testing.T) {
	isolated(t)
	srv := testserver.StartValkey(t)
	capture := newLogCapture()
	SetLogger(slog.New(capture)) // no SetLogLevel: warnings and errors only
	defer SetLogger(nil)
	c := statsClient(t, srv, nil)

	// Two losses in a row. The records come in the core's order, so once the second
	// loss is here, a record of the reconnect between them would be here too.
	srv.Do(t, "CLIENT", "KILL", "ID", logClientID(t, c))
	capture.await(t, "connection lost", 1)
	logAwaitPing(t, c)
	srv.Do(t, "CLIENT", "KILL", "ID", logClientID(t, c))
	capture.await(t, "connection lost", 2)
	for _, r := range capture.snapshot() {
		if r.level < slog.LevelWarn {
			t.Fatalf("the default level let through %v record %q", r.level, r.msg)
		}
	}
	if n := capture.count("connection restored"); n != 0 {
		t.Fatalf("%d info records 'connection restored' at the default level", n)
	}
}

// TestLogIsolatedRateLimit makes a client fail to reconnect many times in a row (the
// server takes one client only, and the test holds that place), then lets it in.
func TestLogIsolatedRateLimit(t *testing.T) {
	isolated(t)
	srv := testserver.StartValkey(t, "--maxclients", "1")
	capture := newLogCapture()
	SetLogger(slog.New(capture))
	SetLogLevel(slog.LevelInfo)
	defer SetLogger(nil)

	holder, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer holder.Close()
	rd := bufio.NewReader(holder)
	rejected := func() int {
		t.Helper()
		if _, err := holder.Write([]byte("*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n")); err != nil {
			t.Fatalf("INFO: %v", err)
		}
		head, err := rd.ReadString('\n')
		if err != nil || !strings.HasPrefix(head, "$") {
			t.Fatalf("INFO reply %q: %v", head, err)
		}
		size, _ := strconv.Atoi(strings.TrimSpace(head[1:]))
		body := make([]byte, size+2)
		if _, err := io.ReadFull(rd, body); err != nil {
			t.Fatalf("INFO body: %v", err)
		}
		for _, line := range strings.Split(string(body), "\r\n") {
			if v, ok := strings.CutPrefix(line, "rejected_connections:"); ok {
				n, _ := strconv.Atoi(v)
				return n
			}
		}
		t.Fatalf("no rejected_connections in INFO stats")
		return 0
	}
	if rejected() != 0 {
		t.Fatal("rejections before the test began")
	}

	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: srv.Host, Port: srv.Port}).
		WithLazyConnect(true).
		WithReconnectStrategy(config.NewBackoffStrategy(1, 5, 2)).
		WithRequestTimeout(200 * time.Millisecond)
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer c.Close()
	_, _ = c.Ping(context.Background()) // starts connecting; fails while the place is taken
	const storm = 30
	deadline := time.Now().Add(20 * time.Second)
	for rejected() < storm {
		if time.Now().After(deadline) {
			t.Fatalf("only %d rejected connects in 20s", rejected())
		}
		time.Sleep(20 * time.Millisecond) // the server's counter has no event to wait on
	}
	holder.Close() // the next attempt gets in
	restored := capture.await(t, "connection restored", 1)
	recs := capture.snapshot()
	failed := 0
	for _, r := range recs[:restored] {
		if r.msg == "reconnect failed" {
			failed++
			if r.attrs["suppressed"] != "0" {
				t.Fatalf("a record within the first burst reports suppressed=%s", r.attrs["suppressed"])
			}
		}
	}
	attempts, _ := strconv.Atoi(recs[restored].attrs["attempts"])
	if attempts < storm {
		t.Fatalf("restored after %d attempts, want ≥ %d", attempts, storm)
	}
	// The limit: 5 records per 10 s from one place in the code.
	if failed != 5 {
		t.Fatalf("%d 'reconnect failed' records for %d failed attempts, want 5", failed, attempts)
	}
}

// Routing the client core's log records into an application's slog logger, with
// informational records too (connection restored, topology changes).
func ExampleSetLogger() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	SetLogger(logger)
	SetLogLevel(slog.LevelInfo)
	defer SetLogger(nil) // stop routing
}
