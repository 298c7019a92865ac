package testserver

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the unit of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux).
const clockTicks = 100

// CPUTime is the user+system CPU time the server process has used so far. Benchmarks
// take it before and after a run to see what each client costs the server: a client
// that sends the same commands in fewer, larger writes costs it less.
func (s *Server) CPUTime() (time.Duration, error) {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p == nil {
		return 0, errors.New("testserver: not running")
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may hold spaces; the fields after it are plain.
	s2 := string(b)
	i := strings.LastIndexByte(s2, ')')
	if i < 0 {
		return 0, errors.New("testserver: unexpected /proc stat format")
	}
	f := strings.Fields(s2[i+1:])
	if len(f) < 13 { // fields 3..15: state … utime stime
		return 0, errors.New("testserver: unexpected /proc stat format")
	}
	ut, err1 := strconv.ParseUint(f[11], 10, 64)
	st, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("testserver: unexpected /proc stat format")
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}
