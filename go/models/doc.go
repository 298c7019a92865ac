// Package models holds the value types commands return: the nullable Result, the
// per-node ClusterValue, and plain structs for structured replies (streams, sorted
// sets, scans, LCS, server statistics). They are data only; decoding lives in the
// command layer so these types stay usable in user code and tests.
package models
