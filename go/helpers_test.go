package valkite

import (
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Integration tests share one Valkey server (and one Redis 7.0 server for the tests
// that compare behaviour) per package run: starting a server per test would dominate
// the run time. Each test gets its own Client, so connection state (SELECT, CLIENT
// SETNAME, RESET) never leaks between tests, and names its keys after itself (see
// testKey), so data never collides. Tests that change server-wide state (FLUSHALL, CONFIG
// SET, CLIENT PAUSE) restore it and do not run in parallel.

var (
	sharedValkey = &sharedServer{name: "valkey", start: testserver.StartValkey}
	sharedRedis  = &sharedServer{name: "redis", start: testserver.StartRedis}
)

func TestMain(m *testing.M) {
	code := m.Run()
	pkgTB.cleanup()
	os.Exit(code)
}

// newTestClient connects a fresh Client to the shared Valkey server. It is closed when
// the test ends.
func newTestClient(t *testing.T) (*Client, *testserver.Server) {
	t.Helper()
	return connect(t, sharedValkey.get(t))
}

// newRedisTestClient is newTestClient against the shared Redis 7.0 server.
func newRedisTestClient(t *testing.T) (*Client, *testserver.Server) {
	t.Helper()
	return connect(t, sharedRedis.get(t))
}

func connect(t *testing.T, s *testserver.Server) (*Client, *testserver.Server) {
	t.Helper()
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: s.Host, Port: s.Port}).
		WithRequestTimeout(5 * time.Second)
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient(%s): %v", s.Addr(), err)
	}
	t.Cleanup(c.Close)
	return c, s
}

// testKey names a key after the running test, so tests sharing a server never touch each
// other's data.
func testKey(t *testing.T, name string) string {
	return t.Name() + ":" + name + rerunSuffix(t)
}

// rerunSuffix keeps a test's keys apart from its earlier runs in the same process
// (go test -count N): a test that counts or appends must not find its last run's data.
// The first run gets none, so keys stay readable and ACL patterns like "<test>:*" match.
func rerunSuffix(t *testing.T) string {
	runs.mu.Lock()
	defer runs.mu.Unlock()
	if runs.of == nil {
		runs.of = map[string]*testing.T{}
		runs.n = map[string]int{}
	}
	if runs.of[t.Name()] != t {
		runs.of[t.Name()] = t
		runs.n[t.Name()]++
	}
	if n := runs.n[t.Name()]; n > 1 {
		return "~run" + strconv.Itoa(n)
	}
	return ""
}

var runs struct {
	mu sync.Mutex
	of map[string]*testing.T // the latest run of each test name
	n  map[string]int
}

// requireServerError fails unless err is a *RequestError whose message starts with
// prefix (the server's error code, such as "WRONGTYPE" or "ERR").
func requireServerError(t *testing.T, err error, prefix string) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("want a *RequestError starting with %q, got %T: %v", prefix, err, err)
	}
	if !strings.HasPrefix(re.Error(), prefix) {
		t.Fatalf("want a server error starting with %q, got %q", prefix, re.Error())
	}
}

// requireNoErr fails the test on err, naming the call.
func requireNoErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// fixture sets up test data with a plain command on the test server's own connection, so a
// fixture never depends on the command under test.
func fixture(t *testing.T, s *testserver.Server, args ...string) string {
	t.Helper()
	reply := s.Do(t, args...)
	if strings.HasPrefix(reply, "-") {
		t.Fatalf("fixture %v: %s", args, strings.TrimSpace(reply))
	}
	return reply
}

// sharedServer starts its server on first use and keeps it for the rest of the run.
type sharedServer struct {
	name  string
	start func(testing.TB, ...string) *testserver.Server

	once  sync.Once
	srv   *testserver.Server
	abort *sharedAbort
}

func (s *sharedServer) get(t *testing.T) *testserver.Server {
	t.Helper()
	s.ensure()
	if s.abort != nil {
		if s.abort.skip {
			t.Skipf("shared %s server: %s", s.name, s.abort.msg)
		}
		t.Fatalf("shared %s server: %s", s.name, s.abort.msg)
	}
	return s.srv
}

// startForExample is get for runnable examples, which have no *testing.T: they need
// the server binaries (scripts/setup.sh) and panic without them.
func (s *sharedServer) startForExample() *testserver.Server {
	s.ensure()
	if s.abort != nil {
		panic("shared " + s.name + " server: " + s.abort.msg)
	}
	return s.srv
}

func (s *sharedServer) ensure() {
	s.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				a, ok := r.(sharedAbort)
				if !ok {
					panic(r)
				}
				s.abort = &a
			}
		}()
		s.srv = s.start(pkgTB)
	})
}

// pkgTB stands in for a *testing.T whose lifetime is the whole package run, because the
// testserver helpers tie a server to the TB that started it. It implements the methods
// those helpers use; the embedded interface is nil, so anything else panics loudly.
var pkgTB = &packageTB{}

type packageTB struct {
	testing.TB

	mu       sync.Mutex
	cleanups []func()
	dirs     []string
	failed   bool
}

// sharedAbort carries a Fatal or Skip out of a server start to the test that asked.
type sharedAbort struct {
	msg  string
	skip bool
}

func (p *packageTB) Helper()      {}
func (p *packageTB) Name() string { return "TestMain" }

func (p *packageTB) Failed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

func (p *packageTB) Cleanup(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cleanups = append(p.cleanups, f)
}

func (p *packageTB) TempDir() string {
	dir, err := os.MkdirTemp("", "valkite-test-")
	if err != nil {
		p.Fatalf("TempDir: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dirs = append(p.dirs, dir)
	return dir
}

func (p *packageTB) Log(args ...any)                 { log.Print(args...) }
func (p *packageTB) Logf(format string, args ...any) { log.Printf(format, args...) }

func (p *packageTB) Error(args ...any) {
	p.mu.Lock()
	p.failed = true
	p.mu.Unlock()
	log.Print(args...)
}

func (p *packageTB) Errorf(format string, args ...any) { p.Error(fmt.Sprintf(format, args...)) }

func (p *packageTB) Fatal(args ...any) {
	p.mu.Lock()
	p.failed = true
	p.mu.Unlock()
	panic(sharedAbort{msg: fmt.Sprint(args...)})
}

func (p *packageTB) Fatalf(format string, args ...any) { p.Fatal(fmt.Sprintf(format, args...)) }
func (p *packageTB) Skip(args ...any)                  { panic(sharedAbort{msg: fmt.Sprint(args...), skip: true}) }
func (p *packageTB) Skipf(format string, args ...any)  { p.Skip(fmt.Sprintf(format, args...)) }

// cleanup runs the registered cleanups last-first, as testing does, then removes the
// temporary directories.
func (p *packageTB) cleanup() {
	p.mu.Lock()
	cleanups, dirs := p.cleanups, p.dirs
	p.cleanups, p.dirs = nil, nil
	p.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	for _, d := range dirs {
		_ = os.RemoveAll(d)
	}
}
