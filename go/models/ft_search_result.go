package models

import "strconv"

// FlatArrayToMap pairs up a flat [k1, v1, k2, v2, ...] reply. A key that is not
// a string is replaced by its index in arr, so no pair is dropped; a trailing
// unpaired element is ignored.
func FlatArrayToMap(arr []any) map[string]any {
	m := make(map[string]any, len(arr)/2)
	for i := 0; i+1 < len(arr); i += 2 {
		key, ok := arr[i].(string)
		if !ok {
			key = strconv.Itoa(i)
		}
		m[key] = arr[i+1]
	}
	return m
}

// FtSearchDocument is one FT.SEARCH hit. Fields is empty with NOCONTENT; SortKey
// is set only with WITHSORTKEYS.
type FtSearchDocument struct {
	Key     string
	Fields  map[string]any
	SortKey string
}

// FtSearchResult is FT.SEARCH's reply. Documents keep the server's order, which
// carries meaning when SORTBY was used.
type FtSearchResult struct {
	TotalResults int64
	Documents    []FtSearchDocument
}
