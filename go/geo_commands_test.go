package valkite

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// Geo tests use two cities whose values the server documentation also shows: Palermo
// and Catania, 166274.1516 m apart.

var sicily = map[string]options.GeospatialData{
	"Palermo": {Longitude: 13.361389, Latitude: 38.115556},
	"Catania": {Longitude: 15.087269, Latitude: 37.502669},
}

// The positions the server stores (geohash precision) and reports back.
var (
	palermoStored = options.GeospatialData{Longitude: 13.36138933897018433, Latitude: 38.11555639549629859}
	cataniaStored = options.GeospatialData{Longitude: 15.08726745843887329, Latitude: 37.50266842333162032}
)

const (
	palermoHash = int64(3479099956230698)
	cataniaHash = int64(3479447370796909)
)

func geoNear(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func sgLocations(t *testing.T, what string, got, want []options.Location) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %+v, want %+v", what, got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Hash != w.Hash || !geoNear(g.Dist, w.Dist, 1e-4) ||
			!geoNear(g.Coord.Longitude, w.Coord.Longitude, 1e-9) || !geoNear(g.Coord.Latitude, w.Coord.Latitude, 1e-9) {
			t.Fatalf("%s[%d]: got %+v, want %+v", what, i, g, w)
		}
	}
}

func TestGeoCommands(t *testing.T) {
	for _, srv := range sgServers {
		t.Run(srv.name, func(t *testing.T) {
			c, s := srv.connect(t)
			ctx := context.Background()
			k := testKey(t, "sicily")
			missing := testKey(t, "missing")

			n, err := c.GeoAdd(ctx, k, sicily)
			requireNoErr(t, "GeoAdd", err)
			sgSame(t, "GeoAdd", n, int64(2))
			moved := map[string]options.GeospatialData{"Palermo": {Longitude: 13.5, Latitude: 38.2}, "Agrigento": {Longitude: 13.583333, Latitude: 37.316667}}
			n, err = c.GeoAddWithOptions(ctx, k, moved, *options.NewGeoAddOptions().SetConditionalChange(constants.OnlyIfExists).SetChanged(true))
			requireNoErr(t, "GeoAdd XX CH", err)
			sgSame(t, "GeoAdd XX CH (moves Palermo, skips Agrigento)", n, int64(1))
			n, err = c.GeoAddWithOptions(ctx, k, sicily, *options.NewGeoAddOptions().SetConditionalChange(constants.OnlyIfDoesNotExist))
			requireNoErr(t, "GeoAdd NX", err)
			sgSame(t, "GeoAdd NX of existing members", n, int64(0))
			n, err = c.GeoAddWithOptions(ctx, k, sicily, *options.NewGeoAddOptions().SetChanged(true))
			requireNoErr(t, "GeoAdd CH", err)
			sgSame(t, "GeoAdd CH moving Palermo back", n, int64(1))

			dist, err := c.GeoDist(ctx, k, "Palermo", "Catania")
			requireNoErr(t, "GeoDist", err)
			if dist.IsNil() || !geoNear(dist.Value(), 166274.1516, 1e-9) {
				t.Fatalf("GeoDist = %v", dist)
			}
			sgSame(t, "GeoDist RESP2", sgResp2(t, s, cmds.GeoDist(k, "Palermo", "Catania")), dist)
			for unit, want := range map[constants.GeoUnit]float64{
				constants.GeoUnitKilometers: 166.2742, constants.GeoUnitMiles: 103.3182,
				constants.GeoUnitFeet: 545518.8700, constants.GeoUnitMeters: 166274.1516,
			} {
				d, err := c.GeoDistWithUnit(ctx, k, "Palermo", "Catania", unit)
				requireNoErr(t, "GeoDistWithUnit", err)
				if !geoNear(d.Value(), want, 1e-9) {
					t.Fatalf("GeoDist in %s = %v, want %v", unit, d.Value(), want)
				}
			}
			dist, err = c.GeoDist(ctx, k, "Palermo", "Nowhere")
			requireNoErr(t, "GeoDist missing member", err)
			sgSame(t, "GeoDist with a missing member", dist, models.CreateNilFloat64Result())

			hashes, err := c.GeoHash(ctx, k, []string{"Palermo", "Nowhere", "Catania"})
			requireNoErr(t, "GeoHash", err)
			wantHashes := []models.Result[string]{models.CreateStringResult("sqc8b49rny0"), models.CreateNilStringResult(), models.CreateStringResult("sqdtr74hyu0")}
			sgSame(t, "GeoHash", hashes, wantHashes)
			sgSame(t, "GeoHash RESP2", sgResp2(t, s, cmds.GeoHash(k, []string{"Palermo", "Nowhere", "Catania"})), wantHashes)
			hashes, err = c.GeoHash(ctx, missing, []string{"a"})
			requireNoErr(t, "GeoHash missing key", err)
			sgSame(t, "GeoHash on a missing key", hashes, []models.Result[string]{models.CreateNilStringResult()})

			pos, err := c.GeoPos(ctx, k, []string{"Palermo", "Nowhere"})
			requireNoErr(t, "GeoPos", err)
			sgSame(t, "GeoPos", pos, [][]float64{{palermoStored.Longitude, palermoStored.Latitude}, nil})
			sgSame(t, "GeoPos RESP2", sgResp2(t, s, cmds.GeoPos(k, []string{"Palermo", "Nowhere"})), pos)
			pos, err = c.GeoPos(ctx, k, []string{})
			requireNoErr(t, "GeoPos none", err)
			sgSame(t, "GeoPos of no members", pos, [][]float64{})

			lonlat := &options.GeoCoordOrigin{GeospatialData: options.GeospatialData{Longitude: 15, Latitude: 37}}
			member := &options.GeoMemberOrigin{Member: "Palermo"}
			circle := *options.NewCircleSearchShape(200, constants.GeoUnitKilometers)
			box := *options.NewBoxSearchShape(400, 400, constants.GeoUnitKilometers)
			asc := *options.NewGeoSearchResultOptions().SetSortOrder(options.ASC)
			desc := *options.NewGeoSearchResultOptions().SetSortOrder(options.DESC)
			all := *options.NewGeoSearchInfoOptions().SetWithDist(true).SetWithCoord(true).SetWithHash(true)

			names, err := c.GeoSearchWithResultOptions(ctx, k, lonlat, circle, asc)
			requireNoErr(t, "GeoSearch ASC", err)
			sgSame(t, "GeoSearch radius ASC", names, []string{"Catania", "Palermo"})
			names, err = c.GeoSearchWithResultOptions(ctx, k, lonlat, box, desc)
			requireNoErr(t, "GeoSearch DESC", err)
			sgSame(t, "GeoSearch box DESC", names, []string{"Palermo", "Catania"})
			names, err = c.GeoSearch(ctx, k, member, *options.NewCircleSearchShape(100, constants.GeoUnitMeters))
			requireNoErr(t, "GeoSearch from member", err)
			sgSame(t, "GeoSearch 100 m around Palermo", names, []string{"Palermo"})
			names, err = c.GeoSearch(ctx, missing, lonlat, circle)
			requireNoErr(t, "GeoSearch missing key", err)
			sgSame(t, "GeoSearch on a missing key", names, []string{})
			names, err = c.GeoSearchWithResultOptions(ctx, k, lonlat, circle, *options.NewGeoSearchResultOptions().SetCount(1).SetIsAny(true))
			requireNoErr(t, "GeoSearch COUNT ANY", err)
			if len(names) != 1 {
				t.Fatalf("GeoSearch COUNT 1 ANY: %v", names)
			}
			sgSame(t, "GeoSearch RESP2", sgResp2(t, s, cmds.GeoSearchWithResultOptions(k, lonlat, circle, asc)), []string{"Catania", "Palermo"})

			locs, err := c.GeoSearchWithFullOptions(ctx, k, lonlat, box, asc, all)
			requireNoErr(t, "GeoSearch WITH*", err)
			wantAll := []options.Location{
				{Name: "Catania", Dist: 56.4413, Hash: cataniaHash, Coord: cataniaStored},
				{Name: "Palermo", Dist: 190.4424, Hash: palermoHash, Coord: palermoStored},
			}
			sgLocations(t, "GeoSearch WITHDIST WITHCOORD WITHHASH", locs, wantAll)
			sgSame(t, "GeoSearch WITH* RESP2", sgResp2(t, s, cmds.GeoSearchWithFullOptions(k, lonlat, box, asc, all)), locs)
			locs, err = c.GeoSearchWithInfoOptions(ctx, k, lonlat, circle, *options.NewGeoSearchInfoOptions().SetWithDist(true))
			requireNoErr(t, "GeoSearch WITHDIST", err)
			if len(locs) != 2 {
				t.Fatalf("GeoSearch WITHDIST: %+v", locs)
			}
			for _, l := range locs {
				w := wantAll[0]
				if l.Name == "Palermo" {
					w = wantAll[1]
				}
				sgLocations(t, "GeoSearch WITHDIST", []options.Location{l}, []options.Location{{Name: w.Name, Dist: w.Dist}})
			}
			locs, err = c.GeoSearchWithFullOptions(ctx, k, member, circle, *options.NewGeoSearchResultOptions().SetCount(1).SetSortOrder(options.DESC),
				*options.NewGeoSearchInfoOptions().SetWithHash(true))
			requireNoErr(t, "GeoSearch WITHHASH COUNT DESC", err)
			sgLocations(t, "GeoSearch farthest from Palermo, WITHHASH", locs, []options.Location{{Name: "Catania", Hash: cataniaHash}})
			locs, err = c.GeoSearchWithFullOptions(ctx, k, member, circle, asc, *options.NewGeoSearchInfoOptions().SetWithCoord(true))
			requireNoErr(t, "GeoSearch WITHCOORD", err)
			sgLocations(t, "GeoSearch WITHCOORD", locs, []options.Location{{Name: "Palermo", Coord: palermoStored}, {Name: "Catania", Coord: cataniaStored}})
			locs, err = c.GeoSearchWithInfoOptions(ctx, k, member, circle, *options.NewGeoSearchInfoOptions())
			requireNoErr(t, "GeoSearch no WITH", err)
			if len(locs) != 2 || locs[0].Hash != 0 || locs[0].Dist != 0 {
				t.Fatalf("GeoSearch with no detail flags: %+v", locs)
			}

			dest := testKey(t, "dest")
			n, err = c.GeoSearchStore(ctx, dest, k, lonlat, circle)
			requireNoErr(t, "GeoSearchStore", err)
			sgSame(t, "GeoSearchStore", n, int64(2))
			stored, err := c.GeoPos(ctx, dest, []string{"Catania"})
			requireNoErr(t, "GeoPos of stored", err)
			sgSame(t, "stored member keeps its position", stored, [][]float64{{cataniaStored.Longitude, cataniaStored.Latitude}})
			n, err = c.GeoSearchStoreWithResultOptions(ctx, dest, k, lonlat, circle, *options.NewGeoSearchResultOptions().SetCount(1).SetSortOrder(options.ASC))
			requireNoErr(t, "GeoSearchStore COUNT", err)
			sgSame(t, "GeoSearchStore COUNT 1", n, int64(1))
			n, err = c.GeoSearchStoreWithInfoOptions(ctx, dest, k, lonlat, circle, *options.NewGeoSearchStoreInfoOptions().SetStoreDist(true))
			requireNoErr(t, "GeoSearchStore STOREDIST", err)
			sgSame(t, "GeoSearchStore STOREDIST", n, int64(2))
			score, err := c.CustomCommand(ctx, []string{"ZSCORE", dest, "Catania"})
			requireNoErr(t, "ZSCORE", err)
			// STOREDIST stores the distance from the origin (km) as the score.
			if f, err := strconv.ParseFloat(fmt.Sprint(score), 64); err != nil || !geoNear(f, 56.4413, 1e-3) {
				t.Fatalf("STOREDIST score %T %v", score, score)
			}
			n, err = c.GeoSearchStoreWithFullOptions(ctx, dest, k, member, box, desc, *options.NewGeoSearchStoreInfoOptions())
			requireNoErr(t, "GeoSearchStore full", err)
			sgSame(t, "GeoSearchStore full", n, int64(2))
			n, err = c.GeoSearchStore(ctx, dest, missing, lonlat, circle)
			requireNoErr(t, "GeoSearchStore missing source", err)
			sgSame(t, "GeoSearchStore of a missing source", n, int64(0))
		})
	}
}

