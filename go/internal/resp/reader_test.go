package resp

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
)

func reader(s string) *Reader { return NewReader([]byte(s)) }

func isProtocolErr(err error) bool {
	var pe *errs.ProtocolError
	return errors.As(err, &pe)
}

func isRequestErr(err error, msg string) bool {
	var re *errs.RequestError
	return errors.As(err, &re) && re.Msg == msg
}

// consumed fails the test unless the whole frame was read.
func consumed(t *testing.T, r *Reader) {
	t.Helper()
	if r.Len() != 0 {
		t.Fatalf("%d bytes left unread", r.Len())
	}
}

func TestReadString(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"simple", "+OK\r\n", "OK"},
		{"empty simple", "+\r\n", ""},
		{"bulk", "$5\r\nhello\r\n", "hello"},
		{"bulk empty", "$0\r\n\r\n", ""},
		{"bulk binary", "$4\r\na\r\nb\r\n", "a\r\nb"},
		{"bulk with nul", "$3\r\na\x00b\r\n", "a\x00b"},
		{"verbatim txt", "=9\r\ntxt:hello\r\n", "hello"},
		{"verbatim mkd", "=8\r\nmkd:# hi\r\n", "# hi"},
		{"verbatim no prefix", "=2\r\nab\r\n", "ab"},
		{"big number", "(3492890328409238509324850943850943825024385\r\n", "3492890328409238509324850943850943825024385"},
		{"integer text", ":42\r\n", "42"},
		{"double text", ",3.5\r\n", "3.5"},
		{"attribute skipped", "|1\r\n+key\r\n:1\r\n+value\r\n", "value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			got, err := r.ReadString()
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
			consumed(t, r)
		})
	}
}

