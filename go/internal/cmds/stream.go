package cmds

import (
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// The "Stream" group (GLIDE's StreamCommands). Options are rendered by their ToArgs
// methods, in the argument order GLIDE sends; inputs the server would refuse only
// after a round trip (no fields, no IDs, no streams, a negative idle time) are
// refused here, before anything is sent.

func xaddArgs(key string, values []models.FieldValue, opts *options.XAddOptions) ([]string, error) {
	if len(values) == 0 {
		return nil, streamGeoArgError("XADD", "values", "must hold at least one field")
	}
	var optArgs []string
	if opts != nil {
		var err error
		if optArgs, err = opts.ToArgs(); err != nil {
			return nil, err
		}
	} else {
		optArgs = []string{"*"}
	}
	if opts != nil && opts.TrimOptions != nil && opts.TrimOptions.Method == "" {
		return nil, streamGeoArgError("XADD", "options.TrimOptions", "has no method (use NewXTrimOptionsWithMaxLen or NewXTrimOptionsWithMinId)")
	}
	out := make([]string, 0, 2+len(optArgs)+2*len(values))
	out = append(out, "XADD", key)
	out = append(out, optArgs...)
	for _, fv := range values {
		out = append(out, fv.Field, fv.Value)
	}
	return out, nil
}

func XAdd(key string, values []models.FieldValue) Cmd[string] {
	args, err := xaddArgs(key, values, nil)
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: args, Decode: DecodeString}
}

func XAddWithOptions(key string, values []models.FieldValue, opts options.XAddOptions) Cmd[models.Result[string]] {
	args, err := xaddArgs(key, values, &opts)
	if err != nil {
		return Failed[models.Result[string]](err)
	}
	return Cmd[models.Result[string]]{Args: args, Decode: DecodeNullableString}
}

func XTrim(key string, opts options.XTrimOptions) Cmd[int64] {
	if opts.Method == "" {
		return Failed[int64](streamGeoArgError("XTRIM", "options", "has no method (use NewXTrimOptionsWithMaxLen or NewXTrimOptionsWithMinId)"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[int64](err)
	}
	return Cmd[int64]{Args: concat([]string{"XTRIM", key}, optArgs), Decode: DecodeInt}
}

func XLen(key string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"XLEN", key}, Decode: DecodeInt}
}

func XDel(key string, ids []string) Cmd[int64] {
	if len(ids) == 0 {
		return Failed[int64](streamGeoArgError("XDEL", "ids", "must hold at least one ID"))
	}
	return Cmd[int64]{Args: concat([]string{"XDEL", key}, ids), Decode: DecodeInt}
}

// streamsArgs renders STREAMS key... id... from the map. Map order is random, but keys
// and IDs come from one walk, so each key stays paired with its ID.
func streamsArgs(head []string, opts []string, keysAndIds map[string]string) []string {
	out := make([]string, 0, len(head)+len(opts)+1+2*len(keysAndIds))
	out = append(out, head...)
	out = append(out, opts...)
	out = append(out, constants.StreamsKeyword)
	start := len(out)
	for k := range keysAndIds {
		out = append(out, k)
	}
	for _, k := range out[start:] {
		out = append(out, keysAndIds[k])
	}
	return out
}

func XRead(keysAndIds map[string]string) Cmd[map[string]models.StreamResponse] {
	return XReadWithOptions(keysAndIds, *options.NewXReadOptions())
}

