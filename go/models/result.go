package models

// Zero values returned next to an error, so call sites that must return
// something on failure have a named value to use.
var (
	DefaultFloatResponse  float64
	DefaultBoolResponse   bool
	DefaultIntResponse    int64
	DefaultStringResponse string
)

// Result is a reply that may be nil on the wire. A nil reply is not the same as
// an empty string or a zero, so the flag is kept apart from the value.
type Result[T any] struct {
	val   T
	isNil bool
}

// IsNil reports whether the server replied with nil.
func (result Result[T]) IsNil() bool { return result.isNil }

// Value is the reply, or T's zero value when IsNil is true.
func (result Result[T]) Value() T { return result.val }

// CreateResultOf wraps a present value.
func CreateResultOf[T any](val T) Result[T] { return Result[T]{val: val} }

// CreateNilResultOf is the nil reply for T.
func CreateNilResultOf[T any]() Result[T] { return Result[T]{isNil: true} }

// CreateStringResult wraps a present string.
func CreateStringResult(str string) Result[string] { return CreateResultOf(str) }

// CreateNilStringResult is the nil string reply.
func CreateNilStringResult() Result[string] { return CreateNilResultOf[string]() }

// CreateInt64Result wraps a present integer.
func CreateInt64Result(intVal int64) Result[int64] { return CreateResultOf(intVal) }

// CreateNilInt64Result is the nil integer reply.
func CreateNilInt64Result() Result[int64] { return CreateNilResultOf[int64]() }

// CreateFloat64Result wraps a present float.
func CreateFloat64Result(floatVal float64) Result[float64] { return CreateResultOf(floatVal) }

// CreateNilFloat64Result is the nil float reply.
func CreateNilFloat64Result() Result[float64] { return CreateNilResultOf[float64]() }

// CreateKeyWithMemberAndScoreResult wraps a BZPOPMIN/BZPOPMAX pop.
func CreateKeyWithMemberAndScoreResult(kmsVal KeyWithMemberAndScore) Result[KeyWithMemberAndScore] {
	return CreateResultOf(kmsVal)
}

// CreateNilKeyWithMemberAndScoreResult is a blocking pop that timed out.
func CreateNilKeyWithMemberAndScoreResult() Result[KeyWithMemberAndScore] {
	return CreateNilResultOf[KeyWithMemberAndScore]()
}

// CreateKeyWithArrayOfMembersAndScoresResult wraps a ZMPOP/BZMPOP pop.
func CreateKeyWithArrayOfMembersAndScoresResult(
	kmsVals KeyWithArrayOfMembersAndScores,
) Result[KeyWithArrayOfMembersAndScores] {
	return CreateResultOf(kmsVals)
}

// CreateNilKeyWithArrayOfMembersAndScoresResult is a ZMPOP with nothing to pop.
func CreateNilKeyWithArrayOfMembersAndScoresResult() Result[KeyWithArrayOfMembersAndScores] {
	return CreateNilResultOf[KeyWithArrayOfMembersAndScores]()
}

// CreateRankAndScoreResult wraps ZRANK ... WITHSCORE for a present member.
func CreateRankAndScoreResult(
	rank int64,
	score float64,
) Result[RankAndScore] {
	return CreateResultOf(RankAndScore{Rank: rank, Score: score})
}

// CreateNilRankAndScoreResult is ZRANK ... WITHSCORE for a missing member.
func CreateNilRankAndScoreResult() Result[RankAndScore] {
	return CreateNilResultOf[RankAndScore]()
}
