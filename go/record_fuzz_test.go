package valkite

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/valkite/valkite/go/internal/resp"
)

// FuzzRecordEncoding checks the request encoder against an independent reading of the
// C ABI's record format (`token u64 | timeout u64 | len u32 | route u8 | route_len u16 |
// route | command`, little-endian): two records appended back to back must frame
// exactly, carry their token, timeout and route unchanged, and each command must read
// back, with the Go side's own RESP reader, as the very arguments that went in —
// whatever bytes the arguments hold (CRLF, "$", NUL, empty strings).
func FuzzRecordEncoding(f *testing.F) {
	f.Add([]byte("GET\x00key"), uint64(0), byte(routeDefault), []byte(nil))
	f.Add([]byte("SET\x00k\x00v\r\n$3\r\n"), uint64(1000), byte(routeSlotKeyPrimary), []byte("k"))
	f.Add([]byte("PING"), ^uint64(0), byte(routeByAddress|routeNoRetryServer), []byte("\x39\x05host"))
	f.Add([]byte("\x00\x00"), uint64(7), byte(routeSlotIDReplica), []byte{0x10, 0x00})
	f.Fuzz(func(t *testing.T, blob []byte, timeout uint64, kind byte, route []byte) {
		if len(route) > 0xffff {
			return // toRouteArg refuses these before encoding
		}
		args := []string{}
		for _, a := range bytes.Split(blob, []byte{0}) {
			args = append(args, string(a))
		}
		c := &core{}
		ra := routeArg{kind: kind, data: string(route)}
		w1 := c.appendRecord(args, timeout, ra)
		w2 := c.appendRecord(args[:1], 0, routeArg{})
		b := c.batch
		for i, want := range []struct {
			w       *waiter
			timeout uint64
			route   routeArg
			args    []string
		}{{w1, timeout, ra, args}, {w2, 0, routeArg{}, args[:1]}} {
			if len(b) < 23 {
				t.Fatalf("record %d: %d bytes left, header needs 23", i, len(b))
			}
			token := binary.LittleEndian.Uint64(b)
			if token != uint64(want.w.gen)<<32|uint64(want.w.slot) {
				t.Fatalf("record %d: token %x", i, token)
			}
			if got := binary.LittleEndian.Uint64(b[8:]); got != want.timeout {
				t.Fatalf("record %d: timeout %d, want %d", i, got, want.timeout)
			}
			n := int(binary.LittleEndian.Uint32(b[16:]))
			if b[20] != want.route.kind {
				t.Fatalf("record %d: route kind %d", i, b[20])
			}
			rl := int(binary.LittleEndian.Uint16(b[21:]))
			if len(b) < 23+rl+n {
				t.Fatalf("record %d: lengths %d+%d exceed the %d bytes left", i, rl, n, len(b)-23)
			}
			if string(b[23:23+rl]) != want.route.data {
				t.Fatalf("record %d: route data changed", i)
			}
			r := resp.NewReader(b[23+rl : 23+rl+n])
			cnt, isNil, err := r.ReadArrayLen()
			if err != nil || isNil || cnt != len(want.args) {
				t.Fatalf("record %d: array of %d (nil %v, %v), want %d", i, cnt, isNil, err, len(want.args))
			}
			for j, a := range want.args {
				got, err := r.ReadBytes()
				if err != nil || string(got) != a {
					t.Fatalf("record %d arg %d: %q (%v), want %q", i, j, got, err, a)
				}
			}
			if r.Len() != 0 {
				t.Fatalf("record %d: %d bytes after the command", i, r.Len())
			}
			b = b[23+rl+n:]
		}
		if len(b) != 0 {
			t.Fatalf("%d bytes after the last record", len(b))
		}
	})
}
