package cmds

import (
	"errors"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
)

// fuzzDecoders is every reply decoder that takes nothing but the reply, each wrapped to
// drop its result. A decoder sees any bytes the server sends, including replies of the
// wrong shape, so none may panic or loop, and each failure must be one of the typed
// errors the client documents.
var fuzzDecoders = map[string]func(*resp.Reader) error{
	"MapArray":                drop(DecodeMapArray),
	"ClusterShards":           drop(DecodeClusterShards),
	"StringArray":             drop(DecodeStringArray),
	"NullableStringArray":     drop(DecodeNullableStringArray),
	"IntArray":                drop(DecodeIntArray),
	"NullableIntArray":        drop(DecodeNullableIntArray),
	"NullableFloatArray":      drop(DecodeNullableFloatArray),
	"BoolArray":               drop(DecodeBoolArray),
	"AnyArray":                drop(DecodeAnyArray),
	"StringSet":               drop(DecodeStringSet),
	"LCSString":               drop(DecodeLCSString),
	"LCSLen":                  drop(DecodeLCSLen),
	"LCSIdx":                  drop(DecodeLCSIdx),
	"KeyValues":               drop(DecodeKeyValues),
	"StringMap":               drop(DecodeStringMap),
	"StringIntMap":            drop(DecodeStringIntMap),
	"StringFloatMap":          drop(DecodeStringFloatMap),
	"AnyMap":                  drop(DecodeAnyMap),
	"OK":                      drop(DecodeOK),
	"String":                  drop(DecodeString),
	"NullableString":          drop(DecodeNullableString),
	"Int":                     drop(DecodeInt),
	"NullableInt":             drop(DecodeNullableInt),
	"Float":                   drop(DecodeFloat),
	"NullableFloat":           drop(DecodeNullableFloat),
	"Bool":                    drop(DecodeBool),
	"Any":                     drop(DecodeAny),
	"ScanResult":              drop(DecodeScanResult),
	"MemoryStats":             drop(DecodeMemoryStats),
	"LatencyHistory":          drop(DecodeLatencyHistory),
	"LatencyLatest":           drop(DecodeLatencyLatest),
	"ScoreMap":                drop(DecodeScoreMap),
	"SortedMemberScores":      drop(DecodeSortedMemberScores),
	"SortedMemberScoresRev":   drop(DecodeSortedMemberScoresRev),
	"MemberScoreList":         drop(DecodeMemberScoreList),
	"RankAndScore":            drop(DecodeRankAndScore),
	"KeyWithMembersAndScores": drop(DecodeKeyWithMembersAndScores),
}

func drop[T any](d func(*resp.Reader) (T, error)) func(*resp.Reader) error {
	return func(r *resp.Reader) error {
		_, err := d(r)
		return err
	}
}

// FuzzDecoders runs every decoder over arbitrary bytes. The seeds (run by plain go test)
// cover each RESP type, both protocols' shapes of maps, and truncated frames.
func FuzzDecoders(f *testing.F) {
	for _, seed := range []string{
		"+OK\r\n", ":1\r\n", "$3\r\nabc\r\n", "$-1\r\n", "_\r\n", ",1.5\r\n", "#t\r\n",
		"*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*2\r\n:1\r\n_\r\n", "~2\r\n+a\r\n+b\r\n",
		"%2\r\n+a\r\n:1\r\n+b\r\n,2.5\r\n", "*4\r\n+a\r\n:1\r\n+b\r\n$3\r\n2.5\r\n",
		"*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*2\r\n:1\r\n,2.5\r\n",
		"*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$1\r\nm\r\n,1\r\n", "%1\r\n+matches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:1\r\n*2\r\n:2\r\n:3\r\n",
		"*1\r\n%2\r\n+slots\r\n*2\r\n:0\r\n:16383\r\n+nodes\r\n*1\r\n%2\r\n+id\r\n+x\r\n+port\r\n:7000\r\n",
		"*3\r\n*1\r\n:1\r\n", "%1\r\n+a\r\n", "*-1\r\n", "|1\r\n+a\r\n+b\r\n*1\r\n:1\r\n",
		"*1\r\n" + "*1\r\n*1\r\n*1\r\n*1\r\n" + ":1\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for name, d := range fuzzDecoders {
			err := d(resp.NewReader(b))
			if err == nil {
				continue
			}
			var pe *errs.ProtocolError
			var re *errs.RequestError
			if !errors.As(err, &pe) && !errors.As(err, &re) {
				t.Fatalf("%s: undocumented error type %T: %v", name, err, err)
			}
		}
	})
}