// XReadWithOptions builds XREAD. A BLOCK option is sent as given; the core reads it
// back for the request's deadline and runs the read on a blocking connection.
func XReadWithOptions(keysAndIds map[string]string, opts options.XReadOptions) Cmd[map[string]models.StreamResponse] {
	if len(keysAndIds) == 0 {
		return Failed[map[string]models.StreamResponse](streamGeoArgError("XREAD", "keysAndIds", "must name at least one stream"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[map[string]models.StreamResponse](err)
	}
	return Cmd[map[string]models.StreamResponse]{Args: streamsArgs([]string{"XREAD"}, optArgs, keysAndIds), Decode: DecodeXRead}
}

func XReadGroup(group, consumer string, keysAndIds map[string]string) Cmd[map[string]models.StreamResponse] {
	return XReadGroupWithOptions(group, consumer, keysAndIds, *options.NewXReadGroupOptions())
}

func XReadGroupWithOptions(
	group, consumer string, keysAndIds map[string]string, opts options.XReadGroupOptions,
) Cmd[map[string]models.StreamResponse] {
	if len(keysAndIds) == 0 {
		return Failed[map[string]models.StreamResponse](streamGeoArgError("XREADGROUP", "keysAndIds", "must name at least one stream"))
	}
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[map[string]models.StreamResponse](err)
	}
	head := []string{"XREADGROUP", constants.GroupKeyword, group, consumer}
	return Cmd[map[string]models.StreamResponse]{Args: streamsArgs(head, optArgs, keysAndIds), Decode: DecodeXRead}
}

func XRange(key string, start, end options.StreamBoundary) Cmd[[]models.StreamEntry] {
	return Cmd[[]models.StreamEntry]{Args: []string{"XRANGE", key, string(start), string(end)}, Decode: DecodeStreamEntries}
}

func XRangeWithOptions(key string, start, end options.StreamBoundary, opts options.XRangeOptions) Cmd[[]models.StreamEntry] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.StreamEntry](err)
	}
	return Cmd[[]models.StreamEntry]{
		Args:   concat([]string{"XRANGE", key, string(start), string(end)}, optArgs),
		Decode: DecodeStreamEntries,
	}
}

// XRevRange sends its bounds in the order given: start is the high end, as XREVRANGE
// expects and as GLIDE passes them.
func XRevRange(key string, start, end options.StreamBoundary) Cmd[[]models.StreamEntry] {
	return Cmd[[]models.StreamEntry]{Args: []string{"XREVRANGE", key, string(start), string(end)}, Decode: DecodeStreamEntries}
}

func XRevRangeWithOptions(key string, start, end options.StreamBoundary, opts options.XRangeOptions) Cmd[[]models.StreamEntry] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.StreamEntry](err)
	}
	return Cmd[[]models.StreamEntry]{
		Args:   concat([]string{"XREVRANGE", key, string(start), string(end)}, optArgs),
		Decode: DecodeStreamEntries,
	}
}

func XAck(key, group string, ids []string) Cmd[int64] {
	if len(ids) == 0 {
		return Failed[int64](streamGeoArgError("XACK", "ids", "must hold at least one ID"))
	}
	return Cmd[int64]{Args: concat([]string{"XACK", key, group}, ids), Decode: DecodeInt}
}

func XPending(key, group string) Cmd[models.XPendingSummary] {
	return Cmd[models.XPendingSummary]{Args: []string{"XPENDING", key, group}, Decode: DecodeXPendingSummary}
}

func XPendingWithOptions(key, group string, opts options.XPendingOptions) Cmd[[]models.XPendingDetail] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[[]models.XPendingDetail](err)
	}
	return Cmd[[]models.XPendingDetail]{Args: concat([]string{"XPENDING", key, group}, optArgs), Decode: DecodeXPendingDetails}
}

// claimArgs renders XCLAIM's arguments; minIdleTime goes out in milliseconds.
func claimArgs(key, group, consumer string, minIdleTime time.Duration, ids []string, opts *options.XClaimOptions, justID bool) ([]string, error) {
	if minIdleTime < 0 {
		return nil, streamGeoArgError("XCLAIM", "minIdleTime", "must not be negative")
	}
	if len(ids) == 0 {
		return nil, streamGeoArgError("XCLAIM", "ids", "must hold at least one ID")
	}
	var optArgs []string
	if opts != nil {
		var err error
		if optArgs, err = opts.ToArgs(); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, 5+len(ids)+len(optArgs)+1)
	out = append(out, "XCLAIM", key, group, consumer, millis(minIdleTime))
	out = append(out, ids...)
	out = append(out, optArgs...)
	if justID {
		out = append(out, constants.JustIdKeyword)
	}
	return out, nil
}

