package valkite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/internal/testserver"
	"github.com/valkite/valkite/go/options"
)

// The announcement's cluster sample, run as a program (go run) against the test
// cluster's first node: what a user pasting it would see.
func TestClusterSamplePrintsPong(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go tool to run the example with")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	seed := cl.Nodes[0]
	cmd := exec.CommandContext(ctx, goTool, "run", "./examples/cluster", "-host", seed.Host, "-port", strconv.Itoa(seed.Port))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./examples/cluster: %v\n%s", err, out)
	}
	if got := string(out); got != "PONG\n" {
		t.Fatalf("the sample printed %q, want \"PONG\\n\"", got)
	}
}

func TestNewClusterClientRejectsBadConfiguration(t *testing.T) {
	var ce *ConfigurationError
	if _, err := NewClusterClient(nil); !errors.As(err, &ce) {
		t.Fatalf("nil configuration: got %T %v, want *ConfigurationError", err, err)
	}
	cfg := config.NewClusterClientConfiguration().
		WithAddress(&config.NodeAddress{Host: "127.0.0.1", Port: 6379}).
		WithRequestTimeout(-time.Second)
	if _, err := NewClusterClient(cfg); !errors.As(err, &ce) {
		t.Fatalf("negative request timeout: got %T %v, want *ConfigurationError", err, err)
	}
}

