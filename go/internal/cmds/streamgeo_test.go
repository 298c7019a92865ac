package cmds

import (
	"reflect"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func sgSameValue(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.TypeOf(got) != reflect.TypeOf(want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func TestStreamGeoArgs(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  []string
		want []string
	}{
		{"XADD", XAdd("k", []models.FieldValue{{Field: "f", Value: "v"}, {Field: "f", Value: "w"}}).Args,
			[]string{"XADD", "k", "*", "f", "v", "f", "w"}},
		{"XADD options", XAddWithOptions("k", []models.FieldValue{{Field: "f", Value: "v"}}, *options.NewXAddOptions().
			SetDontMakeNewStream().SetId("1-1").SetTrimOptions(options.NewXTrimOptionsWithMinId("0-5").SetNearlyExactTrimmingAndLimit(10))).Args,
			[]string{"XADD", "k", "NOMKSTREAM", "MINID", "~", "0-5", "LIMIT", "10", "1-1", "f", "v"}},
		{"XREAD", XReadWithOptions(map[string]string{"k": "0-1"}, *options.NewXReadOptions().SetCount(2).SetBlock(1500 * time.Millisecond)).Args,
			[]string{"XREAD", "COUNT", "2", "BLOCK", "1500", "STREAMS", "k", "0-1"}},
		{"XREADGROUP", XReadGroupWithOptions("g", "c", map[string]string{"k": ">"}, *options.NewXReadGroupOptions().SetNoAck()).Args,
			[]string{"XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "k", ">"}},
		{"XREVRANGE", XRevRange("k", "+", "-").Args, []string{"XREVRANGE", "k", "+", "-"}},
		{"XCLAIM JUSTID", XClaimJustIdWithOptions("k", "g", "c", 2*time.Second, []string{"1-1", "1-2"}, *options.NewXClaimOptions().SetForce()).Args,
			[]string{"XCLAIM", "k", "g", "c", "2000", "1-1", "1-2", "FORCE", "JUSTID"}},
		{"XAUTOCLAIM JUSTID", XAutoClaimJustIdWithOptions("k", "g", "c", time.Millisecond, "0", *options.NewXAutoClaimOptions().SetCount(3)).Args,
			[]string{"XAUTOCLAIM", "k", "g", "c", "1", "0", "COUNT", "3", "JUSTID"}},
		{"XPENDING", XPendingWithOptions("k", "g", *options.NewXPendingOptions("-", "+", 5).SetMinIdleTime(10).SetConsumer("c")).Args,
			[]string{"XPENDING", "k", "g", "IDLE", "10", "-", "+", "5", "c"}},
		{"XINFO STREAM FULL", XInfoStreamFullWithOptions("k", nil).Args, []string{"XINFO", "STREAM", "k", "FULL"}},
		{"XGROUP CREATE", XGroupCreateWithOptions("k", "g", "$", *options.NewXGroupCreateOptions().SetMakeStream().SetEntriesRead(3)).Args,
			[]string{"XGROUP", "CREATE", "k", "g", "$", "MKSTREAM", "ENTRIESREAD", "3"}},
		{"GEOADD", GeoAddWithOptions("k", map[string]options.GeospatialData{"m": {Longitude: 1.5, Latitude: -2}},
			*options.NewGeoAddOptions().SetConditionalChange(constants.OnlyIfExists).SetChanged(true)).Args,
			[]string{"GEOADD", "k", "XX", "CH", "1.5", "-2", "m"}},
		{"GEOSEARCH", GeoSearchWithFullOptions("k", &options.GeoMemberOrigin{Member: "m"}, *options.NewBoxSearchShape(1, 2, constants.GeoUnitMiles),
			*options.NewGeoSearchResultOptions().SetSortOrder(options.DESC).SetCount(3).SetIsAny(true),
			*options.NewGeoSearchInfoOptions().SetWithDist(true).SetWithCoord(true).SetWithHash(true)).Args,
			[]string{"GEOSEARCH", "k", "FROMMEMBER", "m", "BYBOX", "1", "2", "mi", "DESC", "COUNT", "3", "ANY", "WITHDIST", "WITHCOORD", "WITHHASH"}},
		{"GEOSEARCHSTORE", GeoSearchStoreWithInfoOptions("d", "s", &options.GeoCoordOrigin{GeospatialData: options.GeospatialData{Longitude: 3, Latitude: 4}},
			*options.NewCircleSearchShape(5, constants.GeoUnitFeet), *options.NewGeoSearchStoreInfoOptions().SetStoreDist(true)).Args,
			[]string{"GEOSEARCHSTORE", "d", "s", "FROMLONLAT", "3", "4", "BYRADIUS", "5", "ft", "STOREDIST"}},
	} {
		sgSameValue(t, tc.name, tc.got, tc.want)
	}

	// Several streams: each key is followed, in the second half, by its own ID.
	args := XRead(map[string]string{"a": "1", "b": "2", "c": "3"}).Args
	keys, ids := args[2:5], args[5:]
	for i, k := range keys {
		if want := map[string]string{"a": "1", "b": "2", "c": "3"}[k]; ids[i] != want {
			t.Fatalf("XREAD pairs %v", args)
		}
	}
}

func TestStreamDecodersBothProtocols(t *testing.T) {
	e := models.StreamEntry{ID: "1-1", Fields: []models.FieldValue{{Field: "f", Value: "v"}}}
	const entryFrame = "*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
	xread := both{
		resp2: "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n" + entryFrame,
		resp3: "%1\r\n$1\r\nk\r\n*1\r\n" + entryFrame,
	}
	xread.each(func(proto, frame string) {
		v, err := decode(t, DecodeXRead, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		sgSameValue(t, proto+" XREAD", v, map[string]models.StreamResponse{"k": {Entries: []models.StreamEntry{e}}})
	})
	for _, frame := range []string{"*-1\r\n", "_\r\n"} {
		v, err := decode(t, DecodeXRead, frame)
		if err != nil || v != nil {
			t.Fatalf("null XREAD %q: %#v %v", frame, v, err)
		}
	}

	// A pending entry deleted from the stream has null fields; a null entry is skipped.
	v, err := decode(t, DecodeStreamEntries, "*2\r\n*2\r\n$3\r\n1-2\r\n*-1\r\n*-1\r\n")
	if err != nil {
		t.Fatal(err)
	}
	sgSameValue(t, "deleted entries", v, []models.StreamEntry{{ID: "1-2", Fields: []models.FieldValue{}}})

	// Servers before 7.0 send no deleted-IDs element.
	ac, err := decode(t, DecodeXAutoClaim, "*2\r\n$3\r\n0-0\r\n*1\r\n"+entryFrame)
	if err != nil {
		t.Fatal(err)
	}
	sgSameValue(t, "XAUTOCLAIM 6.2", ac, models.XAutoClaimResponse{NextEntry: "0-0", ClaimedEntries: []models.StreamEntry{e}})
	ac, err = decode(t, DecodeXAutoClaim, "*3\r\n$3\r\n0-0\r\n*0\r\n*1\r\n$3\r\n1-9\r\n")
	if err != nil {
		t.Fatal(err)
	}
	sgSameValue(t, "XAUTOCLAIM 7", ac, models.XAutoClaimResponse{NextEntry: "0-0", ClaimedEntries: []models.StreamEntry{}, DeletedMessages: []string{"1-9"}})

	both{
		resp2: "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n",
		resp3: "*4\r\n:0\r\n_\r\n_\r\n_\r\n",
	}.each(func(proto, frame string) {
		s, err := decode(t, DecodeXPendingSummary, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		sgSameValue(t, proto+" empty XPENDING", s, models.CreateNilXPendingSummary())
	})

	both{
		resp2: "*2\r\n*4\r\n$4\r\nname\r\n$1\r\ng\r\n$3\r\nlag\r\n$-1\r\n*2\r\n$4\r\nname\r\n$1\r\nh\r\n",
		resp3: "*2\r\n%2\r\n$4\r\nname\r\n$1\r\ng\r\n$3\r\nlag\r\n_\r\n%1\r\n$4\r\nname\r\n$1\r\nh\r\n",
	}.each(func(proto, frame string) {
		g, err := decode(t, DecodeXInfoGroups, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		nilInt := models.CreateNilInt64Result()
		sgSameValue(t, proto+" XINFO GROUPS", g, []models.XInfoGroupInfo{
			{Name: "g", EntriesRead: nilInt, Lag: nilInt}, {Name: "h", EntriesRead: nilInt, Lag: nilInt},
		})
	})
}

func TestGeoDecodersBothProtocols(t *testing.T) {
	both{
		resp2: "*2\r\n*2\r\n$3\r\n1.5\r\n$4\r\n-2.5\r\n*-1\r\n",
		resp3: "*2\r\n*2\r\n,1.5\r\n,-2.5\r\n_\r\n",
	}.each(func(proto, frame string) {
		v, err := decode(t, DecodeGeoPos, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		sgSameValue(t, proto+" GEOPOS", v, [][]float64{{1.5, -2.5}, nil})
	})
	both{
		resp2: "*1\r\n*4\r\n$1\r\nm\r\n$6\r\n1.2345\r\n:42\r\n*2\r\n$1\r\n3\r\n$1\r\n4\r\n",
		resp3: "*1\r\n*4\r\n$1\r\nm\r\n$6\r\n1.2345\r\n:42\r\n*2\r\n,3\r\n,4\r\n",
	}.each(func(proto, frame string) {
		v, err := decode(t, DecodeLocations, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		sgSameValue(t, proto+" GEOSEARCH WITH*", v, []options.Location{{Name: "m", Dist: 1.2345, Hash: 42,
			Coord: options.GeospatialData{Longitude: 3, Latitude: 4}}})
	})
	v, err := decode(t, DecodeLocations, "*2\r\n$1\r\na\r\n$1\r\nb\r\n")
	if err != nil {
		t.Fatal(err)
	}
	sgSameValue(t, "GEOSEARCH without details", v, []options.Location{{Name: "a"}, {Name: "b"}})
}

// Malformed and truncated replies are protocol errors, never panics.
func TestStreamGeoDecodersRejectMalformed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		decode func(*resp.Reader) error
		frame  string
	}{
		{"odd fields", func(r *resp.Reader) error { _, err := DecodeStreamEntries(r); return err }, "*1\r\n*2\r\n$1\r\na\r\n*1\r\n$1\r\nf\r\n"},
		{"entry not a pair", func(r *resp.Reader) error { _, err := DecodeXClaim(r); return err }, "*1\r\n*1\r\n$1\r\na\r\n"},
		{"autoclaim 4 elements", func(r *resp.Reader) error { _, err := DecodeXAutoClaim(r); return err }, "*4\r\n$1\r\na\r\n*0\r\n*0\r\n*0\r\n"},
		{"pending 3 elements", func(r *resp.Reader) error { _, err := DecodeXPendingSummary(r); return err }, "*3\r\n:0\r\n_\r\n_\r\n"},
		{"xread odd pair", func(r *resp.Reader) error { _, err := DecodeXRead(r); return err }, "*1\r\n*3\r\n$1\r\nk\r\n*0\r\n*0\r\n"},
		{"coords not a pair", func(r *resp.Reader) error { _, err := DecodeLocations(r); return err }, "*1\r\n*2\r\n$1\r\nm\r\n*1\r\n,1\r\n"},
		{"info map odd", func(r *resp.Reader) error { _, err := DecodeXInfoStream(r); return err }, "*1\r\n$6\r\nlength\r\n"},
	} {
		if err := tc.decode(resp.NewReader([]byte(tc.frame))); !protocolErr(err) {
			t.Fatalf("%s: want a protocol error, got %v", tc.name, err)
		}
	}

	full := "%3\r\n$6\r\nlength\r\n:1\r\n$7\r\nentries\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n" +
		"$6\r\ngroups\r\n*1\r\n%3\r\n$4\r\nname\r\n$1\r\ng\r\n$7\r\npending\r\n*1\r\n*4\r\n$3\r\n1-1\r\n$1\r\nc\r\n:5\r\n:1\r\n" +
		"$9\r\nconsumers\r\n*1\r\n%2\r\n$4\r\nname\r\n$1\r\nc\r\n$7\r\npending\r\n*1\r\n*3\r\n$3\r\n1-1\r\n:5\r\n:1\r\n"
	if _, err := decode(t, DecodeXInfoStreamFull, full); err != nil {
		t.Fatalf("full frame: %v", err)
	}
	decoders := []func(*resp.Reader) error{
		func(r *resp.Reader) error { _, err := DecodeXInfoStreamFull(r); return err },
		func(r *resp.Reader) error { _, err := DecodeXRead(r); return err },
		func(r *resp.Reader) error { _, err := DecodeXAutoClaim(r); return err },
		func(r *resp.Reader) error { _, err := DecodeLocations(r); return err },
	}
	for cut := 0; cut < len(full); cut++ {
		for _, d := range decoders {
			_ = d(resp.NewReader([]byte(full[:cut]))) // must return, not panic
		}
	}
}