func XClaim(key, group, consumer string, minIdleTime time.Duration, ids []string) Cmd[map[string]models.XClaimResponse] {
	return xclaim(key, group, consumer, minIdleTime, ids, nil)
}

func XClaimWithOptions(
	key, group, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions,
) Cmd[map[string]models.XClaimResponse] {
	return xclaim(key, group, consumer, minIdleTime, ids, &opts)
}

func xclaim(
	key, group, consumer string, minIdleTime time.Duration, ids []string, opts *options.XClaimOptions,
) Cmd[map[string]models.XClaimResponse] {
	args, err := claimArgs(key, group, consumer, minIdleTime, ids, opts, false)
	if err != nil {
		return Failed[map[string]models.XClaimResponse](err)
	}
	return Cmd[map[string]models.XClaimResponse]{Args: args, Decode: DecodeXClaim}
}

func XClaimJustId(key, group, consumer string, minIdleTime time.Duration, ids []string) Cmd[[]string] {
	return xclaimJustID(key, group, consumer, minIdleTime, ids, nil)
}

func XClaimJustIdWithOptions(
	key, group, consumer string, minIdleTime time.Duration, ids []string, opts options.XClaimOptions,
) Cmd[[]string] {
	return xclaimJustID(key, group, consumer, minIdleTime, ids, &opts)
}

func xclaimJustID(key, group, consumer string, minIdleTime time.Duration, ids []string, opts *options.XClaimOptions) Cmd[[]string] {
	args, err := claimArgs(key, group, consumer, minIdleTime, ids, opts, true)
	if err != nil {
		return Failed[[]string](err)
	}
	return Cmd[[]string]{Args: args, Decode: DecodeStringArray}
}

func autoClaimArgs(
	key, group, consumer string, minIdleTime time.Duration, start string, opts *options.XAutoClaimOptions, justID bool,
) ([]string, error) {
	if minIdleTime < 0 {
		return nil, streamGeoArgError("XAUTOCLAIM", "minIdleTime", "must not be negative")
	}
	var optArgs []string
	if opts != nil {
		var err error
		if optArgs, err = opts.ToArgs(); err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, 6+len(optArgs)+1)
	out = append(out, "XAUTOCLAIM", key, group, consumer, millis(minIdleTime), start)
	out = append(out, optArgs...)
	if justID {
		out = append(out, constants.JustIdKeyword)
	}
	return out, nil
}

func XAutoClaim(key, group, consumer string, minIdleTime time.Duration, start string) Cmd[models.XAutoClaimResponse] {
	return xautoclaim(key, group, consumer, minIdleTime, start, nil)
}

func XAutoClaimWithOptions(
	key, group, consumer string, minIdleTime time.Duration, start string, opts options.XAutoClaimOptions,
) Cmd[models.XAutoClaimResponse] {
	return xautoclaim(key, group, consumer, minIdleTime, start, &opts)
}

func xautoclaim(
	key, group, consumer string, minIdleTime time.Duration, start string, opts *options.XAutoClaimOptions,
) Cmd[models.XAutoClaimResponse] {
	args, err := autoClaimArgs(key, group, consumer, minIdleTime, start, opts, false)
	if err != nil {
		return Failed[models.XAutoClaimResponse](err)
	}
	return Cmd[models.XAutoClaimResponse]{Args: args, Decode: DecodeXAutoClaim}
}

func XAutoClaimJustId(key, group, consumer string, minIdleTime time.Duration, start string) Cmd[models.XAutoClaimJustIdResponse] {
	return xautoclaimJustID(key, group, consumer, minIdleTime, start, nil)
}

