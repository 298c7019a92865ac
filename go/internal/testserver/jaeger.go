package testserver

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// jaegerStartTimeout is longer than a Valkey start: Jaeger is a large binary
// that loads its whole component set before it opens a port.
const jaegerStartTimeout = 60 * time.Second

// Jaeger is one running Jaeger collector owned by a test: it receives OTLP
// traces over gRPC and HTTP, keeps them in memory, and answers queries over
// HTTP. Everything listens on free loopback ports.
type Jaeger struct {
	// Ports of the OTLP receivers and of the query API.
	GRPCPort, HTTPPort, QueryPort int

	bin  string
	dir  string
	proc *process
}

// OTLPGRPCEndpoint is the endpoint of the OTLP/gRPC receiver: grpc://127.0.0.1:PORT.
func (j *Jaeger) OTLPGRPCEndpoint() string {
	return "grpc://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(j.GRPCPort))
}

// OTLPHTTPEndpoint is the traces URL of the OTLP/HTTP receiver:
// http://127.0.0.1:PORT/v1/traces.
func (j *Jaeger) OTLPHTTPEndpoint() string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(j.HTTPPort)) + "/v1/traces"
}

// QueryURL is the base URL of the query API (the one Jaeger's UI uses).
func (j *Jaeger) QueryURL() string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(j.QueryPort))
}

// Log returns what Jaeger has written to stdout and stderr.
func (j *Jaeger) Log() string {
	b, _ := os.ReadFile(filepath.Join(j.dir, logName))
	return string(b)
}

// StartJaeger starts Jaeger with in-memory storage and waits until its query
// API answers and both OTLP receivers accept connections. The binary comes
// from the tools directory (scripts/setup.sh builds it); without it the test
// is skipped, or fails under CI=true. Cleanup stops it.
func StartJaeger(t testing.TB) *Jaeger {
	t.Helper()
	j := &Jaeger{bin: requireBinary(t, "jaeger"), dir: t.TempDir()}
	var err error
	for attempt := 0; attempt < startAttempts; attempt++ {
		if err = j.pickPorts(); err != nil {
			break
		}
		if err = j.launch(); !errors.Is(err, errPortTaken) {
			break
		}
	}
	if err != nil {
		t.Fatalf("testserver: starting jaeger: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testserver: last lines of jaeger (query %s):\n%s", j.QueryURL(), tail(j.Log(), 15))
		}
		j.Stop()
	})
	return j
}

// pickPorts chooses the three published ports plus one for the query gRPC
// service, which Jaeger always opens; all four must differ.
func (j *Jaeger) pickPorts() error {
	seen := map[int]bool{}
	ports := make([]int, 4)
	for i := range ports {
		for {
			p, err := freePort()
			if err != nil {
				return err
			}
			if !seen[p] {
				seen[p] = true
				ports[i] = p
				break
			}
		}
	}
	j.GRPCPort, j.HTTPPort, j.QueryPort = ports[0], ports[1], ports[2]
	return os.WriteFile(j.configPath(), []byte(jaegerConfig(ports[0], ports[1], ports[2], ports[3])), 0o644)
}

func (j *Jaeger) configPath() string { return filepath.Join(j.dir, "jaeger.yaml") }

// jaegerConfig is an all-in-one set-up cut down to what the tests use: the
// OTLP receivers, memory storage and the query API, each on the given port,
// and no listener of Jaeger's own telemetry (it would take a fixed port).
func jaegerConfig(grpcPort, httpPort, queryPort, queryGRPCPort int) string {
	return fmt.Sprintf(`service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    # Jaeger would otherwise trace its own queries to 127.0.0.1:4317.
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:%d
    grpc:
      endpoint: 127.0.0.1:%d
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:%d
      http:
        endpoint: 127.0.0.1:%d
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`, queryPort, queryGRPCPort, grpcPort, httpPort)
}

// launch starts the process and returns once it is ready to take spans and
// answer queries.
func (j *Jaeger) launch() error {
	logFile, err := os.OpenFile(filepath.Join(j.dir, logName), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close() // the child keeps its own descriptor
	cmd := exec.Command(j.bin, "--config", "file:"+j.configPath())
	cmd.Dir = j.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("testserver: %s: %w", j.bin, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	j.proc = p

	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(jaegerStartTimeout)
	for {
		select {
		case <-p.done:
			out := j.Log()
			if strings.Contains(out, "address already in use") {
				return errPortTaken
			}
			return fmt.Errorf("exited during start-up (%v); its output:\n%s", cmd.ProcessState, tail(out, 20))
		default:
		}
		err := j.ready(client)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			j.Stop()
			return fmt.Errorf("not ready within %v (last error: %v); its output:\n%s",
				jaegerStartTimeout, err, tail(j.Log(), 20))
		}
		time.Sleep(pollInterval * 5)
	}
}

// ready succeeds once the query API answers and both receivers accept
// connections. The receivers start after the query extension, so the query
// API alone does not prove spans can be sent yet.
func (j *Jaeger) ready(client *http.Client) error {
	resp, err := client.Get(j.QueryURL() + "/api/services")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("query API answered %s", resp.Status)
	}
	for _, port := range []int{j.GRPCPort, j.HTTPPort} {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
		if err != nil {
			return err
		}
		conn.Close()
	}
	return nil
}

// Stop shuts Jaeger down (SIGTERM, then SIGKILL if it lingers). Stopping a
// stopped Jaeger does nothing.
func (j *Jaeger) Stop() {
	if j.proc == nil {
		return
	}
	_ = j.proc.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-j.proc.done:
	case <-time.After(stopTimeout):
		_ = j.proc.cmd.Process.Kill()
		<-j.proc.done
	}
}

// jaegerEnv names the variable Env and JaegerFromEnv pass the ports in.
const jaegerEnv = "VALKITE_TEST_JAEGER_PORTS"

// Env is what a test adds to a subprocess's environment so that the
// subprocess can reach this Jaeger through JaegerFromEnv. Tracing is
// initialised once per process, so a test that needs its own exporter set-up
// runs its traffic in a re-executed test binary.
func (j *Jaeger) Env() string {
	return fmt.Sprintf("%s=%d,%d,%d", jaegerEnv, j.GRPCPort, j.HTTPPort, j.QueryPort)
}

// JaegerFromEnv returns the Jaeger a parent test passed down with Env, or
// false when there is none. The parent owns the process: Stop on the returned
// value does nothing.
func JaegerFromEnv() (*Jaeger, bool) {
	parts := strings.Split(os.Getenv(jaegerEnv), ",")
	if len(parts) != 3 {
		return nil, false
	}
	var ports [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return nil, false
		}
		ports[i] = n
	}
	return &Jaeger{GRPCPort: ports[0], HTTPPort: ports[1], QueryPort: ports[2]}, true
}