func TestGeoErrors(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	str := testKey(t, "string")
	k := testKey(t, "geo")
	_, err := c.Set(ctx, str, "v")
	requireNoErr(t, "SET", err)
	_, err = c.GeoAdd(ctx, k, sicily)
	requireNoErr(t, "GeoAdd", err)
	circle := *options.NewCircleSearchShape(1, constants.GeoUnitKilometers)
	member := &options.GeoMemberOrigin{Member: "Palermo"}

	_, err = c.GeoAdd(ctx, str, sicily)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.GeoPos(ctx, str, []string{"a"})
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.GeoDist(ctx, str, "a", "b")
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.GeoSearch(ctx, str, member, circle)
	requireServerError(t, err, "WRONGTYPE")
	_, err = c.GeoSearchStore(ctx, testKey(t, "dest"), str, member, circle)
	requireServerError(t, err, "WRONGTYPE")

	// Refused by the server: out-of-range coordinates, an unknown origin member.
	_, err = c.GeoAdd(ctx, k, map[string]options.GeospatialData{"x": {Longitude: 200, Latitude: 0}})
	requireServerError(t, err, "ERR")
	_, err = c.GeoSearch(ctx, k, &options.GeoMemberOrigin{Member: "Nowhere"}, circle)
	requireServerError(t, err, "ERR")

	// Refused before sending.
	_, err = c.GeoAdd(ctx, k, nil)
	sgArgError(t, err, "membersToGeospatialData")
	_, err = c.GeoAddWithOptions(ctx, k, map[string]options.GeospatialData{}, *options.NewGeoAddOptions())
	sgArgError(t, err, "membersToGeospatialData")
	_, err = c.GeoSearch(ctx, k, nil, circle)
	sgArgError(t, err, "searchFrom")
	_, err = c.GeoSearch(ctx, k, member, options.GeoSearchShape{})
	sgArgError(t, err, "searchByShape")
	_, err = c.GeoSearchWithResultOptions(ctx, k, member, circle, *options.NewGeoSearchResultOptions().SetCount(-1))
	sgArgError(t, err, "resultOptions.Count")
	_, err = c.GeoSearchStore(ctx, k, k, nil, circle)
	sgArgError(t, err, "searchFrom")

	marker := testKey(t, "marker")
	for _, atomic := range []bool{true, false} {
		b := pipeline.NewStandaloneBatch(atomic).Set(marker, "1").GeoSearch(k, member, options.GeoSearchShape{})
		_, err = c.Exec(ctx, *b, false)
		sgBatchArgError(t, err, "searchByShape", c, marker)
		b = pipeline.NewStandaloneBatch(atomic).Set(marker, "1").GeoAdd(k, nil)
		_, err = c.Exec(ctx, *b, false)
		sgBatchArgError(t, err, "membersToGeospatialData", c, marker)
	}
}