// Each route reaches exactly the nodes it names, and node identity (CLUSTER MYID)
// proves which node answered.
func TestClusterRoutesReachTheRightNodes(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	all, err := c.ClientIdWithOptions(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ClientId AllNodes", err)
	if !all.IsMultiValue() {
		t.Fatalf("AllNodes gave %v, want one value per node", all.ValueType())
	}
	requireNodeReplies(t, "ClientId AllNodes", all.MultiValue(), cl.Nodes)

	ids, err := c.ClusterMyIdWithRoute(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "MyId AllPrimaries", err)
	requireNodeReplies(t, "MyId AllPrimaries", ids.MultiValue(), cl.Primaries())
	for addr, id := range ids.MultiValue() {
		if n := clusterNodeByAddr(cl, addr); n.ID != id {
			t.Fatalf("%s answered as node %s, want %s", addr, id, n.ID)
		}
	}

	one, err := c.ClientIdWithOptions(ctx, options.RouteOption{Route: config.RandomRoute})
	requireNoErr(t, "ClientId Random", err)
	if !one.IsSingleValue() || one.SingleValue() <= 0 {
		t.Fatalf("RandomRoute gave %+v, want a single positive id", one)
	}

	myID := func(route config.Route) string {
		t.Helper()
		v, err := c.ClusterMyIdWithRoute(ctx, options.RouteOption{Route: route})
		requireNoErr(t, fmt.Sprintf("MyId %#v", route), err)
		if !v.IsSingleValue() {
			t.Fatalf("route %#v gave %v values, want one", route, v.ValueType())
		}
		return v.SingleValue()
	}
	for i := 0; i < 20; i++ {
		key := fmt.Sprintf("route:%d", i)
		owner := cl.NodeForKey(key)
		if got := myID(config.NewSlotKeyRoute(config.SlotTypePrimary, key)); got != owner.ID {
			t.Fatalf("SlotKey(%q) reached %s, want the owner %s", key, got, owner.ID)
		}
		replica := myID(config.NewSlotKeyRoute(config.SlotTypeReplica, key))
		if n := clusterNodeByID(cl, replica); n == nil || n.PrimaryID != owner.ID {
			t.Fatalf("SlotKey replica of %q reached %s, not a replica of %s", key, replica, owner.ID)
		}
	}
	for _, slot := range []int32{0, 5460, 5461, 10922, 10923, 16383} {
		owner := cl.NodeForSlot(int(slot))
		if got := myID(config.NewSlotIdRoute(config.SlotTypePrimary, slot)); got != owner.ID {
			t.Fatalf("SlotId(%d) reached %s, want %s", slot, got, owner.ID)
		}
	}
	for _, n := range cl.Nodes {
		if got := myID(config.NewByAddressRoute(n.Host, int32(n.Port))); got != n.ID {
			t.Fatalf("ByAddress(%s) reached %s, want %s", n.Addr(), got, n.ID)
		}
		route, err := config.NewByAddressRouteWithHost(n.Addr())
		requireNoErr(t, "NewByAddressRouteWithHost", err)
		if got := myID(route); got != n.ID {
			t.Fatalf("ByAddress(%q) reached %s, want %s", n.Addr(), got, n.ID)
		}
	}

	// An invalid route is refused before anything is sent.
	if _, err := c.ClusterMyIdWithRoute(ctx, options.RouteOption{Route: config.NewSlotIdRoute(config.SlotTypePrimary, 16384)}); err == nil {
		t.Fatal("slot 16384 must be refused")
	}
}

func clusterNodeByID(cl *testserver.Cluster, id string) *testserver.Node {
	for _, n := range cl.Nodes {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// Multi-key commands spanning every shard answer exactly as one server does.
func TestClusterMultiSlotCommandsMatchStandalone(t *testing.T) {
	c, cl := newClusterTestClient(t)
	single, _ := newTestClient(t)
	ctx := context.Background()
	flushCluster(t, cl)
	prefix := t.Name() + ":"
	fixtureKeys := func() []string {
		var keys []string
		for i := 0; i < 60; i++ {
			keys = append(keys, fmt.Sprintf("%s%d", prefix, i))
		}
		return keys
	}()
	shards := map[int]bool{}
	for _, k := range fixtureKeys {
		shards[cl.NodeForKey(k).Shard] = true
	}
	if len(shards) != 3 {
		t.Fatalf("the keys cover %d shards, want all 3", len(shards))
	}
	cleanup := func() {
		_, _ = single.Del(ctx, fixtureKeys)
	}
	cleanup()
	t.Cleanup(cleanup)

	written := map[string]string{}
	for i, k := range fixtureKeys {
		if i%3 != 0 { // every third key stays missing
			written[k] = "v" + strconv.Itoa(i)
		}
	}
	probe := append(append([]string{}, fixtureKeys...), fixtureKeys[5], prefix+"never")

	clusterRun := func() []any {
		var out []any
		add := func(v any, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("cluster: %v", err)
			}
			out = append(out, v)
		}
		add(c.MSet(ctx, written))
		add(c.MGet(ctx, probe))
		add(c.Exists(ctx, probe))
		add(c.Touch(ctx, probe))
		add(c.Unlink(ctx, fixtureKeys[:10]))
		add(c.MGet(ctx, probe))
		add(c.Del(ctx, probe))
		add(c.MGet(ctx, probe))
		return out
	}
	singleRun := func() []any {
		var out []any
		add := func(v any, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("standalone: %v", err)
			}
			out = append(out, v)
		}
		add(single.MSet(ctx, written))
		add(single.MGet(ctx, probe))
		add(single.Exists(ctx, probe))
		add(single.Touch(ctx, probe))
		add(single.Unlink(ctx, fixtureKeys[:10]))
		add(single.MGet(ctx, probe))
		add(single.Del(ctx, probe))
		add(single.MGet(ctx, probe))
		return out
	}
	got, want := clusterRun(), singleRun()
	names := []string{"MSet", "MGet", "Exists", "Touch", "Unlink", "MGet after Unlink", "Del", "MGet after Del"}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: cluster %v, standalone %v", names[i], got[i], want[i])
		}
	}
}

