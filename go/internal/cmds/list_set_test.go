package cmds

import (
	"reflect"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/internal/resp"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Argument vectors of the List and Set constructors whose layout carries more than
// the key: counts, option keywords, numkeys. Server behaviour is covered by the
// integration tests in the root package.
func TestListSetArgumentVectors(t *testing.T) {
	rankMax := *options.NewLPosOptions().SetRank(-2).SetMaxLen(0)
	cases := []struct {
		name string
		got  []string
		want []string
	}{
		{"LPush", LPush("k", []string{"a", "b"}).Args, []string{"LPUSH", "k", "a", "b"}},
		{"RPushX", RPushX("k", []string{""}).Args, []string{"RPUSHX", "k", ""}},
		{"LPopCount 0", LPopCount("k", 0).Args, []string{"LPOP", "k", "0"}},
		{"RPopCount", RPopCount("k", 3).Args, []string{"RPOP", "k", "3"}},
		{"LPosWithOptions", LPosWithOptions("k", "e", rankMax).Args,
			[]string{"LPOS", "k", "e", "RANK", "-2", "MAXLEN", "0"}},
		{"LPosCount", LPosCount("k", "e", 0).Args, []string{"LPOS", "k", "e", "COUNT", "0"}},
		{"LPosCountWithOptions", LPosCountWithOptions("k", "e", 2, *options.NewLPosOptions().SetRank(1)).Args,
			[]string{"LPOS", "k", "e", "COUNT", "2", "RANK", "1"}},
		{"LRange", LRange("k", 0, -1).Args, []string{"LRANGE", "k", "0", "-1"}},
		{"LRem", LRem("k", -2, "x").Args, []string{"LREM", "k", "-2", "x"}},
		{"LInsert", LInsert("k", constants.After, "p", "e").Args, []string{"LINSERT", "k", "AFTER", "p", "e"}},
		{"LMove", LMove("s", "d", constants.Right, constants.Left).Args, []string{"LMOVE", "s", "d", "RIGHT", "LEFT"}},
		{"LMPop", LMPop([]string{"a", "b"}, constants.Left).Args, []string{"LMPOP", "2", "a", "b", "LEFT"}},
		{"LMPopCount", LMPopCount([]string{"a"}, constants.Right, 5).Args,
			[]string{"LMPOP", "1", "a", "RIGHT", "COUNT", "5"}},
		{"SInterCard", SInterCard([]string{"a", "b"}).Args, []string{"SINTERCARD", "2", "a", "b"}},
		{"SInterCardLimit 0", SInterCardLimit([]string{"a"}, 0).Args, []string{"SINTERCARD", "1", "a", "LIMIT", "0"}},
		{"SDiffStore", SDiffStore("d", []string{"a", "b"}).Args, []string{"SDIFFSTORE", "d", "a", "b"}},
		{"SRandMemberCount negative", SRandMemberCount("k", -3).Args, []string{"SRANDMEMBER", "k", "-3"}},
		{"SPopCount", SPopCount("k", 2).Args, []string{"SPOP", "k", "2"}},
		{"SScan", SScan("k", "0").Args, []string{"SSCAN", "k", "0"}},
		{"SScanWithOptions", SScanWithOptions("k", "17", *options.NewBaseScanOptions().SetMatch("m*").SetCount(4)).Args,
			[]string{"SSCAN", "k", "17", "MATCH", "m*", "COUNT", "4"}},
		{"SMove", SMove("s", "d", "m").Args, []string{"SMOVE", "s", "d", "m"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: args %q, want %q", c.name, c.got, c.want)
		}
	}
}

// Arguments the server would refuse are refused when the command is built, with an
// error naming the argument, and such a command is marked invalid (never sent).
func TestListSetArgumentErrors(t *testing.T) {
	type built interface{ Invalid() bool }
	errOf := func(c any) error {
		switch c := c.(type) {
		case Cmd[int64]:
			_, err := c.Decode(nil)
			return err
		case Cmd[[]string]:
			_, err := c.Decode(nil)
			return err
		case Cmd[[]int64]:
			_, err := c.Decode(nil)
			return err
		case Cmd[[]bool]:
			_, err := c.Decode(nil)
			return err
		case Cmd[models.Result[int64]]:
			_, err := c.Decode(nil)
			return err
		case Cmd[models.Result[string]]:
			_, err := c.Decode(nil)
			return err
		case Cmd[[]models.KeyValues]:
			_, err := c.Decode(nil)
			return err
		case Cmd[map[string]struct{}]:
			_, err := c.Decode(nil)
			return err
		case Cmd[models.ScanResult]:
			_, err := c.Decode(nil)
			return err
		}
		t.Fatalf("unexpected command type %T", c)
		return nil
	}
	cases := []struct {
		name  string
		cmd   built
		names string // what the error must mention
	}{
		{"LPush no elements", LPush("k", nil), "elements"},
		{"RPush no elements", RPush("k", []string{}), "elements"},
		{"LPushX no elements", LPushX("k", nil), "elements"},
		{"RPushX no elements", RPushX("k", nil), "elements"},
		{"LPopCount negative", LPopCount("k", -1), "count"},
		{"RPopCount negative", RPopCount("k", -1), "count"},
		{"LPosCount negative", LPosCount("k", "e", -1), "count"},
		{"LPosCountWithOptions negative", LPosCountWithOptions("k", "e", -1, options.LPosOptions{}), "count"},
		{"LPos rank 0", LPosWithOptions("k", "e", *options.NewLPosOptions().SetRank(0)), "rank"},
		{"LPos maxlen negative", LPosWithOptions("k", "e", *options.NewLPosOptions().SetMaxLen(-1)), "maxLen"},
		{"LInsert bad position", LInsert("k", constants.InsertPosition("MIDDLE"), "p", "e"), "insert position"},
		{"LMove bad direction", LMove("s", "d", constants.ListDirection("UP"), constants.Left), "list direction"},
		{"LMPop no keys", LMPop(nil, constants.Left), "keys"},
		{"LMPop bad direction", LMPop([]string{"a"}, constants.ListDirection("")), "list direction"},
		{"LMPopCount zero", LMPopCount([]string{"a"}, constants.Left, 0), "count"},
		{"LMPopCount negative", LMPopCount([]string{"a"}, constants.Left, -4), "count"},
		{"SAdd no members", SAdd("k", nil), "members"},
		{"SRem no members", SRem("k", nil), "members"},
		{"SMIsMember no members", SMIsMember("k", nil), "members"},
		{"SDiff no keys", SDiff(nil), "keys"},
		{"SInter no keys", SInter([]string{}), "keys"},
		{"SUnion no keys", SUnion(nil), "keys"},
		{"SDiffStore no keys", SDiffStore("d", nil), "keys"},
		{"SInterStore no keys", SInterStore("d", nil), "keys"},
		{"SUnionStore no keys", SUnionStore("d", nil), "keys"},
		{"SInterCard no keys", SInterCard(nil), "keys"},
		{"SInterCardLimit negative", SInterCardLimit([]string{"a"}, -1), "limit"},
		{"SPopCount negative", SPopCount("k", -1), "count"},
		{"SScan negative count", SScanWithOptions("k", "0", options.BaseScanOptions{Count: -1}), "count"},
	}
	for _, c := range cases {
		if !c.cmd.Invalid() {
			t.Errorf("%s: command is not marked invalid", c.name)
			continue
		}
		err := errOf(c.cmd)
		if err == nil || !strings.Contains(err.Error(), c.names) {
			t.Errorf("%s: error %v should name %q", c.name, err, c.names)
		}
	}
}

func TestDecodeKeyValues(t *testing.T) {
	var r resp.Reader
	r.Reset([]byte("*2\r\n$1\r\nk\r\n*2\r\n$1\r\na\r\n$0\r\n\r\n"))
	got, err := DecodeKeyValues(&r)
	want := []models.KeyValues{{Key: "k", Values: []string{"a", ""}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeKeyValues = %#v, %v; want %#v", got, err, want)
	}
	for _, null := range []string{"*-1\r\n", "_\r\n"} {
		r.Reset([]byte(null))
		got, err = DecodeKeyValues(&r)
		if err != nil || got != nil {
			t.Fatalf("DecodeKeyValues(%q) = %#v, %v; want nil", null, got, err)
		}
	}
	r.Reset([]byte("*1\r\n$1\r\nk\r\n"))
	if _, err := DecodeKeyValues(&r); err == nil {
		t.Fatal("a one-element reply must be a protocol error")
	}
}
