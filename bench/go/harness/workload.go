package harness

import (
	"fmt"
	"strings"
)

// Workload describes one kind of traffic.
type Workload struct {
	Name     string // stable identifier used in tables and file names
	Title    string // human readable heading
	Kind     string // "set", "get", "mix" or "mget"
	ValSize  int
	Keyspace int // number of distinct keys; the orchestrator prefills this many for reads
}

// MGetWidth is the number of keys per MGET.
const MGetWidth = 100

// Workloads lists every workload the harness knows, in report order.
var Workloads = []Workload{
	{"set64", "SET, 16-byte keys, 64-byte values", "set", 64, 100_000},
	{"get64", "GET, 16-byte keys, 64-byte values (all hits)", "get", 64, 100_000},
	{"mix64", "Mix: 20% SET / 80% GET (80% of GETs hit), 64-byte values", "mix", 64, 100_000},
	{"set4k", "SET, 4 KiB values", "set", 4096, 4_096},
	{"get4k", "GET, 4 KiB values", "get", 4096, 4_096},
	{"set64k", "SET, 64 KiB values", "set", 65536, 256},
	{"get64k", "GET, 64 KiB values", "get", 65536, 256},
	{"mget100", "MGET of 100 keys, 64-byte values", "mget", 64, 100_000},
	// get64 while Blockers other goroutines of the same client sit in BLPOP on a list
	// nobody pushes to: what a long blocking call does to everyone else's latency.
	{"get64blk", "GET, 64-byte values, while 32 other callers of the same client sit in BLPOP (5 s timeout)", "getblk", 64, 100_000},
}

// FindWorkload looks a workload up by name.
func FindWorkload(name string) (Workload, error) {
	for _, w := range Workloads {
		if w.Name == name {
			return w, nil
		}
	}
	return Workload{}, fmt.Errorf("unknown workload %q", name)
}

// Key is the i-th key of a workload's keyspace: always 16 bytes. Distinct
// value sizes use distinct prefixes so workloads never read each other's data.
func Key(valSize, i int) string {
	return fmt.Sprintf("%s%012d", prefix(valSize), i)
}

// MissKey is a 16-byte key that is never written.
func MissKey(i int) string { return fmt.Sprintf("miss:%011d", i) }

func prefix(valSize int) string {
	switch {
	case valSize <= 64:
		return "k64:"
	case valSize <= 4096:
		return "k4k:"
	default:
		return "kbg:"
	}
}

// Value is the deterministic value stored under Key(valSize, i). It starts
// with the key so that a reply for the wrong key never passes verification.
func Value(valSize, i int) string {
	k := Key(valSize, i)
	var b strings.Builder
	b.Grow(valSize)
	b.WriteString(k)
	for b.Len() < valSize {
		b.WriteByte(byte('a' + (i+b.Len())%26))
	}
	return b.String()[:valSize]
}

// Data is a workload's precomputed keys and values, built before the clock
// starts so that the measured loop allocates nothing of its own.
type Data struct {
	Keys   []string
	Values []string
	Misses []string
}

// BuildData precomputes keys and values for w.
func BuildData(w Workload) *Data {
	d := &Data{Keys: make([]string, w.Keyspace), Values: make([]string, w.Keyspace)}
	for i := range d.Keys {
		d.Keys[i] = Key(w.ValSize, i)
		d.Values[i] = Value(w.ValSize, i)
	}
	if w.Kind == "mix" {
		d.Misses = make([]string, 4096)
		for i := range d.Misses {
			d.Misses[i] = MissKey(i)
		}
	}
	return d
}
