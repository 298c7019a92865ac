package pipeline

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/batching"
	"github.com/valkite/valkite/go/internal/errs"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func args(b *batching.Batch) [][]string {
	out := make([][]string, len(b.Commands))
	for i, c := range b.Commands {
		out[i] = c.Args
	}
	return out
}

func TestChainingQueuesInOrder(t *testing.T) {
	tx := NewStandaloneBatch(true).
		Set("k", "v").
		Get("k").
		SAdd("s", []string{"a", "b"}).
		PingWithOptions(options.PingOptions{Message: "hi"}).
		Select(2).
		Scan(0)
	if !tx.IsAtomic {
		t.Fatal("NewStandaloneBatch(true) is not atomic")
	}
	want := [][]string{
		{"SET", "k", "v"}, {"GET", "k"}, {"SADD", "s", "a", "b"}, {"PING", "hi"}, {"SELECT", "2"}, {"SCAN", "0"},
	}
	if got := args(&tx.Batch); !reflect.DeepEqual(got, want) {
		t.Fatalf("queued %q, want %q", got, want)
	}

	cb := NewClusterBatch(false).Set("k", "v").Select(1).Del([]string{"a", "b"})
	if cb.IsAtomic {
		t.Fatal("NewClusterBatch(false) is atomic")
	}
	if got := args(&cb.Batch); !reflect.DeepEqual(got, [][]string{{"SET", "k", "v"}, {"SELECT", "1"}, {"DEL", "a", "b"}}) {
		t.Fatalf("cluster batch queued %q", got)
	}
}

func TestDecodersAreTheCommands(t *testing.T) {
	b := NewStandaloneBatch(false).Get("k").Get("missing").Incr("n").Scan(0)
	cases := []struct {
		frame string
		want  any
	}{
		{"$1\r\nv\r\n", "v"}, // GLIDE's batch GET: the string, not a models.Result
		{"_\r\n", nil},
		{":7\r\n", int64(7)},
		{"*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n", models.ScanResult{Cursor: models.NewCursorFromString("0"), Data: []string{"a"}}},
	}
	for i, c := range cases {
		got, err := b.Commands[i].Decode(resp.NewReader([]byte(c.frame)))
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("command %d decoded %q to %#v, %v; want %#v", i, c.frame, got, err, c.want)
		}
	}
	// A decode failure leaves no half value in the slot.
	got, err := b.Commands[2].Decode(resp.NewReader([]byte("$3\r\nabc\r\n")))
	if got != nil || err == nil {
		t.Fatalf("Incr decoding a non-number = %#v, %v", got, err)
	}
}

func TestArgumentErrorsAreRecorded(t *testing.T) {
	b := NewStandaloneBatch(false).
		Set("k", "v").
		ExpireWithOptions("k", time.Second, constants.ExpireCondition("BAD")).
		Get("k")
	if len(b.Commands) != 2 || len(b.Errors) != 1 {
		t.Fatalf("%d commands, %d errors; want 2, 1", len(b.Commands), len(b.Errors))
	}
	err := batching.Check(&b.Batch)
	var be *errs.BatchError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "command 2") {
		t.Fatalf("Check = %T %v; want a *BatchError naming command 2", err, err)
	}
	if ok := batching.Check(&NewStandaloneBatch(true).Set("k", "v").Batch); ok != nil {
		t.Fatalf("Check of a valid batch = %v", ok)
	}
	empty := NewStandaloneBatch(false).CustomCommand(nil)
	if err := batching.Check(&empty.Batch); !errors.As(err, &be) {
		t.Fatalf("Check with an empty command = %v", err)
	}
}

func TestOptions(t *testing.T) {
	so := NewStandaloneBatchOptions().WithTimeout(1500 * time.Millisecond)
	if so.Timeout == nil || *so.Timeout != 1500 {
		t.Fatalf("standalone timeout = %v", so.Timeout)
	}
	retry := NewClusterBatchRetryStrategy().WithRetryServerError(true).WithRetryConnectionError(false)
	co := NewClusterBatchOptions().
		WithTimeout(time.Second).
		WithRoute(config.RandomRoute).
		WithRetryStrategy(ClusterBatchRetryStrategy{RetryServerError: true, RetryConnectionError: true})
	if *co.Timeout != 1000 || co.Route != config.RandomRoute || !co.RetryStrategy.RetryConnectionError {
		t.Fatalf("cluster options = %+v", co)
	}
	if !retry.RetryServerError || retry.RetryConnectionError {
		t.Fatalf("retry strategy = %+v", retry)
	}
	if v := *NewStandaloneBatchOptions().WithTimeout(-time.Second).Timeout; v != 0 {
		t.Fatalf("negative timeout became %d", v)
	}
	if v := *NewStandaloneBatchOptions().WithTimeout(100 * 24 * time.Hour).Timeout; v != ^uint32(0) {
		t.Fatalf("huge timeout became %d, want saturation", v)
	}
}

func TestRetryStrategyRejectedForTransactions(t *testing.T) {
	var ce *errs.ConfigurationError
	if err := batching.CheckRetryStrategy(true, true); !errors.As(err, &ce) {
		t.Fatalf("retry strategy on a transaction: %v, want a *ConfigurationError", err)
	}
	if err := batching.CheckRetryStrategy(true, false); err != nil {
		t.Fatalf("a transaction without a strategy: %v", err)
	}
	if err := batching.CheckRetryStrategy(false, true); err != nil {
		t.Fatalf("retry strategy on a pipeline: %v", err)
	}
}
