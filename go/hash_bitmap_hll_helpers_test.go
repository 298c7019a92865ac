package valkite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/pipeline"
)

// Helpers of the Hash, Bitmap and HyperLogLog tests (prefixed hbh so they never clash
// with the helpers of other groups' tests in this package).

// hbhSlot is one batch command and the exact value (and dynamic type) its result
// slot must hold.
type hbhSlot struct {
	name  string
	queue func(b *pipeline.StandaloneBatch)
	want  any
}

// hbhRequireSlots fails for every slot whose value or dynamic type differs from want.
func hbhRequireSlots(t *testing.T, got []any, names []string, want []any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %#v", len(got), len(want), got)
	}
	for i := range want {
		if reflect.TypeOf(got[i]) != reflect.TypeOf(want[i]) || !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("slot %d (%s): got %T %#v, want %T %#v", i, names[i], got[i], got[i], want[i], want[i])
		}
	}
}

// hbhRunBatch runs cases as one transaction and as one pipeline, each after setup,
// and checks every result slot.
func hbhRunBatch(t *testing.T, c *Client, setup func(t *testing.T), cases []hbhSlot) {
	t.Helper()
	names := make([]string, len(cases))
	want := make([]any, len(cases))
	for i, sc := range cases {
		names[i], want[i] = sc.name, sc.want
	}
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("atomic=%v", atomic), func(t *testing.T) {
			setup(t)
			b := pipeline.NewStandaloneBatch(atomic)
			for _, sc := range cases {
				sc.queue(b)
			}
			got, err := c.Exec(context.Background(), *b, false)
			requireNoErr(t, "Exec", err)
			hbhRequireSlots(t, got, names, want)
		})
	}
}

// hbhRequireWrongType runs each call against a key of another type and insists on the
// server's WRONGTYPE error.
func hbhRequireWrongType(t *testing.T, calls map[string]func() error) {
	t.Helper()
	for name, call := range calls {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), "WRONGTYPE") {
			t.Errorf("%s on a key of another type: %v, want WRONGTYPE", name, err)
		}
	}
}

// hbhRequireArgErrors insists that each call fails on the client side with an error
// whose text names the argument.
func hbhRequireArgErrors(t *testing.T, calls map[string]struct {
	err  error
	want string
},
) {
	t.Helper()
	for name, c := range calls {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: %v, want a client-side error containing %q", name, c.err, c.want)
		}
	}
}

// hbhErr is the error of a two-value call.
func hbhErr[T any](_ T, err error) error { return err }

func hbhDistinct(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// hbhClusterSlot is hbhSlot for a cluster batch.
type hbhClusterSlot struct {
	name  string
	queue func(b *pipeline.ClusterBatch)
	want  any
}

// hbhRunClusterBatch runs cases as one cluster batch (a pipeline may span slots, a
// transaction must not) after setup, and checks every result slot.
func hbhRunClusterBatch(t *testing.T, c *ClusterClient, atomic bool, setup func(t *testing.T), cases []hbhClusterSlot) {
	t.Helper()
	names := make([]string, len(cases))
	want := make([]any, len(cases))
	b := pipeline.NewClusterBatch(atomic)
	for i, sc := range cases {
		names[i], want[i] = sc.name, sc.want
		sc.queue(b)
	}
	setup(t)
	got, err := c.Exec(context.Background(), *b, false)
	requireNoErr(t, fmt.Sprintf("Exec(atomic=%v)", atomic), err)
	hbhRequireSlots(t, got, names, want)
}

// hbhCrossSlotKeys returns two keys of the test that hash to different slots.
func hbhCrossSlotKeys(t *testing.T) (string, string) {
	t.Helper()
	a, b := "{"+t.Name()+"-a}k", "{"+t.Name()+"-b}k"
	if testserver.KeySlot(a) == testserver.KeySlot(b) {
		t.Fatalf("test keys %q and %q share slot %d", a, b, testserver.KeySlot(a))
	}
	return a, b
}

// hbhRequireCrossSlot insists on the typed CROSSSLOT error.
func hbhRequireCrossSlot(t *testing.T, what string, err error) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) || !strings.HasPrefix(re.Error(), "CROSSSLOT") {
		t.Fatalf("%s: %T %v, want a CROSSSLOT *RequestError", what, err, err)
	}
}
