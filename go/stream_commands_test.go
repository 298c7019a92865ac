package valkite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Stream tests run against Valkey 9.1 and Redis 7.0. The clients speak RESP3; each
// test also decodes the same replies in RESP2 (sgResp2) and requires the same value.

var sgServers = []struct {
	name    string
	connect func(*testing.T) (*Client, *testserver.Server)
}{
	{"valkey", newTestClient},
	{"redis7", newRedisTestClient},
}

func streamFields(pairs ...string) []models.FieldValue {
	out := make([]models.FieldValue, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, models.FieldValue{Field: pairs[i], Value: pairs[i+1]})
	}
	return out
}

func streamEntry(id string, pairs ...string) models.StreamEntry {
	return models.StreamEntry{ID: id, Fields: streamFields(pairs...)}
}

func xaddID(id string) options.XAddOptions { return *options.NewXAddOptions().SetId(id) }

var (
	sgStreamStart = options.NewInfiniteStreamBoundary(constants.NegativeInfinity)
	sgStreamEnd   = options.NewInfiniteStreamBoundary(constants.PositiveInfinity)
)

func TestStreamEntries(t *testing.T) {
	for _, srv := range sgServers {
		t.Run(srv.name, func(t *testing.T) {
			c, s := srv.connect(t)
			ctx := context.Background()
			k := testKey(t, "s")
			missing := testKey(t, "missing")

			for _, id := range []string{"1-1", "1-2", "2-1"} {
				got, err := c.XAddWithOptions(ctx, k, streamFields("f", id, "g", "x"), xaddID(id))
				requireNoErr(t, "XAddWithOptions", err)
				sgSame(t, "XAddWithOptions id", got, models.CreateStringResult(id))
			}
			// A repeated field name keeps both values, in order.
			_, err := c.XAddWithOptions(ctx, k, streamFields("dup", "1", "dup", "2"), xaddID("3-0"))
			requireNoErr(t, "XAdd dup", err)
			auto, err := c.XAdd(ctx, k, streamFields("auto", "yes"))
			requireNoErr(t, "XAdd", err)
			if !strings.Contains(auto, "-") || auto == "3-0" {
				t.Fatalf("XAdd generated id %q", auto)
			}
			nomk, err := c.XAddWithOptions(ctx, missing, streamFields("a", "b"), *options.NewXAddOptions().SetDontMakeNewStream())
			requireNoErr(t, "XAdd NOMKSTREAM", err)
			sgSame(t, "XAdd NOMKSTREAM on a missing stream", nomk, models.CreateNilStringResult())

			n, err := c.XLen(ctx, k)
			requireNoErr(t, "XLen", err)
			sgSame(t, "XLen", n, int64(5))
			n, err = c.XLen(ctx, missing)
			requireNoErr(t, "XLen missing", err)
			sgSame(t, "XLen missing", n, int64(0))

			all := []models.StreamEntry{
				streamEntry("1-1", "f", "1-1", "g", "x"), streamEntry("1-2", "f", "1-2", "g", "x"), streamEntry("2-1", "f", "2-1", "g", "x"),
				streamEntry("3-0", "dup", "1", "dup", "2"), streamEntry(auto, "auto", "yes"),
			}
			got, err := c.XRange(ctx, k, sgStreamStart, sgStreamEnd)
			requireNoErr(t, "XRange", err)
			sgSame(t, "XRange", got, all)
			sgSame(t, "XRange RESP2", sgResp2(t, s, cmds.XRange(k, sgStreamStart, sgStreamEnd)), all)

			got, err = c.XRangeWithOptions(ctx, k, options.NewStreamBoundary("1-1", false), sgStreamEnd, *options.NewXRangeOptions().SetCount(2))
			requireNoErr(t, "XRange exclusive", err)
			sgSame(t, "XRange exclusive start, COUNT 2", got, all[1:3])
			got, err = c.XRangeWithOptions(ctx, k, sgStreamStart, sgStreamEnd, *options.NewXRangeOptions().SetCount(0))
			requireNoErr(t, "XRange COUNT 0", err)
			sgSame(t, "XRange COUNT 0 (null reply)", got, []models.StreamEntry(nil))
			got, err = c.XRange(ctx, missing, sgStreamStart, sgStreamEnd)
			requireNoErr(t, "XRange missing", err)
			sgSame(t, "XRange missing key", got, []models.StreamEntry{})

			got, err = c.XRevRange(ctx, k, options.NewStreamBoundary("2-1", true), options.NewStreamBoundary("1-1", true))
			requireNoErr(t, "XRevRange", err)
			sgSame(t, "XRevRange", got, []models.StreamEntry{all[2], all[1], all[0]})
			got, err = c.XRevRangeWithOptions(ctx, k, sgStreamEnd, sgStreamStart, *options.NewXRangeOptions().SetCount(1))
			requireNoErr(t, "XRevRange COUNT", err)
			sgSame(t, "XRevRange COUNT 1", got, all[4:])

			read, err := c.XRead(ctx, map[string]string{k: "2-1", missing: "0"})
			requireNoErr(t, "XRead", err)
			wantRead := map[string]models.StreamResponse{k: {Entries: all[3:]}}
			sgSame(t, "XRead", read, wantRead)
			sgSame(t, "XRead RESP2", sgResp2(t, s, cmds.XRead(map[string]string{k: "2-1"})), wantRead)
			read, err = c.XReadWithOptions(ctx, map[string]string{k: "0-0"}, *options.NewXReadOptions().SetCount(1))
			requireNoErr(t, "XRead COUNT", err)
			sgSame(t, "XRead COUNT 1", read, map[string]models.StreamResponse{k: {Entries: all[:1]}})
			read, err = c.XRead(ctx, map[string]string{k: "$", missing: "0"})
			requireNoErr(t, "XRead nothing", err)
			sgSame(t, "XRead with nothing new", read, map[string]models.StreamResponse(nil))
			sgSame(t, "XRead nothing RESP2", sgResp2(t, s, cmds.XRead(map[string]string{k: "$"})),
				map[string]models.StreamResponse(nil))
			// BLOCK is sent as given (a blocking read with a short timeout ends empty).
			read, err = c.XReadWithOptions(ctx, map[string]string{k: "$"}, *options.NewXReadOptions().SetBlock(20e6))
			requireNoErr(t, "XRead BLOCK", err)
			sgSame(t, "XRead BLOCK 20ms with nothing new", read, map[string]models.StreamResponse(nil))

			n, err = c.XDel(ctx, k, []string{"1-2", "9-9"})
			requireNoErr(t, "XDel", err)
			sgSame(t, "XDel", n, int64(1))

			n, err = c.XTrim(ctx, k, *options.NewXTrimOptionsWithMinId("2-1").SetExactTrimming())
			requireNoErr(t, "XTrim MINID", err)
			sgSame(t, "XTrim MINID 2-1", n, int64(1))
			n, err = c.XTrim(ctx, k, *options.NewXTrimOptionsWithMaxLen(2).SetExactTrimming())
			requireNoErr(t, "XTrim MAXLEN", err)
			sgSame(t, "XTrim MAXLEN 2", n, int64(1))
			n, err = c.XTrim(ctx, k, *options.NewXTrimOptionsWithMaxLen(0).SetNearlyExactTrimmingAndLimit(100))
			requireNoErr(t, "XTrim ~ LIMIT", err)
			// Approximate trimming drops whole nodes; to 0 that is the only node.
			sgSame(t, "XTrim MAXLEN ~ 0 LIMIT 100", n, int64(2))
			trimAdd := options.NewXAddOptions().SetId("99999999999999-0").SetTrimOptions(options.NewXTrimOptionsWithMaxLen(1).SetExactTrimming())
			id, err := c.XAddWithOptions(ctx, k, streamFields("last", "1"), *trimAdd)
			requireNoErr(t, "XAdd with trim", err)
			sgSame(t, "XAdd with trim id", id, models.CreateStringResult("99999999999999-0"))
			got, err = c.XRange(ctx, k, sgStreamStart, sgStreamEnd)
			requireNoErr(t, "XRange after trim", err)
			sgSame(t, "stream after XADD MAXLEN = 1", got, []models.StreamEntry{streamEntry("99999999999999-0", "last", "1")})
		})
	}
}

