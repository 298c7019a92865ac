package valkite

import (
	"context"
	"strconv"
	"testing"
)

// A successful Select outlives the connection: the reconnection selects it again.
func TestSelectSurvivesReconnect(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	key := testKey(t, "k")
	if got, err := c.Select(ctx, 3); err != nil || got != "OK" {
		t.Fatalf("Select(3) = %q, %v", got, err)
	}
	if _, err := c.Set(ctx, key, "in-3"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	id, err := c.ClientId(ctx)
	requireNoErr(t, "ClientId", err)
	s.Do(t, "CLIENT", "KILL", "ID", strconv.FormatInt(id, 10))
	waitFor(t, "the client to reconnect into database 3", func() bool {
		v, err := c.Get(ctx, key)
		return err == nil && v.Value() == "in-3"
	})
	_, _ = c.Del(ctx, []string{key})
}
