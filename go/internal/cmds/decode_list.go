package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// DecodeKeyValues reads LMPOP's reply: null when nothing was popped, otherwise the
// pair [key, [elements...]], returned as the one-entry slice GLIDE gives.
func DecodeKeyValues(r *resp.Reader) ([]models.KeyValues, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	if n != 2 {
		return nil, &errs.ProtocolError{Msg: "LMPOP reply is not a [key, elements] pair"}
	}
	key, err := r.ReadString()
	if err != nil {
		return nil, err
	}
	values, err := DecodeStringArray(r)
	if err != nil {
		return nil, err
	}
	if values == nil {
		values = []string{}
	}
	return []models.KeyValues{{Key: key, Values: values}}, nil
}
