package elf_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// elfSpec describes a small ELF file built by buildELF.
type elfSpec struct {
	is64, bigEndian bool
	etype           uint16
	machine         uint16
}

// order is a byte order that can append.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// elfBuf appends fields in one class and byte order.
type elfBuf struct {
	b    []byte
	bo   order
	is64 bool
}

func (e *elfBuf) u8(v uint8)   { e.b = append(e.b, v) }
func (e *elfBuf) u16(v uint16) { e.b = e.bo.AppendUint16(e.b, v) }
func (e *elfBuf) u32(v uint32) { e.b = e.bo.AppendUint32(e.b, v) }
func (e *elfBuf) word(v uint64) {
	if e.is64 {
		e.b = e.bo.AppendUint64(e.b, v)
	} else {
		e.b = e.bo.AppendUint32(e.b, uint32(v))
	}
}
func (e *elfBuf) align(n int) {
	for len(e.b)%n != 0 {
		e.b = append(e.b, 0)
	}
}

type shdr struct {
	name                 string
	typ                  uint32
	flags, addr, off, sz uint64
	link, info           uint32
	entsize              uint64
}

// buildELF returns an ELF file with a text section, a dynamic section, a
// dynamic and a static symbol table, a NOBITS section and two segments.
func buildELF(s elfSpec) []byte {
	var bo order = binary.LittleEndian
	if s.bigEndian {
		bo = binary.BigEndian
	}
	e := &elfBuf{bo: bo, is64: s.is64}
	ehsize, phsize, shsize, symsize, dynsize := 52, 32, 40, 16, 8
	class := byte(1)
	if s.is64 {
		ehsize, phsize, shsize, symsize, dynsize = 64, 56, 64, 24, 16
		class = 2
	}
	const base = 0x400000
	const nph = 2
	// Body after the header and program headers.
	e.b = make([]byte, ehsize+nph*phsize)
	var secs []shdr
	add := func(name string, typ uint32, flags uint64, data []byte, link, info uint32, entsize uint64) {
		e.align(8)
		off := uint64(len(e.b))
		e.b = append(e.b, data...)
		secs = append(secs, shdr{name, typ, flags, base + off, off, uint64(len(data)), link, info, entsize})
	}
	secs = append(secs, shdr{})
	text := []byte{0x90, 0x90, 0xc3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	add(".text", 1, 6, text, 0, 0, 0) // 1
	dynstr := []byte("\x00libc.so.6\x00puts\x00")
	add(".dynstr", 3, 2, dynstr, 0, 0, 0) // 2
	sym := func(name uint32, value, size uint64, info, other uint8, shndx uint16) []byte {
		t := &elfBuf{bo: e.bo, is64: s.is64}
		t.u32(name)
		if s.is64 {
			t.u8(info)
			t.u8(other)
			t.u16(shndx)
			t.word(value)
			t.word(size)
		} else {
			t.word(value)
			t.word(size)
			t.u8(info)
			t.u8(other)
			t.u16(shndx)
		}
		return t.b
	}
	var dynsym []byte
	dynsym = append(dynsym, make([]byte, symsize)...)
	dynsym = append(dynsym, sym(11, 0, 0, 0x12, 0, 0)...)
	add(".dynsym", 11, 2, dynsym, 2, 1, uint64(symsize)) // 3
	dyn := &elfBuf{bo: e.bo, is64: s.is64}
	for _, d := range [][2]uint64{{1, 1}, {5, secs[2].addr}, {6, 0}, {10, uint64(len(dynstr))}, {0, 0}} {
		dyn.word(d[0])
		dyn.word(d[1])
	}
	add(".dynamic", 6, 3, dyn.b, 2, 0, uint64(dynsize)) // 4
	strtab := []byte("\x00main\x00counter\x00file.c\x00")
	add(".strtab", 3, 0, strtab, 0, 0, 0) // 5
	var symtab []byte
	symtab = append(symtab, make([]byte, symsize)...)
	symtab = append(symtab, sym(13, 0, 0, 0x04, 0, 0xfff1)...)
	symtab = append(symtab, sym(1, secs[1].addr, 3, 0x12, 0, 1)...)
	symtab = append(symtab, sym(6, base+0x1000, 8, 0x11, 2, 7)...)
	symtab = append(symtab, sym(999, 0, 0, 0x20, 0, 0)...)                                   // name past the table
	add(".symtab", 2, 0, symtab, 5, 2, uint64(symsize))                                      // 6
	secs = append(secs, shdr{".bss", 8, 3, base + 0x1000, uint64(len(e.b)), 0x100, 0, 0, 0}) // 7
	var shstr []byte
	shstr = append(shstr, 0)
	names := make([]uint32, len(secs)+1)
	secs = append(secs, shdr{name: ".shstrtab", typ: 3})
	for i, sh := range secs {
		if sh.name == "" {
			continue
		}
		names[i] = uint32(len(shstr))
		shstr = append(shstr, sh.name...)
		shstr = append(shstr, 0)
	}
	e.align(8)
	secs[len(secs)-1].off = uint64(len(e.b))
	secs[len(secs)-1].sz = uint64(len(shstr))
	e.b = append(e.b, shstr...)
	e.align(8)
	shoff := len(e.b)
	for i, sh := range secs {
		e.u32(names[i])
		e.u32(sh.typ)
		e.word(sh.flags)
		e.word(sh.addr)
		e.word(sh.off)
		e.word(sh.sz)
		e.u32(sh.link)
		e.u32(sh.info)
		e.word(8)
		e.word(sh.entsize)
	}
	// Header and program headers, written over the reserved space.
	h := &elfBuf{bo: e.bo, is64: s.is64}
	h.b = append(h.b, 0x7f, 'E', 'L', 'F', class, 1, 1, 0)
	if s.bigEndian {
		h.b[5] = 2
	}
	h.b = append(h.b, make([]byte, 8)...)
	h.u16(s.etype)
	h.u16(s.machine)
	h.u32(1)
	h.word(secs[1].addr) // entry
	h.word(uint64(ehsize))
	h.word(uint64(shoff))
	h.u32(0)
	h.u16(uint16(ehsize))
	h.u16(uint16(phsize))
	h.u16(nph)
	h.u16(uint16(shsize))
	h.u16(uint16(len(secs)))
	h.u16(uint16(len(secs) - 1))
	phdr := func(typ, flags uint32, off, vaddr, filesz, memsz, align uint64) {
		h.u32(typ)
		if s.is64 {
			h.u32(flags)
		}
		h.word(off)
		h.word(vaddr)
		h.word(vaddr)
		h.word(filesz)
		h.word(memsz)
		if !s.is64 {
			h.u32(flags)
		}
		h.word(align)
	}
	phdr(1, 5, 0, base, uint64(shoff), uint64(shoff)+0x100, 0x1000)
	phdr(2, 6, secs[4].off, secs[4].addr, secs[4].sz, secs[4].sz, 8)
	copy(e.b, h.b)
	return e.b
}

// goldenSpecs names the built samples.
var goldenSpecs = []struct {
	name string
	spec elfSpec
}{
	{"le64-dyn", elfSpec{is64: true, etype: 3, machine: 62}},
	{"le64-exec", elfSpec{is64: true, etype: 2, machine: 183}},
	{"le32-exec", elfSpec{etype: 2, machine: 3}},
	{"be32-rel", elfSpec{bigEndian: true, etype: 1, machine: 8}},
	{"be64-dyn", elfSpec{is64: true, bigEndian: true, etype: 3, machine: 21}},
}

// goldenSamples writes the built samples into dir and returns their paths.
func goldenSamples(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, g := range goldenSpecs {
		p := filepath.Join(dir, g.name+".elf")
		if err := os.WriteFile(p, buildELF(g.spec), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
