package options

import (
	"errors"
	"strconv"

	"github.com/valkite/valkite/go/constants"
)

// FtAggregateClause is one step of an FT.AGGREGATE pipeline: a
// *FtAggregateLimit, *FtAggregateFilter, *FtAggregateGroupBy,
// *FtAggregateSortBy or *FtAggregateApply. Steps run in the order given.
type FtAggregateClause interface {
	ftAggregateClauseArgs() []string
}

// FtAggregateLimit keeps Count results starting at Offset.
type FtAggregateLimit struct {
	Offset int
	Count  int
}

func (c *FtAggregateLimit) ftAggregateClauseArgs() []string {
	return []string{"LIMIT", strconv.Itoa(c.Offset), strconv.Itoa(c.Count)}
}

// FtAggregateFilter keeps results for which Expression is true.
type FtAggregateFilter struct {
	Expression string
}

func (c *FtAggregateFilter) ftAggregateClauseArgs() []string {
	return []string{"FILTER", c.Expression}
}

// FtAggregateReducer computes one value per group (COUNT, SUM, AVG ...),
// stored under Name when given.
type FtAggregateReducer struct {
	Function string
	Args     []string
	Name     string
}

func (r *FtAggregateReducer) args() []string {
	args := append([]string{"REDUCE", r.Function, strconv.Itoa(len(r.Args))}, r.Args...)
	if r.Name != "" {
		args = append(args, "AS", r.Name)
	}
	return args
}

// FtAggregateGroupBy groups results by Properties and applies the reducers.
type FtAggregateGroupBy struct {
	Properties []string
	Reducers   []FtAggregateReducer
}

func (c *FtAggregateGroupBy) ftAggregateClauseArgs() []string {
	args := append([]string{"GROUPBY", strconv.Itoa(len(c.Properties))}, c.Properties...)
	for i := range c.Reducers {
		args = append(args, c.Reducers[i].args()...)
	}
	return args
}

// FtAggregateSortProperty is one sort key with its direction.
type FtAggregateSortProperty struct {
	Property string
	Order    constants.FtAggregateOrderBy
}

// FtAggregateSortBy sorts results, keeping at most Max when set.
type FtAggregateSortBy struct {
	Properties []FtAggregateSortProperty
	Max        *int
}

func (c *FtAggregateSortBy) ftAggregateClauseArgs() []string {
	args := []string{"SORTBY", strconv.Itoa(2 * len(c.Properties))}
	for _, p := range c.Properties {
		args = append(args, p.Property, string(p.Order))
	}
	return appendInt(args, "MAX", c.Max)
}

// FtAggregateApply computes Expression into a new property Name.
type FtAggregateApply struct {
	Expression string
	Name       string
}

func (c *FtAggregateApply) ftAggregateClauseArgs() []string {
	return []string{"APPLY", c.Expression, "AS", c.Name}
}

// FtAggregateParam is a query parameter, referenced in the query as $Key.
type FtAggregateParam struct {
	Key   string
	Value string
}

// FtAggregateOptions are FT.AGGREGATE's options; zero fields are not sent.
type FtAggregateOptions struct {
	LoadAll    bool     // load every field (LOAD *); excludes LoadFields
	LoadFields []string // load these fields
	Timeout    *int     // milliseconds
	Params     []FtAggregateParam
	Clauses    []FtAggregateClause
	Verbatim   bool
	InOrder    bool
	Slop       *int
	Dialect    *int
}

// ToArgs renders the options after FT.AGGREGATE's index and query.
func (o *FtAggregateOptions) ToArgs() ([]string, error) {
	if o.LoadAll && len(o.LoadFields) > 0 {
		return nil, errors.New("FT.AGGREGATE: LoadAll and LoadFields exclude each other")
	}
	args := []string{}
	args = appendFlag(args, o.Verbatim, "VERBATIM")
	args = appendFlag(args, o.InOrder, "INORDER")
	args = appendInt(args, "SLOP", o.Slop)
	switch {
	case o.LoadAll:
		args = append(args, "LOAD", "*")
	case len(o.LoadFields) > 0:
		args = append(append(args, "LOAD", strconv.Itoa(len(o.LoadFields))), o.LoadFields...)
	}
	args = appendInt(args, "TIMEOUT", o.Timeout)
	if len(o.Params) > 0 {
		args = append(args, "PARAMS", strconv.Itoa(2*len(o.Params)))
		for _, p := range o.Params {
			args = append(args, p.Key, p.Value)
		}
	}
	for _, c := range o.Clauses {
		args = append(args, c.ftAggregateClauseArgs()...)
	}
	return appendInt(args, "DIALECT", o.Dialect), nil
}