func XAutoClaimJustIdWithOptions(
	key, group, consumer string, minIdleTime time.Duration, start string, opts options.XAutoClaimOptions,
) Cmd[models.XAutoClaimJustIdResponse] {
	return xautoclaimJustID(key, group, consumer, minIdleTime, start, &opts)
}

func xautoclaimJustID(
	key, group, consumer string, minIdleTime time.Duration, start string, opts *options.XAutoClaimOptions,
) Cmd[models.XAutoClaimJustIdResponse] {
	args, err := autoClaimArgs(key, group, consumer, minIdleTime, start, opts, true)
	if err != nil {
		return Failed[models.XAutoClaimJustIdResponse](err)
	}
	return Cmd[models.XAutoClaimJustIdResponse]{Args: args, Decode: DecodeXAutoClaimJustId}
}

func XGroupCreate(key, group, id string) Cmd[string] {
	return Cmd[string]{Args: []string{"XGROUP", "CREATE", key, group, id}, Decode: DecodeOK}
}

func XGroupCreateWithOptions(key, group, id string, opts options.XGroupCreateOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"XGROUP", "CREATE", key, group, id}, optArgs), Decode: DecodeOK}
}

func XGroupSetId(key, group, id string) Cmd[string] {
	return Cmd[string]{Args: []string{"XGROUP", "SETID", key, group, id}, Decode: DecodeOK}
}

func XGroupSetIdWithOptions(key, group, id string, opts options.XGroupSetIdOptions) Cmd[string] {
	optArgs, err := opts.ToArgs()
	if err != nil {
		return Failed[string](err)
	}
	return Cmd[string]{Args: concat([]string{"XGROUP", "SETID", key, group, id}, optArgs), Decode: DecodeOK}
}

func XGroupDestroy(key, group string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"XGROUP", "DESTROY", key, group}, Decode: DecodeBool}
}

func XGroupCreateConsumer(key, group, consumer string) Cmd[bool] {
	return Cmd[bool]{Args: []string{"XGROUP", "CREATECONSUMER", key, group, consumer}, Decode: DecodeBool}
}

func XGroupDelConsumer(key, group, consumer string) Cmd[int64] {
	return Cmd[int64]{Args: []string{"XGROUP", "DELCONSUMER", key, group, consumer}, Decode: DecodeInt}
}

func XInfoStream(key string) Cmd[models.XInfoStreamResponse] {
	return Cmd[models.XInfoStreamResponse]{Args: []string{"XINFO", "STREAM", key}, Decode: DecodeXInfoStream}
}

// XInfoStreamFullWithOptions builds XINFO STREAM key FULL; nil options (possible in a
// batch, whose method takes a pointer) mean the server's default count.
func XInfoStreamFullWithOptions(key string, opts *options.XInfoStreamOptions) Cmd[models.XInfoStreamFullOptionsResponse] {
	var optArgs []string
	if opts != nil {
		var err error
		if optArgs, err = opts.ToArgs(); err != nil {
			return Failed[models.XInfoStreamFullOptionsResponse](err)
		}
	}
	return Cmd[models.XInfoStreamFullOptionsResponse]{
		Args:   concat([]string{"XINFO", "STREAM", key, constants.FullKeyword}, optArgs),
		Decode: DecodeXInfoStreamFull,
	}
}

func XInfoConsumers(key, group string) Cmd[[]models.XInfoConsumerInfo] {
	return Cmd[[]models.XInfoConsumerInfo]{Args: []string{"XINFO", "CONSUMERS", key, group}, Decode: DecodeXInfoConsumers}
}

func XInfoGroups(key string) Cmd[[]models.XInfoGroupInfo] {
	return Cmd[[]models.XInfoGroupInfo]{Args: []string{"XINFO", "GROUPS", key}, Decode: DecodeXInfoGroups}
}
