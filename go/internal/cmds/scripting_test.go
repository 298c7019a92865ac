package cmds

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/valkite/valkite/go/constants"
	"github.com/valkite/valkite/go/models"
	"github.com/valkite/valkite/go/options"
)

// Scripting decoders over hand-written frames in both protocols: FUNCTION LIST and
// FUNCTION STATS come as RESP3 maps and sets, or as RESP2 flat key/value arrays.

func fBulk(s string) string { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }

func fAgg(kind byte, n int, items ...string) string {
	return string(kind) + strconv.Itoa(n) + "\r\n" + strings.Join(items, "")
}

func fArr(items ...string) string { return fAgg('*', len(items), items...) }

// fMap is a RESP3 map (resp3) or the RESP2 flat array of the same pairs.
func fMap(resp3 bool, kv ...string) string {
	if resp3 {
		return fAgg('%', len(kv)/2, kv...)
	}
	return fArr(kv...)
}

func fSet(resp3 bool, items ...string) string {
	if resp3 {
		return fAgg('~', len(items), items...)
	}
	return fArr(items...)
}

func TestDecodeFunctionListBothProtocols(t *testing.T) {
	want := []models.LibraryInfo{{
		Name: "lib", Engine: "LUA", Code: "#!lua name=lib ...",
		Functions: []models.FunctionInfo{
			{Name: "f1", Description: "does f1", Flags: []string{"no-writes"}},
			{Name: "f2", Flags: []string{}},
		},
	}}
	for _, resp3 := range []bool{true, false} {
		nilDesc := "_\r\n"
		if !resp3 {
			nilDesc = "$-1\r\n"
		}
		frame := fArr(fMap(resp3,
			fBulk("library_name"), fBulk("lib"),
			fBulk("engine"), fBulk("LUA"),
			fBulk("functions"), fArr(
				fMap(resp3, fBulk("name"), fBulk("f1"), fBulk("description"), fBulk("does f1"), fBulk("flags"), fSet(resp3, fBulk("no-writes"))),
				fMap(resp3, fBulk("name"), fBulk("f2"), fBulk("description"), nilDesc, fBulk("flags"), fSet(resp3)),
			),
			fBulk("library_code"), fBulk("#!lua name=lib ..."),
		))
		got, err := decode(t, DecodeFunctionList, frame)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("resp3=%v: %+v, %v", resp3, got, err)
		}
	}
	got, err := decode(t, DecodeFunctionList, "*0\r\n")
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty list: %#v, %v", got, err)
	}
	if _, err := decode(t, DecodeFunctionList, ":1\r\n"); err == nil {
		t.Error("an integer is not a library list")
	}
}

func TestDecodeFunctionStatsBothProtocols(t *testing.T) {
	want := models.FunctionStatsResult{
		Engines: map[string]models.Engine{"LUA": {Language: "LUA", FunctionCount: 3, LibraryCount: 1}},
		RunningScript: models.RunningScript{
			Name: "spin", Cmd: "FCALL_RO", Args: []string{"spin", "0"}, Duration: 1500 * time.Millisecond,
		},
	}
	for _, resp3 := range []bool{true, false} {
		frame := fMap(resp3,
			fBulk("running_script"), fMap(resp3,
				fBulk("name"), fBulk("spin"),
				fBulk("command"), fArr(fBulk("FCALL_RO"), fBulk("spin"), fBulk("0")),
				fBulk("duration_ms"), ":1500\r\n"),
			fBulk("engines"), fMap(resp3,
				fBulk("LUA"), fMap(resp3, fBulk("libraries_count"), ":1\r\n", fBulk("functions_count"), ":3\r\n")),
		)
		got, err := decode(t, DecodeFunctionStats, frame)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("resp3=%v: %+v, %v", resp3, got, err)
		}
		idle := fMap(resp3, fBulk("running_script"), "$-1\r\n", fBulk("engines"), fMap(resp3))
		got, err = decode(t, DecodeFunctionStats, idle)
		if err != nil || !reflect.DeepEqual(got, models.FunctionStatsResult{Engines: map[string]models.Engine{}}) {
			t.Errorf("idle resp3=%v: %+v, %v", resp3, got, err)
		}
	}
}

func TestScriptingArgumentVectors(t *testing.T) {
	cases := []struct {
		got  []string
		want []string
	}{
		{EvalSha("h", []string{"k1", "k2"}, []string{"a"}).Args, []string{"EVALSHA", "h", "2", "k1", "k2", "a"}},
		{EvalSha("h", nil, nil).Args, []string{"EVALSHA", "h", "0"}},
		{FCall("f", nil, []string{"a"}).Args, []string{"FCALL", "f", "0", "a"}},
		{FCallReadOnly("f", []string{"k"}, nil).Args, []string{"FCALL_RO", "f", "1", "k"}},
		{FunctionLoad("code", true).Args, []string{"FUNCTION", "LOAD", "REPLACE", "code"}},
		{FunctionLoad("code", false).Args, []string{"FUNCTION", "LOAD", "code"}},
		{FunctionFlush("").Args, []string{"FUNCTION", "FLUSH"}},
		{FunctionFlush(options.ASYNC).Args, []string{"FUNCTION", "FLUSH", "ASYNC"}},
		{ScriptFlushWithMode("").Args, []string{"SCRIPT", "FLUSH"}},
		{ScriptFlushWithMode(options.SYNC).Args, []string{"SCRIPT", "FLUSH", "SYNC"}},
		{FunctionRestoreWithPolicy("p", constants.FlushPolicy).Args, []string{"FUNCTION", "RESTORE", "p", "FLUSH"}},
		{FunctionList(models.FunctionListQuery{LibraryName: "l*", WithCode: true}).Args, []string{"FUNCTION", "LIST", "LIBRARYNAME", "l*", "WITHCODE"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	if !FunctionRestoreWithPolicy("p", "BOGUS").Invalid() {
		t.Error("an unknown restore policy must be refused before sending")
	}
}
