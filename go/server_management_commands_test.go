package valkite

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

func TestSelect(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	k := testKey(t, "k")
	if ok, err := c.Select(ctx, 3); err != nil || ok != "OK" {
		t.Fatalf("Select = %q, %v", ok, err)
	}
	if _, err := c.Set(ctx, k, "db3"); err != nil {
		t.Fatal(err)
	}
	other, _ := newTestClient(t)
	v, err := other.Get(ctx, k)
	requireNil(t, "Get from db 0", v, err)
	_, err = c.Select(ctx, 100000)
	requireServerError(t, err, "ERR")
	_, err = c.Select(ctx, -1)
	requireServerError(t, err, "ERR")
	if _, err := c.Del(ctx, []string{k}); err != nil {
		t.Fatal(err)
	}
}

func TestConfigGetSet(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	got, err := c.ConfigGet(ctx, []string{"maxmemory", "databases"})
	if err != nil || got["maxmemory"] != "0" || got["databases"] != "16" || len(got) != 2 {
		t.Fatalf("ConfigGet = %v, %v", got, err)
	}
	got, err = c.ConfigGet(ctx, []string{"maxmemory-*"})
	if err != nil || len(got) < 3 || got["maxmemory-policy"] == "" {
		t.Fatalf("ConfigGet(glob) = %v, %v", got, err)
	}
	got, err = c.ConfigGet(ctx, []string{"no-such-parameter"})
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("ConfigGet(unknown) = %#v, %v", got, err)
	}
	_, err = c.ConfigGet(ctx, nil)
	requireServerError(t, err, "ERR")

	prev, err := c.ConfigGet(ctx, []string{"slowlog-max-len", "slowlog-log-slower-than"})
	requireNoErr(t, "ConfigGet", err)
	t.Cleanup(func() { _, _ = c.ConfigSet(context.Background(), prev) })
	want := map[string]string{"slowlog-max-len": "99", "slowlog-log-slower-than": "12345"}
	if ok, err := c.ConfigSet(ctx, want); err != nil || ok != "OK" {
		t.Fatalf("ConfigSet = %q, %v", ok, err)
	}
	if got, _ := c.ConfigGet(ctx, []string{"slowlog-*"}); got["slowlog-max-len"] != "99" ||
		got["slowlog-log-slower-than"] != "12345" {
		t.Fatalf("after ConfigSet: %v", got)
	}
	_, err = c.ConfigSet(ctx, map[string]string{"no-such-parameter": "1"})
	requireServerError(t, err, "ERR")
	_, err = c.ConfigSet(ctx, map[string]string{"slowlog-max-len": "not a number"})
	requireServerError(t, err, "ERR")
	_, err = c.ConfigSet(ctx, nil)
	requireServerError(t, err, "ERR")
}

func TestInfo(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	info, err := c.Info(ctx)
	if err != nil || !strings.Contains(info, "# Server") || !strings.Contains(info, "valkey_version:") {
		t.Fatalf("Info = %.80q, %v", info, err)
	}
	info, err = c.InfoWithOptions(ctx, options.InfoOptions{Sections: []constants.Section{constants.Memory, constants.Cpu}})
	if err != nil || !strings.Contains(info, "# Memory") || !strings.Contains(info, "# CPU") ||
		strings.Contains(info, "# Server") {
		t.Fatalf("Info(memory, cpu) = %.80q, %v", info, err)
	}
	info, err = c.InfoWithOptions(ctx, options.InfoOptions{Sections: []constants.Section{"no-such-section"}})
	if err != nil || info != "" {
		t.Fatalf("Info(unknown section) = %q, %v", info, err)
	}
}

func TestDBSizeAndFlushDB(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if _, err := c.Select(ctx, 13); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.FlushDB(ctx); err != nil || ok != "OK" {
		t.Fatalf("FlushDB = %q, %v", ok, err)
	}
	if n, err := c.DBSize(ctx); err != nil || n != 0 {
		t.Fatalf("DBSize(empty) = %d, %v", n, err)
	}
	if _, err := c.MSet(ctx, map[string]string{"a": "1", "b": "2", "c": "3"}); err != nil {
		t.Fatal(err)
	}
	if n, err := c.DBSize(ctx); err != nil || n != 3 {
		t.Fatalf("DBSize = %d, %v", n, err)
	}
	if ok, err := c.FlushDBWithOptions(ctx, options.SYNC); err != nil || ok != "OK" {
		t.Fatalf("FlushDB SYNC = %q, %v", ok, err)
	}
	if n, _ := c.DBSize(ctx); n != 0 {
		t.Fatalf("DBSize after FLUSHDB SYNC = %d", n)
	}
	if _, err := c.Set(ctx, "a", "1"); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.FlushDBWithOptions(ctx, options.ASYNC); err != nil || ok != "OK" {
		t.Fatalf("FlushDB ASYNC = %q, %v", ok, err)
	}
	if n, _ := c.DBSize(ctx); n != 0 {
		t.Fatalf("DBSize after FLUSHDB ASYNC = %d", n)
	}
	_, err := c.FlushDBWithOptions(ctx, options.FlushMode("LATER"))
	requireServerError(t, err, "ERR")
}

