package options

// FlushMode says whether FLUSHALL/FLUSHDB/SCRIPT FLUSH free memory before
// replying (SYNC) or in the background (ASYNC).
type FlushMode string

const (
	SYNC  FlushMode = "SYNC"
	ASYNC FlushMode = "ASYNC"
)

// FlushClusterOptions are a flush mode and a route, both optional.
type FlushClusterOptions struct {
	*FlushMode
	*RouteOption
}

// ToArgs renders the flush mode, if any. A nil receiver renders nothing.
func (opts *FlushClusterOptions) ToArgs() []string {
	if opts == nil || opts.FlushMode == nil {
		return []string{}
	}
	return []string{string(*opts.FlushMode)}
}
