package testserver

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const setupHint = "run scripts/setup.sh from the repository root"

// toolsDir finds the directory holding the server binaries.
func toolsDir() (string, error) {
	if dir := os.Getenv("VALKITE_TOOLS"); dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if isRepoRoot(dir) {
			return filepath.Join(dir, ".tools", "bin"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no repository root (a directory with Cargo.toml and go/) above " + wd)
		}
		dir = parent
	}
}

func isRepoRoot(dir string) bool {
	if st, err := os.Stat(filepath.Join(dir, "Cargo.toml")); err != nil || st.IsDir() {
		return false
	}
	st, err := os.Stat(filepath.Join(dir, "go"))
	return err == nil && st.IsDir()
}

// inCI reports whether missing tools must fail rather than skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1" || v == "yes"
}

// requireBinary returns the path of a server binary, or ends the test: a skip on
// a developer machine that has not been set up, a failure in CI.
func requireBinary(t testing.TB, name string) string {
	t.Helper()
	dir, err := toolsDir()
	if err == nil {
		path := filepath.Join(dir, name)
		var st os.FileInfo
		if st, err = os.Stat(path); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return path
		}
		if err == nil {
			err = errors.New(path + " is not an executable file")
		}
	}
	if inCI() {
		t.Fatalf("testserver: %s unavailable (%v); CI must not skip: %s", name, err, setupHint)
	}
	t.Skipf("testserver: %s unavailable (%v); %s", name, err, setupHint)
	return ""
}
