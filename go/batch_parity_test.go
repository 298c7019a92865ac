package valkite

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/valkite/valkite/go/pipeline"
)

// glideBatchMethodsFile lists GLIDE's batch methods with their parameter types.
const glideBatchMethodsFile = "pipeline/testdata/glide_batch_methods.txt"

// batchMethod is one line of glideBatchMethodsFile.
type batchMethod struct {
	owner  string   // BaseBatch, StandaloneBatch or ClusterBatch
	name   string   // method name
	params []string // parameter types as Go spells them ("...string" for variadic)
}

// batchKind is one of valkite's two batch types, with the client mode whose groups
// its methods belong to.
type batchKind struct {
	label string
	typ   reflect.Type
	mode  int
	owner string
}

var batchKinds = []batchKind{
	{"StandaloneBatch", reflect.TypeOf((*pipeline.StandaloneBatch)(nil)), onClient, "StandaloneBatch"},
	{"ClusterBatch", reflect.TypeOf((*pipeline.ClusterBatch)(nil)), onCluster, "ClusterBatch"},
}

// loadGlideBatchMethods parses glideBatchMethodsFile.
func loadGlideBatchMethods(t testing.TB) []batchMethod {
	t.Helper()
	f, err := os.Open(glideBatchMethodsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []batchMethod
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		m, err := parseBatchMethod(text)
		if err != nil {
			t.Fatalf("%s:%d: %v", glideBatchMethodsFile, line, err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// parseBatchMethod reads "Owner.Name(p1 T1, p2 T2)"; consecutive names sharing a type
// ("a, b string") are accepted as Go writes them.
func parseBatchMethod(s string) (batchMethod, error) {
	dot := strings.IndexByte(s, '.')
	open := strings.IndexByte(s, '(')
	if dot < 0 || open < dot || !strings.HasSuffix(s, ")") {
		return batchMethod{}, fmt.Errorf("not Owner.Name(params): %q", s)
	}
	m := batchMethod{owner: s[:dot], name: s[dot+1 : open]}
	inner := strings.TrimSpace(s[open+1 : len(s)-1])
	if inner == "" {
		return m, nil
	}
	pending := 0 // names seen without a type yet
	for _, item := range strings.Split(inner, ",") {
		fields := strings.Fields(item)
		switch len(fields) {
		case 1:
			pending++
		case 2:
			for ; pending >= 0; pending-- {
				m.params = append(m.params, fields[1])
			}
			pending = 0
		default:
			return batchMethod{}, fmt.Errorf("cannot read parameter %q in %q", item, s)
		}
	}
	if pending != 0 {
		return batchMethod{}, fmt.Errorf("parameter without a type in %q", s)
	}
	return m, nil
}

// forKind is GLIDE's batch method set of one batch type: the BaseBatch methods, with
// those the batch type redeclares replaced by its own.
func forKind(all []batchMethod, kind batchKind) map[string]batchMethod {
	out := map[string]batchMethod{}
	for _, m := range all {
		if m.owner == "BaseBatch" {
			if _, ok := out[m.name]; !ok {
				out[m.name] = m
			}
		}
	}
	for _, m := range all {
		if m.owner == kind.owner {
			out[m.name] = m
		}
	}
	return out
}

// renderParams spells a method's parameters (receiver dropped) as the data file does.
func renderParams(t reflect.Type) []string {
	out := make([]string, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		s := t.In(i).String()
		if t.IsVariadic() && i == t.NumIn()-1 {
			s = "..." + t.In(i).Elem().String()
		}
		out = append(out, s)
	}
	return out
}

// batchGap says how valkite's batch method differs from GLIDE's: "" when it exists with
// the same parameter types and returns the batch itself.
func batchGap(kind batchKind, want batchMethod) string {
	got, ok := kind.typ.MethodByName(want.name)
	if !ok {
		return "missing"
	}
	have := renderParams(got.Type)
	if strings.Join(have, ", ") != strings.Join(want.params, ", ") {
		return fmt.Sprintf("parameters differ: have (%s), want (%s)",
			strings.Join(have, ", "), strings.Join(want.params, ", "))
	}
	if got.Type.NumOut() != 1 || got.Type.Out(0) != kind.typ {
		return fmt.Sprintf("must return only %s", kind.typ)
	}
	return ""
}

// batchGroup is the client-interface group a batch method belongs to: the first group
// (in ifaceGroups order) of the batch's mode that declares a method of that name, else
// the first group of any mode, else "".
func batchGroup(kind batchKind, name string) string {
	for _, modeFirst := range []bool{true, false} {
		for i := range ifaceGroups {
			g := &ifaceGroups[i]
			if modeFirst && g.modes&kind.mode == 0 {
				continue
			}
			for _, m := range g.ownMethods() {
				if m.Name == name {
					return g.name
				}
			}
		}
	}
	return ""
}

// TestBatchParity checks valkite's batches against GLIDE's batch method list: each
// method must exist on StandaloneBatch and ClusterBatch with GLIDE's parameter types and
// return the batch. Gaps fail the test for methods of a complete group (blocking
// commands excepted) and are logged, counted per group, for the others.
func TestBatchParity(t *testing.T) {
	all := loadGlideBatchMethods(t)
	if len(all) < 300 {
		t.Fatalf("%s holds %d methods; GLIDE's batches have about 300", glideBatchMethodsFile, len(all))
	}
	for _, kind := range batchKinds {
		methods := forKind(all, kind)
		perGroup := map[string][]string{}
		for _, name := range sortedKeys(methods) {
			gap := batchGap(kind, methods[name])
			if gap == "" {
				continue
			}
			group := batchGroup(kind, name)
			if isComplete(group) && !blockingDeferred[name] {
				t.Errorf("%s.%s (%s): %s", kind.label, name, group, gap)
				continue
			}
			if group == "" {
				group = "(no client group)"
			}
			perGroup[group] = append(perGroup[group], name)
		}
		for _, group := range sortedKeys(perGroup) {
			t.Logf("%s: %d %s methods missing or different: %s",
				kind.label, len(perGroup[group]), group, strings.Join(perGroup[group], ", "))
		}
		var extra []string
		for i := 0; i < kind.typ.NumMethod(); i++ {
			if name := kind.typ.Method(i).Name; methods[name].name == "" {
				extra = append(extra, name)
			}
		}
		if len(extra) > 0 {
			t.Logf("%s: methods GLIDE's batch does not have: %s", kind.label, strings.Join(extra, ", "))
		}
	}
}

// TestBatchTwinsOfCompleteGroups approaches the same from the client side: every
// method of a complete group that GLIDE's batch also offers must exist on valkite's
// batch of that mode, whichever group batchGroup would file it under.
func TestBatchTwinsOfCompleteGroups(t *testing.T) {
	all := loadGlideBatchMethods(t)
	for _, kind := range batchKinds {
		methods := forKind(all, kind)
		for _, name := range completeGroups {
			g := findGroup(name)
			if g == nil || g.modes&kind.mode == 0 {
				continue
			}
			for _, m := range g.ownMethods() {
				want, inBatch := methods[m.Name]
				if !inBatch || blockingDeferred[m.Name] {
					continue
				}
				if gap := batchGap(kind, want); gap != "" {
					t.Errorf("%s.%s, twin of %s.%s: %s", kind.label, m.Name, g.name, m.Name, gap)
				}
			}
		}
	}
}

// batchTwins counts, for the docs, GLIDE's batch methods filed under each group per
// batch kind: how many GLIDE has and how many valkite's batch has.
func batchTwins(t testing.TB) map[string]map[string][2]int {
	all := loadGlideBatchMethods(t)
	out := map[string]map[string][2]int{} // group -> kind label -> {have, glide}
	for _, kind := range batchKinds {
		methods := forKind(all, kind)
		names := sortedKeys(methods)
		sort.Strings(names)
		for _, name := range names {
			group := batchGroup(kind, name)
			if group == "" {
				group = "(no client group)"
			}
			if out[group] == nil {
				out[group] = map[string][2]int{}
			}
			c := out[group][kind.label]
			c[1]++
			if batchGap(kind, methods[name]) == "" {
				c[0]++
			}
			out[group][kind.label] = c
		}
	}
	return out
}
