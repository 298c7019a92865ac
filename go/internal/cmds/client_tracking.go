package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// ClientTrackingInfo is CLIENT TRACKINGINFO: the connection's client-side-caching
// tracking state.
func ClientTrackingInfo() Cmd[models.ClientTrackingInfo] {
	return Cmd[models.ClientTrackingInfo]{Args: []string{"CLIENT", "TRACKINGINFO"}, Decode: DecodeClientTrackingInfo}
}

// DecodeClientTrackingInfo reads CLIENT TRACKINGINFO's map (a flat array in RESP2):
// flags (a set: "off", "on", "bcast", ...), redirect (an integer) and prefixes (an
// array). Flags keep the server's order; flags and prefixes are empty, not nil, when
// the server lists none. Fields a later server may add are skipped; a missing field is
// a protocol error, as the reply would not mean what the struct says.
func DecodeClientTrackingInfo(r *resp.Reader) (models.ClientTrackingInfo, error) {
	var out models.ClientTrackingInfo
	n, isNil, err := r.ReadMapLen()
	if err != nil {
		return out, err
	}
	if isNil {
		return out, &errs.ProtocolError{Msg: "CLIENT TRACKINGINFO: nil reply"}
	}
	var seen [3]bool
	for i := 0; i < n; i++ {
		key, err := r.ReadString()
		if err != nil {
			return out, err
		}
		switch key {
		case "flags":
			out.Flags, err = decodeStringsOrEmpty(r)
			seen[0] = true
		case "redirect":
			out.Redirect, err = r.ReadInt()
			seen[1] = true
		case "prefixes":
			out.Prefixes, err = decodeStringsOrEmpty(r)
			seen[2] = true
		default:
			err = r.Skip()
		}
		if err != nil {
			return out, err
		}
	}
	if !seen[0] || !seen[1] || !seen[2] {
		return out, &errs.ProtocolError{Msg: "CLIENT TRACKINGINFO: reply lacks flags, redirect or prefixes"}
	}
	return out, nil
}

// decodeStringsOrEmpty reads an array or set of strings; a null gives an empty slice.
func decodeStringsOrEmpty(r *resp.Reader) ([]string, error) {
	n, _, err := r.ReadArrayLen()
	if err != nil {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		if out[i], err = r.ReadString(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
