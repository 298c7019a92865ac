package options

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/errs"
)

// argser is every option type whose ToArgs can fail.
type argser interface {
	ToArgs() ([]string, error)
}

type argsCase struct {
	name string
	opts argser
	want []string
}

func runArgs(t *testing.T, cases []argsCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.ToArgs()
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("ToArgs must return a non-nil slice")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

type errCase struct {
	name string
	opts argser
	want string
}

func runErrs(t *testing.T, cases []errCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.opts.ToArgs()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

var at = time.Unix(1700000000, 0)

func TestSetOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"empty", NewSetOptions(), []string{}},
		{"nx", NewSetOptions().SetOnlyIfDoesNotExist(), []string{"NX"}},
		{"xx get", NewSetOptions().SetOnlyIfExists().SetReturnOldValue(true), []string{"XX", "GET"}},
		{"ifeq", NewSetOptions().SetOnlyIfEquals("old"), []string{"IFEQ", "old"}},
		{"ifeq replaced", NewSetOptions().SetOnlyIfEquals("old").SetConditionalSet(constants.OnlyIfExists), []string{"XX"}},
		{"ex", NewSetOptions().SetExpiry(NewExpiryIn(10 * time.Second)), []string{"EX", "10"}},
		{"px", NewSetOptions().SetExpiry(NewExpiryIn(1500 * time.Millisecond)), []string{"PX", "1500"}},
		{"exat", NewSetOptions().SetExpiry(NewExpiryAt(at)), []string{"EXAT", "1700000000"}},
		{"pxat", NewSetOptions().SetExpiry(NewExpiryAt(at.Add(250 * time.Millisecond))),
			[]string{"PXAT", "1700000000250"}},
		{"keepttl", NewSetOptions().SetExpiry(NewExpiryKeepExisting()), []string{"KEEPTTL"}},
		{"all", NewSetOptions().SetOnlyIfDoesNotExist().SetReturnOldValue(true).SetExpiry(NewExpiryIn(time.Minute)),
			[]string{"NX", "GET", "EX", "60"}},
		{"set type", NewSetOptions().SetExpiry(NewExpiryIn(2 * time.Second).SetType(constants.Milliseconds)),
			[]string{"PX", "2"}},
		{"literal", &SetOptions{Expiry: &Expiry{Type: constants.Milliseconds, Duration: 5}}, []string{"PX", "5"}},
	})
	runErrs(t, []errCase{
		{"persist", NewSetOptions().SetExpiry(NewExpiryPersist()), "invalid expiry type"},
		{"unknown", NewSetOptions().SetExpiry(&Expiry{Type: "EXX"}), "invalid expiry type"},
	})
}

func TestGetExOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"empty", NewGetExOptions(), []string{}},
		{"ex", NewGetExOptions().SetExpiry(NewExpiryIn(3 * time.Second)), []string{"EX", "3"}},
		{"pxat", NewGetExOptions().SetExpiry(&Expiry{Type: constants.UnixMilliseconds, Timestamp: at}),
			[]string{"PXAT", "1700000000000"}},
		{"persist", NewGetExOptions().SetExpiry(NewExpiryPersist()), []string{"PERSIST"}},
	})
	runErrs(t, []errCase{
		{"keepttl", NewGetExOptions().SetExpiry(NewExpiryKeepExisting()), "invalid expiry type"},
	})
}

func TestExpiryGetTime(t *testing.T) {
	if got := (&Expiry{Type: constants.UnixSeconds, Timestamp: at}).GetTime(); got != 1700000000 {
		t.Fatal(got)
	}
	if got := (&Expiry{Type: constants.Seconds, Duration: 7, Timestamp: at}).GetTime(); got != 7 {
		t.Fatal(got)
	}
}

