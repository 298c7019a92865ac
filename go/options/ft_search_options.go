package options

import (
	"errors"
	"strconv"

	"github.com/valkite/valkite/go/constants"
)

// FtSearchReturnField is a field FT.SEARCH returns, optionally renamed.
type FtSearchReturnField struct {
	FieldIdentifier string
	Alias           string
}

// FtSearchLimit pages FT.SEARCH results.
type FtSearchLimit struct {
	Offset int
	Count  int
}

// FtSearchParam is a query parameter, referenced in the query as $Key.
type FtSearchParam struct {
	Key   string
	Value string
}

// FtSearchShardScope says whether FT.SEARCH needs every shard to answer.
type FtSearchShardScope string

const (
	FtSearchShardScopeAllShards  FtSearchShardScope = "ALLSHARDS"
	FtSearchShardScopeSomeShards FtSearchShardScope = "SOMESHARDS"
)

// FtSearchConsistencyMode says whether FT.SEARCH waits for consistent data.
type FtSearchConsistencyMode string

const (
	FtSearchConsistencyConsistent   FtSearchConsistencyMode = "CONSISTENT"
	FtSearchConsistencyInconsistent FtSearchConsistencyMode = "INCONSISTENT"
)

// FtSearchOptions are FT.SEARCH's options; zero fields are not sent.
type FtSearchOptions struct {
	ReturnFields []FtSearchReturnField
	Timeout      *int // milliseconds
	Params       []FtSearchParam
	Limit        *FtSearchLimit
	NoContent    bool // return keys only
	Dialect      *int
	Verbatim     bool // no stemming of query terms
	InOrder      bool // terms must appear in query order
	Slop         *int // maximum distance between terms
	SortBy       string
	SortByOrder  constants.FtSearchSortOrder // needs SortBy
	WithSortKeys bool                        // needs SortBy
	ShardScope   FtSearchShardScope
	Consistency  FtSearchConsistencyMode
}

// ToArgs renders the options after FT.SEARCH's index and query.
func (o *FtSearchOptions) ToArgs() ([]string, error) {
	if o.SortBy == "" && o.WithSortKeys {
		return nil, errors.New("FT.SEARCH: WithSortKeys needs SortBy")
	}
	if o.SortBy == "" && o.SortByOrder != "" {
		return nil, errors.New("FT.SEARCH: SortByOrder needs SortBy")
	}
	args := []string{}
	if o.ShardScope != "" {
		args = append(args, string(o.ShardScope))
	}
	if o.Consistency != "" {
		args = append(args, string(o.Consistency))
	}
	args = appendFlag(args, o.NoContent, "NOCONTENT")
	args = appendFlag(args, o.Verbatim, "VERBATIM")
	args = appendFlag(args, o.InOrder, "INORDER")
	args = appendInt(args, "SLOP", o.Slop)
	if len(o.ReturnFields) > 0 {
		var fields []string
		for _, f := range o.ReturnFields {
			fields = append(fields, f.FieldIdentifier)
			if f.Alias != "" {
				fields = append(fields, "AS", f.Alias)
			}
		}
		args = append(append(args, "RETURN", strconv.Itoa(len(fields))), fields...)
	}
	if o.SortBy != "" {
		args = append(args, "SORTBY", o.SortBy)
		if o.SortByOrder != "" {
			args = append(args, string(o.SortByOrder))
		}
	}
	args = appendFlag(args, o.WithSortKeys, "WITHSORTKEYS")
	args = appendInt(args, "TIMEOUT", o.Timeout)
	if len(o.Params) > 0 {
		args = append(args, "PARAMS", strconv.Itoa(2*len(o.Params)))
		for _, p := range o.Params {
			args = append(args, p.Key, p.Value)
		}
	}
	if o.Limit != nil {
		args = append(args, "LIMIT", strconv.Itoa(o.Limit.Offset), strconv.Itoa(o.Limit.Count))
	}
	return appendInt(args, "DIALECT", o.Dialect), nil
}

func appendFlag(args []string, on bool, keyword string) []string {
	if on {
		return append(args, keyword)
	}
	return args
}

func appendInt(args []string, keyword string, v *int) []string {
	if v != nil {
		return append(args, keyword, strconv.Itoa(*v))
	}
	return args
}
