package valkite

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/options"
	"github.com/valkite/valkite/go/pipeline"
)

// MIGRATE in batches: the slot holds the plain string reply ("OK" or "NOKEY"), in a
// transaction and in a pipeline; no keys is an argument error that sends nothing.
func TestBatchMigrate(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	target := testserver.StartValkey(t)
	port := int64(target.Port)
	for _, atomic := range []bool{true, false} {
		k := testKey(t, fmt.Sprintf("k-%v", atomic))
		k2 := testKey(t, fmt.Sprintf("k2-%v", atomic))
		fixture(t, s, "SET", k, "v")
		fixture(t, s, "SET", k2, "w")
		b := pipeline.NewStandaloneBatch(atomic).
			Migrate(target.Host, port, []string{k}, 0, 5000).
			MigrateWithOptions(target.Host, port, []string{k, k2}, 0, 5000, *options.NewMigrateOptions().SetReplace()).
			Migrate(target.Host, port, []string{k}, 0, 5000)
		res, err := c.Exec(ctx, *b, true)
		if err != nil {
			t.Fatalf("atomic=%v: Exec: %v", atomic, err)
		}
		want := []any{"OK", "OK", "NOKEY"}
		if len(res) != len(want) {
			t.Fatalf("atomic=%v: results %#v", atomic, res)
		}
		for i := range want {
			if res[i] != want[i] {
				t.Errorf("atomic=%v: slot %d = %#v (%T), want %#v (string)", atomic, i, res[i], res[i], want[i])
			}
		}

		fixture(t, s, "SET", k, "again")
		bad := pipeline.NewStandaloneBatch(atomic).Del([]string{k}).Migrate(target.Host, port, nil, 0, 5000)
		_, err = c.Exec(ctx, *bad, false)
		var be *BatchError
		if !errors.As(err, &be) {
			t.Fatalf("atomic=%v: Migrate without keys: %v, want a *BatchError", atomic, err)
		}
		if n, _ := c.Exists(ctx, []string{k}); n != 1 {
			t.Fatalf("atomic=%v: a refused batch must send nothing; DEL ran", atomic)
		}
	}
}

// A cluster batch takes one key per MIGRATE, as GLIDE's does: more is an argument error
// and nothing of the batch is sent. One missing key gives "NOKEY".
func TestClusterBatchMigrate(t *testing.T) {
	c, _ := newClusterTestClient(t)
	ctx := context.Background()
	key := "{" + t.Name() + "}k"
	for _, atomic := range []bool{true, false} {
		res, err := c.Exec(ctx, *pipeline.NewClusterBatch(atomic).Migrate("127.0.0.1", 1, []string{key}, 0, 100), true)
		if err != nil || len(res) != 1 || res[0] != "NOKEY" {
			t.Fatalf("atomic=%v: MIGRATE of a missing key: (%#v, %v), want [NOKEY]", atomic, res, err)
		}
		b := pipeline.NewClusterBatch(atomic).Set(key, "v").
			MigrateWithOptions("127.0.0.1", 1, []string{key, key + "2"}, 0, 100, options.MigrateOptions{})
		_, err = c.Exec(ctx, *b, false)
		var be *BatchError
		if !errors.As(err, &be) {
			t.Fatalf("atomic=%v: two keys in a cluster batch MIGRATE: %v, want a *BatchError", atomic, err)
		}
		if v, _ := c.Get(ctx, key); !v.IsNil() {
			t.Fatalf("atomic=%v: a refused batch must send nothing; SET ran", atomic)
		}
	}
}
