package valkite

import (
	"context"
	"strconv"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
)

// A standalone client decides "read-only?" by the sub-command, as the cluster client
// does: OBJECT ENCODING and XINFO STREAM are reads (OBJECT and XINFO as such are not),
// so under PreferReplica they go to the replica.
func TestReadOnlySubcommandsGoToTheReplica(t *testing.T) {
	primary := testserver.StartValkey(t)
	replica := testserver.StartValkey(t, "--replicaof", primary.Host, strconv.Itoa(primary.Port))
	fixture(t, primary, "SET", "k", "v")
	fixture(t, primary, "XADD", "s", "*", "f", "v")
	awaitTrue(t, "the replica has both keys", func() bool {
		return fixture(t, replica, "EXISTS", "k", "s") == ":2\r\n"
	})
	cfg := config.NewClientConfiguration().
		WithAddress(&config.NodeAddress{Host: primary.Host, Port: primary.Port}).
		WithAddress(&config.NodeAddress{Host: replica.Host, Port: replica.Port}).
		WithReadFrom(config.PreferReplica)
	client, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer client.Close()
	ctx := context.Background()
	for _, args := range [][]string{{"OBJECT", "ENCODING", "k"}, {"XINFO", "STREAM", "s"}} {
		if _, err := client.CustomCommand(ctx, args); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	for _, stat := range []string{"object|encoding", "xinfo|stream"} {
		if got := replica.Info(t, "commandstats")["cmdstat_"+stat]; got == "" {
			t.Fatalf("%s did not run on the replica (primary: %q)", stat,
				primary.Info(t, "commandstats")["cmdstat_"+stat])
		}
	}
}
