package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// Stream reply decoders. Each reads RESP3 and RESP2 alike: entries are [id, [field,
// value, ...]] arrays in both, and the maps of XREAD and XINFO arrive either as RESP3
// maps or as the arrays RESP2 sends in their place. Entries keep the server's order
// (GLIDE's core goes through a map and re-sorts by ID text, which gives the same order
// for the IDs a stream normally holds).

func streamGeoShapeError(msg string) error { return &errs.ProtocolError{Msg: "valkite: " + msg} }

// readStreamFields reads an entry's flat field/value array. A null (an entry deleted
// while still pending, as XREADGROUP reports it) gives no fields.
func readStreamFields(r *resp.Reader) ([]models.FieldValue, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil {
		return nil, err
	}
	if isNil {
		return []models.FieldValue{}, nil
	}
	if n%2 != 0 {
		return nil, streamGeoShapeError("stream entry with an odd number of field/value items")
	}
	out := make([]models.FieldValue, n/2)
	for i := range out {
		if out[i].Field, err = r.ReadString(); err != nil {
			return nil, err
		}
		if out[i].Value, err = r.ReadString(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readStreamEntry reads one [id, fields] entry; ok is false for a null entry (a
// claimed ID whose entry no longer exists, on servers before 7.0).
func readStreamEntry(r *resp.Reader) (e models.StreamEntry, ok bool, err error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return e, false, err
	}
	if n != 2 {
		return e, false, streamGeoShapeError("stream entry is not an [id, fields] pair")
	}
	if e.ID, err = r.ReadString(); err != nil {
		return e, false, err
	}
	e.Fields, err = readStreamFields(r)
	return e, err == nil, err
}

// readStreamEntries reads an array of entries into a non-nil slice; a null array gives
// nil (XRANGE ... COUNT 0).
func readStreamEntries(r *resp.Reader) ([]models.StreamEntry, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.StreamEntry, 0, n)
	for i := 0; i < n; i++ {
		e, ok, err := readStreamEntry(r)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// DecodeStreamEntries reads XRANGE and XREVRANGE.
func DecodeStreamEntries(r *resp.Reader) ([]models.StreamEntry, error) {
	return readStreamEntries(r)
}

// DecodeXRead reads XREAD and XREADGROUP: a map from stream to its entries (RESP3),
// or an array of [stream, entries] pairs (RESP2). A null (nothing to read) gives nil.
func DecodeXRead(r *resp.Reader) (map[string]models.StreamResponse, error) {
	if r.Kind() == resp.TypeMap {
		n, _, err := r.ReadMapLen()
		if err != nil {
			return nil, err
		}
		out := make(map[string]models.StreamResponse, n)
		for i := 0; i < n; i++ {
			if err := readXReadStream(r, out); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]models.StreamResponse, n)
	for i := 0; i < n; i++ {
		m, _, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if m != 2 {
			return nil, streamGeoShapeError("XREAD stream is not a [key, entries] pair")
		}
		if err := readXReadStream(r, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readXReadStream(r *resp.Reader, out map[string]models.StreamResponse) error {
	key, err := r.ReadString()
	if err != nil {
		return err
	}
	entries, err := readStreamEntries(r)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []models.StreamEntry{}
	}
	out[key] = models.StreamResponse{Entries: entries}
	return nil
}

// DecodeXClaim reads XCLAIM's entries keyed by ID.
func DecodeXClaim(r *resp.Reader) (map[string]models.XClaimResponse, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make(map[string]models.XClaimResponse, n)
	for i := 0; i < n; i++ {
		e, ok, err := readStreamEntry(r)
		if err != nil {
			return nil, err
		}
		if ok {
			out[e.ID] = models.XClaimResponse{Fields: e.Fields}
		}
	}
	return out, nil
}

// xAutoClaimHead reads XAUTOCLAIM's array header and cursor; it reports whether the
// third element (deleted IDs, Valkey 7.0+) follows.
func xAutoClaimHead(r *resp.Reader) (next string, withDeleted bool, err error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil {
		return "", false, err
	}
	if isNil || n < 2 || n > 3 {
		return "", false, streamGeoShapeError("XAUTOCLAIM reply is not a 2- or 3-element array")
	}
	next, err = r.ReadString()
	return next, n == 3, err
}

// DecodeXAutoClaim reads XAUTOCLAIM. DeletedMessages stays nil on servers that do not
// report deleted IDs (before 7.0), as in GLIDE.
func DecodeXAutoClaim(r *resp.Reader) (models.XAutoClaimResponse, error) {
	var out models.XAutoClaimResponse
	next, withDeleted, err := xAutoClaimHead(r)
	if err != nil {
		return out, err
	}
	out.NextEntry = next
	if out.ClaimedEntries, err = readStreamEntries(r); err != nil {
		return out, err
	}
	if out.ClaimedEntries == nil {
		out.ClaimedEntries = []models.StreamEntry{}
	}
	if withDeleted {
		out.DeletedMessages, err = DecodeStringArray(r)
	}
	return out, err
}

// DecodeXAutoClaimJustId reads XAUTOCLAIM ... JUSTID.
func DecodeXAutoClaimJustId(r *resp.Reader) (models.XAutoClaimJustIdResponse, error) {
	var out models.XAutoClaimJustIdResponse
	next, withDeleted, err := xAutoClaimHead(r)
	if err != nil {
		return out, err
	}
	out.NextEntry = next
	if out.ClaimedEntries, err = DecodeStringArray(r); err != nil {
		return out, err
	}
	if out.ClaimedEntries == nil {
		out.ClaimedEntries = []string{}
	}
	if withDeleted {
		out.DeletedMessages, err = DecodeStringArray(r)
	}
	return out, err
}

// DecodeXPendingSummary reads XPENDING's summary form: [count, first, last,
// [[consumer, count], ...]], the three last null when nothing is pending. The
// consumers' counts arrive as strings; ReadInt parses them.
func DecodeXPendingSummary(r *resp.Reader) (models.XPendingSummary, error) {
	out := models.CreateNilXPendingSummary()
	n, isNil, err := r.ReadArrayLen()
	if err != nil {
		return out, err
	}
	if isNil || n != 4 {
		return out, streamGeoShapeError("XPENDING summary is not a 4-element array")
	}
	if out.NumOfMessages, err = r.ReadInt(); err != nil {
		return out, err
	}
	if out.StartId, err = DecodeNullableString(r); err != nil {
		return out, err
	}
	if out.EndId, err = DecodeNullableString(r); err != nil {
		return out, err
	}
	m, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return out, err
	}
	out.ConsumerMessages = make([]models.ConsumerPendingMessage, m)
	for i := range out.ConsumerMessages {
		if k, _, err := r.ReadArrayLen(); err != nil || k != 2 {
			if err == nil {
				err = streamGeoShapeError("XPENDING consumer is not a [name, count] pair")
			}
			return out, err
		}
		c := &out.ConsumerMessages[i]
		if c.ConsumerName, err = r.ReadString(); err != nil {
			return out, err
		}
		if c.MessageCount, err = r.ReadInt(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// DecodeXPendingDetails reads XPENDING's extended form.
func DecodeXPendingDetails(r *resp.Reader) ([]models.XPendingDetail, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]models.XPendingDetail, n)
	for i := range out {
		if k, _, err := r.ReadArrayLen(); err != nil || k != 4 {
			if err == nil {
				err = streamGeoShapeError("XPENDING detail is not a 4-element array")
			}
			return nil, err
		}
		d := &out[i]
		if d.Id, err = r.ReadString(); err != nil {
			return nil, err
		}
		if d.ConsumerName, err = r.ReadString(); err != nil {
			return nil, err
		}
		if d.IdleTime, err = r.ReadInt(); err != nil {
			return nil, err
		}
		if d.DeliveryCount, err = r.ReadInt(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
