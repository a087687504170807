package modtest

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

func TestDump(t *testing.T) {
	inner := types.NewStruct("inner",
		&types.Field{Name: "n", Type: &types.Type{Kind: types.Integer}},
	)
	s := types.NewStruct("m",
		&types.Field{Name: "i", Type: &types.Type{Kind: types.Integer}},
		&types.Field{Name: "f", Type: &types.Type{Kind: types.Float}},
		&types.Field{Name: "s", Type: &types.Type{Kind: types.String}},
		&types.Field{Name: "a", Type: &types.Type{Kind: types.Array, Elem: &types.Type{Kind: types.Structure, Struct: inner}}},
		&types.Field{Name: "d", Type: &types.Type{Kind: types.Dictionary, Elem: &types.Type{Kind: types.String}}},
		&types.Field{Name: "c", Type: &types.Type{Kind: types.Integer}, Const: &types.Value{Kind: types.Integer, Int: 1}},
		&types.Field{Name: "u", Type: &types.Type{Kind: types.Integer}},
	)
	root := object.NewNode(s)
	root.SetInt("i", 7)
	root.Set("f", object.Float(1.5))
	root.SetStr("s", []byte("a\"b"))
	arr := root.StructArray("a")
	arr.Add().SetInt("n", 3)
	arr.Value.Append(nil)
	arr.Add()
	d := object.NewDict()
	d.Set("k", object.String("v"))
	root.Set("d", d)
	root.Set("c", object.Int(9))
	typ := &types.Type{Kind: types.Structure, Struct: s}
	tests := []struct {
		name, path string
		want       []string
	}{
		{"bare", "", []string{`i = 7`, `f = 1.5`, `s = "a\"b"`, `a[000].n = 3`, `d["k"] = "v"`}},
		{"prefixed", "m", []string{`m.i = 7`, `m.f = 1.5`, `m.s = "a\"b"`, `m.a[000].n = 3`, `m.d["k"] = "v"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Dump(nil, tc.path, root.Value, typ, strconv.Quote)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestVariants(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "s")
	data := make([]byte, 150)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	mut := func(b []byte) []Mutation { return []Mutation{{Name: "x", Data: b[:1]}} }
	got := Variants(t, dir, src, mut)
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	want := []string{"s.trunc20", "s.trunc60", "s.trunc100", "s.trunc75", "s.trunc149", "s.x"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("got %q, want %q", names, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "s.trunc60"))
	if err != nil || len(b) != 60 {
		t.Errorf("s.trunc60: %d bytes, %v", len(b), err)
	}
}

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors int
	fatal  bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.errors++ }
func (r *recorder) Fatalf(string, ...any) { r.fatal = true; panic(r) }

func TestCompare(t *testing.T) {
	tests := []struct {
		name      string
		ordered   bool
		want, got []string
		errs      int
		fatal     bool
	}{
		{"counts-same", false, []string{"a", "b", "a"}, []string{"a", "a", "b"}, 0, false},
		{"counts-missing", false, []string{"a", "b"}, []string{"a"}, 1, false},
		{"counts-extra-dup", false, []string{"a"}, []string{"a", "a", "c"}, 2, false},
		{"ordered-same", true, []string{"a", "b"}, []string{"a", "b"}, 0, false},
		{"ordered-swapped", true, []string{"a", "b"}, []string{"b", "a"}, 0, true},
		{"ordered-short", true, []string{"a", "b"}, []string{"a"}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			func() {
				defer func() {
					if p := recover(); p != nil && p != r {
						panic(p)
					}
				}()
				if tc.ordered {
					CompareOrdered(r, "f", tc.want, tc.got)
				} else {
					CompareCounts(r, tc.want, tc.got)
				}
			}()
			if r.errors != tc.errs || r.fatal != tc.fatal {
				t.Errorf("errors %d fatal %v, want %d %v", r.errors, r.fatal, tc.errs, tc.fatal)
			}
		})
	}
}
