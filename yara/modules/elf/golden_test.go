package elf_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// dump returns the defined fields of a module value, one "path = value"
// line each, sorted; constants are left out.
func dump(s *types.Struct, v *object.Value) []string {
	lines := modtest.Dump(nil, s.Name, v, &types.Type{Kind: types.Structure, Struct: s}, strconv.Quote)
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
			golden.CheckString(t, path, got)
		})
	}
}
