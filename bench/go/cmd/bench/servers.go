package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/valkite/valkite/bench/harness"
)

// server is one valkey-server process this run started and must stop.
type server struct {
	port int
	cmd  *exec.Cmd
}

func (s *server) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}

// freePort finds a loopback port that is free, and whose cluster-bus port
// (+10000) is free too when cluster is set.
func freePort(cluster bool) (int, error) {
	for tries := 0; tries < 50; tries++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if !cluster {
			return p, nil
		}
		if p+10000 > 65535 {
			continue
		}
		if l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+10000)); err == nil {
			_ = l2.Close()
			return p, nil
		}
	}
	return 0, fmt.Errorf("no free port found")
}

// startServer starts a fresh, persistence-free valkey-server on loopback.
func startServer(bin, dir string, cluster bool) (*server, error) {
	port, err := freePort(cluster)
	if err != nil {
		return nil, err
	}
	args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", filepath.Join(dir, fmt.Sprintf("valkey-%d.log", port))}
	if cluster {
		args = append(args, "--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(dir, fmt.Sprintf("nodes-%d.conf", port)))
	}
	cmd := exec.Command(bin, args...)
	// The server must not outlive the harness if it is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{port: port, cmd: cmd}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := dial(s.addr())
		if err == nil {
			_, err = c.do("PING")
			c.Close()
			if err == nil {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("valkey-server on %d did not answer: %v", port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startCluster starts n masters, splits the slots evenly and introduces them.
func startCluster(bin, dir string, n int) ([]*server, error) {
	var nodes []*server
	fail := func(err error) ([]*server, error) {
		for _, s := range nodes {
			s.stop()
		}
		return nil, err
	}
	for i := 0; i < n; i++ {
		s, err := startServer(bin, dir, true)
		if err != nil {
			return fail(err)
		}
		nodes = append(nodes, s)
	}
	for i, s := range nodes {
		c, err := dial(s.addr())
		if err != nil {
			return fail(err)
		}
		lo, hi := i*16384/n, (i+1)*16384/n-1
		_, err = c.do("CLUSTER", "ADDSLOTSRANGE", strconv.Itoa(lo), strconv.Itoa(hi))
		if err == nil && i > 0 {
			_, err = c.do("CLUSTER", "MEET", "127.0.0.1", strconv.Itoa(nodes[0].port))
		}
		c.Close()
		if err != nil {
			return fail(fmt.Errorf("cluster setup on %d: %w", s.port, err))
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, s := range nodes {
		for {
			c, err := dial(s.addr())
			var info any
			if err == nil {
				info, err = c.do("CLUSTER", "INFO")
				c.Close()
			}
			str, _ := info.(string)
			if err == nil && strings.Contains(str, "cluster_state:ok") &&
				strings.Contains(str, "cluster_known_nodes:"+strconv.Itoa(n)) {
				break
			}
			if time.Now().After(deadline) {
				return fail(fmt.Errorf("cluster on %d not ready: %v %q", s.port, err, str))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nodes, nil
}

// prefill writes the deterministic keyspace of each value size, routing by
// slot when the target is a cluster.
func prefill(nodes []*server, cluster bool, sizes map[int]int) error {
	conns := make([]*conn, len(nodes))
	for i, s := range nodes {
		c, err := dial(s.addr())
		if err != nil {
			return err
		}
		defer c.Close()
		conns[i] = c
	}
	for size, keyspace := range sizes {
		per := make([][][]string, len(nodes))
		for i := 0; i < keyspace; i++ {
			node := 0
			k := harness.Key(size, i)
			if cluster {
				node = nodeForSlot(slot(k), len(nodes))
			}
			per[node] = append(per[node], []string{"SET", k, harness.Value(size, i)})
		}
		for i, cmds := range per {
			if err := conns[i].pipeline(cmds); err != nil {
				return fmt.Errorf("prefill %d-byte values: %w", size, err)
			}
		}
	}
	return nil
}

func mustTempDir() string {
	d, err := os.MkdirTemp("", "valkite-bench-")
	if err != nil {
		panic(err)
	}
	return d
}

// nodeForSlot is the index of the node startCluster gave slot s to.
func nodeForSlot(s uint16, n int) int {
	for i := 0; i < n; i++ {
		if int(s) <= (i+1)*16384/n-1 {
			return i
		}
	}
	return n - 1
}
