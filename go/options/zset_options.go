package options

import "github.com/valkite/valkite/go/constants"

// ScoreRange is a min/max score pair (ZCOUNT).
type ScoreRange interface {
	ToArgs() ([]string, error)
}

// ZCountRange is ZCOUNT's score range.
type ZCountRange struct {
	Min scoreBoundary
	Max scoreBoundary
}

// NewZCountRange counts scores between min and max.
func NewZCountRange(min scoreBoundary, max scoreBoundary) *ZCountRange {
	return &ZCountRange{Min: min, Max: max}
}

// ToArgs renders min and max.
func (zCountRange *ZCountRange) ToArgs() ([]string, error) {
	return []string{string(zCountRange.Min), string(zCountRange.Max)}, nil
}

// ZInterOptions are ZINTER's and ZINTERSTORE's options.
type ZInterOptions struct {
	Aggregate Aggregate // empty = SUM
}

// NewZInterOptions returns empty options.
func NewZInterOptions() *ZInterOptions { return &ZInterOptions{} }

// SetAggregate sets how scores combine.
func (options *ZInterOptions) SetAggregate(aggregate Aggregate) *ZInterOptions {
	options.Aggregate = aggregate
	return options
}

// ToArgs renders AGGREGATE when set.
func (options *ZInterOptions) ToArgs() ([]string, error) { return aggregateArgs(options.Aggregate) }

// ZUnionOptions are ZUNION's and ZUNIONSTORE's options.
type ZUnionOptions struct {
	Aggregate Aggregate // empty = SUM
}

// NewZUnionOptions returns empty options.
func NewZUnionOptions() *ZUnionOptions { return &ZUnionOptions{} }

// SetAggregate sets how scores combine.
func (options *ZUnionOptions) SetAggregate(aggregate Aggregate) *ZUnionOptions {
	options.Aggregate = aggregate
	return options
}

// ToArgs renders AGGREGATE when set.
func (options *ZUnionOptions) ToArgs() ([]string, error) { return aggregateArgs(options.Aggregate) }

func aggregateArgs(a Aggregate) ([]string, error) {
	if a == "" {
		return []string{}, nil
	}
	return a.ToArgs()
}

// ZInterCardOptions are ZINTERCARD's options.
type ZInterCardOptions struct {
	// Limit stops counting at this many members; -1 omits it. The zero value
	// sends LIMIT 0, which the server reads as "no limit".
	Limit int64
}

// NewZInterCardOptions returns options without a limit.
func NewZInterCardOptions() *ZInterCardOptions { return &ZInterCardOptions{Limit: -1} }

// SetLimit sets the limit.
func (options *ZInterCardOptions) SetLimit(limit int64) *ZInterCardOptions {
	options.Limit = limit
	return options
}

// ToArgs renders LIMIT n unless the limit is -1.
func (options *ZInterCardOptions) ToArgs() ([]string, error) {
	if options.Limit == -1 {
		return []string{}, nil
	}
	return []string{constants.LimitKeyword, itoa(options.Limit)}, nil
}

// ZMPopOptions are ZMPOP's and BZMPOP's options.
type ZMPopOptions struct {
	Count int64 // 0 = the server's default (1)
}

// NewZMPopOptions returns empty options.
func NewZMPopOptions() *ZMPopOptions { return &ZMPopOptions{} }

// SetCount sets how many elements to pop.
func (zmpo *ZMPopOptions) SetCount(count int64) *ZMPopOptions {
	zmpo.Count = count
	return zmpo
}

// ToArgs renders COUNT n when set.
func (zmpo *ZMPopOptions) ToArgs() ([]string, error) {
	if zmpo.Count == 0 {
		return []string{}, nil
	}
	return []string{constants.CountKeyword, itoa(zmpo.Count)}, nil
}
