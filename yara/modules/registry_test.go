package modules

import (
	"sort"
	"testing"

	"github.com/overt-sec/overt/yara/types"
)

func TestNames(t *testing.T) {
	want := []string{"console", "cuckoo", "dex", "dotnet", "elf", "hash", "macho", "magic",
		"math", "pe", "string", "tests", "time"}
	got := Names()
	if !sort.StringsAreSorted(got) {
		t.Errorf("Names() not sorted: %v", got)
	}
	if len(got) != len(want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Names() = %v, want %v", got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name   string
		module string
		path   []string // field names to follow, through array/dict elements
		want   string   // the type's String(); "" when the module or field must be missing
	}{
		{"pe machine", "pe", []string{"machine"}, "integer"},
		{"pe constant", "pe", []string{"MACHINE_I386"}, "integer"},
		{"pe section name", "pe", []string{"sections", "name"}, "string"},
		{"pe version_info", "pe", []string{"version_info"}, "dict of string"},
		{"pe imports", "pe", []string{"imports"}, "function(string, string) integer | " +
			"function(string, integer) integer | function(string) integer | " +
			"function(regexp, regexp) integer | function(integer, string, string) integer | " +
			"function(integer, string, integer) integer | function(integer, string) integer | " +
			"function(integer, regexp, regexp) integer"},
		{"pe chain subject", "pe", []string{"signatures", "signer_info", "chain", "subject"}, "string"},
		{"math entropy", "math", []string{"entropy"}, "function(integer, integer) float | function(string) float"},
		{"math MEAN_BYTES", "math", []string{"MEAN_BYTES"}, "float"},
		{"dotnet guids", "dotnet", []string{"guids"}, "array of string"},
		{"tests struct_dict", "tests", []string{"struct_dict"}, "dict of struct struct_dict"},
		{"cuckoo nested func", "cuckoo", []string{"network", "tcp"}, "function(regexp, integer) integer"},
		{"unknown field", "pe", []string{"no_such_field"}, ""},
		{"unknown module", "lnk", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := Lookup(tt.module)
			if !ok {
				if tt.want != "" {
					t.Fatalf("Lookup(%q) failed", tt.module)
				}
				return
			}
			var typ *types.Type
			for i, name := range tt.path {
				f := s.Field(name)
				if f == nil {
					if tt.want != "" {
						t.Fatalf("no field %q", name)
					}
					return
				}
				typ = f.Type
				for typ.Kind == types.Array || typ.Kind == types.Dictionary {
					if i == len(tt.path)-1 {
						break
					}
					typ = typ.Elem
				}
				if typ.Kind == types.Structure {
					s = typ.Struct
				}
			}
			if tt.want == "" {
				t.Fatalf("found %v, want missing", typ)
			}
			if got := typ.String(); got != tt.want {
				t.Errorf("type = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSchemasWellFormed checks invariants every schema must keep: constants
// only at the top level, and Since versions parse as versions newer than the
// reference yara 4.2.3.
func TestSchemasWellFormed(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			s, _ := Lookup(name)
			if len(s.Fields) == 0 {
				t.Fatal("empty schema")
			}
			types.Walk(s, func(path string, f *types.Field, since string) {
				if f.Const != nil && path != f.Name {
					t.Errorf("constant %s is not at the top level", path)
				}
				if f.Since != "" && types.CompareVersions(f.Since, "4.2.3") <= 0 {
					t.Errorf("%s: Since %q is not newer than the reference 4.2.3", path, f.Since)
				}
			})
		})
	}
}
