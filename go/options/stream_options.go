package options

import (
	"time"

	"github.com/valkite/valkite/go/constants"
)

// triStateBool distinguishes "not set" from an explicit true or false.
type triStateBool int

const (
	triStateBoolUndefined triStateBool = iota
	triStateBoolTrue
	triStateBoolFalse
)

// XAddOptions are XADD's optional arguments.
type XAddOptions struct {
	Id          string       // the entry ID; empty = "*" (server-generated)
	MakeStream  triStateBool // set with SetDontMakeNewStream
	TrimOptions *XTrimOptions
}

// NewXAddOptions returns empty options.
func NewXAddOptions() *XAddOptions { return &XAddOptions{} }

// SetId sets an explicit entry ID.
func (xao *XAddOptions) SetId(id string) *XAddOptions {
	xao.Id = id
	return xao
}

// SetDontMakeNewStream makes XADD do nothing when the stream does not exist
// (NOMKSTREAM).
func (xao *XAddOptions) SetDontMakeNewStream() *XAddOptions {
	xao.MakeStream = triStateBoolFalse
	return xao
}

// SetTrimOptions trims the stream as part of the XADD.
func (xao *XAddOptions) SetTrimOptions(options *XTrimOptions) *XAddOptions {
	xao.TrimOptions = options
	return xao
}

// ToArgs renders NOMKSTREAM, the trim clause and the ID, which XADD expects
// last before the field/value pairs.
func (xao *XAddOptions) ToArgs() ([]string, error) {
	args := []string{}
	if xao.MakeStream == triStateBoolFalse {
		args = append(args, constants.NoMakeStreamKeyword)
	}
	if xao.TrimOptions != nil {
		trim, err := xao.TrimOptions.ToArgs()
		if err != nil {
			return args, err
		}
		args = append(args, trim...)
	}
	if xao.Id != "" {
		return append(args, xao.Id), nil
	}
	return append(args, "*"), nil
}

// XTrimOptions trim a stream by length (MAXLEN) or by lowest ID (MINID).
// Nearly exact trimming ("~") lets the server trim whole nodes only, which is
// much cheaper; Limit bounds the work of such a trim.
type XTrimOptions struct {
	Exact     triStateBool
	Limit     int64
	Method    string // MAXLEN or MINID
	Threshold string
}

// NewXTrimOptionsWithMinId drops entries with IDs below threshold.
func NewXTrimOptionsWithMinId(threshold string) *XTrimOptions {
	return &XTrimOptions{Threshold: threshold, Method: constants.MinIdKeyword}
}

// NewXTrimOptionsWithMaxLen keeps at most threshold entries.
func NewXTrimOptionsWithMaxLen(threshold int64) *XTrimOptions {
	return &XTrimOptions{Threshold: itoa(threshold), Method: constants.MaxLenKeyword}
}

// SetExactTrimming trims exactly ("=").
func (xTrimOptions *XTrimOptions) SetExactTrimming() *XTrimOptions {
	xTrimOptions.Exact = triStateBoolTrue
	return xTrimOptions
}

// SetNearlyExactTrimming trims approximately ("~").
func (xTrimOptions *XTrimOptions) SetNearlyExactTrimming() *XTrimOptions {
	xTrimOptions.Exact = triStateBoolFalse
	return xTrimOptions
}

// SetNearlyExactTrimmingAndLimit trims approximately, evicting at most limit
// entries.
func (xTrimOptions *XTrimOptions) SetNearlyExactTrimmingAndLimit(limit int64) *XTrimOptions {
	xTrimOptions.Exact, xTrimOptions.Limit = triStateBoolFalse, limit
	return xTrimOptions
}

// ToArgs renders method, "=" or "~", threshold and LIMIT.
func (xTrimOptions *XTrimOptions) ToArgs() ([]string, error) {
	args := []string{xTrimOptions.Method}
	switch xTrimOptions.Exact {
	case triStateBoolTrue:
		args = append(args, "=")
	case triStateBoolFalse:
		args = append(args, "~")
	}
	args = append(args, xTrimOptions.Threshold)
	if xTrimOptions.Limit > 0 {
		args = append(args, constants.LimitKeyword, itoa(xTrimOptions.Limit))
	}
	return args, nil
}

