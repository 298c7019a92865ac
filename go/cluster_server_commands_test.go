package valkite

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/config"
	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/options"
)

func TestClusterInfoPerNode(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	info, err := c.Info(ctx)
	requireNoErr(t, "Info", err)
	requireNodeReplies(t, "Info", info, cl.Primaries())
	for addr, text := range info {
		if !strings.Contains(text, "# Server") {
			t.Fatalf("%s: INFO without its server section", addr)
		}
	}

	sections := &options.InfoOptions{Sections: []constants.Section{constants.Replication}}
	v, err := c.InfoWithOptions(ctx, options.ClusterInfoOptions{InfoOptions: sections})
	requireNoErr(t, "InfoWithOptions", err)
	requireNodeReplies(t, "InfoWithOptions default route", v.MultiValue(), cl.Primaries())

	v, err = c.InfoWithOptions(ctx, options.ClusterInfoOptions{InfoOptions: sections,
		RouteOption: &options.RouteOption{Route: config.AllNodes}})
	requireNoErr(t, "InfoWithOptions AllNodes", err)
	requireNodeReplies(t, "InfoWithOptions AllNodes", v.MultiValue(), cl.Nodes)
	for addr, text := range v.MultiValue() {
		role := "role:master"
		if clusterNodeByAddr(cl, addr).Role == "replica" {
			role = "role:slave"
		}
		if !strings.Contains(text, role) || strings.Contains(text, "# Server") {
			t.Fatalf("%s: want only the replication section with %s, got %q", addr, role, text)
		}
	}

	replica := cl.Replicas()[0]
	v, err = c.InfoWithOptions(ctx, options.ClusterInfoOptions{
		RouteOption: &options.RouteOption{Route: config.NewByAddressRoute(replica.Host, int32(replica.Port))}})
	if err != nil || !v.IsSingleValue() || !strings.Contains(v.SingleValue(), "tcp_port:"+strconv.Itoa(replica.Port)) {
		t.Fatalf("InfoWithOptions(%s) = %v, %v", replica.Addr(), v.ValueType(), err)
	}
}

func TestClusterDBSizeAndFlush(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	flushCluster(t, cl)
	const n = 50
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("size:%d", i)
		if _, err := c.Set(ctx, k, "v"); err != nil {
			t.Fatalf("Set: %v", err)
		}
	}
	if got, err := c.DBSize(ctx); err != nil || got != n {
		t.Fatalf("DBSize = %d, %v; want %d", got, err, n)
	}
	if got, err := c.DBSizeWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries}); err != nil || got != n {
		t.Fatalf("DBSizeWithOptions AllPrimaries = %d, %v; want %d", got, err, n)
	}
	owner := cl.NodeForKey("size:0")
	want, _ := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(fixture(t, owner.Server, "DBSIZE"), ":")))
	got, err := c.DBSizeWithOptions(ctx, options.RouteOption{Route: config.NewSlotKeyRoute(config.SlotTypePrimary, "size:0")})
	if err != nil || got != int64(want) || want == 0 || want == n {
		t.Fatalf("DBSizeWithOptions(owner of size:0) = %d, %v; the owner holds %d", got, err, want)
	}

	if ok, err := c.FlushDB(ctx); err != nil || ok != "OK" {
		t.Fatalf("FlushDB = %q, %v", ok, err)
	}
	if got, err := c.DBSize(ctx); err != nil || got != 0 {
		t.Fatalf("DBSize after FlushDB = %d, %v", got, err)
	}
	_, _ = c.Set(ctx, "size:again", "v")
	async := options.ASYNC
	if ok, err := c.FlushAllWithOptions(ctx, options.FlushClusterOptions{FlushMode: &async}); err != nil || ok != "OK" {
		t.Fatalf("FlushAllWithOptions ASYNC = %q, %v", ok, err)
	}
	sync := options.SYNC
	if ok, err := c.FlushAllWithOptions(ctx, options.FlushClusterOptions{FlushMode: &sync,
		RouteOption: &options.RouteOption{Route: config.AllPrimaries}}); err != nil || ok != "OK" {
		t.Fatalf("FlushAllWithOptions SYNC AllPrimaries = %q, %v", ok, err)
	}
	if ok, err := c.FlushDBWithOptions(ctx, options.FlushClusterOptions{
		RouteOption: &options.RouteOption{Route: config.NewSlotKeyRoute(config.SlotTypePrimary, "k")}}); err != nil || ok != "OK" {
		t.Fatalf("FlushDBWithOptions SlotKey = %q, %v", ok, err)
	}
	if ok, err := c.FlushAll(ctx); err != nil || ok != "OK" {
		t.Fatalf("FlushAll = %q, %v", ok, err)
	}
	if got, err := c.DBSize(ctx); err != nil || got != 0 {
		t.Fatalf("DBSize after FlushAll = %d, %v", got, err)
	}
}