func TestReadStringRejects(t *testing.T) {
	for name, in := range map[string]string{
		"nil bulk":   "$-1\r\n",
		"null":       "_\r\n",
		"array":      "*1\r\n+a\r\n",
		"boolean":    "#t\r\n",
		"map":        "%1\r\n+a\r\n+b\r\n",
		"nil array":  "*-1\r\n",
		"truncated":  "$5\r\nhel",
		"no crlf":    "+OK",
		"bad length": "$x\r\nhello\r\n",
		"short body": "$10\r\nhello\r\n",
		"long body":  "$2\r\nhello\r\n",
		"empty":      "",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := reader(in).ReadString(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}

func TestNestedErrorsBecomeRequestErrors(t *testing.T) {
	r := reader("*3\r\n+ok\r\n-WRONGTYPE Operation against a key\r\n!10\r\nERR broken\r\n")
	n, isNil, err := r.ReadArrayLen()
	if err != nil || isNil || n != 3 {
		t.Fatalf("header: %d %v %v", n, isNil, err)
	}
	if s, err := r.ReadString(); err != nil || s != "ok" {
		t.Fatalf("first: %q %v", s, err)
	}
	if _, err := r.ReadString(); !isRequestErr(err, "WRONGTYPE Operation against a key") {
		t.Fatalf("second: %v", err)
	}
	if _, err := r.ReadInt(); !isRequestErr(err, "ERR broken") {
		t.Fatalf("third: %v", err)
	}
	consumed(t, r)
}

func TestReadInt(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want int64
	}{
		{"integer", ":1000\r\n", 1000},
		{"negative", ":-12\r\n", -12},
		{"plus sign", ":+7\r\n", 7},
		{"zero", ":0\r\n", 0},
		{"max", ":9223372036854775807\r\n", math.MaxInt64},
		{"min", ":-9223372036854775808\r\n", math.MinInt64},
		{"bulk digits (RESP2)", "$2\r\n42\r\n", 42},
		{"simple digits", "+17\r\n", 17},
		{"big number fits", "(123\r\n", 123},
		{"attribute skipped", "|1\r\n+ttl\r\n:3\r\n:5\r\n", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			got, err := r.ReadInt()
			if err != nil || got != c.want {
				t.Fatalf("got %d, %v; want %d", got, err, c.want)
			}
			consumed(t, r)
		})
	}
	for name, in := range map[string]string{
		"overflow":      ":9223372036854775808\r\n",
		"underflow":     ":-9223372036854775809\r\n",
		"empty":         ":\r\n",
		"sign only":     ":-\r\n",
		"letters":       ":12a\r\n",
		"bulk text":     "$3\r\nabc\r\n",
		"nil":           "$-1\r\n",
		"null":          "_\r\n",
		"double":        ",1.5\r\n",
		"big overflow":  "(99999999999999999999\r\n",
		"array":         "*0\r\n",
		"twenty digits": ":00000000000000000001\r\n",
	} {
		t.Run("rejects "+name, func(t *testing.T) {
			if _, err := reader(in).ReadInt(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}

func TestReadFloat(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want float64
	}{
		{"double", ",3.14\r\n", 3.14},
		{"double exponent", ",1.5e3\r\n", 1500},
		{"double integral", ",10\r\n", 10},
		{"inf", ",inf\r\n", math.Inf(1)},
		{"-inf", ",-inf\r\n", math.Inf(-1)},
		{"bulk (RESP2)", "$4\r\n10.5\r\n", 10.5},
		{"bulk inf (RESP2)", "$3\r\ninf\r\n", math.Inf(1)},
		{"bulk -inf (RESP2)", "$4\r\n-inf\r\n", math.Inf(-1)},
		{"simple", "+2.5\r\n", 2.5},
		{"integer", ":3\r\n", 3},
		{"huge", ",1e400\r\n", math.Inf(1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			got, err := r.ReadFloat()
			if err != nil || got != c.want {
				t.Fatalf("got %v, %v; want %v", got, err, c.want)
			}
			consumed(t, r)
		})
	}
	t.Run("nan", func(t *testing.T) {
		for _, in := range []string{",nan\r\n", "$3\r\nnan\r\n"} {
			got, err := reader(in).ReadFloat()
			if err != nil || !math.IsNaN(got) {
				t.Fatalf("%q: got %v, %v", in, got, err)
			}
		}
	})
	for name, in := range map[string]string{
		"text":    "$3\r\nabc\r\n",
		"empty":   ",\r\n",
		"nil":     "$-1\r\n",
		"boolean": "#t\r\n",
		"array":   "*1\r\n,1\r\n",
	} {
		t.Run("rejects "+name, func(t *testing.T) {
			if _, err := reader(in).ReadFloat(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}

func TestReadBool(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"#t\r\n", true},
		{"#f\r\n", false},
		{":1\r\n", true},
		{":0\r\n", false},
	}
	for _, c := range cases {
		r := reader(c.in)
		got, err := r.ReadBool()
		if err != nil || got != c.want {
			t.Fatalf("%q: got %v, %v", c.in, got, err)
		}
		consumed(t, r)
	}
	for _, in := range []string{"#x\r\n", "#\r\n", "#tt\r\n", "+OK\r\n", "_\r\n", "$1\r\n1\r\n"} {
		if _, err := reader(in).ReadBool(); !isProtocolErr(err) {
			t.Fatalf("%q: want ProtocolError, got %v", in, err)
		}
	}
	if _, err := reader("-ERR no\r\n").ReadBool(); !isRequestErr(err, "ERR no") {
		t.Fatalf("error reply: %v", err)
	}
}

func TestReadNil(t *testing.T) {
	for _, in := range []string{"_\r\n", "$-1\r\n", "*-1\r\n", "%-1\r\n", "~-1\r\n", "|1\r\n+a\r\n+b\r\n_\r\n"} {
		r := reader(in)
		if !r.ReadNil() {
			t.Fatalf("%q: not nil", in)
		}
		consumed(t, r)
	}
	// Non-nulls are left unread for the next Read.
	for _, in := range []string{"$0\r\n\r\n", "*0\r\n", ":-1\r\n", "+\r\n", "#f\r\n", ""} {
		r := reader(in)
		if r.ReadNil() {
			t.Fatalf("%q: reported nil", in)
		}
		if r.Len() != len(in) {
			t.Fatalf("%q: consumed input", in)
		}
	}
}

func TestKind(t *testing.T) {
	cases := map[string]byte{
		"+OK\r\n":                  TypeSimpleString,
		"$1\r\na\r\n":              TypeBulkString,
		"*0\r\n":                   TypeArray,
		"%0\r\n":                   TypeMap,
		"~0\r\n":                   TypeSet,
		">1\r\n+a\r\n":             TypePush,
		",1\r\n":                   TypeDouble,
		"|1\r\n+a\r\n+b\r\n:1\r\n": TypeInteger,
		"":                         0,
		"|5\r\n":                   0,
	}
	for in, want := range cases {
		if got := reader(in).Kind(); got != want {
			t.Errorf("%q: Kind = %q, want %q", in, got, want)
		}
	}
}

func TestReadArrayLen(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		n     int
		isNil bool
	}{
		{"array", "*2\r\n+a\r\n+b\r\n", 2, false},
		{"empty", "*0\r\n", 0, false},
		{"nil (RESP2)", "*-1\r\n", 0, true},
		{"null (RESP3)", "_\r\n", 0, true},
		{"nil bulk", "$-1\r\n", 0, true},
		{"set", "~2\r\n+a\r\n+b\r\n", 2, false},
		{"push", ">2\r\n+a\r\n+b\r\n", 2, false},
		{"map flattens", "%1\r\n+a\r\n+b\r\n", 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			n, isNil, err := r.ReadArrayLen()
			if err != nil || n != c.n || isNil != c.isNil {
				t.Fatalf("got %d %v %v", n, isNil, err)
			}
			for i := 0; i < n; i++ {
				if err := r.Skip(); err != nil {
					t.Fatal(err)
				}
			}
			consumed(t, r)
		})
	}
	for name, in := range map[string]string{
		"string":         "+a\r\n",
		"negative":       "*-2\r\n",
		"count too big":  "*1000\r\n+a\r\n",
		"absurd count":   "*9223372036854775807\r\n",
		"bad count":      "*x\r\n",
		"integer":        ":1\r\n",
		"map count huge": "%9223372036854775807\r\n",
	} {
		t.Run("rejects "+name, func(t *testing.T) {
			if _, _, err := reader(in).ReadArrayLen(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}

func TestReadMapLen(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		n     int
		isNil bool
	}{
		{"map (RESP3)", "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n", 2, false},
		{"flat array (RESP2)", "*4\r\n+a\r\n:1\r\n+b\r\n:2\r\n", 2, false},
		{"empty map", "%0\r\n", 0, false},
		{"empty array", "*0\r\n", 0, false},
		{"null", "_\r\n", 0, true},
		{"nil array", "*-1\r\n", 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := reader(c.in)
			n, isNil, err := r.ReadMapLen()
			if err != nil || n != c.n || isNil != c.isNil {
				t.Fatalf("got %d %v %v", n, isNil, err)
			}
			for i := 0; i < n; i++ {
				k, err := r.ReadString()
				if err != nil {
					t.Fatal(err)
				}
				v, err := r.ReadInt()
				if err != nil || int(v) != i+1 || k == "" {
					t.Fatalf("pair %d: %q %d %v", i, k, v, err)
				}
			}
			consumed(t, r)
		})
	}
	r := reader("*3\r\n+a\r\n+b\r\n+c\r\n")
	if _, _, err := r.ReadMapLen(); !isProtocolErr(err) {
		t.Fatalf("odd array: %v", err)
	}
	consumed(t, r) // the bad aggregate is skipped whole
	if _, _, err := reader("-ERR x\r\n").ReadMapLen(); !isRequestErr(err, "ERR x") {
		t.Fatalf("error: %v", err)
	}
}

func TestSkip(t *testing.T) {
	frames := []string{
		"+OK\r\n",
		"$3\r\nabc\r\n",
		"*2\r\n*2\r\n:1\r\n:2\r\n%1\r\n+k\r\n~2\r\n+a\r\n+b\r\n",
		"|1\r\n+a\r\n*1\r\n|1\r\n+b\r\n+c\r\n:1\r\n:9\r\n",
		">3\r\n+message\r\n+ch\r\n$2\r\nhi\r\n",
		"_\r\n",
		"#t\r\n",
		",1.5\r\n",
		"(12\r\n",
		"=7\r\ntxt:abc\r\n",
		"!3\r\nERR\r\n",
		"-ERR\r\n",
	}
	for _, f := range frames {
		r := reader(f + ":7\r\n")
		if err := r.Skip(); err != nil {
			t.Fatalf("%q: %v", f, err)
		}
		if n, err := r.ReadInt(); err != nil || n != 7 {
			t.Fatalf("%q: misaligned after skip: %d %v", f, n, err)
		}
	}
	if err := reader("*2\r\n+a\r\n").Skip(); !isProtocolErr(err) {
		t.Fatalf("truncated: %v", err)
	}
}

func TestDeepNestingDoesNotOverflow(t *testing.T) {
	const depth = 100000
	frame := strings.Repeat("*1\r\n", depth) + ":1\r\n"
	if err := reader(frame).Skip(); err != nil {
		t.Fatalf("skip: %v", err)
	}
	if _, err := reader(frame).ReadAny(); !isProtocolErr(err) {
		t.Fatalf("ReadAny should refuse absurd nesting, got %v", err)
	}
}

func TestTypeMismatchKeepsAlignment(t *testing.T) {
	r := reader("*2\r\n*2\r\n+a\r\n+b\r\n:5\r\n")
	if _, _, err := r.ReadArrayLen(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadString(); !isProtocolErr(err) {
		t.Fatalf("want ProtocolError, got %v", err)
	}
	if n, err := r.ReadInt(); err != nil || n != 5 {
		t.Fatalf("after mismatch: %d %v", n, err)
	}
}

func TestReset(t *testing.T) {
	r := reader("+a\r\n")
	if s, _ := r.ReadString(); s != "a" {
		t.Fatal(s)
	}
	r.Reset([]byte(":2\r\n"))
	if n, err := r.ReadInt(); n != 2 || err != nil {
		t.Fatal(n, err)
	}
}

func TestReadBytesAliasesFrame(t *testing.T) {
	buf := []byte("$3\r\nabc\r\n")
	b, err := NewReader(buf).ReadBytes()
	if err != nil || string(b) != "abc" || &b[0] != &buf[4] {
		t.Fatalf("got %q %v (copied?)", b, err)
	}
}

func TestMalformedHeaders(t *testing.T) {
	for name, in := range map[string]string{
		"unknown type":    "?x\r\n",
		"lf only":         "+OK\n",
		"cr only":         "+OK\r",
		"null with data":  "_x\r\n",
		"nil verbatim":    "=-1\r\n",
		"nil attribute":   "|-1\r\n:1\r\n",
		"bulk bad crlf":   "$3\r\nabcXY",
		"negative length": "$-2\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			if err := reader(in).Skip(); !isProtocolErr(err) {
				t.Fatalf("want ProtocolError, got %v", err)
			}
		})
	}
}

func TestSuccessPathsDoNotAllocate(t *testing.T) {
	frame := []byte("|1\r\n+meta\r\n:0\r\n*6\r\n:12\r\n$5\r\nhello\r\n,2.5\r\n#t\r\n%1\r\n+k\r\n+v\r\n_\r\n")
	r := NewReader(frame)
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(frame)
		if r.Kind() != TypeArray {
			t.Fatal("kind")
		}
		n, _, _ := r.ReadArrayLen()
		if n != 6 {
			t.Fatal("len")
		}
		_, _ = r.ReadInt()
		_, _ = r.ReadBytes()
		_, _ = r.ReadFloat()
		_, _ = r.ReadBool()
		_, _, _ = r.ReadMapLen()
		_ = r.Skip()
		_ = r.Skip()
		if !r.ReadNil() {
			t.Fatal("nil")
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per decode", allocs)
	}
}