func TestStreamErrors(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	str := testKey(t, "string")
	k := testKey(t, "s")
	requireNoErr(t, "SET", func() error { _, err := c.Set(ctx, str, "v"); return err }())

	_, err := c.XAdd(ctx, str, streamFields("a", "b"))
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.XLen(ctx, str)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.XRange(ctx, str, sgStreamStart, sgStreamEnd)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.XRead(ctx, map[string]string{str: "0"})
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.XInfoStream(ctx, str)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.XGroupCreate(ctx, str, "g", "0")
	requireServerError(t, err, "WRONGTYPE")

	// Server-side refusals of well-formed calls.
	_, err = c.XAddWithOptions(ctx, k, streamFields("a", "b"), xaddID("5-5"))
	requireNoErr(t, "XAdd", err)
	_, err = c.XAddWithOptions(ctx, k, streamFields("a", "b"), xaddID("1-1"))
	requireServerError(t, err, "ERR")
	_, err = c.XRange(ctx, k, options.NewStreamBoundary("not-an-id", true), sgStreamEnd)
	requireServerError(t, err, "ERR")
	_, err = c.XPending(ctx, k, "nogroup")
	requireServerError(t, err, "NOGROUP")
	_, err = c.XInfoStream(ctx, testKey(t, "missing"))
	requireServerError(t, err, "ERR")
	requireNoErr(t, "XGroupCreate", func() error { _, err := c.XGroupCreate(ctx, k, "g", "0"); return err }())
	_, err = c.XGroupCreate(ctx, k, "g", "0")
	requireServerError(t, err, "BUSYGROUP")

	// Bad arguments fail before anything is sent, naming the argument.
	_, err = c.XAdd(ctx, k, nil)
	sgArgError(t, err, "values")
	_, err = c.XAddWithOptions(ctx, k, []models.FieldValue{}, xaddID("6-0"))
	sgArgError(t, err, "values")
	_, err = c.XAddWithOptions(ctx, k, streamFields("a", "b"), options.XAddOptions{TrimOptions: &options.XTrimOptions{Threshold: "1"}})
	sgArgError(t, err, "options.TrimOptions")
	_, err = c.XTrim(ctx, k, options.XTrimOptions{})
	sgArgError(t, err, "options")
	_, err = c.XDel(ctx, k, nil)
	sgArgError(t, err, "ids")
	_, err = c.XAck(ctx, k, "g", []string{})
	sgArgError(t, err, "ids")
	_, err = c.XRead(ctx, map[string]string{})
	sgArgError(t, err, "keysAndIds")
	_, err = c.XReadGroupWithOptions(ctx, "g", "c", nil, *options.NewXReadGroupOptions())
	sgArgError(t, err, "keysAndIds")
	_, err = c.XClaim(ctx, k, "g", "c", -1, []string{"1-1"})
	sgArgError(t, err, "minIdleTime")
	_, err = c.XClaimJustId(ctx, k, "g", "c", 0, nil)
	sgArgError(t, err, "ids")
	_, err = c.XAutoClaim(ctx, k, "g", "c", -5e6, "0")
	sgArgError(t, err, "minIdleTime")
	if n, _ := c.XLen(ctx, k); n != 1 {
		t.Fatalf("refused commands changed the stream: XLEN %d", n)
	}
}