func TestClusterTimeLolwutLastSaveSelect(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	tm, err := c.Time(ctx)
	if err != nil || len(tm) != 2 {
		t.Fatalf("Time = %v, %v", tm, err)
	}
	all, err := c.TimeWithOptions(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "TimeWithOptions AllNodes", err)
	requireNodeReplies(t, "Time AllNodes", all.MultiValue(), cl.Nodes)
	for addr, v := range all.MultiValue() {
		if len(v) != 2 {
			t.Fatalf("%s: TIME %v", addr, v)
		}
	}
	one, err := c.TimeWithOptions(ctx, options.RouteOption{Route: config.RandomRoute})
	if err != nil || !one.IsSingleValue() || len(one.SingleValue()) != 2 {
		t.Fatalf("TimeWithOptions Random = %+v, %v", one, err)
	}

	if art, err := c.Lolwut(ctx); err != nil || !strings.Contains(art, "ver") {
		t.Fatalf("Lolwut = %q, %v", art, err)
	}
	arts, err := c.LolwutWithOptions(ctx, options.ClusterLolwutOptions{LolwutOptions: options.NewLolwutOptions(5),
		RouteOption: &options.RouteOption{Route: config.AllPrimaries}})
	requireNoErr(t, "LolwutWithOptions", err)
	requireNodeReplies(t, "Lolwut AllPrimaries", arts.MultiValue(), cl.Primaries())

	ls, err := c.LastSave(ctx)
	if err != nil || !ls.IsSingleValue() || ls.SingleValue() <= 0 {
		t.Fatalf("LastSave = %+v, %v", ls, err)
	}
	lss, err := c.LastSaveWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "LastSaveWithOptions", err)
	requireNodeReplies(t, "LastSave AllPrimaries", lss.MultiValue(), cl.Primaries())

	if ok, err := c.Save(ctx); err != nil || ok != "OK" {
		t.Fatalf("Save = %q, %v", ok, err)
	}
	if ok, err := c.SaveWithOptions(ctx, options.RouteOption{Route: config.RandomRoute}); err != nil || ok != "OK" {
		t.Fatalf("SaveWithOptions = %q, %v", ok, err)
	}

	if ok, err := c.Select(ctx, 0); err != nil || ok != "OK" {
		t.Fatalf("Select(0) = %q, %v", ok, err)
	}
	if _, err := c.Select(ctx, 100000); err == nil {
		t.Fatal("Select of a database the cluster does not have must fail")
	}
}

func TestClusterConfigCommands(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	const param = "maxmemory-samples"
	before, err := c.ConfigGet(ctx, []string{param})
	if err != nil || before[param] == "" {
		t.Fatalf("ConfigGet = %v, %v", before, err)
	}
	defer func() {
		_, _ = c.ConfigSet(ctx, map[string]string{param: before[param]})
	}()

	if ok, err := c.ConfigSet(ctx, map[string]string{param: "7"}); err != nil || ok != "OK" {
		t.Fatalf("ConfigSet = %q, %v", ok, err)
	}
	all, err := c.ConfigGetWithOptions(ctx, []string{param}, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "ConfigGetWithOptions AllNodes", err)
	requireNodeReplies(t, "ConfigGet AllNodes", all.MultiValue(), cl.Nodes)
	for addr, m := range all.MultiValue() {
		if m[param] != "7" {
			t.Fatalf("%s: %s = %q after ConfigSet, want 7 (CONFIG SET goes to all nodes)", addr, param, m[param])
		}
	}

	target := cl.Replicas()[0]
	route := options.RouteOption{Route: config.NewByAddressRoute(target.Host, int32(target.Port))}
	if ok, err := c.ConfigSetWithOptions(ctx, map[string]string{param: "9"}, route); err != nil || ok != "OK" {
		t.Fatalf("ConfigSetWithOptions = %q, %v", ok, err)
	}
	one, err := c.ConfigGetWithOptions(ctx, []string{param}, route)
	if err != nil || !one.IsSingleValue() || one.SingleValue()[param] != "9" {
		t.Fatalf("ConfigGetWithOptions(%s) = %+v, %v", target.Addr(), one, err)
	}
	if got := fixture(t, cl.Primaries()[0].Server, "CONFIG", "GET", param); !strings.Contains(got, "7") {
		t.Fatalf("a primary's %s changed with a route to one replica: %q", param, got)
	}

	if ok, err := c.ConfigResetStat(ctx); err != nil || ok != "OK" {
		t.Fatalf("ConfigResetStat = %q, %v", ok, err)
	}
	if ok, err := c.ConfigResetStatWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries}); err != nil || ok != "OK" {
		t.Fatalf("ConfigResetStatWithOptions = %q, %v", ok, err)
	}
	// The test servers run without a config file, so every node refuses a rewrite.
	if _, err := c.ConfigRewrite(ctx); err == nil {
		t.Fatal("ConfigRewrite without a config file must fail")
	}
	if _, err := c.ConfigRewriteWithOptions(ctx, options.RouteOption{Route: config.RandomRoute}); err == nil {
		t.Fatal("ConfigRewriteWithOptions without a config file must fail")
	}
}