// XAutoClaimOptions are XAUTOCLAIM's options.
type XAutoClaimOptions struct {
	Count int64 // entries to claim; negative = the server's default (100)
}

// NewXAutoClaimOptions returns options with the default count.
func NewXAutoClaimOptions() *XAutoClaimOptions { return &XAutoClaimOptions{Count: -1} }

// SetCount sets the number of entries to claim.
func (xacp *XAutoClaimOptions) SetCount(count int64) *XAutoClaimOptions {
	xacp.Count = count
	return xacp
}

// ToArgs renders COUNT n unless the count is negative.
func (xacp *XAutoClaimOptions) ToArgs() ([]string, error) {
	if xacp.Count < 0 {
		return []string{}, nil
	}
	return []string{constants.CountKeyword, itoa(xacp.Count)}, nil
}

// XReadOptions are XREAD's options. Negative values are omitted; note that
// the zero Block is sent and blocks indefinitely, so start from
// NewXReadOptions.
type XReadOptions struct {
	Count int64
	Block time.Duration // wait up to this long for new entries
}

// NewXReadOptions returns options with neither COUNT nor BLOCK.
func NewXReadOptions() *XReadOptions { return &XReadOptions{Count: -1, Block: -1} }

// SetCount limits entries per stream.
func (xro *XReadOptions) SetCount(count int64) *XReadOptions {
	xro.Count = count
	return xro
}

// SetBlock waits for new entries; 0 waits forever.
func (xro *XReadOptions) SetBlock(block time.Duration) *XReadOptions {
	xro.Block = block
	return xro
}

// ToArgs renders COUNT and BLOCK (in milliseconds).
func (xro *XReadOptions) ToArgs() ([]string, error) {
	return readArgs(xro.Count, xro.Block), nil
}

// XReadGroupOptions are XREADGROUP's options; the same caveat on Block as
// XReadOptions applies.
type XReadGroupOptions struct {
	Count int64
	Block time.Duration
	NoAck bool // do not add the entries to the pending list
}

// NewXReadGroupOptions returns options with neither COUNT nor BLOCK.
func NewXReadGroupOptions() *XReadGroupOptions { return &XReadGroupOptions{Count: -1, Block: -1} }

// SetCount limits entries per stream.
func (xrgo *XReadGroupOptions) SetCount(count int64) *XReadGroupOptions {
	xrgo.Count = count
	return xrgo
}

// SetBlock waits for new entries; 0 waits forever.
func (xrgo *XReadGroupOptions) SetBlock(block time.Duration) *XReadGroupOptions {
	xrgo.Block = block
	return xrgo
}

// SetNoAck skips the pending entries list (NOACK).
func (xrgo *XReadGroupOptions) SetNoAck() *XReadGroupOptions {
	xrgo.NoAck = true
	return xrgo
}

// ToArgs renders COUNT, BLOCK and NOACK.
func (xrgo *XReadGroupOptions) ToArgs() ([]string, error) {
	args := readArgs(xrgo.Count, xrgo.Block)
	if xrgo.NoAck {
		args = append(args, constants.NoAckKeyword)
	}
	return args, nil
}

func readArgs(count int64, block time.Duration) []string {
	args := []string{}
	if count >= 0 {
		args = append(args, constants.CountKeyword, itoa(count))
	}
	if block >= 0 {
		args = append(args, constants.BlockKeyword, itoa(block.Milliseconds()))
	}
	return args
}

// XPendingOptions select XPENDING's extended form: entries between Start and
// End, at most Count, optionally idle for MinIdleTime ms and owned by Consumer.
type XPendingOptions struct {
	MinIdleTime int64
	Start       string
	End         string
	Count       int64
	Consumer    string
}

