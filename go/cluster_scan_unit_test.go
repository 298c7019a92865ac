package valkite

import (
	"errors"
	"reflect"
	"testing"
)

func TestSlotSetBasics(t *testing.T) {
	var s slotSet
	if got := s.firstMissing(); got != 0 {
		t.Fatalf("empty set: firstMissing = %d, want 0", got)
	}
	s.addRange(0, 99)
	s.addRange(200, 200)
	s.addRange(16300, 16383)
	if got := s.firstMissing(); got != 100 {
		t.Fatalf("firstMissing = %d, want 100", got)
	}
	if got, want := s.ranges(), [][2]int{{0, 99}, {200, 200}, {16300, 16383}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ranges = %v, want %v", got, want)
	}
	if got := s.count(); got != 100+1+84 {
		t.Fatalf("count = %d", got)
	}
	c := s.complement()
	if c.has(50) || !c.has(150) || c.has(16383) {
		t.Fatal("complement is wrong")
	}
	var other slotSet
	other.addRange(50, 250)
	in := s.intersect(&other)
	if got, want := in.ranges(), [][2]int{{50, 99}, {200, 200}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("intersect = %v, want %v", got, want)
	}
	s.union(&c)
	if got := s.firstMissing(); got != -1 {
		t.Fatalf("full set: firstMissing = %d, want -1", got)
	}
}

func TestScanCursorRoundTrip(t *testing.T) {
	var st scanState
	st.scanned.addRange(0, 5460)
	st.scanned.addRange(9000, 9001)
	st.node = scanNode{host: "127.0.0.1", port: 30002, id: "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca",
		epoch: 12, cursor: "1234567"}
	st.node.owned.addRange(5461, 10922)

	text := st.encode()
	back, err := decodeScanCursor(text)
	if err != nil {
		t.Fatalf("decode(%q): %v", text, err)
	}
	if !reflect.DeepEqual(back, st) {
		t.Fatalf("round trip changed the state:\n got %+v\nwant %+v", back.node, st.node)
	}
	if len(text) > 200 {
		t.Fatalf("cursor of a typical state is %d bytes; ranges should keep it short", len(text))
	}

	var idle scanState
	idle.scanned.addRange(0, 100)
	if back, err := decodeScanCursor(idle.encode()); err != nil || !reflect.DeepEqual(back, idle) {
		t.Fatalf("idle state: %v, %+v", err, back)
	}
	if back, err := decodeScanCursor("0"); err != nil || back.node.active() || back.scanned.count() != 0 {
		t.Fatalf(`"0" must be a fresh state: %v`, err)
	}
}

func TestScanCursorRejectsGarbage(t *testing.T) {
	valid := func() string {
		var st scanState
		st.node = scanNode{host: "h", port: 1, id: "x", cursor: "5"}
		return st.encode()
	}()
	for _, text := range []string{
		"17",                 // a node cursor, not a cluster one
		"vk1.!!!",            // not base64
		"vk1.",               // empty
		"vk1.Ag",             // unknown version
		valid[:len(valid)-2], // truncated
		valid + "AA",         // trailing bytes
		"vk1.AQGAgAEAAA",     // range beyond the slot space
		"vk1.AQAC",           // bad node marker
		"vk1.AQABAQAAAAEBAA", // node without host
	} {
		if _, err := decodeScanCursor(text); !errors.Is(err, errBadScanCursor) {
			t.Errorf("decode(%q) = %v, want errBadScanCursor", text, err)
		}
	}
}

const nodesText = `` +
	"07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,host-b slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected\n" +
	"67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 myself,master - 0 1426238316232 2 connected 5461-10922 11000 [5500->-292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f] [12000-<-e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca]\n" +
	"292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383\n"

func TestParseMyself(t *testing.T) {
	self, err := parseMyself(nodesText)
	if err != nil {
		t.Fatal(err)
	}
	if self.id != "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1" || !self.primary || self.epoch != 2 {
		t.Fatalf("got %+v", self)
	}
	if got, want := self.claimed.ranges(), [][2]int{{5461, 10922}, {11000, 11000}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("claimed = %v, want %v", got, want)
	}
	if got, want := self.stable.ranges(), [][2]int{{5461, 5499}, {5501, 10922}, {11000, 11000}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("stable = %v, want %v (the migrating slot excluded, the importing one absent)", got, want)
	}

	replica := "07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004 myself,slave e7d1 0 0 4 connected\n"
	if self, err := parseMyself(replica); err != nil || self.primary || self.claimed.count() != 0 {
		t.Fatalf("replica: %v %+v", err, self)
	}
	if _, err := parseMyself("x 1.2.3.4:5@6 master - 0 0 1 connected 0-10\n"); err == nil {
		t.Fatal("a reply without a myself line must be an error")
	}
	if _, err := parseMyself("x 1.2.3.4:5@6 myself,master - 0 0 1 connected 9-2\n"); err == nil {
		t.Fatal("a reversed range must be an error")
	}
}

func TestShardsOf(t *testing.T) {
	shards := []map[string]any{
		{
			"slots": []any{int64(0), int64(99), int64(200), int64(299)},
			"nodes": []any{
				map[string]any{"id": "b", "endpoint": "10.0.0.2", "ip": "10.0.0.2", "port": int64(7001), "role": "replica", "health": "online"},
				map[string]any{"id": "a", "endpoint": "10.0.0.1", "ip": "10.0.0.1", "port": int64(7000), "role": "master", "health": "online"},
			},
		},
		{
			"slots": []any{"100", "199"}, // text bounds are accepted too
			"nodes": []any{
				map[string]any{"id": "c", "endpoint": "?", "ip": "10.0.0.3", "tls-port": int64(7400), "role": "master", "health": "online"},
			},
		},
		{
			"slots": []any{int64(300), int64(16383)},
			"nodes": []any{
				map[string]any{"id": "d", "endpoint": "10.0.0.4", "port": int64(7002), "role": "master", "health": "fail"},
				map[string]any{"id": "e", "endpoint": "10.0.0.5", "port": int64(7003), "role": "replica", "health": "online"},
			},
		},
	}
	got := shardsOf(shards)
	want := []struct {
		served bool
		ranges [][2]int
		nodes  []nodeAddr
	}{
		{true, [][2]int{{0, 99}, {200, 299}}, []nodeAddr{{"10.0.0.1", 7000}, {"10.0.0.2", 7001}}},
		{true, [][2]int{{100, 199}}, []nodeAddr{{"10.0.0.3", 7400}}},
		// The failed primary is no candidate; its replica may have been promoted since.
		{false, [][2]int{{300, 16383}}, []nodeAddr{{"10.0.0.5", 7003}}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d shards, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].served != w.served || !reflect.DeepEqual(got[i].slots.ranges(), w.ranges) || !reflect.DeepEqual(got[i].nodes, w.nodes) {
			t.Errorf("shard %d: served %v slots %v nodes %v; want %v %v %v",
				i, got[i].served, got[i].slots.ranges(), got[i].nodes, w.served, w.ranges, w.nodes)
		}
	}
}
