package pe

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

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

// quote writes a string value as the console module logs it, quoted.
func quote(s string) string { return fmt.Sprintf("%q", console.Escape(s)) }

// dump returns the sorted field lines of the module for data, plus the
// results of the argument-less functions.
func dump(t *testing.T, data []byte) string {
	v, err := Module.Load(&object.LoadInput{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	lines := modtest.Dump(nil, "", v, &types.Type{Kind: types.Structure, Struct: Schema}, quote)
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
	modtest.CheckGoldenFiles(t, testImages(), dump)
}