func TestHashExpirationOptions(t *testing.T) {
	hset := NewHSetExOptions().SetConditionalSet(constants.OnlyIfFieldsDoNotExist).SetExpiry(NewExpiryIn(time.Second))
	keep := NewHSetExOptions().SetExpiry(NewExpiryKeepExisting())
	hget := NewHGetExOptions().SetExpiry(NewExpiryPersist())
	hgetpx := NewHGetExOptions().SetExpiry(NewExpiryIn(20 * time.Millisecond))
	hexp := NewHExpireOptions().SetExpireCondition(constants.NewExpiryGreaterThanCurrent)
	empty := NewHExpireOptions()
	runArgs(t, []argsCase{
		{"hsetex", &hset, []string{"FNX", "EX", "1"}},
		{"hsetex keepttl", &keep, []string{"KEEPTTL"}},
		{"hgetex persist", &hget, []string{"PERSIST"}},
		{"hgetex px", &hgetpx, []string{"PX", "20"}},
		{"hexpire gt", &hexp, []string{"GT"}},
		{"hexpire empty", &empty, []string{}},
	})
	badCond := NewHSetExOptions().SetConditionalSet("ZZ")
	badExp := NewHExpireOptions().SetExpireCondition("ZZ")
	runErrs(t, []errCase{
		{"bad condition", &badCond, "invalid conditional set"},
		{"bad expire condition", &badExp, "invalid expire condition"},
	})
}

func TestScanOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"base empty", NewBaseScanOptions(), []string{}},
		{"base", NewBaseScanOptions().SetMatch("k*").SetCount(100), []string{"MATCH", "k*", "COUNT", "100"}},
		{"scan type first", NewScanOptions().SetMatch("a*").SetCount(5).SetType(constants.ObjectTypeHash),
			[]string{"TYPE", "hash", "MATCH", "a*", "COUNT", "5"}},
		{"hscan", NewHashScanOptions().SetCount(2).SetNoValues(true), []string{"COUNT", "2", "NOVALUES"}},
		{"zscan", NewZScanOptions().SetMatch("m").SetNoScores(true), []string{"MATCH", "m", "NOSCORES"}},
		{"cluster scan", NewClusterScanOptions().SetMatch("x").SetCount(9).SetType(constants.ObjectTypeSet).
			SetAllowNonCoveredSlots(true),
			[]string{"MATCH", "x", "COUNT", "9", "TYPE", "set", "ALLOW_NON_COVERED_SLOTS"}},
	})
}

func TestInfoPingEchoLolwut(t *testing.T) {
	var nilInfo *InfoOptions
	var nilPing *PingOptions
	var nilEcho *EchoOptions
	var nilLolwut *LolwutOptions
	runArgs(t, []argsCase{
		{"info nil", nilInfo, []string{}},
		{"info sections", &InfoOptions{Sections: []constants.Section{constants.Server, constants.Memory}},
			[]string{"server", "memory"}},
		{"ping nil", nilPing, []string{}},
		{"ping msg", &PingOptions{Message: "hi"}, []string{"hi"}},
		{"echo nil", nilEcho, []string{}},
		{"echo", &EchoOptions{Message: "x"}, []string{"x"}},
		{"lolwut nil", nilLolwut, []string{}},
		{"lolwut", NewLolwutOptions(6).SetArgs([]int{40, 20}), []string{"VERSION", "6", "40", "20"}},
	})
	cluster := ClusterInfoOptions{InfoOptions: &InfoOptions{Sections: []constants.Section{constants.Cluster}},
		RouteOption: &RouteOption{Route: config.AllPrimaries}}
	if got, _ := cluster.ToArgs(); !reflect.DeepEqual(got, []string{"cluster"}) || !cluster.Route.IsMultiNode() {
		t.Fatalf("cluster info: %q", got)
	}
}

func TestCopyAndRestoreOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"copy default sends db 0", NewCopyOptions(), []string{"DB", "0"}},
		{"copy replace db", NewCopyOptions().SetReplace().SetDBDestination(3), []string{"REPLACE", "DB", "3"}},
		{"copy no db", &CopyOptions{Replace: true, DbDestination: -1}, []string{"REPLACE"}},
		{"restore empty", NewRestoreOptions(), []string{}},
		{"restore all", NewRestoreOptions().SetReplace().SetABSTTL().SetEviction(constants.FREQ, 10),
			[]string{"REPLACE", "ABSTTL", "FREQ", "10"}},
		{"restore idletime", NewRestoreOptions().SetEviction(constants.IDLETIME, 0), []string{"IDLETIME", "0"}},
	})
}

func TestSortOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"default", NewSortOptions(), []string{"ASC"}},
		{"zero value", &SortOptions{}, []string{}},
		{"all", NewSortOptions().SetLimit(Limit{Offset: 1, Count: 10}).SetOrderBy(DESC).SetIsAlpha(true).
			SetByPattern("w_*").AddGetPattern("#").AddGetPattern("o_*"),
			[]string{"LIMIT", "1", "10", "DESC", "ALPHA", "BY", "w_*", "GET", "#", "GET", "o_*"}},
	})
}

func TestLCSOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"default idx", NewLCSIdxOptions(), []string{"IDX"}},
		{"all", NewLCSIdxOptions().SetMinMatchLen(4).SetWithMatchLen(true),
			[]string{"IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}},
		{"no idx", NewLCSIdxOptions().SetIdx(false), []string{}},
	})
}

func TestLPosAndZPopOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"lpos empty", NewLPosOptions(), []string{}},
		{"lpos", NewLPosOptions().SetRank(-1).SetMaxLen(0), []string{"RANK", "-1", "MAXLEN", "0"}},
		{"zmpop", NewZMPopOptions().SetCount(2), []string{"COUNT", "2"}},
		{"zmpop empty", NewZMPopOptions(), []string{}},
	})
	z := NewZPopOptions().SetCount(3)
	if got, _ := z.ToArgs(true); !reflect.DeepEqual(got, []string{"COUNT", "3"}) {
		t.Fatal(got)
	}
	if got, _ := z.ToArgs(false); !reflect.DeepEqual(got, []string{"3"}) {
		t.Fatal(got)
	}
	if got, _ := NewZPopOptions().ToArgs(true); len(got) != 0 {
		t.Fatal(got)
	}
}

func TestBitOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"bitcount", NewBitCountOptions().SetStart(1).SetEnd(-1).SetBitmapIndexType(BIT), []string{"1", "-1", "BIT"}},
		{"bitcount bad type dropped", &BitCountOptions{Start: 0, End: 5, BitMapIndexType: "X"}, []string{"0", "5"}},
		{"bitpos", NewBitPosOptions().SetStart(2).SetEnd(4).SetBitmapIndexType(BYTE), []string{"2", "4", "BYTE"}},
		{"bitpos start 0 end 0", NewBitPosOptions().SetStart(0).SetEnd(0), []string{"0", "0"}},
		{"bitpos start only", NewBitPosOptions().SetStart(-1), []string{"-1"}},
		{"bitpos empty", NewBitPosOptions(), []string{}},
		{"bitpos end without start dropped", NewBitPosOptions().SetEnd(3).SetBitmapIndexType(BIT), []string{}},
		{"bitpos type without end dropped", NewBitPosOptions().SetStart(1).SetBitmapIndexType(BIT), []string{"1"}},
		{"get i64", NewBitFieldGet(SignedInt, 64, 0), []string{"GET", "i64", "0"}},
		{"get u63", NewBitFieldGet(UnsignedInt, 63, 0), []string{"GET", "u63", "0"}},
		{"get i1", NewBitFieldGet(SignedInt, 1, 0), []string{"GET", "i1", "0"}},
		{"get", NewBitFieldGet(SignedInt, 8, 3), []string{"GET", "i8", "3"}},
		{"get hash", &BitFieldGet{EncType: UnsignedInt, Bits: 4, Offset: 2, UseHash: true}, []string{"GET", "u4", "#2"}},
		{"set", NewBitFieldSet(UnsignedInt, 16, 0, 255), []string{"SET", "u16", "0", "255"}},
		{"incrby", NewBitFieldIncrBy(SignedInt, 5, 100, -1), []string{"INCRBY", "i5", "100", "-1"}},
		{"overflow", NewBitFieldOverflow(SAT), []string{"OVERFLOW", "SAT"}},
	})
	runErrs(t, []errCase{
		{"i0", NewBitFieldGet(SignedInt, 0, 0), "Bits must be 1..64"},
		{"i65", NewBitFieldSet(SignedInt, 65, 0, 1), "got i65"},
		{"u64", NewBitFieldIncrBy(UnsignedInt, 64, 0, 1), "got u64"},
		{"u0", NewBitFieldGet(UnsignedInt, 0, 0), "Bits must be 1..63"},
		{"bad enc", &BitFieldGet{EncType: "x", Bits: 8}, "EncType"},
		{"negative offset", NewBitFieldSet(UnsignedInt, 8, -1, 1), "Offset must not be negative"},
		{"bad overflow", NewBitFieldOverflow("CLAMP"), "Overflow must be"},
		{"hscan negative count", NewHashScanOptions().SetCount(-1), "Count must not be negative"},
	})
	op, err := NewBitOp(AND, "dst", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	runArgs(t, []argsCase{{"bitop", op, []string{"AND", "dst", "a", "b"}}})
	if _, err := NewBitOp(NOT, "d", []string{"a", "b"}); err == nil || !strings.Contains(err.Error(), "keys") {
		t.Fatalf("NOT with two sources: %v", err)
	}
	var re *errs.RequestError
	if _, err := NewBitOp(XOR, "d", nil); !errors.As(err, &re) {
		t.Fatalf("XOR without sources: %T %v, want a *RequestError as GLIDE gives", err, err)
	}
	if _, err := NewBitOp(OR, "d", []string{"a"}); err == nil {
		t.Fatal("OR with one source")
	}
	var _ BitFieldROCommands = NewBitFieldGet(SignedInt, 1, 0)
	var _ BitFieldSubCommands = NewBitFieldOverflow(WRAP)
}

