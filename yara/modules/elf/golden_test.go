package elf_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// dump returns the defined fields of a module value, one "path = value"
// line each, sorted; constants are left out.
func dump(s *types.Struct, v *object.Value) []string {
	var lines []string
	var walk func(path string, t *types.Type, v *object.Value)
	walk = func(path string, t *types.Type, v *object.Value) {
		if v == nil {
			return
		}
		switch v.Kind {
		case types.Integer:
			lines = append(lines, fmt.Sprintf("%s = %d", path, v.Int))
		case types.Float:
			lines = append(lines, fmt.Sprintf("%s = %g", path, v.Float))
		case types.String:
			lines = append(lines, fmt.Sprintf("%s = %s", path, strconv.Quote(v.Str)))
		case types.Structure:
			for i, f := range t.Struct.Fields {
				if f.Const == nil && i < len(v.Fields) {
					walk(path+"."+f.Name, f.Type, v.Fields[i])
				}
			}
		case types.Array:
			for i, e := range v.Elems {
				walk(fmt.Sprintf("%s[%03d]", path, i), t.Elem, e)
			}
		case types.Dictionary:
			for _, k := range v.Keys {
				walk(fmt.Sprintf("%s[%q]", path, k), t.Elem, v.Dict[k])
			}
		}
	}
	walk(s.Name, &types.Type{Kind: types.Structure, Struct: s}, v)
	sort.Strings(lines)
	return lines
}

// callAll appends the results of the module's functions to lines.
func callAll(root *object.Value, data []byte) []string {
	var lines []string
	for _, name := range []string{"telfhash", "import_md5"} {
		fv := root.Field(object.FieldIndex(elf.Schema, name))
		r := fv.Funcs[0](&object.Env{Data: data}, root, nil)
		if r.Defined {
			lines = append(lines, fmt.Sprintf("elf.%s() = %q", name, r.Str))
		} else {
			lines = append(lines, fmt.Sprintf("elf.%s() = undefined", name))
		}
	}
	return lines
}

func TestGolden(t *testing.T) {
	for _, g := range goldenSpecs {
		t.Run(g.name, func(t *testing.T) {
			data := buildELF(g.spec)
			root, err := elf.Module.Load(&object.LoadInput{Ctx: context.Background(), Data: data})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(append(dump(elf.Schema, root), callAll(root, data)...), "\n") + "\n"
			path := filepath.Join("testdata", g.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the module's dump:\n%s", path, got)
			}
		})
	}
}