// NewXPendingOptions selects up to count entries between start and end.
func NewXPendingOptions(start string, end string, count int64) *XPendingOptions {
	return &XPendingOptions{Start: start, End: end, Count: count}
}

// SetMinIdleTime keeps entries idle for at least minIdleTime ms (IDLE).
func (xpo *XPendingOptions) SetMinIdleTime(minIdleTime int64) *XPendingOptions {
	xpo.MinIdleTime = minIdleTime
	return xpo
}

// SetConsumer keeps one consumer's entries.
func (xpo *XPendingOptions) SetConsumer(consumer string) *XPendingOptions {
	xpo.Consumer = consumer
	return xpo
}

// ToArgs renders [IDLE ms] start end count [consumer].
func (xpo *XPendingOptions) ToArgs() ([]string, error) {
	args := []string{}
	if xpo.MinIdleTime > 0 {
		args = append(args, constants.IdleKeyword, itoa(xpo.MinIdleTime))
	}
	args = append(args, xpo.Start, xpo.End, itoa(xpo.Count))
	if xpo.Consumer != "" {
		args = append(args, xpo.Consumer)
	}
	return args, nil
}

// XGroupCreateOptions are XGROUP CREATE's options.
type XGroupCreateOptions struct {
	MkStream    bool  // create the stream if missing (MKSTREAM)
	EntriesRead int64 // the group's read counter; 0 = not sent
}

// NewXGroupCreateOptions returns empty options.
func NewXGroupCreateOptions() *XGroupCreateOptions { return &XGroupCreateOptions{} }

// SetMakeStream creates a missing stream.
func (xgco *XGroupCreateOptions) SetMakeStream() *XGroupCreateOptions {
	xgco.MkStream = true
	return xgco
}

// SetEntriesRead sets the read counter (ENTRIESREAD, Valkey 7.0+).
func (xgco *XGroupCreateOptions) SetEntriesRead(entriesRead int64) *XGroupCreateOptions {
	xgco.EntriesRead = entriesRead
	return xgco
}

// ToArgs renders MKSTREAM and ENTRIESREAD.
func (xgco *XGroupCreateOptions) ToArgs() ([]string, error) {
	args := []string{}
	if xgco.MkStream {
		args = append(args, constants.MakeStreamKeyword)
	}
	if xgco.EntriesRead != 0 {
		args = append(args, constants.EntriesReadKeyword, itoa(xgco.EntriesRead))
	}
	return args, nil
}

// XGroupSetIdOptions are XGROUP SETID's options.
type XGroupSetIdOptions struct {
	EntriesRead int64 // negative = not sent
}

// NewXGroupSetIdOptionsOptions returns options without ENTRIESREAD.
func NewXGroupSetIdOptionsOptions() *XGroupSetIdOptions { return &XGroupSetIdOptions{EntriesRead: -1} }

// SetEntriesRead sets the read counter (ENTRIESREAD).
func (xgsio *XGroupSetIdOptions) SetEntriesRead(entriesRead int64) *XGroupSetIdOptions {
	xgsio.EntriesRead = entriesRead
	return xgsio
}

// ToArgs renders ENTRIESREAD unless it is negative.
func (xgsio *XGroupSetIdOptions) ToArgs() ([]string, error) {
	if xgsio.EntriesRead < 0 {
		return []string{}, nil
	}
	return []string{constants.EntriesReadKeyword, itoa(xgsio.EntriesRead)}, nil
}

// XClaimOptions are XCLAIM's options; zero values are not sent.
type XClaimOptions struct {
	IdleTime     int64 // set the idle time, in ms (IDLE)
	IdleUnixTime int64 // set the idle time as a Unix time in ms (TIME)
	RetryCount   int64 // set the delivery counter (RETRYCOUNT)
	IsForce      bool  // claim IDs not in the pending list (FORCE)
}

// NewXClaimOptions returns empty options.
func NewXClaimOptions() *XClaimOptions { return &XClaimOptions{} }