// The life of a consumer group: create, read as the group, inspect pending entries,
// claim them (by ID and by scan), acknowledge, and tear down.
func TestStreamConsumerGroups(t *testing.T) {
	for _, srv := range sgServers {
		t.Run(srv.name, func(t *testing.T) {
			c, s := srv.connect(t)
			ctx := context.Background()
			k := testKey(t, "s")
			const g = "g"
			valkey := srv.name == "valkey"

			ok, err := c.XGroupCreateWithOptions(ctx, k, g, "$", *options.NewXGroupCreateOptions().SetMakeStream())
			requireNoErr(t, "XGroupCreate MKSTREAM", err)
			sgSame(t, "XGroupCreate", ok, "OK")
			created, err := c.XGroupCreateConsumer(ctx, k, g, "c1")
			requireNoErr(t, "XGroupCreateConsumer", err)
			sgSame(t, "XGroupCreateConsumer new", created, true)
			created, err = c.XGroupCreateConsumer(ctx, k, g, "c1")
			requireNoErr(t, "XGroupCreateConsumer again", err)
			sgSame(t, "XGroupCreateConsumer existing", created, false)
			consumers, err := c.XInfoConsumers(ctx, k, g)
			requireNoErr(t, "XInfoConsumers", err)
			if len(consumers) != 1 || consumers[0].Name != "c1" || consumers[0].Pending != 0 {
				t.Fatalf("XInfoConsumers before reading: %+v", consumers)
			}

			e := []models.StreamEntry{streamEntry("1-1", "a", "1"), streamEntry("1-2", "b", "2"), streamEntry("1-3", "c", "3")}
			for _, x := range e {
				_, err := c.XAddWithOptions(ctx, k, x.Fields, xaddID(x.ID))
				requireNoErr(t, "XAdd", err)
			}

			read, err := c.XReadGroup(ctx, g, "c1", map[string]string{k: ">"})
			requireNoErr(t, "XReadGroup >", err)
			sgSame(t, "XReadGroup new entries", read, map[string]models.StreamResponse{k: {Entries: e}})
			read, err = c.XReadGroupWithOptions(ctx, g, "c1", map[string]string{k: ">"}, *options.NewXReadGroupOptions().SetCount(5))
			requireNoErr(t, "XReadGroup > again", err)
			sgSame(t, "XReadGroup with nothing new", read, map[string]models.StreamResponse(nil))
			history := cmds.XReadGroup(g, "c1", map[string]string{k: "0"})
			read, err = c.XReadGroup(ctx, g, "c1", map[string]string{k: "0"})
			requireNoErr(t, "XReadGroup history", err)
			sgSame(t, "XReadGroup own pending entries", read, map[string]models.StreamResponse{k: {Entries: e}})
			sgSame(t, "XReadGroup history RESP2", sgResp2(t, s, history), read)
			read, err = c.XReadGroup(ctx, g, "c1", map[string]string{k: "1-3"})
			requireNoErr(t, "XReadGroup history end", err)
			sgSame(t, "XReadGroup after the last pending entry", read, map[string]models.StreamResponse{k: {Entries: []models.StreamEntry{}}})

			summary, err := c.XPending(ctx, k, g)
			requireNoErr(t, "XPending", err)
			wantSummary := models.XPendingSummary{
				NumOfMessages: 3, StartId: models.CreateStringResult("1-1"), EndId: models.CreateStringResult("1-3"),
				ConsumerMessages: []models.ConsumerPendingMessage{{ConsumerName: "c1", MessageCount: 3}},
			}
			sgSame(t, "XPending", summary, wantSummary)
			sgSame(t, "XPending RESP2", sgResp2(t, s, cmds.XPending(k, g)), wantSummary)

			details, err := c.XPendingWithOptions(ctx, k, g, *options.NewXPendingOptions("-", "+", 10))
			requireNoErr(t, "XPendingWithOptions", err)
			if len(details) != 3 {
				t.Fatalf("XPendingWithOptions: %+v", details)
			}
			for i, d := range details {
				if d.Id != e[i].ID || d.ConsumerName != "c1" || d.DeliveryCount < 1 || d.IdleTime < 0 {
					t.Fatalf("XPendingWithOptions[%d]: %+v", i, d)
				}
			}
			details, err = c.XPendingWithOptions(ctx, k, g, *options.NewXPendingOptions("-", "+", 10).SetConsumer("nobody").SetMinIdleTime(1))
			requireNoErr(t, "XPendingWithOptions nobody", err)
			sgSame(t, "XPending of a consumer with nothing pending", details, []models.XPendingDetail{})

			claimed, err := c.XClaim(ctx, k, g, "c2", 0, []string{"1-1", "9-9"})
			requireNoErr(t, "XClaim", err)
			sgSame(t, "XClaim", claimed, map[string]models.XClaimResponse{"1-1": {Fields: e[0].Fields}})
			ids, err := c.XClaimJustIdWithOptions(ctx, k, g, "c2", 0, []string{"1-2"}, *options.NewXClaimOptions().SetRetryCount(7).SetIdleTime(1))
			requireNoErr(t, "XClaimJustId", err)
			sgSame(t, "XClaimJustId", ids, []string{"1-2"})
			details, err = c.XPendingWithOptions(ctx, k, g, *options.NewXPendingOptions("1-2", "1-2", 1))
			requireNoErr(t, "XPendingWithOptions 1-2", err)
			if len(details) != 1 || details[0].ConsumerName != "c2" || details[0].DeliveryCount != 7 {
				t.Fatalf("after XCLAIM RETRYCOUNT 7: %+v", details)
			}
			claimed, err = c.XClaimWithOptions(ctx, k, g, "c2", 0, []string{"9-9"}, *options.NewXClaimOptions().SetForce())
			requireNoErr(t, "XClaim FORCE missing", err)
			sgSame(t, "XClaim FORCE of an ID not in the stream", claimed, map[string]models.XClaimResponse{})
			ids, err = c.XClaimJustId(ctx, k, g, "c2", 0, []string{"9-9"})
			requireNoErr(t, "XClaimJustId none", err)
			sgSame(t, "XClaimJustId of nothing", ids, []string{})

			auto, err := c.XAutoClaimWithOptions(ctx, k, g, "c3", 0, "0-0", *options.NewXAutoClaimOptions().SetCount(1))
			requireNoErr(t, "XAutoClaim", err)
			sgSame(t, "XAutoClaim COUNT 1", auto, models.XAutoClaimResponse{
				NextEntry: "1-2", ClaimedEntries: e[:1], DeletedMessages: []string{},
			})
			autoIDs, err := c.XAutoClaimJustId(ctx, k, g, "c3", 0, "0-0")
			requireNoErr(t, "XAutoClaimJustId", err)
			sgSame(t, "XAutoClaimJustId", autoIDs, models.XAutoClaimJustIdResponse{
				NextEntry: "0-0", ClaimedEntries: []string{"1-1", "1-2", "1-3"}, DeletedMessages: []string{},
			})
			auto, err = c.XAutoClaim(ctx, k, g, "c3", 3_600_000_000_000, "0-0")
			requireNoErr(t, "XAutoClaim none idle", err)
			sgSame(t, "XAutoClaim with nothing idle long enough", auto, models.XAutoClaimResponse{
				NextEntry: "0-0", ClaimedEntries: []models.StreamEntry{}, DeletedMessages: []string{},
			})
			autoIDs, err = c.XAutoClaimJustIdWithOptions(ctx, k, g, "c3", 0, "1-3", *options.NewXAutoClaimOptions().SetCount(10))
			requireNoErr(t, "XAutoClaimJustIdWithOptions", err)
			sgSame(t, "XAutoClaimJustId from 1-3", autoIDs.ClaimedEntries, []string{"1-3"})

			consumers, err = c.XInfoConsumers(ctx, k, g)
			requireNoErr(t, "XInfoConsumers", err)
			pending := map[string]int64{}
			for _, ci := range consumers {
				pending[ci.Name] = ci.Pending
				if ci.Idle < 0 || ci.Inactive.IsNil() == valkey {
					t.Fatalf("XInfoConsumers %+v (inactive is reported from 7.2 on)", ci)
				}
			}
			sgSame(t, "XInfoConsumers pending", pending, map[string]int64{"c1": 0, "c2": 0, "c3": 3})
			resp2Consumers := sgResp2(t, s, cmds.XInfoConsumers(k, g))
			if len(resp2Consumers) != 3 || resp2Consumers[2].Name != consumers[2].Name || resp2Consumers[2].Pending != 3 {
				t.Fatalf("XInfoConsumers RESP2 %+v vs %+v", resp2Consumers, consumers)
			}

			groups, err := c.XInfoGroups(ctx, k)
			requireNoErr(t, "XInfoGroups", err)
			wantGroups := []models.XInfoGroupInfo{{
				Name: g, Consumers: 3, Pending: 3, LastDeliveredId: "1-3",
				EntriesRead: models.CreateInt64Result(3), Lag: models.CreateInt64Result(0),
			}}
			sgSame(t, "XInfoGroups", groups, wantGroups)
			sgSame(t, "XInfoGroups RESP2", sgResp2(t, s, cmds.XInfoGroups(k)), wantGroups)

			info, err := c.XInfoStream(ctx, k)
			requireNoErr(t, "XInfoStream", err)
			if info.Length != 3 || info.Groups != 1 || info.LastGeneratedID != "1-3" || info.RadixTreeKeys < 1 ||
				info.RadixTreeNodes < 1 || !info.EntriesAdded.IsNil() && info.EntriesAdded.Value() != 3 ||
				info.MaxDeletedEntryID.IsNil() || info.MaxDeletedEntryID.Value() != "0-0" {
				t.Fatalf("XInfoStream %+v", info)
			}
			sgSame(t, "XInfoStream first entry", info.FirstEntry, e[0])
			sgSame(t, "XInfoStream last entry", info.LastEntry, e[2])
			sgSame(t, "XInfoStream RESP2", sgResp2(t, s, cmds.XInfoStream(k)), info)

			full, err := c.XInfoStreamFullWithOptions(ctx, k, *options.NewXInfoStreamOptions().SetCount(10))
			requireNoErr(t, "XInfoStreamFull", err)
			sgSame(t, "XInfoStreamFull entries", full.Entries, e)
			if full.Length != 3 || len(full.Groups) != 1 || full.RecordedFirstEntryId.IsNil() ||
				full.RecordedFirstEntryId.Value() != "1-1" || full.EntriesAdded.Value() != 3 {
				t.Fatalf("XInfoStreamFull %+v", full)
			}
			fg := full.Groups[0]
			if fg.Name != g || fg.PelCount != 3 || len(fg.Pending) != 3 || fg.Pending[0].Name != "c3" ||
				fg.Pending[0].Id != "1-1" || len(fg.Consumers) != 3 || fg.EntriesRead.Value() != 3 || fg.Lag.Value() != 0 {
				t.Fatalf("XInfoStreamFull group %+v", fg)
			}
			for _, fc := range fg.Consumers {
				if fc.Name == "c3" && (fc.PelCount != 3 || len(fc.Pending) != 3 || fc.Pending[2].Id != "1-3") {
					t.Fatalf("XInfoStreamFull consumer %+v", fc)
				}
				if fc.ActiveTime.IsNil() == valkey || fc.SeenTime <= 0 {
					t.Fatalf("XInfoStreamFull consumer %+v (active-time is reported from 7.2 on)", fc)
				}
			}
			sgSame(t, "XInfoStreamFull RESP2", sgResp2(t, s, cmds.XInfoStreamFullWithOptions(k, options.NewXInfoStreamOptions())), full)
			fullDefault, err := c.XInfoStreamFullWithOptions(ctx, k, *options.NewXInfoStreamOptionsOptions().SetCount(1))
			requireNoErr(t, "XInfoStreamFull COUNT 1", err)
			if len(fullDefault.Entries) != 1 || len(fullDefault.Groups[0].Pending) != 1 {
				t.Fatalf("XInfoStreamFull COUNT 1: %+v", fullDefault)
			}

			n, err := c.XAck(ctx, k, g, []string{"1-1", "1-2", "9-9"})
			requireNoErr(t, "XAck", err)
			sgSame(t, "XAck", n, int64(2))
			summary, err = c.XPending(ctx, k, g)
			requireNoErr(t, "XPending after XAck", err)
			sgSame(t, "XPending after XAck", summary, models.XPendingSummary{
				NumOfMessages: 1, StartId: models.CreateStringResult("1-3"), EndId: models.CreateStringResult("1-3"),
				ConsumerMessages: []models.ConsumerPendingMessage{{ConsumerName: "c3", MessageCount: 1}},
			})

			ok, err = c.XGroupSetIdWithOptions(ctx, k, g, "1-1", *options.NewXGroupSetIdOptionsOptions().SetEntriesRead(1))
			requireNoErr(t, "XGroupSetId ENTRIESREAD", err)
			sgSame(t, "XGroupSetId", ok, "OK")
			ok, err = c.XGroupSetId(ctx, k, g, "1-2")
			requireNoErr(t, "XGroupSetId", err)
			sgSame(t, "XGroupSetId", ok, "OK")
			read, err = c.XReadGroup(ctx, g, "c1", map[string]string{k: ">"})
			requireNoErr(t, "XReadGroup after SETID", err)
			sgSame(t, "XReadGroup after SETID 1-2", read, map[string]models.StreamResponse{k: {Entries: e[2:]}})

			// The re-delivery moved 1-3 from c3's pending list to c1's.
			n, err = c.XGroupDelConsumer(ctx, k, g, "c3")
			requireNoErr(t, "XGroupDelConsumer", err)
			sgSame(t, "XGroupDelConsumer pending count", n, int64(0))
			n, err = c.XGroupDelConsumer(ctx, k, g, "c1")
			requireNoErr(t, "XGroupDelConsumer", err)
			sgSame(t, "XGroupDelConsumer pending count", n, int64(1))
			destroyed, err := c.XGroupDestroy(ctx, k, g)
			requireNoErr(t, "XGroupDestroy", err)
			sgSame(t, "XGroupDestroy", destroyed, true)
			destroyed, err = c.XGroupDestroy(ctx, k, g)
			requireNoErr(t, "XGroupDestroy again", err)
			sgSame(t, "XGroupDestroy missing group", destroyed, false)
			groups, err = c.XInfoGroups(ctx, k)
			requireNoErr(t, "XInfoGroups empty", err)
			sgSame(t, "XInfoGroups without groups", groups, []models.XInfoGroupInfo{})

			// An empty stream has no first or last entry.
			_, err = c.XTrim(ctx, k, *options.NewXTrimOptionsWithMaxLen(0).SetExactTrimming())
			requireNoErr(t, "XTrim all", err)
			info, err = c.XInfoStream(ctx, k)
			requireNoErr(t, "XInfoStream empty", err)
			sgSame(t, "XInfoStream empty first entry", info.FirstEntry, models.StreamEntry{})
			sgSame(t, "XInfoStream empty RESP2", sgResp2(t, s, cmds.XInfoStream(k)), info)
		})
	}
}

