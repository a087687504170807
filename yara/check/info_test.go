package check

import (
	"reflect"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

const infoSrc = `
import "tests"
rule r1 { condition: true }
rule r2 {
  strings:
    $a = "abc"
    $b1 = "def"
    $b2 = "ghi"
  condition:
    r1 and ext_int == 1 and tests.constants.one == 1 and
    (2 + 3) * 4 == 20 and
    for any i in tests.integer_array : (i == 1) and
    for all of ($b*) : ($ and # == 1) and
    1 of (r*) and $a
}
`

// TestInfo checks what Info records for a small program.
func TestInfo(t *testing.T) {
	info, perrs, cerrs := checkSource("info.yar", []byte(infoSrc), externalsOf(t, "ext_int=1"))
	if perrs.HasErrors() || cerrs.HasErrors() {
		t.Fatalf("unexpected errors: %v %v", perrs, cerrs)
	}
	var r1, r2 *syntax.Rule
	for r := range info.Rules {
		switch r.Name.Name {
		case "r1":
			r1 = r
		case "r2":
			r2 = r
		}
	}
	if r1 == nil || r2 == nil {
		t.Fatal("rules missing from Info.Rules")
	}
	if got := info.Rules[r2].Imports; !reflect.DeepEqual(got, []string{"tests"}) {
		t.Errorf("imports of r2 = %v", got)
	}

	uses := map[string]ObjKind{}
	for id, obj := range info.Uses {
		uses[id.Name] = obj.Kind
		if id.Name == "r1" && obj.Rule != r1 {
			t.Errorf("r1 resolves to %v", obj.Rule)
		}
		if id.Name == "ext_int" && obj.External != int64(1) {
			t.Errorf("ext_int value = %v", obj.External)
		}
		if id.Name == "i" && (obj.Loop == nil || obj.Type.Kind != types.Integer) {
			t.Errorf("loop variable i = %+v", obj)
		}
	}
	want := map[string]ObjKind{
		"r1": ObjRule, "ext_int": ObjExternal, "tests": ObjModule, "constants": ObjField,
		"one": ObjField, "integer_array": ObjField, "i": ObjLoopVar,
	}
	for name, k := range want {
		if uses[name] != k {
			t.Errorf("Uses[%s] kind = %v, want %v", name, uses[name], k)
		}
	}
	if len(info.Defs) != 1 {
		t.Errorf("Defs has %d entries, want 1", len(info.Defs))
	}

	var sawFold, sawLoopString, sawA bool
	for e, tv := range info.Types {
		if b, ok := e.(*syntax.BinaryExpr); ok && b.Op == syntax.MUL {
			sawFold = true
			if tv.Value == nil || tv.Value.Int != 20 || tv.Type.Kind != types.Integer {
				t.Errorf("(2 + 3) * 4 folded to %+v", tv.Value)
			}
		}
	}
	for e, target := range info.Strings {
		switch e := e.(type) {
		case *syntax.StringRef:
			if e.Name == "$" {
				sawLoopString = target.Def == nil && target.Loop != nil
			}
			if e.Name == "$a" {
				sawA = target.Def == r2.Strings[0]
			}
		}
	}
	if !sawFold || !sawLoopString || !sawA {
		t.Errorf("fold %v, loop string %v, $a %v", sawFold, sawLoopString, sawA)
	}
	for set, defs := range info.Sets {
		if len(set.Items) == 1 && set.Items[0].Name == "$b*" {
			if !reflect.DeepEqual(defs, r2.Strings[1:]) {
				t.Errorf("($b*) = %v", defs)
			}
		}
	}
	if len(info.RuleSets) != 1 {
		t.Fatalf("RuleSets has %d entries", len(info.RuleSets))
	}
	for _, rules := range info.RuleSets {
		if !reflect.DeepEqual(rules, []*syntax.Rule{r1, r2}) {
			t.Errorf("(r*) = %v", rules)
		}
	}
}

// TestParseExternal checks how -d values are typed.
func TestParseExternal(t *testing.T) {
	tests := []struct {
		in    string
		name  string
		value any
		err   bool
	}{
		{"a=true", "a", true, false},
		{"a=false", "a", false, false},
		{"a=True", "a", "True", false},
		{"a=-5", "a", int64(-5), false},
		{"a=42", "a", int64(42), false},
		{"a=+5", "a", "+5", false},
		{"a=0x10", "a", "0x10", false},
		{"a=1.5", "a", 1.5, false},
		{"a=-1.5", "a", -1.5, false},
		{"a=1.", "a", 1.0, false},
		{"a=.5", "a", ".5", false},
		{"a=1.2.3", "a", "1.2.3", false},
		{"a=1e5", "a", "1e5", false},
		{`a="x"`, "a", `"x"`, false},
		{"a=", "a", "", false},
		{"a=b=c", "a", "b=c", false},
		{"a=99999999999999999999", "", nil, true},
		{"a", "", nil, true},
		{"=1", "", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			name, v, err := ParseExternal(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if name != tc.name || v != tc.value {
				t.Errorf("got %q=%#v, want %q=%#v", name, v, tc.name, tc.value)
			}
		})
	}
}

// TestBadExternal checks that an external of an unsupported Go type is reported.
func TestBadExternal(t *testing.T) {
	_, _, cerrs := checkSource("x.yar", []byte(`rule t { condition: true }`), map[string]any{"x": []int{1}})
	if !hasCode(cerrs, CodeExternal) {
		t.Errorf("want %s, got %v", CodeExternal, cerrs)
	}
}

// TestNilInputs checks that Check tolerates a nil program and config.
func TestNilInputs(t *testing.T) {
	info, diags := Check(nil, nil, nil)
	if info == nil || len(diags) != 0 {
		t.Errorf("Check(nil, nil, nil) = %v, %v", info, diags)
	}
}
