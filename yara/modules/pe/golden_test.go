package pe

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testImages returns the generated samples by name: well-formed images
// and damaged variants of them.
func testImages() map[string][]byte {
	pe32 := buildImage(false)
	pe64 := buildImage(true)
	m := map[string][]byte{
		"pe32.exe":      pe32,
		"pe64.exe":      pe64,
		"truncated.exe": pe32[:0x300],
		"headers.exe":   pe32[:tSecTable+40],
		"not-pe.bin":    []byte("MZ this is not a PE file at all, just text padding it out....."),
	}
	bad := append([]byte(nil), pe32...)
	image(bad).put16(tLfanew+6, 0xffff) // section count far past the table
	m["many-sections.exe"] = bad
	loop := append([]byte(nil), pe32...)
	image(loop).put32(tRdataOff+rRsrc+24+4, 0x80000000) // VERSION type points back at the root
	m["resource-loop.exe"] = loop
	return m
}

// dumpValue writes "path = value" lines for every defined field under v
// (functions and constants left out).
func dumpValue(out *[]string, path string, v *object.Value, t *types.Type) {
	if v == nil {
		return
	}
	switch v.Kind {
	case types.Integer:
		*out = append(*out, fmt.Sprintf("%s = %d", path, v.Int))
	case types.Float:
		*out = append(*out, fmt.Sprintf("%s = %g", path, v.Float))
	case types.String:
		*out = append(*out, fmt.Sprintf("%s = %q", path, console.Escape(v.Str)))
	case types.Structure:
		for i, f := range t.Struct.Fields {
			if f.Const != nil || i >= len(v.Fields) {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			dumpValue(out, p, v.Fields[i], f.Type)
		}
	case types.Array:
		for i, e := range v.Elems {
			dumpValue(out, fmt.Sprintf("%s[%03d]", path, i), e, t.Elem)
		}
	case types.Dictionary:
		for _, k := range v.Keys {
			dumpValue(out, fmt.Sprintf("%s[%q]", path, k), v.Dict[k], t.Elem)
		}
	}
}

// dump returns the sorted field lines of the module for data, plus the
// results of the argument-less functions.
func dump(t *testing.T, data []byte) string {
	v, err := Module.Load(&object.LoadInput{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	dumpValue(&lines, "", v, &types.Type{Kind: types.Structure, Struct: Schema})
	for _, fn := range []string{"calculate_checksum", "imphash", "is_dll", "is_32bit", "is_64bit"} {
		fv := v.Field(object.FieldIndex(Schema, fn))
		if fv == nil {
			continue
		}
		r := fv.Funcs[0](&object.Env{Data: data}, v, nil)
		switch {
		case !r.Defined:
		case r.Kind == types.String:
			lines = append(lines, fmt.Sprintf("%s() = %q", fn, r.Str))
		default:
			lines = append(lines, fmt.Sprintf("%s() = %d", fn, r.Int))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestGolden(t *testing.T) {
	imgs := testImages()
	names := make([]string, 0, len(imgs))
	for n := range imgs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got := dump(t, imgs[name])
			golden := filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run with -update to accept):\n%s", golden, got)
			}
		})
	}
}
