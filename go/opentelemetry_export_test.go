package valkite

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// The OTLP exporters talk to a collector: a child process (telemetry is once per
// process) initialises with grpc:// or http:// pointing at a listener of its own, sends
// traced commands, and checks that an OTLP request arrives — the HTTP/2 preface for
// gRPC, a POST to /v1/traces for HTTP. The content is checked against a real collector
// by the Jaeger end-to-end test; here it is that spans leave the process over each
// transport, and that commands never wait for it.
const otelExportChild = "VALKITE_OTEL_EXPORT_CHILD"

func TestOtelExportersReachCollector(t *testing.T) {
	for _, scheme := range []string{"grpc", "http", "https"} {
		t.Run(scheme, func(t *testing.T) {
			if os.Getenv(otelExportChild) == "" {
				cmd := exec.Command(os.Args[0], "-test.run=^TestOtelExportersReachCollector$/^"+scheme+"$", "-test.v")
				cmd.Env = append(os.Environ(), otelExportChild+"="+scheme)
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(out), "--- PASS: TestOtelExportersReachCollector/"+scheme) {
					t.Fatalf("child: %v\n%s", err, out)
				}
				return
			}
			if os.Getenv(otelExportChild) != scheme {
				t.Skip("another scheme's child")
			}
			exportChild(t, scheme)
		})
	}
}

func exportChild(t *testing.T, scheme string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	var got bytes.Buffer
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				buf := make([]byte, 4096)
				for {
					n, err := conn.Read(buf)
					mu.Lock()
					got.Write(buf[:n])
					mu.Unlock()
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	flush := int64(50)
	if err := GetOtelInstance().Init(OpenTelemetryConfig{
		Traces:          &OpenTelemetryTracesConfig{Endpoint: scheme + "://" + ln.Addr().String(), SamplePercentage: 100},
		Metrics:         &OpenTelemetryMetricsConfig{Endpoint: scheme + "://" + ln.Addr().String()},
		FlushIntervalMs: &flush,
	}); err != nil {
		t.Fatal(err)
	}
	c, _ := newTestClient(t)
	key := testKey(t, "k")
	// gRPC: the HTTP/2 preface; HTTP: both signals' requests; HTTPS: a TLS handshake
	// record (0x16, version 3.x) opening the connection.
	want := []string{"PRI * HTTP/2.0"}
	switch scheme {
	case "http":
		want = []string{"POST /v1/traces", "POST /v1/metrics"}
	case "https":
		want = []string{"\x16\x03"}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		start := time.Now()
		if _, err := c.Set(context.Background(), key, "v"); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("a traced SET took %v: the exporter held it up", d)
		}
		mu.Lock()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(got.String(), w)
		}
		mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("no %q reached the collector; got %q", want, got.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}
