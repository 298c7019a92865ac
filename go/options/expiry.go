package options

import (
	"time"

	"github.com/valkite/valkite/go/constants"
)

// Expiry is a time-to-live for SET, GETEX and the hash field commands: a
// relative Duration (EX/PX), an absolute Timestamp (EXAT/PXAT), or a keyword
// (KEEPTTL, PERSIST). Which field is used depends on Type.
type Expiry struct {
	Type      constants.ExpiryType
	Duration  uint64    // seconds for EX, milliseconds for PX
	Timestamp time.Time // for EXAT and PXAT
}

// NewExpiryIn expires after duration: in seconds when it is a whole number of
// seconds, else in milliseconds (sub-millisecond parts are dropped).
func NewExpiryIn(duration time.Duration) *Expiry {
	if duration%time.Second == 0 {
		return &Expiry{Type: constants.Seconds, Duration: uint64(duration / time.Second)}
	}
	return &Expiry{Type: constants.Milliseconds, Duration: uint64(duration.Milliseconds())}
}

// NewExpiryAt expires at timestamp: as Unix seconds when it falls on a whole
// second, else as Unix milliseconds.
func NewExpiryAt(timestamp time.Time) *Expiry {
	if timestamp.Nanosecond() == 0 {
		return &Expiry{Type: constants.UnixSeconds, Timestamp: timestamp}
	}
	return &Expiry{Type: constants.UnixMilliseconds, Timestamp: timestamp}
}

// NewExpiryKeepExisting keeps the key's current TTL (SET ... KEEPTTL).
func NewExpiryKeepExisting() *Expiry { return &Expiry{Type: constants.KeepExisting} }

// NewExpiryPersist removes the TTL (GETEX ... PERSIST).
func NewExpiryPersist() *Expiry { return &Expiry{Type: constants.Persist} }

// SetType changes how the expiry is expressed, keeping Duration and Timestamp.
func (ex *Expiry) SetType(expiryType constants.ExpiryType) *Expiry {
	ex.Type = expiryType
	return ex
}

// GetTime is the number sent after the Type keyword: the timestamp in the unit
// of an absolute Type, otherwise Duration.
func (ex *Expiry) GetTime() uint64 {
	switch ex.Type {
	case constants.UnixSeconds:
		return uint64(ex.Timestamp.Unix())
	case constants.UnixMilliseconds:
		return uint64(ex.Timestamp.UnixMilli())
	}
	return ex.Duration
}

// args renders the expiry for a command that accepts the timed types plus
// the given keyword-only type (KEEPTTL for SET, PERSIST for GETEX).
func (ex *Expiry) args(keywordOnly constants.ExpiryType) ([]string, error) {
	switch ex.Type {
	case constants.Seconds, constants.Milliseconds, constants.UnixSeconds, constants.UnixMilliseconds:
		return []string{string(ex.Type), utoa(ex.GetTime())}, nil
	case keywordOnly:
		return []string{string(ex.Type)}, nil
	}
	return nil, invalidExpiryType(ex.Type)
}
