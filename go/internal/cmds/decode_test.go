package cmds

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
)

// decode runs a decoder over one frame and insists the whole frame was consumed, so a
// decoder that stops early (and would misalign a batch) fails here.
func decode[T any](t *testing.T, d func(*resp.Reader) (T, error), frame string) (T, error) {
	t.Helper()
	r := resp.NewReader([]byte(frame))
	v, err := d(r)
	if err == nil && r.Len() != 0 {
		t.Fatalf("%q: %d bytes left unread", frame, r.Len())
	}
	return v, err
}

// both holds the RESP2 and RESP3 encodings of the same reply.
type both struct{ resp2, resp3 string }

func (b both) each(f func(proto, frame string)) {
	f("RESP2", b.resp2)
	f("RESP3", b.resp3)
}

func protocolErr(err error) bool {
	var pe *errs.ProtocolError
	return errors.As(err, &pe)
}

func TestDecodeOK(t *testing.T) {
	for _, f := range []string{"+OK\r\n", "$2\r\nOK\r\n"} {
		if v, err := decode(t, DecodeOK, f); err != nil || v != "OK" {
			t.Fatalf("%q: %q %v", f, v, err)
		}
	}
	if v, err := decode(t, DecodeOK, "+RESET\r\n"); err != nil || v != "RESET" {
		t.Fatalf("other status: %q %v", v, err)
	}
	if _, err := decode(t, DecodeOK, "_\r\n"); !protocolErr(err) {
		t.Fatalf("nil: %v", err)
	}
	frame := []byte("+OK\r\n")
	r := resp.NewReader(frame)
	if n := testing.AllocsPerRun(100, func() {
		r.Reset(frame)
		_, _ = DecodeOK(r)
	}); n != 0 {
		t.Fatalf("DecodeOK allocates %v times", n)
	}
}

func TestDecodeNullableString(t *testing.T) {
	both{"$-1\r\n", "_\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeNullableString, f)
		if err != nil || !v.IsNil() || v.Value() != "" {
			t.Fatalf("%s nil: %+v %v", proto, v, err)
		}
	})
	for _, f := range []string{"$3\r\nbar\r\n", "+bar\r\n", "=7\r\ntxt:bar\r\n"} {
		v, err := decode(t, DecodeNullableString, f)
		if err != nil || v.IsNil() || v.Value() != "bar" {
			t.Fatalf("%q: %+v %v", f, v, err)
		}
	}
	v, err := decode(t, DecodeNullableString, "$0\r\n\r\n")
	if err != nil || v.IsNil() || v.Value() != "" {
		t.Fatalf("empty is not nil: %+v %v", v, err)
	}
	if _, err := decode(t, DecodeNullableString, "*1\r\n+a\r\n"); !protocolErr(err) {
		t.Fatalf("array: %v", err)
	}
}

func TestDecodeString(t *testing.T) {
	both{"+PONG\r\n", "+PONG\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeString, f); err != nil || v != "PONG" {
			t.Fatalf("%s: %q %v", proto, v, err)
		}
	})
	// INFO and LOLWUT are bulk strings in RESP2 and verbatim strings in RESP3.
	both{"$13\r\n# Server\r\nx:1\r\n", "=17\r\ntxt:# Server\r\nx:1\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeString, f); err != nil || v != "# Server\r\nx:1" {
			t.Fatalf("%s: %q %v", proto, v, err)
		}
	})
	both{"$-1\r\n", "_\r\n"}.each(func(proto, f string) {
		if _, err := decode(t, DecodeString, f); !protocolErr(err) {
			t.Fatalf("%s nil must fail: %v", proto, err)
		}
	})
}

func TestDecodeIntAndNullableInt(t *testing.T) {
	if v, err := decode(t, DecodeInt, ":42\r\n"); err != nil || v != 42 {
		t.Fatalf("%d %v", v, err)
	}
	if _, err := decode(t, DecodeInt, "$-1\r\n"); !protocolErr(err) {
		t.Fatalf("nil int: %v", err)
	}
	both{"$-1\r\n", "_\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeNullableInt, f)
		if err != nil || !v.IsNil() {
			t.Fatalf("%s: %+v %v", proto, v, err)
		}
	})
	v, err := decode(t, DecodeNullableInt, ":0\r\n")
	if err != nil || v.IsNil() || v.Value() != 0 {
		t.Fatalf("zero: %+v %v", v, err)
	}
}

func TestDecodeFloat(t *testing.T) {
	// INCRBYFLOAT answers with a bulk string in both protocols; ZSCORE-like replies
	// are bulk strings in RESP2 and doubles in RESP3.
	both{"$4\r\n10.5\r\n", ",10.5\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeFloat, f); err != nil || v != 10.5 {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	both{"$4\r\n-inf\r\n", ",-inf\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeFloat, f); err != nil || !math.IsInf(v, -1) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	both{"$-1\r\n", "_\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeNullableFloat, f)
		if err != nil || !v.IsNil() {
			t.Fatalf("%s: %+v %v", proto, v, err)
		}
	})
	v, err := decode(t, DecodeNullableFloat, ",2\r\n")
	if err != nil || v.IsNil() || v.Value() != 2 {
		t.Fatalf("%+v %v", v, err)
	}
}