func TestFlushAll(t *testing.T) {
	c, s := newDedicatedClient(t)
	ctx := context.Background()
	fill := func() {
		fixture(t, s, "SET", "a", "1")
		fixture(t, s, "COPY", "a", "a", "DB", "1")
	}
	dbsize := func(db int64) int64 {
		other, _ := connect(t, s)
		if _, err := other.Select(ctx, db); err != nil {
			t.Fatal(err)
		}
		n, err := other.DBSize(ctx)
		requireNoErr(t, "DBSize", err)
		return n
	}
	fill()
	if dbsize(1) != 1 {
		t.Fatal("fixture did not reach db 1")
	}
	if ok, err := c.FlushAll(ctx); err != nil || ok != "OK" {
		t.Fatalf("FlushAll = %q, %v", ok, err)
	}
	if dbsize(0) != 0 || dbsize(1) != 0 {
		t.Fatal("FlushAll left keys")
	}
	for _, mode := range []options.FlushMode{options.SYNC, options.ASYNC} {
		fill()
		if ok, err := c.FlushAllWithOptions(ctx, mode); err != nil || ok != "OK" {
			t.Fatalf("FlushAll %s = %q, %v", mode, ok, err)
		}
		if dbsize(0) != 0 || dbsize(1) != 0 {
			t.Fatalf("FlushAll %s left keys", mode)
		}
	}
	_, err := c.FlushAllWithOptions(ctx, options.FlushMode("LATER"))
	requireServerError(t, err, "ERR")
}

func TestTime(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	now, err := c.Time(ctx)
	if err != nil || len(now) != 2 {
		t.Fatalf("Time = %v, %v", now, err)
	}
	secs, err1 := strconv.ParseInt(now[0], 10, 64)
	micros, err2 := strconv.ParseInt(now[1], 10, 64)
	if err1 != nil || err2 != nil || micros < 0 || micros >= 1e6 {
		t.Fatalf("Time = %q", now)
	}
	if d := time.Now().Unix() - secs; d < -5 || d > 5 {
		t.Fatalf("server clock %d is %ds off", secs, d)
	}
}

func TestLolwut(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	art, err := c.Lolwut(ctx)
	if err != nil || !strings.Contains(art, "ver") {
		t.Fatalf("Lolwut = %q, %v", art, err)
	}
	art, err = c.LolwutWithOptions(ctx, *options.NewLolwutOptions(5).SetArgs([]int{10, 2, 2}))
	if err != nil || !strings.Contains(art, "ver") {
		t.Fatalf("Lolwut VERSION 5 = %q, %v", art, err)
	}
	art, err = c.LolwutWithOptions(ctx, *options.NewLolwutOptions(6))
	if err != nil || !strings.Contains(art, "ver") {
		t.Fatalf("Lolwut VERSION 6 = %q, %v", art, err)
	}
	// Version 6 paints with terminal colour escapes; as in GLIDE, they come back drawn
	// as shade characters.
	if strings.Contains(art, "\x1b[0m") || !strings.Contains(art, "\u2591") {
		t.Fatalf("Lolwut VERSION 6 kept its escapes: %q", art[:min(len(art), 120)])
	}
}

