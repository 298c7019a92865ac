package valkite

import (
	"context"
	"testing"

	"github.com/valkite/valkite/go/pipeline"
)

// RESET in a pipeline yields "RESET" and resets the connection (the name set before it
// is gone); in a transaction the server runs it at once and drops the transaction, so
// nothing queued runs and Exec reports the server's error, after which the client
// still works.
func TestBatchReset(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")

	res, err := c.Exec(ctx, *pipeline.NewStandaloneBatch(false).
		ClientSetName("before-reset").Reset().ClientGetName(), true)
	if err != nil || len(res) != 3 || res[1] != "RESET" {
		t.Fatalf("pipeline with RESET: (%#v, %v), want slot 1 = \"RESET\"", res, err)
	}
	if name, err := c.ClientGetName(ctx); err != nil || !name.IsNil() {
		t.Fatalf("name after RESET = %v, %v; want none", name, err)
	}

	_, err = c.Exec(ctx, *pipeline.NewStandaloneBatch(true).Set(k, "v").Reset(), true)
	requireServerError(t, err, "ERR")
	if v, err := c.Get(ctx, k); err != nil || !v.IsNil() {
		t.Fatalf("the dropped transaction's SET ran: %v, %v", v, err)
	}
}
