package macho_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/macho"
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

// callAll appends the results of the module's functions for a few
// architectures to lines.
func callAll(root *object.Value, data []byte) []string {
	var lines []string
	for _, name := range []string{"file_index_for_arch", "entry_point_for_arch"} {
		fv := root.Field(object.FieldIndex(macho.Schema, name))
		for _, cpu := range []int64{7, 0x01000007, 0x0100000c, 18} {
			for k, fn := range fv.Funcs {
				args := []object.Arg{{Int: cpu}, {Int: 3}}[:k+1]
				r := fn(&object.Env{Data: data}, root, args)
				res := "undefined"
				if r.Defined {
					res = fmt.Sprint(r.Int)
				}
				lines = append(lines, fmt.Sprintf("macho.%s(%d%s) = %s", name, cpu, strings.Repeat(", 3", k), res))
			}
		}
	}
	return lines
}

// goldenSamples are the built samples with golden dumps.
func goldenSamples() []sample {
	s := builtSamples()
	return append(s, sample{"fat32", buildFat(false, s[0].data, s[1].data)}, sample{"fat64", buildFat(true, s[3].data, s[4].data)})
}

func TestGolden(t *testing.T) {
	for _, g := range goldenSamples() {
		t.Run(g.name, func(t *testing.T) {
			data := g.data
			root, err := macho.Module.Load(&object.LoadInput{Ctx: context.Background(), Data: data})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(append(dump(macho.Schema, root), callAll(root, data)...), "\n") + "\n"
			path := filepath.Join("testdata", g.name+".golden")
			golden.CheckString(t, path, got)
		})
	}
}
