package harness

// Result is one measured cell as a worker reports it (one JSON line on stdout).
type Result struct {
	Client      string  `json:"client"`
	Topology    string  `json:"topology"` // "standalone" or "cluster"
	Workload    string  `json:"workload"`
	Callers     int     `json:"callers"`
	Round       int     `json:"round"`
	Ops         uint64  `json:"ops"`
	Errors      uint64  `json:"errors"`
	VerifyFails uint64  `json:"verify_fails"`
	Verified    uint64  `json:"verified"`
	ElapsedNs   int64   `json:"elapsed_ns"`
	OpsPerSec   float64 `json:"ops_per_sec"`
	P50Ns       int64   `json:"p50_ns"`
	P99Ns       int64   `json:"p99_ns"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	CPUNsPerOp  float64 `json:"cpu_ns_per_op"`
	FirstError  string  `json:"first_error,omitempty"`
	Skipped     string  `json:"skipped,omitempty"` // why there is no measurement
}