func TestClusterDiagnostics(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()

	doc, err := c.MemoryDoctor(ctx)
	requireNoErr(t, "MemoryDoctor", err)
	if doc.IsEmpty() {
		t.Fatal("MemoryDoctor gave nothing")
	}
	docs, err := c.MemoryDoctorWithOptions(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "MemoryDoctorWithOptions", err)
	requireNodeReplies(t, "MemoryDoctor AllNodes", docs.MultiValue(), cl.Nodes)
	if _, err := c.MemoryMallocStats(ctx); err != nil {
		t.Fatalf("MemoryMallocStats: %v", err)
	}
	ms, err := c.MemoryMallocStatsWithOptions(ctx, options.RouteOption{Route: config.RandomRoute})
	if err != nil || !ms.IsSingleValue() {
		t.Fatalf("MemoryMallocStatsWithOptions = %v, %v", ms.ValueType(), err)
	}
	if ok, err := c.MemoryPurge(ctx); err != nil || ok != "OK" {
		t.Fatalf("MemoryPurge = %q, %v", ok, err)
	}
	if ok, err := c.MemoryPurgeWithOptions(ctx, options.RouteOption{Route: config.AllNodes}); err != nil || ok != "OK" {
		t.Fatalf("MemoryPurgeWithOptions = %q, %v", ok, err)
	}
	if _, err := c.MemoryStats(ctx); err != nil {
		t.Fatalf("MemoryStats: %v", err)
	}
	stats, err := c.MemoryStatsWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries})
	requireNoErr(t, "MemoryStatsWithOptions", err)
	requireNodeReplies(t, "MemoryStats AllPrimaries", stats.MultiValue(), cl.Primaries())
	for addr, s := range stats.MultiValue() {
		if s.PeakAllocated <= 0 {
			t.Fatalf("%s: MEMORY STATS %+v", addr, s)
		}
	}

	if _, err := c.LatencyReset(ctx); err != nil {
		t.Fatalf("LatencyReset: %v", err)
	}
	if _, err := c.LatencyResetWithOptions(ctx, options.RouteOption{Route: config.AllPrimaries}, "command"); err != nil {
		t.Fatalf("LatencyResetWithOptions: %v", err)
	}
	if _, err := c.LatencyLatest(ctx); err != nil {
		t.Fatalf("LatencyLatest: %v", err)
	}
	latest, err := c.LatencyLatestWithOptions(ctx, options.RouteOption{Route: config.AllNodes})
	requireNoErr(t, "LatencyLatestWithOptions", err)
	requireNodeReplies(t, "LatencyLatest AllNodes", latest.MultiValue(), cl.Nodes)
	if _, err := c.LatencyHistory(ctx, "command"); err != nil {
		t.Fatalf("LatencyHistory: %v", err)
	}
	hist, err := c.LatencyHistoryWithOptions(ctx, "command", options.RouteOption{Route: config.RandomRoute})
	if err != nil || !hist.IsSingleValue() {
		t.Fatalf("LatencyHistoryWithOptions = %v, %v", hist.ValueType(), err)
	}

	bg, err := c.BgSaveSchedule(ctx)
	requireNoErr(t, "BgSaveSchedule", err)
	requireNodeReplies(t, "BgSaveSchedule", bg.MultiValue(), cl.Primaries())
}

func TestClusterAcl(t *testing.T) {
	c, cl := newClusterTestClient(t)
	ctx := context.Background()
	const user = "cluster-acl-user"
	defer func() { _, _ = c.AclDelUser(ctx, []string{user}) }()

	if who, err := c.AclWhoAmI(ctx); err != nil || who != "default" {
		t.Fatalf("AclWhoAmI = %q, %v", who, err)
	}
	if cats, err := c.AclCat(ctx); err != nil || len(cats) == 0 {
		t.Fatalf("AclCat = %v, %v", cats, err)
	}
	if ok, err := c.AclSetUser(ctx, user, []string{"on", ">secret", "~k*", "+get"}); err != nil || ok != "OK" {
		t.Fatalf("AclSetUser = %q, %v", ok, err)
	}
	// ACL SETUSER goes to every node: each node knows the user now.
	for _, n := range cl.Nodes {
		if got := fixture(t, n.Server, "ACL", "GETUSER", user); strings.HasPrefix(got, "*-1") || strings.HasPrefix(got, "_") {
			t.Fatalf("%s does not know %s after AclSetUser", n.Addr(), user)
		}
	}
	if u, err := c.AclGetUser(ctx, user); err != nil || u == nil {
		t.Fatalf("AclGetUser = %v, %v", u, err)
	}
	if users, err := c.AclUsers(ctx); err != nil || !slices.Contains(users, user) {
		t.Fatalf("AclUsers = %v, %v", users, err)
	}
	if verdict, err := c.AclDryRun(ctx, user, "get", []string{"key"}); err != nil || verdict != "OK" {
		t.Fatalf("AclDryRun = %q, %v", verdict, err)
	}
	if n, err := c.AclDelUser(ctx, []string{user}); err != nil || n != 1 {
		t.Fatalf("AclDelUser = %d, %v", n, err)
	}
}
