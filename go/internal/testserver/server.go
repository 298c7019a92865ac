package testserver

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	// startTimeout is generous because CI runs on two shared cores while other
	// test binaries build and run beside this one.
	startTimeout = 20 * time.Second
	stopTimeout  = 10 * time.Second
	pollInterval = 20 * time.Millisecond
	ioTimeout    = 10 * time.Second
	// startAttempts covers losing a just-chosen port to another process.
	startAttempts = 5
	logName       = "server.log"
)

// errPortTaken marks a start that lost its port (or cluster bus port) to
// another process between choosing it and binding it.
var errPortTaken = errors.New("testserver: port taken by another process")

// Server is one running valkey-server or redis-server owned by a test.
type Server struct {
	Host string
	Port int

	name    string // binary name, for messages
	bin     string
	dir     string
	args    []string // everything but the listening ports
	tlsConf *tls.Config
	busPort int // cluster bus port, 0 outside cluster mode

	mu   sync.Mutex
	proc *process
}

type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has been reaped
}

// Addr is host:port, ready for a client configuration.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Dir is the server's working directory (a t.TempDir).
func (s *Server) Dir() string { return s.dir }

// Log returns everything the server has written to stdout and stderr since its
// first start, for assertions on server-side behaviour and for debugging.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, logName))
	return string(b)
}

// StartValkey starts a Valkey 9.1 server. extraArgs are server options
// ("--maxmemory", "1mb"); they come last, so they override the defaults.
func StartValkey(t testing.TB, extraArgs ...string) *Server {
	t.Helper()
	return startServer(t, "valkey-server", nil, extraArgs)
}

// StartRedis starts a Redis 7.0 server, for behaviour that must also hold
// against the older protocol implementation.
func StartRedis(t testing.TB, extraArgs ...string) *Server {
	t.Helper()
	return startServer(t, "redis-server", nil, extraArgs)
}

func startServer(t testing.TB, name string, tlsConf *tls.Config, extraArgs []string) *Server {
	t.Helper()
	s := newServer(t, name, t.TempDir(), tlsConf, extraArgs)
	s.startFresh(t, false)
	return s
}

func newServer(t testing.TB, name, dir string, tlsConf *tls.Config, extraArgs []string) *Server {
	t.Helper()
	args := []string{
		"--bind", "127.0.0.1",
		"--dir", dir,
		"--save", "",
		"--appendonly", "no",
		"--daemonize", "no",
		"--logfile", "",
		// DEBUG SLEEP and friends let tests provoke timeouts and slow replies.
		"--enable-debug-command", "local",
		// Replicas sync at once instead of waiting for more replicas to batch with.
		"--repl-diskless-sync-delay", "0",
	}
	return &Server{
		Host:    "127.0.0.1",
		name:    name,
		bin:     requireBinary(t, name),
		dir:     dir,
		args:    append(args, extraArgs...),
		tlsConf: tlsConf,
	}
}

// startFresh starts the server on newly chosen ports (and a new bus port in
// cluster mode), retrying when another process wins the race for one, and
// registers the cleanup that stops it.
func (s *Server) startFresh(t testing.TB, cluster bool) {
	t.Helper()
	var err error
	for attempt := 0; attempt < startAttempts; attempt++ {
		if s.Port, err = freePort(); err != nil {
			break
		}
		if cluster {
			if s.busPort, err = freePort(); err != nil {
				break
			}
			if s.busPort == s.Port {
				err = errPortTaken
				continue
			}
		}
		if err = s.launch(); !errors.Is(err, errPortTaken) {
			break
		}
	}
	if err != nil {
		t.Fatalf("testserver: starting %s: %v", s.name, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testserver: last lines of %s on %s:\n%s", s.name, s.Addr(), tail(s.Log(), 15))
		}
		s.Stop()
	})
}

// launch starts the process on s.Port and returns once it answers PING. The
// caller holds no lock; launch takes it.
func (s *Server) launch() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		select {
		case <-s.proc.done:
		default:
			return errors.New("testserver: server still running")
		}
	}
	args := append([]string(nil), s.args...)
	if s.tlsConf != nil {
		args = append(args, "--port", "0", "--tls-port", strconv.Itoa(s.Port))
	} else {
		args = append(args, "--port", strconv.Itoa(s.Port))
	}
	if s.busPort != 0 {
		args = append(args, "--cluster-port", strconv.Itoa(s.busPort))
	}
	logFile, err := os.OpenFile(filepath.Join(s.dir, logName), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close() // the child keeps its own descriptor
	logStart, _ := logFile.Seek(0, io.SeekEnd)

	cmd := exec.Command(s.bin, args...)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("testserver: %s: %w", s.bin, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	s.proc = p

	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-p.done:
			out := s.logSince(logStart)
			if strings.Contains(out, "Address already in use") {
				return errPortTaken
			}
			return fmt.Errorf("exited during start-up (%v); its output:\n%s", cmd.ProcessState, tail(out, 20))
		default:
		}
		pid, err := s.pingPID()
		if err == nil {
			if pid == cmd.Process.Pid {
				return nil
			}
			// Someone else's server answers on the port we chose: ours cannot
			// bind it and is about to exit.
			s.killLocked()
			return errPortTaken
		}
		if time.Now().After(deadline) {
			s.killLocked()
			return fmt.Errorf("no PONG on %s within %v (last error: %v); its output:\n%s",
				s.Addr(), startTimeout, err, tail(s.logSince(logStart), 20))
		}
		time.Sleep(pollInterval)
	}
}

