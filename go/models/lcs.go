package models

// LCSMatch is the structured reply of LCS. Which fields are filled depends on
// the form used: the plain form fills MatchString, LEN fills Len, IDX fills
// Matches and Len.
type LCSMatch struct {
	MatchString string
	Matches     []LCSMatchedPosition
	Len         int64
}

// LCSMatchedPosition is one common block, located in both strings. MatchLen is
// only set when WITHMATCHLEN was requested.
type LCSMatchedPosition struct {
	Key1     LCSPosition
	Key2     LCSPosition
	MatchLen int64
}

// LCSPosition is an inclusive byte range.
type LCSPosition struct {
	Start int64
	End   int64
}
