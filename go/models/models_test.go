package models

import (
	"reflect"
	"testing"
)

func TestResultConstructors(t *testing.T) {
	if r := CreateStringResult(""); r.IsNil() || r.Value() != "" {
		t.Fatalf("present empty string must not be nil: %+v", r)
	}
	if r := CreateNilStringResult(); !r.IsNil() || r.Value() != "" {
		t.Fatalf("nil string: %+v", r)
	}
	if r := CreateInt64Result(7); r.IsNil() || r.Value() != 7 {
		t.Fatalf("int64: %+v", r)
	}
	if r := CreateNilFloat64Result(); !r.IsNil() || r.Value() != 0 {
		t.Fatalf("nil float: %+v", r)
	}
	if r := CreateRankAndScoreResult(3, 1.5); r.IsNil() || r.Value() != (RankAndScore{Rank: 3, Score: 1.5}) {
		t.Fatalf("rank and score: %+v", r)
	}
	if r := CreateNilKeyWithArrayOfMembersAndScoresResult(); !r.IsNil() || r.Value().MembersAndScores != nil {
		t.Fatalf("nil zmpop: %+v", r)
	}
	var zero Result[string]
	if zero.IsNil() {
		t.Fatal("the zero Result is a present zero value, not nil")
	}
}

func TestClusterValueVariants(t *testing.T) {
	single := CreateClusterSingleValue("PONG")
	if !single.IsSingleValue() || single.IsMultiValue() || single.IsEmpty() || single.SingleValue() != "PONG" {
		t.Fatalf("single: %+v", single)
	}
	multi := CreateClusterMultiValue(map[string]int64{"a:1": 1, "b:2": 2})
	if !multi.IsMultiValue() || multi.ValueType() != MultiValue || len(multi.MultiValue()) != 2 {
		t.Fatalf("multi: %+v", multi)
	}
	if e := CreateEmptyClusterValue[string](); !e.IsEmpty() || e.ValueType() != NoValue {
		t.Fatalf("empty: %+v", e)
	}
}

func TestCreateClusterValueFromDynamic(t *testing.T) {
	tests := []struct {
		name string
		data any
		want ValueType
	}{
		{"nil", nil, NoValue},
		{"single", "x", SingleValue},
		{"any map", map[string]any{"n1:1": "x", "n2:2": "y"}, MultiValue},
		{"typed map", map[string]string{"n1:1": "x"}, MultiValue},
		{"wrong type", 42, NoValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CreateClusterValue[string](tt.data)
			if got.ValueType() != tt.want {
				t.Fatalf("got %v, want %v", got.ValueType(), tt.want)
			}
		})
	}
	got := CreateClusterValue[string](map[string]any{"n1:1": "x"})
	if got.MultiValue()["n1:1"] != "x" {
		t.Fatalf("values must be converted: %+v", got.MultiValue())
	}
}

func TestCursor(t *testing.T) {
	c := NewCursor()
	if c.IsFinished() || c.String() != "0" || c.GetCursor() != "0" {
		t.Fatalf("new cursor: %+v", c)
	}
	if !NewCursorFromString("0").IsFinished() {
		t.Fatal(`"0" read back from the server ends the scan`)
	}
	if NewCursorFromString("17").IsFinished() {
		t.Fatal("non-zero cursor is not finished")
	}
}

func TestClusterScanCursor(t *testing.T) {
	if c := NewClusterScanCursor(); c.IsFinished() || c.GetCursor() != "0" {
		t.Fatalf("new: %+v", c)
	}
	if !NewClusterScanCursorWithId(FINISHED_SCAN_CURSOR).IsFinished() {
		t.Fatal("finished id must report finished")
	}
}

func TestFlatArrayToMap(t *testing.T) {
	got := FlatArrayToMap([]any{"a", 1, int64(5), "v", "dangling"})
	want := map[string]any{"a": 1, "2": "v"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestFunctionListQueryArgs(t *testing.T) {
	tests := []struct {
		q    FunctionListQuery
		want []string
	}{
		{FunctionListQuery{}, []string{}},
		{FunctionListQuery{LibraryName: "lib*"}, []string{"LIBRARYNAME", "lib*"}},
		{FunctionListQuery{LibraryName: "l", WithCode: true}, []string{"LIBRARYNAME", "l", "WITHCODE"}},
	}
	for _, tt := range tests {
		if got := tt.q.ToArgs(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v: got %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestPubSubMessage(t *testing.T) {
	m := NewPubSubMessage("hi", "ch")
	if !m.Pattern.IsNil() {
		t.Fatal("exact-channel message has no pattern")
	}
	p := NewPubSubMessageWithPattern("hi", "ch.1", CreateStringResult("ch.*"))
	if p.Pattern.Value() != "ch.*" {
		t.Fatalf("pattern: %+v", p)
	}
	if s := m.ToString(); s == "" {
		t.Fatal("ToString must render JSON")
	}
	if s := NewPubSubState(); s.DesiredSubscriptions == nil || s.ActualSubscriptions == nil {
		t.Fatal("maps must be allocated")
	}
	if got := CreateNilXPendingSummary(); !got.StartId.IsNil() || !got.EndId.IsNil() || got.ConsumerMessages == nil {
		t.Fatalf("nil summary: %+v", got)
	}
}
