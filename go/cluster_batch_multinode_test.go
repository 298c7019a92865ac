package valkite

import (
	"context"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/pipeline"
)

// A command that a cluster pipeline sends to several nodes, whose replies no response
// policy combines (INFO, FUNCTION STATS), fills its result slot with one decoded reply
// per node, keyed by address, like GLIDE's core does for such a command; commands
// around it keep their own values and the queue's order.
func TestClusterPipelineMultiNodeCommandsGiveOneReplyPerNode(t *testing.T) {
	client, cl := newClusterTestClient(t)
	ctx := context.Background()
	key := t.Name()
	b := pipeline.NewClusterBatch(false)
	b.Set(key, "v")
	b.Info()
	b.FunctionStats()
	b.Get(key)
	b.DBSize()
	results, err := client.Exec(ctx, *b, true)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if len(results) != 5 {
		t.Fatalf("%d results for 5 commands: %#v", len(results), results)
	}
	if results[0] != "OK" {
		t.Fatalf("SET: %#v", results[0])
	}

	info, ok := results[1].(map[string]any)
	if !ok {
		t.Fatalf("INFO slot holds %T, want map[string]any", results[1])
	}
	requireNodeReplies(t, "INFO in a pipeline", info, cl.Primaries())
	for addr, v := range info {
		text, ok := v.(string)
		if !ok || !strings.Contains(text, "# Server") {
			t.Fatalf("INFO from %s: %T %.60q", addr, v, v)
		}
		// Each reply is that node's own: its port is in its server section.
		port := addr[strings.LastIndexByte(addr, ':')+1:]
		if !strings.Contains(text, "tcp_port:"+port+"\r\n") {
			t.Fatalf("INFO under %s is another node's (no tcp_port:%s)", addr, port)
		}
	}

	stats, ok := results[2].(map[string]any)
	if !ok {
		t.Fatalf("FUNCTION STATS slot holds %T, want map[string]any", results[2])
	}
	requireNodeReplies(t, "FUNCTION STATS in a pipeline", stats, cl.Primaries())
	for addr, v := range stats {
		if _, ok := v.(models.FunctionStatsResult); !ok {
			t.Fatalf("FUNCTION STATS from %s: %T, want models.FunctionStatsResult", addr, v)
		}
	}

	if results[3] != "v" {
		t.Fatalf("GET after the multi-node commands: %#v", results[3])
	}
	// DBSIZE has a policy (sum over primaries): one number, not a map.
	if n, ok := results[4].(int64); !ok || n < 1 {
		t.Fatalf("DBSIZE: %#v", results[4])
	}
}

// The same with the batch aimed at one node: no fan-out, the plain value.
func TestClusterPipelineRoutedInfoIsOneNodesReply(t *testing.T) {
	client, cl := newClusterTestClient(t)
	ctx := context.Background()
	b := pipeline.NewClusterBatch(false)
	b.Info()
	primary := cl.Primaries()[0]
	route, err := config.NewByAddressRouteWithHost(primary.Addr())
	if err != nil {
		t.Fatal(err)
	}
	opts := pipeline.NewClusterBatchOptions().WithRoute(route)
	results, err := client.ExecWithOptions(ctx, *b, true, *opts)
	if err != nil {
		t.Fatalf("Exec: %v", err)
	}
	text, ok := results[0].(string)
	if !ok || !strings.Contains(text, "tcp_port:"+primary.Addr()[strings.LastIndexByte(primary.Addr(), ':')+1:]+"\r\n") {
		t.Fatalf("routed INFO: %T %.80q", results[0], results[0])
	}
}
