package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// jaeger is the trace collector the tracing variants export to: OTLP/gRPC in,
// memory storage, nothing else. It shares the machine's cores with the server
// and the worker, as a collector on the same host would.
type jaeger struct {
	grpcPort int
	cmd      *exec.Cmd
	exited   chan struct{} // closed once the process has been reaped
	log      string
}

func (j *jaeger) endpoint() string { return "grpc://127.0.0.1:" + strconv.Itoa(j.grpcPort) }

func (j *jaeger) stop() {
	_ = j.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-j.exited:
	case <-time.After(10 * time.Second):
		_ = j.cmd.Process.Kill()
		<-j.exited
	}
}

// startJaeger starts bin on free loopback ports and returns once its query
// API answers and its OTLP/gRPC receiver accepts connections.
func startJaeger(bin, dir string) (*jaeger, error) {
	ports := make([]int, 0, 4)
	for len(ports) < 4 {
		p, err := freePort(false)
		if err != nil {
			return nil, err
		}
		dup := false
		for _, q := range ports {
			dup = dup || q == p
		}
		if !dup {
			ports = append(ports, p)
		}
	}
	grpcPort, httpPort, queryPort, queryGRPCPort := ports[0], ports[1], ports[2], ports[3]
	conf := fmt.Sprintf(`service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
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
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`, queryPort, queryGRPCPort, grpcPort, httpPort)
	confPath := filepath.Join(dir, "jaeger.yaml")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	j := &jaeger{grpcPort: grpcPort, log: filepath.Join(dir, "jaeger.log")}
	logFile, err := os.Create(j.log)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	j.cmd = exec.Command(bin, "--config", "file:"+confPath)
	j.cmd.Stdout, j.cmd.Stderr = logFile, logFile
	j.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := j.cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	j.exited = exited
	go func() { _ = j.cmd.Wait(); close(exited) }()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-exited:
			out, _ := os.ReadFile(j.log)
			return nil, fmt.Errorf("jaeger exited during start-up: %s", lastLines(string(out), 5))
		default:
		}
		err := func() error {
			resp, err := client.Get("http://127.0.0.1:" + strconv.Itoa(queryPort) + "/api/services")
			if err != nil {
				return err
			}
			resp.Body.Close()
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(grpcPort), time.Second)
			if err != nil {
				return err
			}
			return c.Close()
		}()
		if err == nil {
			return j, nil
		}
		if time.Now().After(deadline) {
			_ = j.cmd.Process.Kill()
			<-exited
			return nil, fmt.Errorf("jaeger not ready within 60s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tracingSpecs returns the selected tracing variants that have a worker.
func tracingSpecs(specs []*clientSpec) []*clientSpec {
	var out []*clientSpec
	for _, s := range specs {
		if isTracing(s) && s.Bin != "" {
			out = append(out, s)
		}
	}
	return out
}

// withJaeger starts Jaeger for the tracing variants and hands each its
// endpoint; without Jaeger they are not measured, and say why.
func withJaeger(specs []*clientSpec, explicit, dir string) *jaeger {
	ts := tracingSpecs(specs)
	if len(ts) == 0 {
		return nil
	}
	bin, err := findTool(explicit, "jaeger")
	var j *jaeger
	if err == nil {
		j, err = startJaeger(bin, dir)
	}
	for _, s := range ts {
		if err != nil {
			s.Why = "no Jaeger to export to (run scripts/setup.sh): " + strings.TrimSpace(err.Error())
			s.Bin = ""
			continue
		}
		s.Env = append(s.Env, "VALKITE_BENCH_OTLP="+j.endpoint())
	}
	if err != nil {
		logf("tracing variants skipped: %v", err)
	}
	return j
}
