package cmds

import (
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/options"
)

// Geo reply decoders. Coordinates and distances are doubles on RESP3 and strings on
// RESP2; ReadFloat takes either.

// DecodeGeoPos reads GEOPOS: one [longitude, latitude] per member, nil for a member
// the set does not hold.
func DecodeGeoPos(r *resp.Reader) ([][]float64, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([][]float64, n)
	for i := range out {
		k, isNil, err := r.ReadArrayLen()
		if err != nil {
			return nil, err
		}
		if isNil {
			continue
		}
		pos := make([]float64, k)
		for j := range pos {
			if pos[j], err = r.ReadFloat(); err != nil {
				return nil, err
			}
		}
		out[i] = pos
	}
	return out, nil
}

// DecodeLocations reads GEOSEARCH with WITHDIST/WITHHASH/WITHCOORD: per match, the
// member followed by the requested details in the server's order (distance, hash,
// coordinates). Each detail is told apart by its type (the hash is the only integer,
// the coordinates the only array), as GLIDE does. A match without details (no WITH*
// flag set) is the bare member name, kept as a Location with only Name.
func DecodeLocations(r *resp.Reader) ([]options.Location, error) {
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil {
		return nil, err
	}
	out := make([]options.Location, n)
	for i := range out {
		if err := readLocation(r, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readLocation(r *resp.Reader, loc *options.Location) error {
	switch r.Kind() {
	case resp.TypeArray, resp.TypeSet, resp.TypePush:
	default:
		name, err := r.ReadString()
		loc.Name = name
		return err
	}
	k, _, err := r.ReadArrayLen()
	if err != nil {
		return err
	}
	if k < 1 {
		return streamGeoShapeError("GEOSEARCH match without a member name")
	}
	if loc.Name, err = r.ReadString(); err != nil {
		return err
	}
	for j := 1; j < k; j++ {
		switch r.Kind() {
		case resp.TypeInteger:
			loc.Hash, err = r.ReadInt()
		case resp.TypeArray:
			pos, perr := DecodeGeoCoord(r)
			loc.Coord, err = options.GeospatialData{Longitude: pos[0], Latitude: pos[1]}, perr
		default:
			loc.Dist, err = r.ReadFloat()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// DecodeGeoCoord reads a two-element array of doubles (a longitude/latitude pair).
func DecodeGeoCoord(r *resp.Reader) ([2]float64, error) {
	var out [2]float64
	k, isNil, err := r.ReadArrayLen()
	if err != nil {
		return out, err
	}
	if isNil || k != 2 {
		return out, streamGeoShapeError("coordinates are not a [longitude, latitude] pair")
	}
	if out[0], err = r.ReadFloat(); err != nil {
		return out, err
	}
	out[1], err = r.ReadFloat()
	return out, err
}