func TestDecodeBool(t *testing.T) {
	both{":1\r\n", "#t\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeBool, f); err != nil || !v {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	both{":0\r\n", "#f\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeBool, f); err != nil || v {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	if _, err := decode(t, DecodeBool, "+OK\r\n"); !protocolErr(err) {
		t.Fatalf("string: %v", err)
	}
}

func TestDecodeStringArray(t *testing.T) {
	v, err := decode(t, DecodeStringArray, "*2\r\n$10\r\n1714000000\r\n$6\r\n123456\r\n")
	if err != nil || !reflect.DeepEqual(v, []string{"1714000000", "123456"}) {
		t.Fatalf("%q %v", v, err)
	}
	v, err = decode(t, DecodeStringArray, "*0\r\n")
	if err != nil || v == nil || len(v) != 0 {
		t.Fatalf("empty must be non-nil: %#v %v", v, err)
	}
	both{"*-1\r\n", "_\r\n"}.each(func(proto, f string) {
		if v, err := decode(t, DecodeStringArray, f); err != nil || v != nil {
			t.Fatalf("%s: %#v %v", proto, v, err)
		}
	})
	// A set (RESP3) reads like the array RESP2 sends.
	v, err = decode(t, DecodeStringArray, "~1\r\n+a\r\n")
	if err != nil || !reflect.DeepEqual(v, []string{"a"}) {
		t.Fatalf("set: %q %v", v, err)
	}
	if _, err := decode(t, DecodeStringArray, "*2\r\n+a\r\n$-1\r\n"); !protocolErr(err) {
		t.Fatalf("nil element: %v", err)
	}
	var re *errs.RequestError
	if _, err := decode(t, DecodeStringArray, "*1\r\n-ERR inner\r\n"); !errors.As(err, &re) {
		t.Fatalf("nested error: %v", err)
	}
}

func TestDecodeNullableStringArray(t *testing.T) {
	want := []models.Result[string]{
		models.CreateStringResult("a"),
		models.CreateNilStringResult(),
		models.CreateStringResult(""),
	}
	both{"*3\r\n$1\r\na\r\n$-1\r\n$0\r\n\r\n", "*3\r\n$1\r\na\r\n_\r\n$0\r\n\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeNullableStringArray, f)
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("%s: %+v %v", proto, v, err)
		}
	})
	v, err := decode(t, DecodeNullableStringArray, "*0\r\n")
	if err != nil || v == nil || len(v) != 0 {
		t.Fatalf("empty: %#v %v", v, err)
	}
}

func TestDecodeNumericArrays(t *testing.T) {
	ints, err := decode(t, DecodeIntArray, "*3\r\n:1\r\n:-2\r\n:3\r\n")
	if err != nil || !reflect.DeepEqual(ints, []int64{1, -2, 3}) {
		t.Fatalf("ints %v %v", ints, err)
	}
	nints, err := decode(t, DecodeNullableIntArray, "*2\r\n:5\r\n_\r\n")
	if err != nil || nints[0].Value() != 5 || !nints[1].IsNil() {
		t.Fatalf("nullable ints %+v %v", nints, err)
	}
	both{"*2\r\n$3\r\n1.5\r\n$-1\r\n", "*2\r\n,1.5\r\n_\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeNullableFloatArray, f)
		if err != nil || v[0].Value() != 1.5 || !v[1].IsNil() {
			t.Fatalf("%s: %+v %v", proto, v, err)
		}
	})
	both{"*2\r\n:1\r\n:0\r\n", "*2\r\n#t\r\n#f\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeBoolArray, f)
		if err != nil || !reflect.DeepEqual(v, []bool{true, false}) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
}