// Batch twins put GLIDE's batch values in their slots, in a transaction and in a
// pipeline.
func TestStreamBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	for _, atomic := range []bool{true, false} {
		name := "pipeline"
		if atomic {
			name = "transaction"
		}
		t.Run(name, func(t *testing.T) {
			k := testKey(t, "s")
			missing := testKey(t, "missing")
			e1, e2 := streamEntry("1-1", "a", "1"), streamEntry("1-2", "b", "2")
			b := pipeline.NewStandaloneBatch(atomic)
			var want []any
			q := func(v any) { want = append(want, v) }

			b.XAddWithOptions(k, e1.Fields, xaddID("1-1"))
			q("1-1")
			b.XAddWithOptions(missing, e1.Fields, *options.NewXAddOptions().SetDontMakeNewStream())
			q(nil)
			b.XAddWithOptions(k, e2.Fields, xaddID("1-2"))
			q("1-2")
			b.XLen(k)
			q(int64(2))
			b.XRange(k, sgStreamStart, sgStreamEnd)
			q([]models.StreamEntry{e1, e2})
			b.XRangeWithOptions(k, sgStreamStart, sgStreamEnd, *options.NewXRangeOptions().SetCount(0))
			q(nil)
			b.XRange(missing, sgStreamStart, sgStreamEnd)
			q([]models.StreamEntry{})
			b.XRevRange(k, sgStreamEnd, sgStreamStart)
			q([]models.StreamEntry{e2, e1})
			b.XRevRangeWithOptions(k, sgStreamEnd, sgStreamStart, *options.NewXRangeOptions().SetCount(1))
			q([]models.StreamEntry{e2})
			b.XRead(map[string]string{k: "1-1"})
			q(map[string]models.StreamResponse{k: {Entries: []models.StreamEntry{e2}}})
			b.XReadWithOptions(map[string]string{k: "$"}, *options.NewXReadOptions().SetCount(1))
			q(nil)
			b.XGroupCreate(k, "g", "0")
			q("OK")
			b.XGroupCreateWithOptions(missing, "g", "$", *options.NewXGroupCreateOptions().SetMakeStream())
			q("OK")
			b.XGroupCreateConsumer(k, "g", "c1")
			q(true)
			b.XInfoConsumers(missing, "g")
			q([]models.XInfoConsumerInfo{})
			b.XReadGroup("g", "c1", map[string]string{k: ">"})
			q(map[string]models.StreamResponse{k: {Entries: []models.StreamEntry{e1, e2}}})
			b.XReadGroupWithOptions("g", "c1", map[string]string{k: ">"}, *options.NewXReadGroupOptions().SetNoAck())
			q(nil)
			b.XPending(k, "g")
			q(models.XPendingSummary{NumOfMessages: 2, StartId: models.CreateStringResult("1-1"),
				EndId: models.CreateStringResult("1-2"), ConsumerMessages: []models.ConsumerPendingMessage{{ConsumerName: "c1", MessageCount: 2}}})
			b.XPending(missing, "g")
			q(models.CreateNilXPendingSummary())
			b.XPendingWithOptions(missing, "g", *options.NewXPendingOptions("-", "+", 5))
			q([]models.XPendingDetail{})
			b.XClaim(k, "g", "c2", 0, []string{"1-1"})
			q(map[string]models.XClaimResponse{"1-1": {Fields: e1.Fields}})
			b.XClaimWithOptions(k, "g", "c2", 0, []string{"9-9"}, *options.NewXClaimOptions().SetForce())
			q(map[string]models.XClaimResponse{})
			b.XClaimJustId(k, "g", "c2", 0, []string{"1-2"})
			q([]string{"1-2"})
			b.XClaimJustIdWithOptions(k, "g", "c2", 0, []string{"9-9"}, *options.NewXClaimOptions().SetIdleTime(5))
			q([]string{})
			b.XAutoClaim(k, "g", "c3", 0, "0-0")
			q(models.XAutoClaimResponse{NextEntry: "0-0", ClaimedEntries: []models.StreamEntry{e1, e2}, DeletedMessages: []string{}})
			b.XAutoClaimWithOptions(k, "g", "c3", 0, "0-0", *options.NewXAutoClaimOptions().SetCount(1))
			q(models.XAutoClaimResponse{NextEntry: "1-2", ClaimedEntries: []models.StreamEntry{e1}, DeletedMessages: []string{}})
			b.XAutoClaimJustId(k, "g", "c2", 0, "0-0")
			q(models.XAutoClaimJustIdResponse{NextEntry: "0-0", ClaimedEntries: []string{"1-1", "1-2"}, DeletedMessages: []string{}})
			b.XAutoClaimJustIdWithOptions(k, "g", "c2", 0, "1-2", *options.NewXAutoClaimOptions().SetCount(5))
			q(models.XAutoClaimJustIdResponse{NextEntry: "0-0", ClaimedEntries: []string{"1-2"}, DeletedMessages: []string{}})
			b.XAck(k, "g", []string{"1-1"})
			q(int64(1))
			b.XInfoGroups(k)
			q([]models.XInfoGroupInfo{{Name: "g", Consumers: 3, Pending: 1, LastDeliveredId: "1-2",
				EntriesRead: models.CreateInt64Result(2), Lag: models.CreateInt64Result(0)}})
			b.XGroupSetId(k, "g", "0-0")
			q("OK")
			b.XGroupSetIdWithOptions(k, "g", "1-2", *options.NewXGroupSetIdOptionsOptions().SetEntriesRead(2))
			q("OK")
			b.XGroupDelConsumer(k, "g", "c2")
			q(int64(1))
			b.XGroupDestroy(k, "g")
			q(true)
			b.XDel(k, []string{"1-1"})
			q(int64(1))
			b.XTrim(k, *options.NewXTrimOptionsWithMaxLen(0).SetExactTrimming())
			q(int64(1))
			infoIdx := len(want)
			b.XInfoStream(missing)
			q(models.XInfoStreamResponse{MaxDeletedEntryID: models.CreateStringResult("0-0"), EntriesAdded: models.CreateInt64Result(0),
				Groups: 1, LastGeneratedID: "0-0"})
			b.XAdd(k, streamFields("x", "y"))
			q(nil) // generated ID, checked below
			b.XInfoStreamFullWithOptions(missing, nil)
			q(nil) // checked below

			_, _ = c.Del(ctx, []string{k, missing})
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			if len(got) != len(want) {
				t.Fatalf("%d results for %d commands", len(got), len(want))
			}
			for i := range want {
				switch i {
				case len(want) - 2:
					if id, ok := got[i].(string); !ok || !strings.Contains(id, "-") {
						t.Fatalf("XAdd slot: %T %#v", got[i], got[i])
					}
					continue
				case len(want) - 1:
					full, ok := got[i].(models.XInfoStreamFullOptionsResponse)
					if !ok || len(full.Groups) != 1 || full.Groups[0].Name != "g" || full.Entries == nil || len(full.Entries) != 0 {
						t.Fatalf("XInfoStreamFull slot: %T %#v", got[i], got[i])
					}
					continue
				case infoIdx: // XINFO STREAM's radix-tree sizes depend on the server's allocation
					if info, ok := got[i].(models.XInfoStreamResponse); ok {
						info.RadixTreeKeys, info.RadixTreeNodes = 0, 0
						got[i] = info
					}
				}
				sgSame(t, "slot "+b.Commands[i].Args[0]+" "+strings.Join(b.Commands[i].Args[1:2], ""), got[i], want[i])
			}
		})
	}

	// An invalid command refuses the whole batch before anything is sent.
	marker := testKey(t, "marker")
	for _, atomic := range []bool{true, false} {
		b := pipeline.NewStandaloneBatch(atomic).Set(marker, "1").XAdd(testKey(t, "s"), nil)
		_, err := c.Exec(ctx, *b, false)
		sgBatchArgError(t, err, "values", c, marker)
		b = pipeline.NewStandaloneBatch(atomic).Set(marker, "1").XRead(map[string]string{})
		_, err = c.Exec(ctx, *b, false)
		sgBatchArgError(t, err, "keysAndIds", c, marker)
	}
}

