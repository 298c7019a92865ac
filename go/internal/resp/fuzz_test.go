package resp

import (
	"errors"
	"testing"

	"github.com/valkite/valkite/go/internal/errs"
)

// FuzzReader feeds arbitrary bytes to every entry point. The property: no panic, no
// hang, and every failure is one of the two documented error types.
func FuzzReader(f *testing.F) {
	for _, seed := range []string{
		"+OK\r\n", "-ERR x\r\n", ":12\r\n", "$3\r\nabc\r\n", "$-1\r\n", "*-1\r\n",
		"*2\r\n+a\r\n:1\r\n", "_\r\n", ",1.5\r\n", ",inf\r\n", "#t\r\n", "!3\r\nERR\r\n",
		"=7\r\ntxt:abc\r\n", "(123\r\n", "%1\r\n+k\r\n+v\r\n", "~1\r\n+a\r\n",
		"|1\r\n+a\r\n+b\r\n:1\r\n", ">2\r\n+m\r\n+x\r\n", "*1\r\n*1\r\n*1\r\n:1\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(err error) {
			if err == nil {
				return
			}
			var pe *errs.ProtocolError
			var re *errs.RequestError
			if !errors.As(err, &pe) && !errors.As(err, &re) {
				t.Fatalf("undocumented error type %T: %v", err, err)
			}
		}
		r := NewReader(b)
		_, err := r.ReadAny()
		check(err)

		r.Reset(b)
		check(r.Skip())

		r.Reset(b)
		_ = r.Kind()
		_ = r.ReadNil()
		_, err = r.ReadString()
		check(err)

		for _, read := range []func(*Reader) error{
			func(r *Reader) error { _, err := r.ReadInt(); return err },
			func(r *Reader) error { _, err := r.ReadFloat(); return err },
			func(r *Reader) error { _, err := r.ReadBool(); return err },
			func(r *Reader) error { _, err := r.ReadBytes(); return err },
		} {
			r.Reset(b)
			check(read(r))
		}

		// Walk as an array of strings, then as a map, the way decoders do.
		r.Reset(b)
		if n, _, err := r.ReadArrayLen(); err == nil {
			for i := 0; i < n; i++ {
				if _, err := r.ReadString(); err != nil {
					check(err)
					break
				}
			}
		} else {
			check(err)
		}
		r.Reset(b)
		if n, _, err := r.ReadMapLen(); err == nil {
			for i := 0; i < n; i++ {
				if err := r.Skip(); err != nil {
					check(err)
					break
				}
				if err := r.Skip(); err != nil {
					check(err)
					break
				}
			}
		} else {
			check(err)
		}
	})
}
