package harness

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Footprint measures what idle clients cost a process: for each count in counts
// (ascending), it connects clients up to that many, has each one SET a key once, lets
// them idle, and prints OS threads, goroutines, resident memory and the CPU the idle
// process used (heartbeats and the like). Clients are closed at the end.
func Footprint(ctx context.Context, name string, connect Factory, t Target, variant string, counts []int, idle time.Duration) error {
	var clients []Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	fmt.Printf("%-12s %8s %8s %11s %8s %14s\n", "client", "clients", "threads", "goroutines", "rss_mib", "idle_cpu_ms/s")
	for _, n := range counts {
		for len(clients) < n {
			cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			c, err := connect(cctx, t, variant)
			cancel()
			if err != nil {
				return fmt.Errorf("client %d: %w", len(clients)+1, err)
			}
			clients = append(clients, c)
			if err := c.Set(ctx, "footprint:"+strconv.Itoa(len(clients)), "x"); err != nil {
				return fmt.Errorf("client %d: SET: %w", len(clients), err)
			}
		}
		time.Sleep(idle / 4) // let connection set-up work finish before the idle window
		before := cpuTime()
		time.Sleep(idle)
		used := cpuTime() - before
		fmt.Printf("%-12s %8d %8d %11d %8.1f %14.2f\n", name, n, osThreads(), runtime.NumGoroutine(),
			float64(rssBytes())/(1<<20), float64(used.Microseconds())/1000/idle.Seconds())
	}
	return nil
}

// ParseCounts reads "1,10,100,1000".
func ParseCounts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad client count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// statusField reads one numeric field of /proc/self/status (Linux), or -1.
func statusField(name string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			f := strings.Fields(v)
			if len(f) == 0 {
				return -1
			}
			n, err := strconv.Atoi(f[0])
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

func osThreads() int { return statusField("Threads") }

func rssBytes() int { return statusField("VmRSS") * 1024 }
