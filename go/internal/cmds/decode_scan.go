package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// DecodeScanResult reads a SCAN-family page: a two-element array of the next cursor
// and the page's items (HSCAN and ZSCAN items are flattened pairs, as in GLIDE).
func DecodeScanResult(r *resp.Reader) (models.ScanResult, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil {
		return models.ScanResult{}, err
	}
	if isNil || n != 2 {
		return models.ScanResult{}, &errs.ProtocolError{Msg: "scan reply is not a [cursor, items] pair"}
	}
	cursor, err := r.ReadString()
	if err != nil {
		return models.ScanResult{}, err
	}
	items, err := DecodeStringArray(r)
	if err != nil {
		return models.ScanResult{}, err
	}
	if items == nil {
		items = []string{}
	}
	return models.ScanResult{Cursor: models.NewCursorFromString(cursor), Data: items}, nil
}
