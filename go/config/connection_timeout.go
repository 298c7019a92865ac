package config

import (
	"log"
	"sync/atomic"
	"time"
)

// connectionTimeout checks the connection timeout. A positive value under a
// millisecond is what GLIDE also receives when a bare integer meant milliseconds; GLIDE
// rounds it down to zero, which its core reads as unset (2 s). Code that runs on GLIDE
// must not fail here, so valkite does the same instead of refusing it, and says so once
// per process on the standard logger: the caller almost certainly meant something else.
// A request timeout under a millisecond stays an error (see timeout): there GLIDE
// would time out every request.
func connectionTimeout(d time.Duration) (time.Duration, error) {
	if d > 0 && d < time.Millisecond {
		warnSubMillisConnectionTimeout(d)
		return 0, nil
	}
	return timeout("connection timeout", d)
}

// subMillisWarned makes the warning once per process; tests reset it.
var subMillisWarned atomic.Bool

// logSubMillis writes the warning; tests replace it to observe it.
var logSubMillis = defaultLogSubMillis

var defaultLogSubMillis = log.Printf

func warnSubMillisConnectionTimeout(d time.Duration) {
	if subMillisWarned.CompareAndSwap(false, true) {
		logSubMillis("valkite: connection timeout %v is below 1ms and is ignored: the default (2s) applies, "+
			"as with GLIDE; did you mean %d * time.Millisecond?", d, int64(d))
	}
}