// TestPersistence runs the save commands on a server of its own: they fork, and an AOF
// rewrite changes the server's persistence state.
func TestPersistence(t *testing.T) {
	c, s := newDedicatedClient(t)
	ctx := context.Background()
	waitIdle := func() {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			p := s.Info(t, "persistence")
			if p["rdb_bgsave_in_progress"] == "0" && p["aof_rewrite_in_progress"] == "0" &&
				p["aof_rewrite_scheduled"] == "0" {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatal("background persistence did not finish")
	}

	before, err := c.LastSave(ctx)
	if err != nil || before <= 0 {
		t.Fatalf("LastSave = %d, %v", before, err)
	}
	if ok, err := c.Save(ctx); err != nil || ok != "OK" {
		t.Fatalf("Save = %q, %v", ok, err)
	}
	if after, _ := c.LastSave(ctx); after < before {
		t.Fatalf("LastSave went back: %d -> %d", before, after)
	}
	if got, err := c.BgSave(ctx); err != nil || !strings.Contains(got, "Background saving") {
		t.Fatalf("BgSave = %q, %v", got, err)
	}
	waitIdle()
	if got, err := c.BgSaveSchedule(ctx); err != nil || !strings.Contains(got, "Background saving") {
		t.Fatalf("BgSaveSchedule = %q, %v", got, err)
	}
	waitIdle()
	_, err = c.BgSaveCancel(ctx) // nothing running or scheduled
	requireServerError(t, err, "ERR")
	if got, err := c.BgRewriteAof(ctx); err != nil || !strings.Contains(got, "rewriting") {
		t.Fatalf("BgRewriteAof = %q, %v", got, err)
	}
	waitIdle()

	if ok, err := c.ConfigResetStat(ctx); err != nil || ok != "OK" {
		t.Fatalf("ConfigResetStat = %q, %v", ok, err)
	}
	_, err = c.ConfigRewrite(ctx) // started without a config file
	requireServerError(t, err, "ERR")
}

func TestMemoryCommands(t *testing.T) {
	c, s := newTestClient(t)
	ctx := context.Background()
	fixture(t, s, "SET", testKey(t, "k"), "v")

	if got, err := c.MemoryDoctor(ctx); err != nil || got == "" {
		t.Fatalf("MemoryDoctor = %q, %v", got, err)
	}
	if got, err := c.MemoryMallocStats(ctx); err != nil || got == "" {
		t.Fatalf("MemoryMallocStats = %q, %v", got, err)
	}
	if ok, err := c.MemoryPurge(ctx); err != nil || ok != "OK" {
		t.Fatalf("MemoryPurge = %q, %v", ok, err)
	}
	st, err := c.MemoryStats(ctx)
	requireNoErr(t, "MemoryStats", err)
	if st.PeakAllocated <= 0 || st.TotalAllocated <= 0 || st.StartupAllocated <= 0 || st.OverheadTotal <= 0 ||
		st.KeysCount <= 0 || st.AllocatorAllocated <= 0 || st.DatasetPercentage <= 0 || st.Fragmentation <= 0 {
		t.Fatalf("MemoryStats = %+v", st)
	}
	if _, ok := st.Db[0]; !ok {
		t.Fatalf("MemoryStats has no db 0: %+v", st.Db)
	}
	// Valkey 8.0+ reports these; on older servers they are nil.
	for name, r := range map[string]bool{
		"OverheadDbHashtableLut": st.OverheadDbHashtableLut.IsNil(),
		"DbDictRehashingCount":   st.DbDictRehashingCount.IsNil(),
		"FunctionsCaches":        st.FunctionsCaches.IsNil(),
		"ClusterLinks":           st.ClusterLinks.IsNil(),
	} {
		if r {
			t.Errorf("MemoryStats.%s is nil on Valkey 9", name)
		}
	}
}

func TestLatencyCommands(t *testing.T) {
	// The latency monitor and its history are server-wide.
	c, _ := newDedicatedClient(t)
	ctx := context.Background()
	hist, err := c.LatencyHistory(ctx, "command")
	if err != nil || hist == nil || len(hist) != 0 {
		t.Fatalf("LatencyHistory(nothing yet) = %#v, %v", hist, err)
	}
	if _, err := c.ConfigSet(ctx, map[string]string{"latency-monitor-threshold": "1"}); err != nil {
		t.Fatal(err)
	}
	before := time.Now().Add(-time.Second).Unix()
	if _, err := c.CustomCommand(ctx, []string{"DEBUG", "SLEEP", "0.05"}); err != nil {
		t.Fatal(err)
	}
	hist, err = c.LatencyHistory(ctx, "command")
	if err != nil || len(hist) == 0 {
		t.Fatalf("LatencyHistory = %v, %v", hist, err)
	}
	if hist[0].Time.Unix() < before || hist[0].Duration < 40*time.Millisecond {
		t.Fatalf("LatencyHistory entry = %+v", hist[0])
	}
	latest, err := c.LatencyLatest(ctx)
	requireNoErr(t, "LatencyLatest", err)
	i := slices.IndexFunc(latest, func(e models.LatencyEventInfo) bool { return e.EventName == "command" })
	if i < 0 {
		t.Fatalf("LatencyLatest has no command event: %+v", latest)
	}
	e := latest[i]
	if e.LatestDuration < 40*time.Millisecond || e.MaxDuration < e.LatestDuration || e.LatestTime.Unix() < before ||
		e.Sum.IsNil() || e.Count.IsNil() || e.Count.Value() < 1 {
		t.Fatalf("LatencyLatest[command] = %+v", e)
	}
	if n, err := c.LatencyReset(ctx, "no-such-event"); err != nil || n != 0 {
		t.Fatalf("LatencyReset(unknown) = %d, %v", n, err)
	}
	if n, err := c.LatencyReset(ctx); err != nil || n < 1 {
		t.Fatalf("LatencyReset = %d, %v", n, err)
	}
	if hist, _ := c.LatencyHistory(ctx, "command"); len(hist) != 0 {
		t.Fatalf("history survived LatencyReset: %v", hist)
	}
}

func TestAcl(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	user := strings.ReplaceAll(testKey(t, "user"), "/", "_")
	t.Cleanup(func() { _, _ = c.AclDelUser(context.Background(), []string{user}) })

	if ok, err := c.AclSetUser(ctx, user, []string{"on", ">secret", "~k*", "+get"}); err != nil || ok != "OK" {
		t.Fatalf("AclSetUser = %q, %v", ok, err)
	}
	_, err := c.AclSetUser(ctx, user, []string{"+nosuchcommand"})
	requireServerError(t, err, "ERR")
	u, err := c.AclGetUser(ctx, user)
	m, isMap := u.(map[string]any)
	if err != nil || !isMap || m["flags"] == nil || m["commands"] == nil {
		t.Fatalf("AclGetUser = %#v, %v", u, err)
	}
	if u, err := c.AclGetUser(ctx, "no-such-user"); err != nil || u != nil {
		t.Fatalf("AclGetUser(unknown) = %#v, %v", u, err)
	}
	users, err := c.AclUsers(ctx)
	if err != nil || !slices.Contains(users, user) || !slices.Contains(users, "default") {
		t.Fatalf("AclUsers = %v, %v", users, err)
	}
	list, err := c.AclList(ctx)
	if err != nil || !slices.ContainsFunc(list, func(l string) bool { return strings.HasPrefix(l, "user "+user+" ") }) {
		t.Fatalf("AclList = %v, %v", list, err)
	}
	if who, err := c.AclWhoAmI(ctx); err != nil || who != "default" {
		t.Fatalf("AclWhoAmI = %q, %v", who, err)
	}
	cats, err := c.AclCat(ctx)
	if err != nil || !slices.Contains(cats, "string") {
		t.Fatalf("AclCat = %v, %v", cats, err)
	}
	cmds, err := c.AclCatWithCategory(ctx, "string")
	if err != nil || !slices.Contains(cmds, "get") {
		t.Fatalf("AclCat string = %v, %v", cmds, err)
	}
	_, err = c.AclCatWithCategory(ctx, "no-such-category")
	requireServerError(t, err, "ERR")

	if got, err := c.AclDryRun(ctx, user, "get", []string{"k1"}); err != nil || got != "OK" {
		t.Fatalf("AclDryRun(allowed) = %q, %v", got, err)
	}
	if got, err := c.AclDryRun(ctx, user, "set", []string{"k1", "v"}); err != nil || got == "OK" || got == "" {
		t.Fatalf("AclDryRun(denied) = %q, %v", got, err)
	}
	_, err = c.AclDryRun(ctx, "no-such-user", "get", []string{"k"})
	requireServerError(t, err, "ERR")

	if p, err := c.AclGenPass(ctx); err != nil || len(p) != 64 {
		t.Fatalf("AclGenPass = %q, %v", p, err)
	}
	if p, err := c.AclGenPassWithBits(ctx, 32); err != nil || len(p) != 8 {
		t.Fatalf("AclGenPass 32 = %q, %v", p, err)
	}
	_, err = c.AclGenPassWithBits(ctx, 0)
	requireServerError(t, err, "ERR")

	// A failed AUTH is an ACL log event.
	_, err = c.CustomCommand(ctx, []string{"AUTH", user, "wrong"})
	requireServerError(t, err, "WRONGPASS")
	log, err := c.AclLog(ctx)
	if err != nil || len(log) == 0 {
		t.Fatalf("AclLog = %v, %v", log, err)
	}
	if entry, ok := log[0].(map[string]any); !ok || entry["reason"] != "auth" {
		t.Fatalf("AclLog[0] = %#v", log[0])
	}
	if log, err := c.AclLogWithCount(ctx, 1); err != nil || len(log) != 1 {
		t.Fatalf("AclLogWithCount(1) = %v, %v", log, err)
	}
	if ok, err := c.AclLogReset(ctx); err != nil || ok != "OK" {
		t.Fatalf("AclLogReset = %q, %v", ok, err)
	}

	_, err = c.AclLoad(ctx) // no ACL file configured
	requireServerError(t, err, "ERR")
	_, err = c.AclSave(ctx)
	requireServerError(t, err, "ERR")

	if n, err := c.AclDelUser(ctx, []string{user, "no-such-user"}); err != nil || n != 1 {
		t.Fatalf("AclDelUser = %d, %v", n, err)
	}
}

func TestReplicationCommands(t *testing.T) {
	primary, ps := newDedicatedClient(t)
	replica, rs := newDedicatedClient(t)
	ctx := context.Background()

	_, err := primary.Failover(ctx) // no replicas yet
	requireServerError(t, err, "ERR")
	_, err = primary.FailoverWithOptions(ctx, options.NewFailoverOptionsWithAbort()) // none in progress
	requireServerError(t, err, "ERR")

	if ok, err := replica.ReplicaOf(ctx, ps.Host, ps.Port); err != nil || ok != "OK" {
		t.Fatalf("ReplicaOf = %q, %v", ok, err)
	}
	waitFor(t, "replica link", func() bool { return rs.Info(t, "replication")["master_link_status"] == "up" })
	if _, err := primary.Set(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if n, err := primary.Wait(ctx, 1, 5*time.Second); err != nil || n != 1 {
		t.Fatalf("Wait(1 replica) = %d, %v", n, err)
	}
	_, err = replica.Set(ctx, "k", "v")
	requireServerError(t, err, "READONLY")

	ok, err := primary.FailoverWithOptions(ctx, options.NewFailoverOptionsWithToAndTimeout(rs.Host, rs.Port, 5000))
	if err != nil || ok != "OK" {
		t.Fatalf("Failover TO = %q, %v", ok, err)
	}
	waitFor(t, "roles to swap", func() bool {
		return rs.Info(t, "replication")["role"] == "master" && ps.Info(t, "replication")["role"] == "slave"
	})
	if ok, err := primary.ReplicaOfNoOne(ctx); err != nil || ok != "OK" {
		t.Fatalf("ReplicaOfNoOne = %q, %v", ok, err)
	}
	waitFor(t, "old primary to lead again", func() bool { return ps.Info(t, "replication")["role"] == "master" })
	_, err = replica.ReplicaOf(ctx, ps.Host, -1)
	requireServerError(t, err, "ERR")
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRedis70Server(t *testing.T) {
	c, s := newRedisTestClient(t)
	ctx := context.Background()
	info, err := c.InfoWithOptions(ctx, options.InfoOptions{Sections: []constants.Section{constants.Server}})
	if err != nil || !strings.Contains(info, "redis_version:7.0") {
		t.Fatalf("Info = %.80q, %v", info, err)
	}
	got, err := c.ConfigGet(ctx, []string{"maxmemory"})
	if err != nil || got["maxmemory"] != "0" {
		t.Fatalf("ConfigGet = %v, %v", got, err)
	}
	if now, err := c.Time(ctx); err != nil || len(now) != 2 {
		t.Fatalf("Time = %v, %v", now, err)
	}
	if n, err := c.DBSize(ctx); err != nil || n < 0 {
		t.Fatalf("DBSize = %d, %v", n, err)
	}
	fixture(t, s, "SET", testKey(t, "k"), "v")
	st, err := c.MemoryStats(ctx)
	requireNoErr(t, "MemoryStats", err)
	if st.PeakAllocated <= 0 || st.DatasetPercentage <= 0 || len(st.Db) == 0 {
		t.Fatalf("MemoryStats = %+v", st)
	}
	if !st.OverheadDbHashtableLut.IsNil() || !st.AllocatorMuzzy.IsNil() {
		t.Fatalf("Redis 7.0 does not report Valkey 8 fields: %+v", st)
	}
	latest, err := c.LatencyLatest(ctx)
	requireNoErr(t, "LatencyLatest", err)
	for _, e := range latest {
		if !e.Sum.IsNil() || !e.Count.IsNil() {
			t.Fatalf("Redis 7.0 reports no sum/count: %+v", e)
		}
	}
	if art, err := c.Lolwut(ctx); err != nil || !strings.Contains(art, "Redis ver") {
		t.Fatalf("Lolwut = %q, %v", art, err)
	}
	if who, err := c.AclWhoAmI(ctx); err != nil || who != "default" {
		t.Fatalf("AclWhoAmI = %q, %v", who, err)
	}
	_, err = c.BgSaveCancel(ctx) // Valkey 8.1+ only
	requireServerError(t, err, "ERR")
}