func TestSortedSetOptions(t *testing.T) {
	zadd, _ := NewZAddOptions().SetConditionalChange(constants.OnlyIfExists).SetUpdateOptions(ScoreGreaterThanCurrent).
		SetChanged(true)
	incr, _ := NewZAddOptions().SetIncr(true, 2.5, "m")
	runArgs(t, []argsCase{
		{"zadd", zadd, []string{"XX", "GT", "CH"}},
		{"zadd incr", incr, []string{"INCR", "2.5", "m"}},
		{"zadd ignores others", &ZAddOptions{ConditionalChange: constants.OnlyIfEquals, UpdateOptions: "EQ"}, []string{}},
		{"zcount", NewZCountRange(NewInclusiveScoreBoundary(1), NewInfiniteScoreBoundary(constants.PositiveInfinity)),
			[]string{"1", "+inf"}},
		{"zinter", NewZInterOptions().SetAggregate(AggregateMax), []string{"AGGREGATE", "MAX"}},
		{"zinter empty", NewZInterOptions(), []string{}},
		{"zunion", NewZUnionOptions().SetAggregate(AggregateMin), []string{"AGGREGATE", "MIN"}},
		{"zintercard default", NewZInterCardOptions(), []string{}},
		{"zintercard zero value", &ZInterCardOptions{}, []string{"LIMIT", "0"}},
		{"zintercard", NewZInterCardOptions().SetLimit(5), []string{"LIMIT", "5"}},
		{"keys", KeyArray{Keys: []string{"a", "b"}}, []string{"2", "a", "b"}},
		{"weighted", WeightedKeys{KeyWeightPairs: []KeyWeightPair{{"a", 1}, {"b", 0.5}}},
			[]string{"2", "a", "b", "WEIGHTS", "1", "0.5"}},
		{"by index", NewRangeByIndexQuery(0, -1).SetReverse(), []string{"0", "-1", "REV"}},
		{"by score", NewRangeByScoreQuery(NewScoreBoundary(1.5, false), NewInfiniteScoreBoundary(constants.PositiveInfinity)).
			SetLimit(0, 10), []string{"(1.5", "+inf", "BYSCORE", "LIMIT", "0", "10"}},
		{"by lex", NewRangeByLexQuery(NewLexBoundary("a", true), NewInfiniteLexBoundary(constants.PositiveInfinity)).
			SetReverse(), []string{"[a", "+", "BYLEX", "REV"}},
	})
	if _, err := zadd.SetIncr(true, 1, "m"); err == nil {
		t.Fatal("INCR after CH must fail")
	}
	if _, err := incr.SetChanged(true); err == nil {
		t.Fatal("CH after INCR must fail")
	}
	lex := NewRangeByLexQuery(NewLexBoundary("a", false), NewLexBoundary("z", true))
	if got := lex.ToArgsLexCount(); !reflect.DeepEqual(got, []string{"(a", "[z"}) {
		t.Fatal(got)
	}
	if got, _ := NewRangeByScoreQuery(NewScoreBoundary(1, true), NewScoreBoundary(2, true)).ToArgsRemRange(); !reflect.DeepEqual(
		got, []string{"1", "2"}) {
		t.Fatal(got)
	}
	var _ ZRangeQueryWithScores = NewRangeByIndexQuery(0, 1)
	var _ ZRangeQueryWithScores = NewRangeByScoreQuery("0", "1")
	var _ ZRangeQuery = NewRangeByLexQuery("-", "+")
}

func TestGeoOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"geoadd", NewGeoAddOptions().SetConditionalChange(constants.OnlyIfDoesNotExist).SetChanged(true),
			[]string{"NX", "CH"}},
		{"coord origin", &GeoCoordOrigin{GeospatialData{Latitude: 37.5, Longitude: 13.25}},
			[]string{"FROMLONLAT", "13.25", "37.5"}},
		{"member origin", &GeoMemberOrigin{Member: "Palermo"}, []string{"FROMMEMBER", "Palermo"}},
		{"circle", NewCircleSearchShape(100, constants.GeoUnitKilometers), []string{"BYRADIUS", "100", "km"}},
		{"box", NewBoxSearchShape(400, 300.5, constants.GeoUnitMiles), []string{"BYBOX", "400", "300.5", "mi"}},
		{"info", NewGeoSearchInfoOptions().SetWithDist(true).SetWithCoord(true).SetWithHash(true),
			[]string{"WITHDIST", "WITHCOORD", "WITHHASH"}},
		{"result", NewGeoSearchResultOptions().SetSortOrder(ASC).SetCount(2).SetIsAny(true),
			[]string{"ASC", "COUNT", "2", "ANY"}},
		{"result any without count", NewGeoSearchResultOptions().SetIsAny(true), []string{}},
		{"store", NewGeoSearchStoreInfoOptions().SetStoreDist(true), []string{"STOREDIST"}},
	})
	runErrs(t, []errCase{{"shape", &GeoSearchShape{}, "invalid geosearch shape"}})
	got := MapGeoDataToArray(map[string]GeospatialData{"p": {Latitude: 1, Longitude: 2}})
	if !reflect.DeepEqual(got, []string{"2", "1", "p"}) {
		t.Fatal(got)
	}
}

func TestStreamOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"xadd default id", NewXAddOptions(), []string{"*"}},
		{"xadd all", NewXAddOptions().SetId("1-1").SetDontMakeNewStream().
			SetTrimOptions(NewXTrimOptionsWithMaxLen(100).SetNearlyExactTrimmingAndLimit(10)),
			[]string{"NOMKSTREAM", "MAXLEN", "~", "100", "LIMIT", "10", "1-1"}},
		{"xtrim exact", NewXTrimOptionsWithMinId("5-0").SetExactTrimming(), []string{"MINID", "=", "5-0"}},
		{"xtrim plain", NewXTrimOptionsWithMaxLen(3), []string{"MAXLEN", "3"}},
		{"xautoclaim default", NewXAutoClaimOptions(), []string{}},
		{"xautoclaim", NewXAutoClaimOptions().SetCount(5), []string{"COUNT", "5"}},
		{"xread default", NewXReadOptions(), []string{}},
		{"xread", NewXReadOptions().SetCount(2).SetBlock(1500 * time.Millisecond),
			[]string{"COUNT", "2", "BLOCK", "1500"}},
		{"xread zero value", &XReadOptions{}, []string{"COUNT", "0", "BLOCK", "0"}},
		{"xreadgroup", NewXReadGroupOptions().SetNoAck().SetBlock(0), []string{"BLOCK", "0", "NOACK"}},
		{"xpending", NewXPendingOptions("-", "+", 10).SetMinIdleTime(100).SetConsumer("c"),
			[]string{"IDLE", "100", "-", "+", "10", "c"}},
		{"xgroup create", NewXGroupCreateOptions().SetMakeStream().SetEntriesRead(4),
			[]string{"MKSTREAM", "ENTRIESREAD", "4"}},
		{"xgroup create empty", NewXGroupCreateOptions(), []string{}},
		{"xgroup setid", NewXGroupSetIdOptionsOptions().SetEntriesRead(0), []string{"ENTRIESREAD", "0"}},
		{"xgroup setid default", NewXGroupSetIdOptionsOptions(), []string{}},
		{"xclaim", NewXClaimOptions().SetIdleTime(1).SetIdleUnixTime(2).SetRetryCount(3).SetForce(),
			[]string{"IDLE", "1", "TIME", "2", "RETRYCOUNT", "3", "FORCE"}},
		{"xinfo default", NewXInfoStreamOptions(), []string{}},
		{"xinfo", NewXInfoStreamOptions().SetCount(0), []string{"COUNT", "0"}},
		{"xrange", NewXRangeOptions().SetCount(7), []string{"COUNT", "7"}},
	})
	if NewStreamBoundary("1-0", false) != "(1-0" || NewStreamBoundary("1-0", true) != "1-0" ||
		NewInfiniteStreamBoundary(constants.NegativeInfinity) != "-" {
		t.Fatal("stream boundaries")
	}
}

