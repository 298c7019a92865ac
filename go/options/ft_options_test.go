package options

import (
	"testing"

	"github.com/valkite/valkite/go/constants"
)

func TestFtCreate(t *testing.T) {
	score := 0.5
	minStem := 3
	runArgs(t, []argsCase{
		{"create empty", &FtCreateOptions{}, []string{}},
		{"create all", &FtCreateOptions{DataType: constants.IndexDataTypeJSON, Prefixes: []string{"a:", "b:"},
			Score: &score, Language: "english", SkipInitialScan: true, MinStemSize: &minStem, NoOffsets: true,
			StopWords: []string{"the"}, Punctuation: ".,"},
			[]string{"ON", "JSON", "PREFIX", "2", "a:", "b:", "SCORE", "0.5", "LANGUAGE", "english", "SKIPINITIALSCAN",
				"MINSTEMSIZE", "3", "NOOFFSETS", "STOPWORDS", "1", "the", "PUNCTUATION", ".,"}},
		{"text", NewTextField("title").SetAlias("t").SetNoStem(true).SetWeight(2).SetWithSuffixTrie(true).
			SetSortable(true), []string{"title", "AS", "t", "TEXT", "NOSTEM", "WEIGHT", "2", "WITHSUFFIXTRIE", "SORTABLE"}},
		{"tag", NewTagField("tags").SetSeparator("|").SetCaseSensitive(true),
			[]string{"tags", "TAG", "SEPARATOR", "|", "CASESENSITIVE"}},
		{"numeric", NewNumericField("price").SetSortable(true), []string{"price", "NUMERIC", "SORTABLE"}},
		{"flat", NewVectorFieldFlat("v", constants.DistanceMetricL2, 4).SetInitialCap(100),
			[]string{"v", "VECTOR", "FLAT", "8", "DIM", "4", "DISTANCE_METRIC", "L2", "TYPE", "FLOAT32", "INITIAL_CAP", "100"}},
		{"hnsw", NewVectorFieldHNSW("v", constants.DistanceMetricCosine, 2).SetNumberOfEdges(16).
			SetVectorsExaminedOnConstruction(200).SetVectorsExaminedOnRuntime(10),
			[]string{"v", "VECTOR", "HNSW", "12", "DIM", "2", "DISTANCE_METRIC", "COSINE", "TYPE", "FLOAT32",
				"M", "16", "EF_CONSTRUCTION", "200", "EF_RUNTIME", "10"}},
	})
	runErrs(t, []errCase{
		{"offsets", &FtCreateOptions{WithOffsets: true, NoOffsets: true}, "exclude each other"},
		{"stopwords", &FtCreateOptions{NoStopWords: true, StopWords: []string{"a"}}, "exclude each other"},
		{"suffix trie", NewTextField("t").SetWithSuffixTrie(true).SetNoSuffixTrie(true), "exclude each other"},
	})
}

func TestFtSearchAndAggregate(t *testing.T) {
	timeout, dialect, slop, max := 100, 2, 1, 5
	runArgs(t, []argsCase{
		{"search all", &FtSearchOptions{ShardScope: FtSearchShardScopeSomeShards, Consistency: FtSearchConsistencyInconsistent,
			NoContent: true, Verbatim: true, InOrder: true, Slop: &slop,
			ReturnFields: []FtSearchReturnField{{FieldIdentifier: "a"}, {FieldIdentifier: "b", Alias: "bb"}},
			SortBy:       "a", SortByOrder: constants.FtSearchSortOrderDesc, WithSortKeys: true, Timeout: &timeout,
			Params: []FtSearchParam{{Key: "k", Value: "v"}}, Limit: &FtSearchLimit{Offset: 0, Count: 5}, Dialect: &dialect},
			[]string{"SOMESHARDS", "INCONSISTENT", "NOCONTENT", "VERBATIM", "INORDER", "SLOP", "1", "RETURN", "4", "a",
				"b", "AS", "bb", "SORTBY", "a", "DESC", "WITHSORTKEYS", "TIMEOUT", "100", "PARAMS", "2", "k", "v",
				"LIMIT", "0", "5", "DIALECT", "2"}},
		{"aggregate", &FtAggregateOptions{Verbatim: true, LoadFields: []string{"@a"}, Timeout: &timeout,
			Params: []FtAggregateParam{{Key: "p", Value: "1"}},
			Clauses: []FtAggregateClause{
				&FtAggregateFilter{Expression: "@a > 1"},
				&FtAggregateGroupBy{Properties: []string{"@a"},
					Reducers: []FtAggregateReducer{{Function: "COUNT", Name: "n"}}},
				&FtAggregateSortBy{Properties: []FtAggregateSortProperty{{Property: "@n",
					Order: constants.FtAggregateOrderByDesc}}, Max: &max},
				&FtAggregateApply{Expression: "@n * 2", Name: "d"},
				&FtAggregateLimit{Offset: 0, Count: 3},
			}, Dialect: &dialect},
			[]string{"VERBATIM", "LOAD", "1", "@a", "TIMEOUT", "100", "PARAMS", "2", "p", "1", "FILTER", "@a > 1",
				"GROUPBY", "1", "@a", "REDUCE", "COUNT", "0", "AS", "n", "SORTBY", "2", "@n", "DESC", "MAX", "5",
				"APPLY", "@n * 2", "AS", "d", "LIMIT", "0", "3", "DIALECT", "2"}},
		{"aggregate load all", &FtAggregateOptions{LoadAll: true}, []string{"LOAD", "*"}},
	})
	runErrs(t, []errCase{
		{"sortkeys without sortby", &FtSearchOptions{WithSortKeys: true}, "needs SortBy"},
		{"order without sortby", &FtSearchOptions{SortByOrder: constants.FtSearchSortOrderAsc}, "needs SortBy"},
		{"load both", &FtAggregateOptions{LoadAll: true, LoadFields: []string{"a"}}, "exclude each other"},
	})
}
