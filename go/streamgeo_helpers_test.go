package valkite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/internal/cmds"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/internal/testserver"
)

// Helpers of the stream and geo tests.

// sgResp2 runs c on a fresh connection of s that never sent HELLO, so the server
// answers in RESP2, and decodes the reply with c's own decoder: the value a client
// speaking RESP2 gets.
func sgResp2[T any](t *testing.T, s *testserver.Server, c cmds.Cmd[T]) T {
	t.Helper()
	if c.Invalid() {
		t.Fatalf("sgResp2: %v is an invalid command", c.Args)
	}
	raw := s.Do(t, c.Args...)
	if strings.HasPrefix(raw, "-") {
		t.Fatalf("RESP2 %v: %s", c.Args, strings.TrimSpace(raw))
	}
	v, err := c.Decode(resp.NewReader([]byte(raw)))
	if err != nil {
		t.Fatalf("RESP2 %v: decoding %q: %v", c.Args, raw, err)
	}
	return v
}

// sgSame fails unless got and want have the same dynamic type and are deeply
// equal (nil slices and maps differ from empty ones).
func sgSame(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.TypeOf(got) != reflect.TypeOf(want) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %T %#v\nwant %T %#v", what, got, got, want, want)
	}
}

// sgArgError fails unless err is an argument error naming arg, returned before
// anything was sent (so not a server error).
func sgArgError(t *testing.T, err error, arg string) {
	t.Helper()
	var re *RequestError
	if err == nil || errors.As(err, &re) || !strings.Contains(err.Error(), "argument "+arg+" ") {
		t.Fatalf("want an argument error naming %q, got %T %v", arg, err, err)
	}
}

// sgBatchArgError checks that a batch holding an invalid command is refused as a
// whole: Exec fails naming the argument and the marker key set by the batch's first
// command stays unset.
func sgBatchArgError(t *testing.T, err error, arg string, c *Client, marker string) {
	t.Helper()
	sgArgError(t, err, arg)
	var be *BatchError
	if !errors.As(err, &be) {
		t.Fatalf("want a *BatchError, got %T %v", err, err)
	}
	if n, _ := c.Exists(context.Background(), []string{marker}); n != 0 {
		t.Fatalf("a refused batch must send nothing; %s was set", marker)
	}
}