func TestGeoBatch(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	lonlat := &options.GeoCoordOrigin{GeospatialData: options.GeospatialData{Longitude: 15, Latitude: 37}}
	circle := *options.NewCircleSearchShape(200, constants.GeoUnitKilometers)
	asc := *options.NewGeoSearchResultOptions().SetSortOrder(options.ASC)
	for _, atomic := range []bool{true, false} {
		name := "pipeline"
		if atomic {
			name = "transaction"
		}
		t.Run(name, func(t *testing.T) {
			k := testKey(t, "sicily")
			dest := testKey(t, "dest")
			b := pipeline.NewStandaloneBatch(atomic)
			var want []any
			q := func(v any) { want = append(want, v) }
			b.GeoAdd(k, sicily)
			q(int64(2))
			b.GeoAddWithOptions(k, sicily, *options.NewGeoAddOptions().SetConditionalChange(constants.OnlyIfDoesNotExist))
			q(int64(0))
			b.GeoHash(k, []string{"Palermo", "Nowhere"})
			q([]models.Result[string]{models.CreateStringResult("sqc8b49rny0"), models.CreateNilStringResult()})
			b.GeoPos(k, []string{"Catania", "Nowhere"})
			q([][]float64{{cataniaStored.Longitude, cataniaStored.Latitude}, nil})
			b.GeoDist(k, "Palermo", "Catania")
			q(166274.1516)
			b.GeoDistWithUnit(k, "Palermo", "Catania", constants.GeoUnitKilometers)
			q(166.2742)
			b.GeoDist(k, "Palermo", "Nowhere")
			q(nil)
			b.GeoSearch(k, lonlat, circle)
			q(nil) // server order, checked as a set below
			b.GeoSearchWithResultOptions(k, lonlat, circle, asc)
			q([]string{"Catania", "Palermo"})
			b.GeoSearchWithInfoOptions(k, lonlat, circle, *options.NewGeoSearchInfoOptions().SetWithHash(true))
			q(nil) // checked below
			b.GeoSearchWithFullOptions(k, lonlat, circle, *options.NewGeoSearchResultOptions().SetCount(1).SetSortOrder(options.ASC),
				*options.NewGeoSearchInfoOptions().SetWithHash(true))
			q([]options.Location{{Name: "Catania", Hash: cataniaHash}})
			b.GeoSearchStore(dest, k, lonlat, circle)
			q(int64(2))
			b.GeoSearchStoreWithResultOptions(dest, k, lonlat, circle, *options.NewGeoSearchResultOptions().SetCount(1))
			q(int64(1))
			b.GeoSearchStoreWithInfoOptions(dest, k, lonlat, circle, *options.NewGeoSearchStoreInfoOptions().SetStoreDist(true))
			q(int64(2))
			b.GeoSearchStoreWithFullOptions(dest, k, lonlat, circle, asc, *options.NewGeoSearchStoreInfoOptions())
			q(int64(2))

			_, _ = c.Del(ctx, []string{k, dest})
			got, err := c.Exec(ctx, *b, false)
			requireNoErr(t, "Exec", err)
			if len(got) != len(want) {
				t.Fatalf("%d results for %d commands", len(got), len(want))
			}
			for i := range want {
				switch i {
				case 7:
					names, ok := got[i].([]string)
					if !ok || len(names) != 2 {
						t.Fatalf("GeoSearch slot: %T %#v", got[i], got[i])
					}
					continue
				case 9:
					locs, ok := got[i].([]options.Location)
					if !ok || len(locs) != 2 || locs[0].Hash == 0 || locs[1].Hash == 0 {
						t.Fatalf("GeoSearchWithInfoOptions slot: %T %#v", got[i], got[i])
					}
					continue
				}
				sgSame(t, "slot "+b.Commands[i].Args[0], got[i], want[i])
			}
		})
	}
}

