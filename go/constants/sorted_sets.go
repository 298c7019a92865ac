package constants

import "errors"

// InfBoundary is an open end of a range: "+" or "-". Lex and stream ranges use
// the token as is; score ranges render it as "+inf"/"-inf".
type InfBoundary string

const (
	PositiveInfinity InfBoundary = "+"
	NegativeInfinity InfBoundary = "-"
)

// ScoreFilter picks which end of a sorted set ZMPOP/BZMPOP pop from.
type ScoreFilter string

const (
	MAX ScoreFilter = "MAX"
	MIN ScoreFilter = "MIN"
)

// ToString validates the value and returns its wire token.
func (scoreFilter ScoreFilter) ToString() (string, error) {
	switch scoreFilter {
	case MAX, MIN:
		return string(scoreFilter), nil
	}
	return "", errors.New("invalid score filter")
}