func TestDecodeStringSet(t *testing.T) {
	want := map[string]struct{}{"a": {}, "b": {}}
	both{"*2\r\n$1\r\na\r\n$1\r\nb\r\n", "~2\r\n$1\r\na\r\n$1\r\nb\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeStringSet, f)
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
}

func TestDecodeAnyShapes(t *testing.T) {
	v, err := decode(t, DecodeAnyArray, "*2\r\n%1\r\n+count\r\n:1\r\n_\r\n")
	if err != nil || !reflect.DeepEqual(v, []any{map[string]any{"count": int64(1)}, nil}) {
		t.Fatalf("any array: %#v %v", v, err)
	}
	m, err := decode(t, DecodeAnyMap, "*4\r\n+a\r\n:1\r\n+b\r\n*0\r\n")
	if err != nil || !reflect.DeepEqual(m, map[string]any{"a": int64(1), "b": []any{}}) {
		t.Fatalf("any map: %#v %v", m, err)
	}
	a, err := decode(t, DecodeAny, "~1\r\n+x\r\n")
	if err != nil || !reflect.DeepEqual(a, map[string]struct{}{"x": {}}) {
		t.Fatalf("any: %#v %v", a, err)
	}
}

func TestDecodeMaps(t *testing.T) {
	want := map[string]string{"maxmemory": "0", "timeout": "300"}
	both{
		"*4\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n$7\r\ntimeout\r\n$3\r\n300\r\n",
		"%2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n$7\r\ntimeout\r\n$3\r\n300\r\n",
	}.each(func(proto, f string) {
		v, err := decode(t, DecodeStringMap, f)
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	v, err := decode(t, DecodeStringMap, "%0\r\n")
	if err != nil || v == nil || len(v) != 0 {
		t.Fatalf("empty map: %#v %v", v, err)
	}
	if _, err := decode(t, DecodeStringMap, "*3\r\n+a\r\n+b\r\n+c\r\n"); !protocolErr(err) {
		t.Fatalf("odd: %v", err)
	}
	both{"*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n", "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeStringIntMap, f)
		if err != nil || !reflect.DeepEqual(v, map[string]int64{"a": 1, "b": 2}) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
	both{"*2\r\n+m\r\n$3\r\n1.5\r\n", "%1\r\n+m\r\n,1.5\r\n"}.each(func(proto, f string) {
		v, err := decode(t, DecodeStringFloatMap, f)
		if err != nil || !reflect.DeepEqual(v, map[string]float64{"m": 1.5}) {
			t.Fatalf("%s: %v %v", proto, v, err)
		}
	})
}

func TestDecodeScanResult(t *testing.T) {
	v, err := decode(t, DecodeScanResult, "*2\r\n$2\r\n17\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n")
	if err != nil || v.Cursor.String() != "17" || v.Cursor.IsFinished() || !reflect.DeepEqual(v.Data, []string{"a", "b"}) {
		t.Fatalf("%+v %v", v, err)
	}
	v, err = decode(t, DecodeScanResult, "*2\r\n$1\r\n0\r\n*0\r\n")
	if err != nil || !v.Cursor.IsFinished() || v.Data == nil {
		t.Fatalf("last page: %+v %v", v, err)
	}
	for _, bad := range []string{"*1\r\n$1\r\n0\r\n", "_\r\n", "+OK\r\n"} {
		if _, err := decode(t, DecodeScanResult, bad); !protocolErr(err) {
			t.Fatalf("%q: %v", bad, err)
		}
	}
}

func TestDecodeLCS(t *testing.T) {
	m, err := decode(t, DecodeLCSString, "$2\r\nab\r\n")
	if err != nil || m.MatchString != "ab" || m.Len != 0 || m.Matches == nil {
		t.Fatalf("plain: %+v %v", m, err)
	}
	m, err = decode(t, DecodeLCSLen, ":6\r\n")
	if err != nil || m.Len != 6 || m.MatchString != "" || m.Matches == nil {
		t.Fatalf("len: %+v %v", m, err)
	}
	matches := "*2\r\n" +
		"*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n" +
		"*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n"
	want := &models.LCSMatch{
		Len: 6,
		Matches: []models.LCSMatchedPosition{
			{Key1: models.LCSPosition{Start: 4, End: 7}, Key2: models.LCSPosition{Start: 5, End: 8}, MatchLen: 4},
			{Key1: models.LCSPosition{Start: 2, End: 3}, Key2: models.LCSPosition{Start: 0, End: 1}, MatchLen: 2},
		},
	}
	both{
		"*4\r\n$7\r\nmatches\r\n" + matches + "$3\r\nlen\r\n:6\r\n",
		"%2\r\n$7\r\nmatches\r\n" + matches + "$3\r\nlen\r\n:6\r\n",
	}.each(func(proto, f string) {
		m, err := decode(t, DecodeLCSIdx, f)
		if err != nil || !reflect.DeepEqual(m, want) {
			t.Fatalf("%s: %+v %v", proto, m, err)
		}
	})
	// Without WITHMATCHLEN each entry has two ranges and MatchLen stays 0.
	m, err = decode(t, DecodeLCSIdx, "%2\r\n+matches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:0\r\n*2\r\n:1\r\n:1\r\n+len\r\n:1\r\n")
	if err != nil || len(m.Matches) != 1 || m.Matches[0].MatchLen != 0 || m.Matches[0].Key2.Start != 1 {
		t.Fatalf("no matchlen: %+v %v", m, err)
	}
	m, err = decode(t, DecodeLCSIdx, "%3\r\n+matches\r\n*0\r\n+len\r\n:0\r\n+extra\r\n*1\r\n:1\r\n")
	if err != nil || m.Matches == nil || len(m.Matches) != 0 {
		t.Fatalf("unknown key skipped: %+v %v", m, err)
	}
	if _, err := decode(t, DecodeLCSIdx, "%1\r\n+matches\r\n*1\r\n*1\r\n*2\r\n:0\r\n:0\r\n"); !protocolErr(err) {
		t.Fatalf("short entry: %v", err)
	}
}
