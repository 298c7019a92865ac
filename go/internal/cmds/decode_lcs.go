package cmds

import (
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// LCS has three reply shapes, one per form of the command; GLIDE folds all of them
// into *models.LCSMatch, leaving the fields a form does not produce at their zero
// values (Matches always non-nil).

// DecodeLCSString reads the plain form: the common subsequence itself.
func DecodeLCSString(r *resp.Reader) (*models.LCSMatch, error) {
	s, err := r.ReadString()
	if err != nil {
		return nil, err
	}
	return &models.LCSMatch{MatchString: s, Matches: []models.LCSMatchedPosition{}}, nil
}

// DecodeLCSLen reads the LEN form: the subsequence's length.
func DecodeLCSLen(r *resp.Reader) (*models.LCSMatch, error) {
	n, err := r.ReadInt()
	if err != nil {
		return nil, err
	}
	return &models.LCSMatch{Len: n, Matches: []models.LCSMatchedPosition{}}, nil
}

// DecodeLCSIdx reads the IDX form: a map (flat array in RESP2) holding "matches", the
// matched ranges in both strings, and "len". Unknown keys are skipped so a server that
// adds fields does not break the client.
func DecodeLCSIdx(r *resp.Reader) (*models.LCSMatch, error) {
	n, isNil, err := r.ReadMapLen()
	if err != nil {
		return nil, err
	}
	if isNil {
		return nil, &errs.ProtocolError{Msg: "unexpected nil LCS IDX reply"}
	}
	out := &models.LCSMatch{Matches: []models.LCSMatchedPosition{}}
	for i := 0; i < n; i++ {
		key, err := r.ReadBytes()
		if err != nil {
			return nil, err
		}
		switch string(key) {
		case "len":
			out.Len, err = r.ReadInt()
		case "matches":
			out.Matches, err = decodeLCSMatches(r)
		default:
			err = r.Skip()
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeLCSMatches reads [[[start1, end1], [start2, end2], len?], ...].
func decodeLCSMatches(r *resp.Reader) ([]models.LCSMatchedPosition, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return []models.LCSMatchedPosition{}, err
	}
	out := make([]models.LCSMatchedPosition, n)
	for i := range out {
		parts, _, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if parts != 2 && parts != 3 {
			return nil, &errs.ProtocolError{Msg: "LCS match entry must have 2 or 3 elements"}
		}
		if out[i].Key1, err = decodeLCSPosition(r); err != nil {
			return nil, err
		}
		if out[i].Key2, err = decodeLCSPosition(r); err != nil {
			return nil, err
		}
		if parts == 3 {
			if out[i].MatchLen, err = r.ReadInt(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func decodeLCSPosition(r *resp.Reader) (models.LCSPosition, error) {
	n, _, err := r.ReadArrayLen()
	if err != nil {
		return models.LCSPosition{}, err
	}
	if n != 2 {
		return models.LCSPosition{}, &errs.ProtocolError{Msg: "LCS range must have 2 elements"}
	}
	start, err := r.ReadInt()
	if err != nil {
		return models.LCSPosition{}, err
	}
	end, err := r.ReadInt()
	if err != nil {
		return models.LCSPosition{}, err
	}
	return models.LCSPosition{Start: start, End: end}, nil
}