func TestClusterGeoCommands(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	tag := "{" + testKey(t, "tag") + "}"
	src, dest := tag+"src", tag+"dest"
	lonlat := &options.GeoCoordOrigin{GeospatialData: options.GeospatialData{Longitude: 15, Latitude: 37}}
	circle := *options.NewCircleSearchShape(200, constants.GeoUnitKilometers)

	n, err := c.GeoAdd(ctx, src, sicily)
	requireNoErr(t, "GeoAdd", err)
	sgSame(t, "GeoAdd", n, int64(2))
	d, err := c.GeoDist(ctx, src, "Palermo", "Catania")
	requireNoErr(t, "GeoDist", err)
	if !geoNear(d.Value(), 166274.1516, 1e-9) {
		t.Fatalf("GeoDist %v", d)
	}
	n, err = c.GeoSearchStore(ctx, dest, src, lonlat, circle)
	requireNoErr(t, "GeoSearchStore in one slot", err)
	sgSame(t, "GeoSearchStore", n, int64(2))
	names, err := c.GeoSearchWithResultOptions(ctx, dest, lonlat, circle, *options.NewGeoSearchResultOptions().SetSortOrder(options.ASC))
	requireNoErr(t, "GeoSearch of the stored set", err)
	sgSame(t, "GeoSearch of the stored set", names, []string{"Catania", "Palermo"})

	x, y := sgKeysInDifferentSlots(t, "geo")
	_, err = c.GeoAdd(ctx, x, sicily)
	requireNoErr(t, "GeoAdd on its own slot", err)
	_, err = c.GeoSearchStore(ctx, y, x, lonlat, circle)
	sgCrossSlot(t, "GeoSearchStore across slots", err)
	_, err = c.GeoSearchStoreWithInfoOptions(ctx, y, x, lonlat, circle, *options.NewGeoSearchStoreInfoOptions().SetStoreDist(true))
	sgCrossSlot(t, "GeoSearchStore STOREDIST across slots", err)

	for _, atomic := range []bool{false, true} {
		k1, k2 := x, y
		if atomic {
			k1, k2 = src, dest
		}
		batch := pipeline.NewClusterBatch(atomic).
			GeoAdd(k2, sicily).
			GeoDistWithUnit(k1, "Palermo", "Catania", constants.GeoUnitKilometers).
			GeoPos(k2, []string{"Nowhere"}).
			GeoSearchWithFullOptions(k1, lonlat, circle, *options.NewGeoSearchResultOptions().SetCount(1).SetSortOrder(options.ASC),
				*options.NewGeoSearchInfoOptions().SetWithDist(true))
		got, err := c.Exec(ctx, *batch, false)
		requireNoErr(t, "cluster Exec", err)
		wantAdded := int64(2)
		if atomic {
			wantAdded = 0 // dest already holds both members
		}
		sgSame(t, "GeoAdd slot", got[0], wantAdded)
		sgSame(t, "GeoDistWithUnit slot", got[1], 166.2742)
		sgSame(t, "GeoPos slot", got[2], [][]float64{nil})
		locs, ok := got[3].([]options.Location)
		if !ok {
			t.Fatalf("GeoSearch slot %T", got[3])
		}
		sgLocations(t, "GeoSearch slot", locs, []options.Location{{Name: "Catania", Dist: 56.4413}})
	}
}
