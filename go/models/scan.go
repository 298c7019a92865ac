package models

// Cursor is the position of a SCAN-family iteration. A fresh cursor and a
// finished one are both "0" on the wire; the new flag tells them apart so a
// loop can test IsFinished before its first call.
type Cursor struct {
	cursor string
	new    bool
}

// NewCursor starts an iteration.
func NewCursor() Cursor { return Cursor{cursor: "0", new: true} }

// NewCursorFromString resumes an iteration at a cursor the server returned.
// "0" read back from a reply means the iteration is complete.
func NewCursorFromString(cursor string) Cursor { return Cursor{cursor: cursor} }

// IsFinished reports whether the server signalled the end of the iteration.
func (cursor Cursor) IsFinished() bool { return !cursor.new && cursor.cursor == "0" }

// GetCursor is the cursor as sent on the wire.
func (cursor Cursor) GetCursor() string { return cursor.cursor }

// String is the cursor as sent on the wire.
func (cursor Cursor) String() string { return cursor.cursor }

// ScanResult is one SCAN-family page: the next cursor and the page's items.
type ScanResult struct {
	Cursor Cursor
	Data   []string
}

// FINISHED_SCAN_CURSOR is the cursor id a cluster scan reports once every slot
// has been visited.
var FINISHED_SCAN_CURSOR = "finished"

// ClusterScanCursor is the position of a cluster-wide SCAN. Unlike a node
// cursor it is not a server value: it is an opaque text that carries the scan's
// whole state (the slots already covered, the node being scanned), so it needs no
// cleanup and stays valid across failovers and slot migrations.
type ClusterScanCursor struct {
	cursor string
}

// NewClusterScanCursor starts a cluster scan.
func NewClusterScanCursor() ClusterScanCursor { return NewClusterScanCursorWithId("0") }

// NewClusterScanCursorWithId resumes a cluster scan from an id a previous page
// returned.
func NewClusterScanCursorWithId(newCursor string) ClusterScanCursor {
	return ClusterScanCursor{cursor: newCursor}
}

// GetCursor is the cursor id.
func (clusterScanCursor ClusterScanCursor) GetCursor() string { return clusterScanCursor.cursor }

// IsFinished reports whether every slot has been scanned.
func (clusterScanCursor ClusterScanCursor) IsFinished() bool {
	return clusterScanCursor.cursor == FINISHED_SCAN_CURSOR
}

// ClusterScanResult is one cluster scan page.
type ClusterScanResult struct {
	Cursor ClusterScanCursor
	Keys   []string
}