// sgKeysInDifferentSlots returns two keys that hash to different slots.
func sgKeysInDifferentSlots(t *testing.T, name string) (string, string) {
	a := testKey(t, name+"-a")
	for i := 0; ; i++ {
		b := testKey(t, name+"-b"+strings.Repeat("x", i))
		if testserver.KeySlot(a) != testserver.KeySlot(b) {
			return a, b
		}
	}
}

func sgCrossSlot(t *testing.T, what string, err error) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("%s: want a CROSSSLOT *RequestError, got %T %v", what, err, err)
	}
}

func TestClusterStreamCommands(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	tag := "{" + testKey(t, "tag") + "}"
	a, b := tag+"a", tag+"b"
	e := streamEntry("1-1", "f", "v")
	for _, k := range []string{a, b} {
		_, err := c.XAddWithOptions(ctx, k, e.Fields, xaddID("1-1"))
		requireNoErr(t, "XAdd", err)
		_, err = c.XGroupCreate(ctx, k, "g", "0")
		requireNoErr(t, "XGroupCreate", err)
	}
	read, err := c.XRead(ctx, map[string]string{a: "0", b: "0"})
	requireNoErr(t, "XRead same slot", err)
	sgSame(t, "XRead of two streams in one slot", read, map[string]models.StreamResponse{
		a: {Entries: []models.StreamEntry{e}}, b: {Entries: []models.StreamEntry{e}},
	})
	read, err = c.XReadGroup(ctx, "g", "c", map[string]string{a: ">", b: ">"})
	requireNoErr(t, "XReadGroup same slot", err)
	sgSame(t, "XReadGroup of two streams in one slot", read, map[string]models.StreamResponse{
		a: {Entries: []models.StreamEntry{e}}, b: {Entries: []models.StreamEntry{e}},
	})

	x, y := sgKeysInDifferentSlots(t, "s")
	for _, k := range []string{x, y} {
		_, err := c.XAddWithOptions(ctx, k, e.Fields, xaddID("1-1"))
		requireNoErr(t, "XAdd on its own slot", err)
		n, err := c.XLen(ctx, k)
		requireNoErr(t, "XLen", err)
		sgSame(t, "XLen", n, int64(1))
	}
	_, err = c.XRead(ctx, map[string]string{x: "0", y: "0"})
	sgCrossSlot(t, "XRead across slots", err)
	_, err = c.XReadGroupWithOptions(ctx, "g", "c", map[string]string{x: ">", y: ">"}, *options.NewXReadGroupOptions().SetCount(1))
	sgCrossSlot(t, "XReadGroup across slots", err)

	// A pipeline may span slots (each command goes to its own node); a transaction
	// keeps to the hash tag.
	for _, atomic := range []bool{false, true} {
		k1, k2 := x, y
		if atomic {
			k1, k2 = a, b
		}
		batch := pipeline.NewClusterBatch(atomic).
			XAddWithOptions(k1, streamFields("n", "2"), xaddID("2-2")).
			XLen(k2).
			XRange(k1, options.NewStreamBoundary("2-2", true), sgStreamEnd).
			XInfoGroups(k2).
			XPending(k2, "nogroup")
		got, err := c.Exec(ctx, *batch, false)
		requireNoErr(t, "cluster Exec", err)
		sgSame(t, "XAdd slot", got[0], "2-2")
		sgSame(t, "XLen slot", got[1], int64(1))
		sgSame(t, "XRange slot", got[2], []models.StreamEntry{streamEntry("2-2", "n", "2")})
		if groups, ok := got[3].([]models.XInfoGroupInfo); !ok || (atomic && len(groups) != 1) || (!atomic && len(groups) != 0) {
			t.Fatalf("XInfoGroups slot: %T %#v", got[3], got[3])
		}
		requireServerError(t, IsError(got[4]), "NOGROUP")
	}

	// A cluster batch holding an invalid command is refused whole.
	marker := tag + "marker"
	for _, atomic := range []bool{false, true} {
		batch := pipeline.NewClusterBatch(atomic).Set(marker, "1").XAck(a, "g", nil)
		_, err := c.Exec(ctx, *batch, false)
		sgArgError(t, err, "ids")
		if n, _ := c.Exists(ctx, []string{marker}); n != 0 {
			t.Fatalf("a refused cluster batch must send nothing")
		}
	}
}

