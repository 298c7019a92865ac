package resp

import (
	"math"
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
)

func TestReadAny(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want any
	}{
		{"simple", "+OK\r\n", "OK"},
		{"bulk", "$3\r\nabc\r\n", "abc"},
		{"nil bulk", "$-1\r\n", nil},
		{"nil array", "*-1\r\n", nil},
		{"null", "_\r\n", nil},
		{"integer", ":-3\r\n", int64(-3)},
		{"double", ",1.25\r\n", 1.25},
		{"boolean", "#f\r\n", false},
		{"verbatim", "=9\r\ntxt:hello\r\n", "hello"},
		{"big number", "(123456789012345678901234567890\r\n", "123456789012345678901234567890"},
		{"array", "*3\r\n:1\r\n$1\r\na\r\n_\r\n", []any{int64(1), "a", nil}},
		{"empty array", "*0\r\n", []any{}},
		{"push", ">2\r\n+message\r\n+hi\r\n", []any{"message", "hi"}},
		{"flat array stays array (RESP2)", "*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n", []any{"a", int64(1), "b", int64(2)}},
		{"map (RESP3)", "%2\r\n+a\r\n:1\r\n+b\r\n*1\r\n#t\r\n", map[string]any{"a": int64(1), "b": []any{true}}},
		{"map with integer key", "%1\r\n:7\r\n+x\r\n", map[string]any{"7": "x"}},
		{"set (RESP3)", "~2\r\n+a\r\n$1\r\nb\r\n", map[string]struct{}{"a": {}, "b": {}}},
		{"set of integers", "~2\r\n:1\r\n:2\r\n", map[string]struct{}{"1": {}, "2": {}}},
		{"attribute skipped", "|1\r\n+a\r\n+b\r\n*1\r\n|1\r\n+c\r\n+d\r\n:1\r\n", []any{int64(1)}},
		{"nested", "*2\r\n*2\r\n:1\r\n:2\r\n%0\r\n", []any{[]any{int64(1), int64(2)}, map[string]any{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			got, err := r.ReadAny()
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, c.want)
			}
			consumed(t, r)
		})
	}
}

func TestReadAnyErrorsAreValues(t *testing.T) {
	r := reader("*3\r\n+OK\r\n-WRONGTYPE bad\r\n!7\r\nERR big\r\n")
	got, err := r.ReadAny()
	if err != nil {
		t.Fatal(err)
	}
	arr := got.([]any)
	if arr[0] != "OK" {
		t.Fatalf("first %#v", arr[0])
	}
	for i, msg := range []string{"WRONGTYPE bad", "ERR big"} {
		re, ok := arr[i+1].(*errs.RequestError)
		if !ok || re.Msg != msg {
			t.Fatalf("element %d: %#v", i+1, arr[i+1])
		}
	}
}

func TestReadAnySpecialDoubles(t *testing.T) {
	v, err := reader(",inf\r\n").ReadAny()
	if err != nil || v != math.Inf(1) {
		t.Fatalf("inf: %v %v", v, err)
	}
	v, err = reader(",nan\r\n").ReadAny()
	if f, ok := v.(float64); err != nil || !ok || !math.IsNaN(f) {
		t.Fatalf("nan: %v %v", v, err)
	}
	if _, err := reader(",abc\r\n").ReadAny(); !isProtocolErr(err) {
		t.Fatalf("bad double: %v", err)
	}
}

func TestReadAnyRejects(t *testing.T) {
	for name, in := range map[string]string{
		"truncated array":   "*2\r\n:1\r\n",
		"aggregate map key": "%1\r\n*1\r\n:1\r\n:2\r\n",
		"aggregate member":  "~1\r\n*0\r\n",
		"garbage":           "hello",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := reader(in).ReadAny(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}
