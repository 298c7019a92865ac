package options

// SORT keywords.
const (
	ALPHA_COMMAND_STRING = "ALPHA"
	BY_COMMAND_STRING    = "BY"
	GET_COMMAND_STRING   = "GET"
)

// OrderBy is an ascending or descending sort (SORT, GEOSEARCH).
type OrderBy string

const (
	ASC  OrderBy = "ASC"
	DESC OrderBy = "DESC"
)

// SortOptions are SORT's and SORT_RO's optional arguments. BY and GET take
// patterns that name other keys, which a cluster can only serve when they hash
// to the sorted key's slot.
type SortOptions struct {
	Limit       *Limit   // offset and count into the sorted result
	OrderBy     OrderBy  // ASC by default
	IsAlpha     bool     // compare as strings instead of numbers
	ByPattern   string   // sort by the values of keys made from this pattern
	GetPatterns []string // return values of keys made from these patterns
}

// NewSortOptions returns ascending, numeric options.
func NewSortOptions() *SortOptions { return &SortOptions{OrderBy: ASC} }

// SetLimit returns count elements starting at offset.
func (opts *SortOptions) SetLimit(limit Limit) *SortOptions {
	opts.Limit = &limit
	return opts
}

// SetOrderBy sets the direction.
func (opts *SortOptions) SetOrderBy(order OrderBy) *SortOptions {
	opts.OrderBy = order
	return opts
}

// SetIsAlpha compares lexicographically (ALPHA).
func (opts *SortOptions) SetIsAlpha(isAlpha bool) *SortOptions {
	opts.IsAlpha = isAlpha
	return opts
}

// SetByPattern sorts by external keys (BY pattern); "nosort" skips sorting.
func (opts *SortOptions) SetByPattern(byPattern string) *SortOptions {
	opts.ByPattern = byPattern
	return opts
}

// AddGetPattern adds a GET pattern; "#" returns the element itself.
func (opts *SortOptions) AddGetPattern(getPattern string) *SortOptions {
	opts.GetPatterns = append(opts.GetPatterns, getPattern)
	return opts
}

// ToArgs renders LIMIT, the order, ALPHA, BY and the GET patterns.
func (opts *SortOptions) ToArgs() ([]string, error) {
	args := []string{}
	if opts.Limit != nil {
		args = append(args, opts.Limit.args()...)
	}
	if opts.OrderBy != "" {
		args = append(args, string(opts.OrderBy))
	}
	if opts.IsAlpha {
		args = append(args, ALPHA_COMMAND_STRING)
	}
	if opts.ByPattern != "" {
		args = append(args, BY_COMMAND_STRING, opts.ByPattern)
	}
	for _, p := range opts.GetPatterns {
		args = append(args, GET_COMMAND_STRING, p)
	}
	return args, nil
}
