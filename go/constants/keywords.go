package constants

// Argument keywords, spelled as the server expects them. Options and command
// builders use these names so that a typo is a compile error, not a syntax error
// from the server.
const (
	CountKeyword        string = "COUNT"
	FullKeyword         string = "FULL"
	MatchKeyword        string = "MATCH"
	NoValuesKeyword     string = "NOVALUES"
	WithScoreKeyword    string = "WITHSCORE"
	WithScoresKeyword   string = "WITHSCORES"
	NoScoresKeyword     string = "NOSCORES"
	WithValuesKeyword   string = "WITHVALUES"
	AggregateKeyWord    string = "AGGREGATE"
	WeightsKeyword      string = "WEIGHTS"
	RankKeyword         string = "RANK"
	MaxLenKeyword       string = "MAXLEN"
	CopyKeyword         string = "COPY"
	ReplaceKeyword      string = "REPLACE"
	ABSTTLKeyword       string = "ABSTTL"
	AuthKeyword         string = "AUTH"
	Auth2Keyword        string = "AUTH2"
	KeysKeyword         string = "KEYS"
	StoreKeyword        string = "STORE"
	DbKeyword           string = "DB"
	TypeKeyword         string = "TYPE"
	ChangedKeyword      string = "CH"
	IncrKeyword         string = "INCR"
	IdleKeyword         string = "IDLE"
	TimeKeyword         string = "TIME"
	RetryCountKeyword   string = "RETRYCOUNT"
	ForceKeyword        string = "FORCE"
	JustIdKeyword       string = "JUSTID"
	EntriesReadKeyword  string = "ENTRIESREAD"
	MakeStreamKeyword   string = "MKSTREAM"
	NoMakeStreamKeyword string = "NOMKSTREAM"
	BlockKeyword        string = "BLOCK"
	NoAckKeyword        string = "NOACK"
	LimitKeyword        string = "LIMIT"
	MinIdKeyword        string = "MINID"
	GroupKeyword        string = "GROUP"
	StreamsKeyword      string = "STREAMS"
	WithCodeKeyword     string = "WITHCODE"
	LibraryNameKeyword  string = "LIBRARYNAME"
)

// ReturnOldValue is SET's GET flag: reply with the value the key held before.
const ReturnOldValue = "GET"