// SetIdleTime sets IDLE.
func (xco *XClaimOptions) SetIdleTime(idleTime int64) *XClaimOptions {
	xco.IdleTime = idleTime
	return xco
}

// SetIdleUnixTime sets TIME.
func (xco *XClaimOptions) SetIdleUnixTime(idleUnixTime int64) *XClaimOptions {
	xco.IdleUnixTime = idleUnixTime
	return xco
}

// SetRetryCount sets RETRYCOUNT.
func (xco *XClaimOptions) SetRetryCount(retryCount int64) *XClaimOptions {
	xco.RetryCount = retryCount
	return xco
}

// SetForce sets FORCE.
func (xco *XClaimOptions) SetForce() *XClaimOptions {
	xco.IsForce = true
	return xco
}

// ToArgs renders IDLE, TIME, RETRYCOUNT and FORCE.
func (sco *XClaimOptions) ToArgs() ([]string, error) {
	args := []string{}
	if sco.IdleTime > 0 {
		args = append(args, constants.IdleKeyword, itoa(sco.IdleTime))
	}
	if sco.IdleUnixTime > 0 {
		args = append(args, constants.TimeKeyword, itoa(sco.IdleUnixTime))
	}
	if sco.RetryCount > 0 {
		args = append(args, constants.RetryCountKeyword, itoa(sco.RetryCount))
	}
	if sco.IsForce {
		args = append(args, constants.ForceKeyword)
	}
	return args, nil
}

// XInfoStreamOptions are XINFO STREAM FULL's options.
type XInfoStreamOptions struct {
	Count int64 // entries and PEL items to return; negative = default (10), 0 = all
}

// NewXInfoStreamOptions returns options with the default count.
func NewXInfoStreamOptions() *XInfoStreamOptions { return &XInfoStreamOptions{Count: -1} }

// NewXInfoStreamOptionsOptions is NewXInfoStreamOptions under the other name GLIDE's
// releases have used for it, so code written against either compiles.
func NewXInfoStreamOptionsOptions() *XInfoStreamOptions { return NewXInfoStreamOptions() }

// SetCount sets the count.
func (xiso *XInfoStreamOptions) SetCount(count int64) *XInfoStreamOptions {
	xiso.Count = count
	return xiso
}

// ToArgs renders COUNT n unless the count is negative.
func (xiso *XInfoStreamOptions) ToArgs() ([]string, error) {
	if xiso.Count < 0 {
		return []string{}, nil
	}
	return []string{constants.CountKeyword, itoa(xiso.Count)}, nil
}

// StreamBoundary is a rendered XRANGE bound: an ID, "(" ID for exclusive, or
// "+"/"-".
type StreamBoundary string

// NewStreamBoundary bounds at streamId, inclusive or exclusive (Valkey 6.2+).
func NewStreamBoundary(streamId string, isInclusive bool) StreamBoundary {
	if isInclusive {
		return StreamBoundary(streamId)
	}
	return StreamBoundary("(" + streamId)
}

// NewInfiniteStreamBoundary is the stream's start ("-") or end ("+").
func NewInfiniteStreamBoundary(bound constants.InfBoundary) StreamBoundary {
	return StreamBoundary(string(bound))
}

// XRangeOptions are XRANGE's and XREVRANGE's options.
type XRangeOptions struct {
	Count int64 // negative = no limit
}

// NewXRangeOptions returns options without a limit.
func NewXRangeOptions() *XRangeOptions { return &XRangeOptions{Count: -1} }

// SetCount limits the number of entries.
func (sro *XRangeOptions) SetCount(count int64) *XRangeOptions {
	sro.Count = count
	return sro
}

// ToArgs renders COUNT n unless the count is negative.
func (sro *XRangeOptions) ToArgs() ([]string, error) {
	if sro.Count < 0 {
		return []string{}, nil
	}
	return []string{constants.CountKeyword, itoa(sro.Count)}, nil
}