func (s *Server) logSince(offset int64) string {
	out := s.Log()
	if offset >= 0 && int(offset) <= len(out) {
		return out[offset:]
	}
	return out
}

// pingPID sends PING and INFO server on one connection and returns the pid the
// server reports, which proves the PONG came from the process we started.
func (s *Server) pingPID() (int, error) {
	// Short: something that accepts but never answers must not stall the poll
	// loop's check on whether our process died.
	conn, err := s.dial(2 * time.Second)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.Write(appendCommand(appendCommand(nil, []string{"PING"}), []string{"INFO", "server"})); err != nil {
		return 0, err
	}
	r := bufio.NewReader(conn)
	pong, err := readFrame(r)
	if err != nil {
		return 0, err
	}
	if string(pong) != "+PONG\r\n" {
		return 0, fmt.Errorf("PING answered %q", pong)
	}
	info, err := readFrame(r)
	if err != nil {
		return 0, err
	}
	text, err := replyText(string(info))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(parseInfo(text)["process_id"])
}

// dial connects (with TLS for a TLS server); timeout bounds the connect and
// everything done on the connection afterwards.
func (s *Server) dial(timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	var conn net.Conn
	var err error
	if s.tlsConf != nil {
		conn, err = tls.DialWithDialer(&d, "tcp", s.Addr(), s.tlsConf)
	} else {
		conn, err = d.Dial("tcp", s.Addr())
	}
	if err != nil {
		return nil, err
	}
	return conn, conn.SetDeadline(time.Now().Add(timeout))
}

// Stop shuts the server down gracefully (SIGTERM, then SIGKILL if it lingers).
// Stopping a stopped server does nothing; Restart brings it back.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return
	}
	// A paused process cannot act on SIGTERM.
	_ = s.proc.cmd.Process.Signal(syscall.SIGCONT)
	_ = s.proc.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.proc.done:
	case <-time.After(stopTimeout):
		s.killLocked()
	}
}

// Kill ends the server with SIGKILL: no goodbye to connected clients, the way
// a crashed or partitioned server looks to them.
func (s *Server) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.killLocked()
}

func (s *Server) killLocked() {
	if s.proc == nil {
		return
	}
	_ = s.proc.cmd.Process.Kill()
	<-s.proc.done
}

// Pause freezes the server (SIGSTOP): connections stay open but nothing is
// answered, which is how a hung server looks. Resume undoes it.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume lets a paused server run again.
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		_ = s.proc.cmd.Process.Signal(sig)
	}
}

// Restart stops the server if it still runs and starts it again on the same
// port (and cluster bus port), so clients can reconnect to the address they
// know. Data is not kept (persistence is off); cluster membership is, through
// nodes.conf in the working directory.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	// The old process released the port; only a stranger grabbing it in the
	// meantime can make the bind fail, so retry briefly before giving up.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.launch()
		if err == nil {
			return
		}
		if !errors.Is(err, errPortTaken) || time.Now().After(deadline) {
			t.Fatalf("testserver: restarting %s on %s: %v", s.name, s.Addr(), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Exec sends one command on a fresh connection and returns the raw reply frame
// ("+OK\r\n", "$3\r\nbar\r\n", "-ERR ...\r\n"). Error replies are replies, not
// errors: err only reports connection and protocol failures. Safe to call from
// any goroutine.
func (s *Server) Exec(args ...string) (string, error) {
	conn, err := s.dial(ioTimeout)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.Write(appendCommand(nil, args)); err != nil {
		return "", err
	}
	frame, err := readFrame(bufio.NewReader(conn))
	return string(frame), err
}

// Do is Exec for the test goroutine: a connection failure fails the test.
func (s *Server) Do(t testing.TB, args ...string) string {
	t.Helper()
	reply, err := s.Exec(args...)
	if err != nil {
		t.Fatalf("testserver: %s on %s: %v", strings.Join(args, " "), s.Addr(), err)
	}
	return reply
}

// Info returns one INFO section ("server", "replication", ...) as key/value pairs.
func (s *Server) Info(t testing.TB, section string) map[string]string {
	t.Helper()
	text, err := s.text("INFO", section)
	if err != nil {
		t.Fatalf("testserver: INFO %s on %s: %v", section, s.Addr(), err)
	}
	return parseInfo(text)
}

// text runs a command whose reply is a scalar and returns its text.
func (s *Server) text(args ...string) (string, error) {
	raw, err := s.Exec(args...)
	if err != nil {
		return "", err
	}
	return replyText(raw)
}

func tail(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
