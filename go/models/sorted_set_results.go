package models

// KeyWithMemberAndScore is one element popped by BZPOPMIN/BZPOPMAX, with the
// key it came from (those commands watch several keys).
type KeyWithMemberAndScore struct {
	Key    string
	Member string
	Score  float64
}

// KeyWithArrayOfMembersAndScores is what ZMPOP/BZMPOP popped, and from which key.
type KeyWithArrayOfMembersAndScores struct {
	Key              string
	MembersAndScores []MemberAndScore
}

// MemberAndScore is one sorted-set element with its score. Commands returning
// several keep the server's order in a slice, which a map would lose.
type MemberAndScore struct {
	Member string
	Score  float64
}

// RankAndScore is ZRANK/ZREVRANK ... WITHSCORE.
type RankAndScore struct {
	Rank  int64
	Score float64
}
