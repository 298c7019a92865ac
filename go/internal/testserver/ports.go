package testserver

import (
	"fmt"
	"net"
)

// freePort asks the kernel for a loopback port nobody is listening on. The
// listener is closed before the server binds, so another process can take the
// port in between; callers retry the start when that happens.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("testserver: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