// CustomCommand routes keyless commands by the server's tips and combines replies
// as they say: DBSIZE is summed over the primaries.
func TestClusterCustomCommandFollowsTips(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	flushCluster(t, cl)
	const n = 90
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("custom:%d", i)
		fixture(t, cl.NodeForKey(k).Server, "SET", k, "x")
	}
	size, err := c.CustomCommand(ctx, []string{"DBSIZE"})
	requireNoErr(t, "CustomCommand DBSIZE", err)
	if !size.IsSingleValue() || size.SingleValue() != int64(n) {
		t.Fatalf("DBSIZE = %+v, want the single summed value %d", size, n)
	}
	perShard := 0
	for _, p := range cl.Primaries() {
		v, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(fixture(t, p.Server, "DBSIZE"), ":")))
		if v == 0 || v == n {
			t.Fatalf("%s holds %d of the %d keys: the keys do not span the shards", p.Addr(), v, n)
		}
		perShard += v
	}
	if perShard != n {
		t.Fatalf("the primaries hold %d keys, want %d", perShard, n)
	}

	routed, err := c.CustomCommandWithRoute(ctx, []string{"DBSIZE"}, config.AllPrimaries)
	requireNoErr(t, "CustomCommandWithRoute DBSIZE AllPrimaries", err)
	if !routed.IsSingleValue() || routed.SingleValue() != int64(n) {
		t.Fatalf("DBSIZE to all primaries = %+v, want the summed %d", routed, n)
	}

	pong, err := c.CustomCommand(ctx, []string{"PING"})
	requireNoErr(t, "CustomCommand PING", err)
	if !pong.IsSingleValue() || pong.SingleValue() != "PONG" {
		t.Fatalf("PING = %+v", pong)
	}

	ids, err := c.CustomCommandWithRoute(ctx, []string{"CLUSTER", "MYID"}, config.AllNodes)
	requireNoErr(t, "CLUSTER MYID AllNodes", err)
	requireNodeReplies(t, "CLUSTER MYID AllNodes", ids.MultiValue(), cl.Nodes)

	got, err := c.CustomCommand(ctx, []string{"GET", "custom:7"})
	requireNoErr(t, "CustomCommand GET", err)
	if !got.IsSingleValue() || got.SingleValue() != "x" {
		t.Fatalf("GET = %+v", got)
	}
	one, err := c.CustomCommandWithRoute(ctx, []string{"CLUSTER", "MYID"}, config.NewSlotKeyRoute(config.SlotTypePrimary, "custom:7"))
	requireNoErr(t, "CLUSTER MYID SlotKey", err)
	if !one.IsSingleValue() || one.SingleValue() != cl.NodeForKey("custom:7").ID {
		t.Fatalf("SlotKey route reached %+v", one)
	}
	if _, err := c.CustomCommand(ctx, []string{"NOSUCHCOMMAND"}); err == nil {
		t.Fatal("an unknown command must fail")
	}
}

// The cluster-only advanced settings reach the core and are accepted there.
func TestClusterAdvancedConfigurationIsAccepted(t *testing.T) {
	requireClusterMode(t)
	cl := sharedCluster.get(t)
	seed := cl.Nodes[0]
	for name, adv := range map[string]*config.AdvancedClusterClientConfiguration{
		"checks disabled, refresh from seeds": config.NewAdvancedClusterClientConfiguration().
			WithPeriodicChecks(config.PeriodicChecksDisabled{}).
			WithRefreshTopologyFromInitialNodes(true),
		"checks every second": config.NewAdvancedClusterClientConfiguration().
			WithPeriodicChecks(config.PeriodicChecksManualInterval{DurationInSec: 1}),
		"checks at the default interval": config.NewAdvancedClusterClientConfiguration().
			WithPeriodicChecks(config.PeriodicChecksEnabled{}),
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config.NewClusterClientConfiguration().
				WithAddress(&config.NodeAddress{Host: seed.Host, Port: seed.Port}).
				WithRequestTimeout(5 * time.Second).
				WithAdvancedConfiguration(adv)
			c, err := NewClusterClient(cfg)
			if err != nil {
				t.Fatalf("NewClusterClient: %v", err)
			}
			defer c.Close()
			if pong, err := c.Ping(context.Background()); err != nil || pong != "PONG" {
				t.Fatalf("Ping = %q, %v", pong, err)
			}
		})
	}
}