func TestMigrateOptions(t *testing.T) {
	runArgs(t, []argsCase{
		{"copy replace", NewMigrateOptions().SetCopy().SetReplace(), []string{"COPY", "REPLACE"}},
		{"auth", NewMigrateOptions().SetPassword("pw"), []string{"AUTH", "pw"}},
		{"auth2", NewMigrateOptions().SetAuth2("u", "pw"), []string{"AUTH2", "u", "pw"}},
		{"password clears user", NewMigrateOptions().SetAuth2("u", "p").SetPassword("q"), []string{"AUTH", "q"}},
	})
	runErrs(t, []errCase{{"user without password", &MigrateOptions{Username: "u"}, "username requires a password"}})
}

func TestArgsWithoutError(t *testing.T) {
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"failover abort", NewFailoverOptionsWithAbort().ToArgs(), []string{"ABORT"}},
		{"failover to timeout", NewFailoverOptionsWithToAndTimeout("h", 7000, 50).ToArgs(),
			[]string{"TO", "h", "7000", "TIMEOUT", "50"}},
		{"failover forced", NewFailoverOptionsForced("h", 1, 9).ToArgs(), []string{"TO", "h", "1", "FORCE", "TIMEOUT", "9"}},
		{"failover timeout", NewFailoverOptionsWithTimeout(5).ToArgs(), []string{"TIMEOUT", "5"}},
		{"failover to", NewFailoverOptionsWithTo("h", 2).ToArgs(), []string{"TO", "h", "2"}},
		{"flush nil", (*FlushClusterOptions)(nil).ToArgs(), []string{}},
		{"flush async", (&FlushClusterOptions{FlushMode: ptr(ASYNC)}).ToArgs(), []string{"ASYNC"}},
		{"json get", NewJsonGetOptions().SetIndent("  ").SetNewline("\n").SetSpace(" ").ToArgs(),
			[]string{"INDENT", "  ", "NEWLINE", "\n", "SPACE", " "}},
		{"json arrindex", NewJsonArrIndexOptions(1).SetEnd(-1).ToArgs(), []string{"1", "-1"}},
		{"ft info", (&FtInfoOptions{Scope: FtInfoScopeCluster, Consistency: FtInfoConsistencyConsistent}).ToArgs(),
			[]string{"CLUSTER", "CONSISTENT"}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestScript(t *testing.T) {
	s := NewScript("return 1")
	// SHA1 of "return 1", as SCRIPT LOAD reports it.
	if s.GetHash() != "e0e1f9fabfc9d4800c877a703b823ac0578ff8db" {
		t.Fatal(s.GetHash())
	}
	if code, ok := s.Source(); !ok || code != "return 1" {
		t.Fatal(code, ok)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Source(); ok {
		t.Fatal("closed script must not be usable")
	}
	if err := s.Close(); err != nil {
		t.Fatal("second Close must be harmless")
	}
	if NewScript("").GetHash() != "" {
		t.Fatal("empty script has no hash")
	}
	cso := NewClusterScriptOptions().WithScriptArgOptions(NewScriptArgOptions().WithArgs([]string{"a"})).
		WithRouteOptions(&RouteOption{Route: config.RandomRoute})
	if cso.Args[0] != "a" || cso.Route != config.RandomRoute {
		t.Fatal("cluster script options")
	}
	so := NewScriptOptions().WithKeys([]string{"k"}).WithArgs([]string{"v"})
	if so.Keys[0] != "k" || so.Args[0] != "v" {
		t.Fatal("script options")
	}
	fo := NewScriptFlushOptions().WithMode(SYNC).WithRoute(&RouteOption{Route: config.AllNodes})
	if fo.Mode != SYNC || fo.Route != config.AllNodes {
		t.Fatal("flush options")
	}
}

func TestShutdownOptions(t *testing.T) {
	save := ShutdownModeNoSave
	tests := []struct {
		opts *ShutdownOptions
		want []string
	}{
		{nil, []string{}},
		{&ShutdownOptions{}, []string{}},
		{&ShutdownOptions{Mode: &save, Now: true, Force: true}, []string{"NOSAVE", "NOW", "FORCE"}},
		{&ShutdownOptions{Mode: &save, Abort: true}, []string{"ABORT"}},
	}
	for _, tt := range tests {
		if got := tt.opts.ToArgs(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
