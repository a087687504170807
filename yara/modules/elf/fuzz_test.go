package elf_test

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/object"
)

// FuzzELF checks that the module loads any input without panicking, that
// what it exposes stays inside the data, that every element of its tables
// (built on demand) can be read, and that the functions run.
func FuzzELF(f *testing.F) {
	for _, g := range goldenSpecs {
		data := buildELF(g.spec)
		f.Add(data)
		for _, m := range mutations(data) {
			f.Add(m.Data)
		}
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte("\x7fELF\x02\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := elf.Module.Load(&object.LoadInput{Ctx: context.Background(), Data: data})
		if err != nil || root == nil {
			t.Fatalf("Load: %v, %v", root, err)
		}
		callAll(root, data)
		// Build every element of the tables, which the module builds on demand.
		for _, name := range []string{"sections", "segments", "dynamic", "symtab", "dynsym"} {
			arr := root.Field(object.FieldIndex(elf.Schema, name))
			for i := range arr.Len() {
				if e := arr.Index(int64(i)); e == nil || len(e.Fields) == 0 {
					t.Fatalf("%s[%d] of %d is %+v", name, i, arr.Len(), e)
				}
			}
		}
		p := elf.Parse(data)
		if p == nil {
			return
		}
		// An entry point needs at least a whole ELF header (52 bytes for
		// ELF32, 64 for ELF64); yara reports it even without any table.
		header := 64
		if !p.Is64 {
			header = 52
		}
		if p.HasEntry && len(data) < header {
			t.Fatalf("entry point from a %d-byte file, shorter than the ELF header", len(data))
		}
		if len(p.Sections)*40 > len(data) || len(p.Segments)*32 > len(data) {
			t.Fatalf("%d sections, %d segments from %d bytes", len(p.Sections), len(p.Segments), len(data))
		}
		if len(p.Dynamic)*8 > len(data) || len(p.Symtab)*16 > len(data) || len(p.Dynsym)*16 > len(data) {
			t.Fatalf("tables larger than the data (%d bytes)", len(data))
		}
	})
}

// TestDynamicBudget checks that many PT_DYNAMIC segments over the same
// bytes cost a bounded amount of work.
func TestDynamicBudget(t *testing.T) {
	const phnum = 0xfffe
	const size = 64 + phnum*56 + 16<<20
	data := make([]byte, size)
	copy(data, "\x7fELF\x02\x01\x01")
	le := binary.LittleEndian
	le.PutUint16(data[16:], 3)
	le.PutUint64(data[32:], 64)
	le.PutUint16(data[56:], phnum)
	tail := 64 + phnum*56
	for i := tail; i < size; i++ {
		data[i] = 0xff // no DT_NULL tag: each segment reads to the end
	}
	for i := range phnum {
		le.PutUint32(data[64+i*56:], 2)
		le.PutUint64(data[64+i*56+8:], uint64(tail))
	}
	start := time.Now()
	p := elf.Parse(data)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Parse took %v", d)
	}
	if p == nil || len(p.Segments) != phnum || !p.HasDynamic {
		t.Fatalf("segments not parsed: %+v", p)
	}
	if len(p.Dynamic) == 0 || len(p.Dynamic) > 1<<20 {
		t.Fatalf("%d dynamic entries kept, beyond the work budget", len(p.Dynamic))
	}
}

func TestNotELF(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic-only", []byte("\x7fELF")},
		{"short-header32", []byte("\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00")},
		{"bad-class", append([]byte("\x7fELF\x03\x01\x01"), make([]byte, 64)...)},
		{"bad-order", append([]byte("\x7fELF\x01\x00\x01"), make([]byte, 64)...)},
		{"pe", append([]byte("MZ"), make([]byte, 128)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if p := elf.Parse(tc.data); p != nil {
				t.Fatalf("Parse = %+v, want nil", p)
			}
			root, err := elf.Module.Load(&object.LoadInput{Data: tc.data})
			if err != nil {
				t.Fatal(err)
			}
			if lines := dump(elf.Schema, root); len(lines) != 0 {
				t.Fatalf("fields defined for a non-ELF: %v", lines)
			}
		})
	}
}
