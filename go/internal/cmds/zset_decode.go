package cmds

import (
	"sort"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// Decoders of sorted-set replies. The server sends member-score lists in three shapes
// depending on the command and protocol: a flat array of alternating members and
// scores (RESP2, and RESP3 ZPOPMIN/ZPOPMAX without a count), an array of [member, score]
// pairs (RESP3, and ZMPOP in both), or a RESP3 map. Scores are RESP3 doubles or, in
// RESP2, their decimal strings ("inf" and "-inf" included); both parse to the same
// float64. zReadMemberScores accepts every shape, so no decoder depends on the protocol.

// zReadMemberScores reads a member-score list in server order. A null reply gives nil.
func zReadMemberScores(r *resp.Reader) ([]models.MemberAndScore, error) {
	if r.Kind() == resp.TypeMap {
		n, isNil, err := r.ReadMapLen()
		if err != nil || isNil {
			return nil, err
		}
		out := make([]models.MemberAndScore, n)
		for i := range out {
			if out[i], err = zReadMemberScore(r); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	if n > 0 {
		switch r.Kind() {
		case resp.TypeArray, resp.TypeSet:
			out := make([]models.MemberAndScore, n)
			for i := range out {
				if out[i], err = zReadPair(r); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
	}
	if n%2 != 0 {
		return nil, &errs.ProtocolError{Msg: "member-score list has an odd number of elements"}
	}
	out := make([]models.MemberAndScore, n/2)
	for i := range out {
		if out[i], err = zReadMemberScore(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// zReadPair reads one [member, score] array.
func zReadPair(r *resp.Reader) (models.MemberAndScore, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil {
		return models.MemberAndScore{}, err
	}
	if isNil || n != 2 {
		return models.MemberAndScore{}, &errs.ProtocolError{Msg: "member-score pair is not a two-element array"}
	}
	return zReadMemberScore(r)
}

func zReadMemberScore(r *resp.Reader) (models.MemberAndScore, error) {
	m, err := r.ReadString()
	if err != nil {
		return models.MemberAndScore{}, err
	}
	s, err := r.ReadFloat()
	if err != nil {
		return models.MemberAndScore{}, err
	}
	return models.MemberAndScore{Member: m, Score: s}, nil
}

// zSortMemberScores orders elements as GLIDE orders its WITHSCORES results: by score,
// then by member (both descending when reverse). That is also the server's order for
// ZRANGE, so the sort only matters where the server's order is not defined.
func zSortMemberScores(ms []models.MemberAndScore, reverse bool) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Score == b.Score {
			if reverse {
				return a.Member > b.Member
			}
			return a.Member < b.Member
		}
		if reverse {
			return a.Score > b.Score
		}
		return a.Score < b.Score
	})
}

// DecodeScoreMap reads ZPOPMIN/ZPOPMAX: members to scores. An empty reply gives an
// empty map.
func DecodeScoreMap(r *resp.Reader) (map[string]float64, error) {
	ms, err := zReadMemberScores(r)
	if err != nil {
		return nil, err
	}
	if ms == nil {
		return nil, nil
	}
	out := make(map[string]float64, len(ms))
	for _, m := range ms {
		out[m.Member] = m.Score
	}
	return out, nil
}

// DecodeSortedMemberScores reads a WITHSCORES reply of ZINTER/ZUNION/ZDIFF, sorted by
// ascending score then member. An empty reply gives an empty, non-nil slice.
func DecodeSortedMemberScores(r *resp.Reader) ([]models.MemberAndScore, error) {
	return zDecodeSorted(r, false)
}

// DecodeSortedMemberScoresRev is DecodeSortedMemberScores in descending order (ZRANGE
// ... REV WITHSCORES).
func DecodeSortedMemberScoresRev(r *resp.Reader) ([]models.MemberAndScore, error) {
	return zDecodeSorted(r, true)
}

func zDecodeSorted(r *resp.Reader, reverse bool) ([]models.MemberAndScore, error) {
	ms, err := zReadMemberScores(r)
	if err != nil {
		return nil, err
	}
	if ms == nil {
		ms = []models.MemberAndScore{}
	}
	zSortMemberScores(ms, reverse)
	return ms, nil
}

// DecodeMemberScoreList reads ZRANDMEMBER ... WITHSCORES in the server's order
// (members may repeat). An empty reply gives nil, as GLIDE's client method returns.
func DecodeMemberScoreList(r *resp.Reader) ([]models.MemberAndScore, error) {
	ms, err := zReadMemberScores(r)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return ms, nil
}

// DecodeRankAndScore reads ZRANK/ZREVRANK ... WITHSCORE: [rank, score], or null when
// the member or key does not exist.
func DecodeRankAndScore(r *resp.Reader) (models.Result[models.RankAndScore], error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return models.CreateNilRankAndScoreResult(), err
	}
	if n != 2 {
		return models.CreateNilRankAndScoreResult(), &errs.ProtocolError{Msg: "rank-and-score reply is not a two-element array"}
	}
	rank, err := r.ReadInt()
	if err != nil {
		return models.CreateNilRankAndScoreResult(), err
	}
	score, err := r.ReadFloat()
	if err != nil {
		return models.CreateNilRankAndScoreResult(), err
	}
	return models.CreateRankAndScoreResult(rank, score), nil
}

// DecodeKeyWithMembersAndScores reads ZMPOP: [key, member-score list], or null when
// every set was empty. Members come sorted by ascending score then member, the order
// GLIDE's batch gives them (its client method leaves the order unspecified).
func DecodeKeyWithMembersAndScores(r *resp.Reader) (models.Result[models.KeyWithArrayOfMembersAndScores], error) {
	nilResult := models.CreateNilKeyWithArrayOfMembersAndScoresResult()
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nilResult, err
	}
	if n != 2 {
		return nilResult, &errs.ProtocolError{Msg: "ZMPOP reply is not a [key, elements] pair"}
	}
	key, err := r.ReadString()
	if err != nil {
		return nilResult, err
	}
	ms, err := zReadMemberScores(r)
	if err != nil {
		return nilResult, err
	}
	if ms == nil {
		ms = []models.MemberAndScore{}
	}
	zSortMemberScores(ms, false)
	return models.CreateKeyWithArrayOfMembersAndScoresResult(
		models.KeyWithArrayOfMembersAndScores{Key: key, MembersAndScores: ms}), nil
}