// XREAD with BLOCK runs as an ordinary command for now (on the shared connection, with
// no default request deadline): a caller that gives up through ctx gets an error, and
// once the server releases the read, the connection's later replies still reach their
// own callers.
func TestStreamBlockingReadAsOrdinaryCommand(t *testing.T) {
	c, s := newTestClient(t)
	other, _ := connect(t, s)
	k := testKey(t, "s")
	ctx := context.Background()

	read, err := c.XReadWithOptions(ctx, map[string]string{k: "$"}, *options.NewXReadOptions().SetBlock(50 * time.Millisecond))
	requireNoErr(t, "XREAD BLOCK 50ms", err)
	sgSame(t, "XREAD BLOCK timing out on the server", read, map[string]models.StreamResponse(nil))

	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = c.XReadGroupWithOptions(short, "g", "c", map[string]string{k: ">"}, *options.NewXReadGroupOptions().SetBlock(0))
	if err == nil {
		t.Fatal("XREADGROUP on a missing group: want an error")
	}
	_, err = c.XReadWithOptions(short, map[string]string{k: "$"}, *options.NewXReadOptions().SetBlock(0))
	if err == nil {
		t.Fatal("XREAD BLOCK 0 with a 100 ms ctx returned no error")
	}
	// Release the server-side read; its late reply is dropped, not handed to the next caller.
	_, err = other.XAddWithOptions(ctx, k, streamFields("f", "v"), xaddID("1-1"))
	requireNoErr(t, "XADD from another client", err)
	n, err := c.XLen(ctx, k)
	requireNoErr(t, "XLEN after the abandoned read", err)
	sgSame(t, "XLEN after the abandoned read", n, int64(1))
	got, err := c.XRange(ctx, k, sgStreamStart, sgStreamEnd)
	requireNoErr(t, "XRANGE after the abandoned read", err)
	sgSame(t, "XRANGE after the abandoned read", got, []models.StreamEntry{streamEntry("1-1", "f", "v")})
}
