package elf_test

import (
	"context"
	"os"
	"testing"

	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/object"
)

// maxLoadAllocs bounds the allocations of loading the module for a file
// whose tables are not read, besides one per section name: the header
// fields, a few arrays and the dynamic entries' slice, whatever the number
// of symbols.
const maxLoadAllocs = 100

// TestLazyTables checks that loading builds no symbol values up front, and
// that the symbols read on demand are those Parse reads.
func TestLazyTables(t *testing.T) {
	samples := map[string][]byte{
		"built 64-bit":         buildELF(elfSpec{is64: true, etype: 3, machine: 62}),
		"built 32-bit big end": buildELF(elfSpec{bigEndian: true, etype: 2, machine: 8}),
	}
	for _, p := range []string{"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/yara"} {
		if b, err := os.ReadFile(p); err == nil {
			samples[p] = b
		}
	}
	field := func(v *object.Value, name string) *object.Value {
		return v.Field(object.FieldIndex(elf.Schema, name))
	}
	for name, data := range samples {
		t.Run(name, func(t *testing.T) {
			in := &object.LoadInput{Ctx: context.Background(), Data: data}
			p := elf.Parse(data)
			allocs := testing.AllocsPerRun(3, func() { _, _ = elf.Module.Load(in) })
			if want := maxLoadAllocs + len(p.Sections); allocs > float64(want) {
				t.Errorf("load made %.0f allocations, want at most %d (%d symbols)", allocs, want, len(p.Symtab)+len(p.Dynsym))
			}
			root, err := elf.Module.Load(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, tab := range []struct {
				name string
				syms []elf.Symbol
				has  bool
			}{{"symtab", p.Symtab, p.HasSymtab}, {"dynsym", p.Dynsym, p.HasDynsym}} {
				arr := field(root, tab.name)
				if (arr != nil) != tab.has || arr.Len() != len(tab.syms) {
					t.Fatalf("%s: %d elements, Parse read %d (defined %v)", tab.name, arr.Len(), len(tab.syms), tab.has)
				}
				st := elf.Schema.Field(tab.name).Type.Elem.Struct
				for i := len(tab.syms) - 1; i >= 0; i-- { // backwards: any order works
					s, v := tab.syms[i], arr.Index(int64(i))
					get := func(f string) *object.Value { return v.Field(object.FieldIndex(st, f)) }
					if n := get("name"); (n != nil) != s.HasName || n != nil && n.Str != s.Name {
						t.Fatalf("%s[%d].name = %+v, Parse read %q", tab.name, i, n, s.Name)
					}
					if get("value").Int != int64(s.Value) || get("size").Int != int64(s.Size) ||
						get("type").Int != int64(s.Info&15) || get("bind").Int != int64(s.Info>>4) ||
						get("shndx").Int != int64(s.Shndx) {
						t.Fatalf("%s[%d] differs from what Parse read: %+v", tab.name, i, s)
					}
				}
			}
		})
	}
}
