package options

import "github.com/valkite/valkite/go/constants"

// ZRangeQuery is a ZRANGE query: a *RangeByIndex, *RangeByScore or
// *RangeByLex.
type ZRangeQuery interface {
	ToArgs() ([]string, error)
	dummyZRangeQuery()
}

// ZRangeQueryWithScores is a ZRANGE query that may return scores: by index or
// by score, not by lex (lex ranges assume equal scores).
type ZRangeQueryWithScores interface {
	dummyZRangeQueryWithScores()
	dummyZRangeQuery()
	ToArgs() ([]string, error)
}

// ZRemRangeQuery is a range accepted by the ZREMRANGEBY* commands.
type ZRemRangeQuery interface {
	ToArgsRemRange() []string
}

type (
	// scoreBoundary is a rendered score bound: "1.5", "(1.5", "+inf", "-inf".
	scoreBoundary string
	// lexBoundary is a rendered lex bound: "[a", "(a", "+", "-".
	lexBoundary string
)

// NewInclusiveScoreBoundary is a bound that includes bound itself.
func NewInclusiveScoreBoundary(bound float64) scoreBoundary { return scoreBoundary(ftoa(bound)) }

// NewScoreBoundary is a bound including or excluding bound.
func NewScoreBoundary(bound float64, isInclusive bool) scoreBoundary {
	if isInclusive {
		return scoreBoundary(ftoa(bound))
	}
	return scoreBoundary("(" + ftoa(bound))
}

// NewInfiniteScoreBoundary is +inf or -inf.
func NewInfiniteScoreBoundary(bound constants.InfBoundary) scoreBoundary {
	return scoreBoundary(string(bound) + "inf")
}

// NewLexBoundary is a bound including ("[") or excluding ("(") bound.
func NewLexBoundary(bound string, isInclusive bool) lexBoundary {
	if isInclusive {
		return lexBoundary("[" + bound)
	}
	return lexBoundary("(" + bound)
}

// NewInfiniteLexBoundary is "+" (after every string) or "-" (before).
func NewInfiniteLexBoundary(bound constants.InfBoundary) lexBoundary {
	return lexBoundary(string(bound))
}

// Limit selects Count elements starting at Offset; a negative Count means all
// the rest.
type Limit struct {
	Offset int64
	Count  int64
}

func (limit *Limit) args() []string {
	return []string{constants.LimitKeyword, itoa(limit.Offset), itoa(limit.Count)}
}

// RangeByIndex selects by rank, both ends inclusive; negative indexes count
// from the highest rank.
type RangeByIndex struct {
	Start, End int64
	Reverse    bool
}

// NewRangeByIndexQuery selects ranks start to end.
func NewRangeByIndexQuery(start int64, end int64) *RangeByIndex {
	return &RangeByIndex{Start: start, End: end}
}

// SetReverse orders from the highest score down (REV).
func (rbi *RangeByIndex) SetReverse() *RangeByIndex {
	rbi.Reverse = true
	return rbi
}

// ToArgs renders start, end and REV.
func (rbi *RangeByIndex) ToArgs() ([]string, error) {
	args := []string{itoa(rbi.Start), itoa(rbi.End)}
	if rbi.Reverse {
		args = append(args, "REV")
	}
	return args, nil
}

func (rbi *RangeByIndex) dummyZRangeQuery()           {}
func (rbi *RangeByIndex) dummyZRangeQueryWithScores() {}

// RangeByScore selects by score. With Reverse, Start is the higher bound, as
// the server expects.
type RangeByScore struct {
	Start, End scoreBoundary
	Reverse    bool
	Limit      *Limit
}

// NewRangeByScoreQuery selects scores from start to end.
func NewRangeByScoreQuery(start scoreBoundary, end scoreBoundary) *RangeByScore {
	return &RangeByScore{Start: start, End: end}
}

// SetReverse orders from the highest score down (REV).
func (rbs *RangeByScore) SetReverse() *RangeByScore {
	rbs.Reverse = true
	return rbs
}

// SetLimit pages through the range (LIMIT offset count).
func (rbs *RangeByScore) SetLimit(offset, count int64) *RangeByScore {
	rbs.Limit = &Limit{Offset: offset, Count: count}
	return rbs
}

// ToArgs renders start, end, BYSCORE, REV and LIMIT.
func (rbs *RangeByScore) ToArgs() ([]string, error) {
	return rangeArgs(string(rbs.Start), string(rbs.End), "BYSCORE", rbs.Reverse, rbs.Limit), nil
}

// ToArgsRemRange renders the bounds alone, for ZREMRANGEBYSCORE.
func (rbs *RangeByScore) ToArgsRemRange() ([]string, error) {
	return []string{string(rbs.Start), string(rbs.End)}, nil
}

func (rbs *RangeByScore) dummyZRangeQuery()           {}
func (rbs *RangeByScore) dummyZRangeQueryWithScores() {}

// RangeByLex selects by member name, for sets whose members share one score.
type RangeByLex struct {
	Start, End lexBoundary
	Reverse    bool
	Limit      *Limit
}

// NewRangeByLexQuery selects members from start to end.
func NewRangeByLexQuery(start lexBoundary, end lexBoundary) *RangeByLex {
	return &RangeByLex{Start: start, End: end}
}

// SetReverse orders from the last member down (REV).
func (rbl *RangeByLex) SetReverse() *RangeByLex {
	rbl.Reverse = true
	return rbl
}

// SetLimit pages through the range (LIMIT offset count).
func (rbl *RangeByLex) SetLimit(offset, count int64) *RangeByLex {
	rbl.Limit = &Limit{Offset: offset, Count: count}
	return rbl
}

// ToArgs renders start, end, BYLEX, REV and LIMIT.
func (rbl *RangeByLex) ToArgs() ([]string, error) {
	return rangeArgs(string(rbl.Start), string(rbl.End), "BYLEX", rbl.Reverse, rbl.Limit), nil
}

// ToArgsRemRange renders the bounds alone, for ZREMRANGEBYLEX.
func (rbl *RangeByLex) ToArgsRemRange() ([]string, error) {
	return []string{string(rbl.Start), string(rbl.End)}, nil
}

// ToArgsLexCount renders the bounds alone, for ZLEXCOUNT.
func (rbl *RangeByLex) ToArgsLexCount() []string {
	return []string{string(rbl.Start), string(rbl.End)}
}

func (rbl *RangeByLex) dummyZRangeQuery() {}

func rangeArgs(start, end, by string, reverse bool, limit *Limit) []string {
	args := make([]string, 0, 7)
	args = append(args, start, end, by)
	if reverse {
		args = append(args, "REV")
	}
	if limit != nil {
		args = append(args, limit.args()...)
	}
	return args
}
