package cmds

import (
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/models"
)

func TestDecodeClientTrackingInfo(t *testing.T) {
	on := both{
		resp2: "*6\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*1\r\n$2\r\np:\r\n",
		resp3: "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*1\r\n$2\r\np:\r\n",
	}
	on.each(func(proto, frame string) {
		got, err := decode(t, DecodeClientTrackingInfo, frame)
		want := models.ClientTrackingInfo{Flags: []string{"on", "bcast"}, Redirect: -1, Prefixes: []string{"p:"}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v, %v; want %#v", proto, got, err, want)
		}
	})
	// No prefixes: an empty slice, not nil; a field a later server adds is skipped.
	got, err := decode(t, DecodeClientTrackingInfo,
		"%4\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:7\r\n$8\r\nprefixes\r\n*0\r\n$3\r\nnew\r\n*1\r\n:1\r\n")
	if err != nil || got.Prefixes == nil || len(got.Prefixes) != 0 || got.Redirect != 7 ||
		!reflect.DeepEqual(got.Flags, []string{"off"}) {
		t.Errorf("tracking off with an extra field: %#v, %v", got, err)
	}
	// A reply without one of the three fields, or a null, is not a tracking state.
	for _, frame := range []string{
		"%2\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n",
		"_\r\n",
	} {
		if _, err := decode(t, DecodeClientTrackingInfo, frame); !protocolErr(err) {
			t.Errorf("%q: %v, want a protocol error", frame, err)
		}
	}
}
