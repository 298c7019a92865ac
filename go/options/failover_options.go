package options

import "strconv"

// FailoverOptions are FAILOVER's arguments. Abort cancels a failover in
// progress and excludes the others.
type FailoverOptions struct {
	Host      string // target replica; used only with a positive Port
	Port      int
	Force     bool  // fail over even if the target does not catch up in time
	Abort     bool  // cancel an ongoing failover
	TimeoutMs int64 // <= 0 = no timeout
}

// NewFailoverOptionsWithAbort cancels an ongoing failover.
func NewFailoverOptionsWithAbort() *FailoverOptions { return &FailoverOptions{Abort: true} }

// NewFailoverOptionsWithTimeout fails over to any replica within timeoutMs.
func NewFailoverOptionsWithTimeout(timeoutMs int64) *FailoverOptions {
	return &FailoverOptions{TimeoutMs: timeoutMs}
}

// NewFailoverOptionsWithTo fails over to the replica at host:port.
func NewFailoverOptionsWithTo(host string, port int) *FailoverOptions {
	return &FailoverOptions{Host: host, Port: port}
}

// NewFailoverOptionsWithToAndTimeout fails over to host:port within timeoutMs.
func NewFailoverOptionsWithToAndTimeout(host string, port int, timeoutMs int64) *FailoverOptions {
	return &FailoverOptions{Host: host, Port: port, TimeoutMs: timeoutMs}
}

// NewFailoverOptionsForced fails over to host:port, forcing it once timeoutMs
// passes (FORCE needs both a target and a timeout).
func NewFailoverOptionsForced(host string, port int, timeoutMs int64) *FailoverOptions {
	return &FailoverOptions{Host: host, Port: port, Force: true, TimeoutMs: timeoutMs}
}

// ToArgs renders TO host port [FORCE], TIMEOUT ms, or ABORT alone.
func (o *FailoverOptions) ToArgs() []string {
	if o.Abort {
		return []string{"ABORT"}
	}
	args := []string{}
	if o.Host != "" && o.Port > 0 {
		args = append(args, "TO", o.Host, strconv.Itoa(o.Port))
		if o.Force {
			args = append(args, "FORCE")
		}
	}
	if o.TimeoutMs > 0 {
		args = append(args, "TIMEOUT", itoa(o.TimeoutMs))
	}
	return args
}
