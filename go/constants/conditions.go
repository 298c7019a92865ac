package constants

import "errors"

// ConditionalSet makes a write depend on the key's (or fields') current state.
// Not every command accepts every value: FNX/FXX are HSETEX's, IFEQ is SET's.
type ConditionalSet string

const (
	// OnlyIfExists writes only over an existing key (XX).
	OnlyIfExists ConditionalSet = "XX"
	// OnlyIfDoesNotExist writes only a new key (NX).
	OnlyIfDoesNotExist ConditionalSet = "NX"
	// OnlyIfEquals writes only when the current value equals a comparison value
	// (IFEQ, Valkey 8.1+). Set through SetOptions.SetOnlyIfEquals.
	OnlyIfEquals ConditionalSet = "IFEQ"
	// OnlyIfFieldsDoNotExist sets hash fields only when none of them exists (FNX).
	OnlyIfFieldsDoNotExist ConditionalSet = "FNX"
	// OnlyIfAllFieldsExist sets hash fields only when all of them exist (FXX).
	OnlyIfAllFieldsExist ConditionalSet = "FXX"
)

// ToString validates the value and returns its wire token.
func (conditionalSet ConditionalSet) ToString() (string, error) {
	switch conditionalSet {
	case OnlyIfExists, OnlyIfDoesNotExist, OnlyIfEquals, OnlyIfFieldsDoNotExist, OnlyIfAllFieldsExist:
		return string(conditionalSet), nil
	}
	return "", errors.New("invalid conditional set")
}

// ExpireCondition makes an EXPIRE-family command depend on the key's current TTL.
type ExpireCondition string

const (
	// HasExistingExpiry applies only when the key already has a TTL (XX).
	HasExistingExpiry ExpireCondition = "XX"
	// HasNoExpiry applies only when the key has no TTL (NX).
	HasNoExpiry ExpireCondition = "NX"
	// NewExpiryGreaterThanCurrent applies only if the new TTL is later (GT).
	NewExpiryGreaterThanCurrent ExpireCondition = "GT"
	// NewExpiryLessThanCurrent applies only if the new TTL is sooner (LT).
	NewExpiryLessThanCurrent ExpireCondition = "LT"
)

// ToString validates the value and returns its wire token.
func (expireCondition ExpireCondition) ToString() (string, error) {
	switch expireCondition {
	case HasExistingExpiry, HasNoExpiry, NewExpiryGreaterThanCurrent, NewExpiryLessThanCurrent:
		return string(expireCondition), nil
	}
	return "", errors.New("invalid expire condition")
}
