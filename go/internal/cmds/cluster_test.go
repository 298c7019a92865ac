package cmds

import (
	"reflect"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/options"
)

func TestClusterArgumentVectors(t *testing.T) {
	mode := options.ClientPauseModeWrite
	flush := options.ASYNC
	scanOpts := options.NewClusterScanOptions().SetMatch("user:*").SetCount(50).
		SetType(constants.ObjectTypeSet).SetAllowNonCoveredSlots(true)
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"ClusterInfo", ClusterInfo().Args, []string{"CLUSTER", "INFO"}},
		{"ClusterShards", ClusterShards().Args, []string{"CLUSTER", "SHARDS"}},
		{"ClusterMyShardId", ClusterMyShardId().Args, []string{"CLUSTER", "MYSHARDID"}},
		{"ClusterKeySlot", ClusterKeySlot("k").Args, []string{"CLUSTER", "KEYSLOT", "k"}},
		{"ClusterGetKeysInSlot", ClusterGetKeysInSlot(12, 3).Args, []string{"CLUSTER", "GETKEYSINSLOT", "12", "3"}},
		{"ClusterCountKeysInSlot", ClusterCountKeysInSlot(7).Args, []string{"CLUSTER", "COUNTKEYSINSLOT", "7"}},
		{"EchoString", EchoString("hi").Args, []string{"ECHO", "hi"}},
		{"ClusterPing bare", ClusterPing(options.ClusterPingOptions{}).Args, []string{"PING"}},
		{"ClusterPing message", ClusterPing(options.ClusterPingOptions{PingOptions: &options.PingOptions{Message: "m"}}).Args,
			[]string{"PING", "m"}},
		{"ClusterInfoSections", ClusterInfoSections(options.ClusterInfoOptions{
			InfoOptions: &options.InfoOptions{Sections: []constants.Section{constants.Server, constants.Cluster}}}).Args,
			[]string{"INFO", "server", "cluster"}},
		{"ClusterLolwut", ClusterLolwut(options.ClusterLolwutOptions{LolwutOptions: options.NewLolwutOptions(6)}).Args,
			[]string{"LOLWUT", "VERSION", "6"}},
		{"ClusterFlushAll bare", ClusterFlushAll(options.FlushClusterOptions{}).Args, []string{"FLUSHALL"}},
		{"ClusterFlushDB async", ClusterFlushDB(options.FlushClusterOptions{FlushMode: &flush}).Args, []string{"FLUSHDB", "ASYNC"}},
		{"ClusterClientPause", ClusterClientPause(1500, options.ClientPauseClusterOptions{Mode: &mode}).Args,
			[]string{"CLIENT", "PAUSE", "1500", "WRITE"}},
		{"NodeScan bare", NodeScan("0", nil).Args, []string{"SCAN", "0"}},
		// ALLOW_NON_COVERED_SLOTS is for the client; the server must not see it.
		{"NodeScan options", NodeScan("42", scanOpts).Args,
			[]string{"SCAN", "42", "MATCH", "user:*", "COUNT", "50", "TYPE", "set"}},
	}
	for _, tc := range cases {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestDecodeClusterShardsBothProtocols(t *testing.T) {
	want := []map[string]any{{
		"slots": []any{int64(0), int64(5460)},
		"nodes": []any{map[string]any{"id": "a1", "port": int64(7000), "role": "master"}},
	}}
	both{
		resp2: "*1\r\n*4\r\n$5\r\nslots\r\n*2\r\n:0\r\n:5460\r\n$5\r\nnodes\r\n*1\r\n" +
			"*6\r\n$2\r\nid\r\n$2\r\na1\r\n$4\r\nport\r\n:7000\r\n$4\r\nrole\r\n$6\r\nmaster\r\n",
		resp3: "*1\r\n%2\r\n$5\r\nslots\r\n*2\r\n:0\r\n:5460\r\n$5\r\nnodes\r\n*1\r\n" +
			"%3\r\n$2\r\nid\r\n$2\r\na1\r\n$4\r\nport\r\n:7000\r\n$4\r\nrole\r\n$6\r\nmaster\r\n",
	}.each(func(proto, frame string) {
		got, err := decode(t, DecodeClusterShards, frame)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: got %#v, want %#v", proto, got, want)
		}
	})
}

func TestDecodeMapArrayBothProtocols(t *testing.T) {
	want := []map[string]any{{"dir": "to", "node": "n1"}, {}}
	both{
		resp2: "*2\r\n*4\r\n$3\r\ndir\r\n$2\r\nto\r\n$4\r\nnode\r\n$2\r\nn1\r\n*0\r\n",
		resp3: "*2\r\n%2\r\n$3\r\ndir\r\n$2\r\nto\r\n$4\r\nnode\r\n$2\r\nn1\r\n%0\r\n",
	}.each(func(proto, frame string) {
		got, err := decode(t, DecodeMapArray, frame)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: got %#v, %v", proto, got, err)
		}
	})
}
