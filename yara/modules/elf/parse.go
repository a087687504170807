package elf

import (
	"encoding/binary"
	"math"
)

// Sizes of the ELF structures, by class: yara steps through tables by
// these sizes, not by the header's e_shentsize and e_phentsize.
const (
	ehdr32Size = 52 // Elf32_Ehdr
	ehdr64Size = 64 // Elf64_Ehdr
	shdr32Size = 40 // Elf32_Shdr
	shdr64Size = 64 // Elf64_Shdr
	phdr32Size = 32 // Elf32_Phdr
	phdr64Size = 56 // Elf64_Phdr
	sym32Size  = 16 // Elf32_Sym
	sym64Size  = 24 // Elf64_Sym
	dyn32Size  = 8  // Elf32_Dyn
	dyn64Size  = 16 // Elf64_Dyn

	// shnLoReserve is SHN_LORESERVE: yara exposes no sections when
	// e_shnum reaches it (the extended numbering is not followed).
	shnLoReserve = 0xff00
	// pnXNum is PN_XNUM: yara exposes no segments when e_phnum is it.
	pnXNum = 0xffff
)

// Limits on the work done for one file. Tables are also bounded by the
// data length (every entry must lie inside the file).
const (
	// maxDynamicWork bounds the dynamic entries read over all PT_DYNAMIC
	// segments: each may point at the same bytes, so without a budget a
	// file with 65,535 such segments would cost 65,535 passes over itself.
	maxDynamicWork = 1 << 20
	// maxSymbols bounds the entries kept per symbol table: a million
	// symbols is far beyond real binaries (a large libLLVM has ~100k) and
	// keeps the value tree of a hostile file to a few hundred MiB at most.
	maxSymbols = 1 << 20
)

// Section is one section header, with its name when it resolves.
type Section struct {
	NameIdx uint32 // sh_name, an offset in the section-name table
	Name    string
	HasName bool
	Type    uint32
	Flags   uint64
	Addr    uint64
	Offset  uint64
	Size    uint64
	Link    uint32
}

// Segment is one program header.
type Segment struct {
	Type, Flags                         uint32
	Offset, VAddr, PAddr, FileSz, MemSz uint64
	Align                               uint64
}

// Dyn is one dynamic-section entry.
type Dyn struct {
	Tag, Val uint64
}

// Symbol is one symbol-table entry.
type Symbol struct {
	Name    string
	HasName bool
	Value   uint64
	Size    uint64
	Info    uint8
	Other   uint8
	Shndx   uint16
}

// File is what the elf module exposes of one ELF file. Optional parts are
// nil (or the Has* flag is false) when yara would leave them undefined.
type File struct {
	Is64     bool
	Type     uint16
	Machine  uint16
	Entry    uint64 // e_entry, a virtual address
	EntryOff uint64 // the entry point as a file offset
	HasEntry bool   // EntryOff is defined

	ShOff, PhOff           uint64
	ShEntSize, PhEntSize   uint16
	ShNum, PhNum, ShStrNdx uint16

	Sections []Section // nil when the section table is not in the file
	table    []Section // the section table, even when not exposed
	segTable []Segment // the program headers, even when not exposed
	Segments []Segment // nil when the program header table is not in the file

	Dynamic    []Dyn // entries of the last PT_DYNAMIC segment read
	HasDynamic bool  // a PT_DYNAMIC segment was read
	DynCount   int   // dynamic_section_entries

	Symtab    []Symbol
	HasSymtab bool
	Dynsym    []Symbol
	HasDynsym bool

	// symtab and dynsym locate the symbol tables (valid when HasSymtab and
	// HasDynsym): the module reads their entries on demand through them,
	// and Parse reads them all into Symtab and Dynsym.
	symtab, dynsym symTable
	r              *reader // the data, for the on-demand reads
}

// symTable locates one symbol table and its string table in the data.
type symTable struct {
	tab, str Section
	n        int // entries, at most maxSymbols
}

// Parse decodes data as an ELF file. It returns nil when data does not
// start with an ELF header yara recognises (magic, a known class and byte
// order, and the whole header inside the data).
func Parse(data []byte) *File {
	f := parse(data)
	f.readAllSymbols()
	return f
}

// parse is Parse without reading the symbol tables' entries: only their
// location and size (see File.symbol and File.readAllSymbols).
func parse(data []byte) *File {
	if len(data) < 16 || string(data[:4]) != "\x7fELF" {
		return nil
	}
	r := &reader{data: data}
	switch data[5] {
	case 1:
		r.bo = binary.LittleEndian
	case 2:
		r.bo = binary.BigEndian
	default:
		return nil
	}
	f := &File{r: r}
	switch data[4] {
	case 1:
		if len(data) < ehdr32Size {
			return nil
		}
		f.Entry = uint64(r.u32(24))
		f.PhOff = uint64(r.u32(28))
		f.ShOff = uint64(r.u32(32))
		f.PhEntSize, f.PhNum = r.u16(42), r.u16(44)
		f.ShEntSize, f.ShNum, f.ShStrNdx = r.u16(46), r.u16(48), r.u16(50)
	case 2:
		if len(data) < ehdr64Size {
			return nil
		}
		f.Is64 = true
		f.Entry = r.u64(24)
		f.PhOff = r.u64(32)
		f.ShOff = r.u64(40)
		f.PhEntSize, f.PhNum = r.u16(54), r.u16(56)
		f.ShEntSize, f.ShNum, f.ShStrNdx = r.u16(58), r.u16(60), r.u16(62)
	default:
		return nil
	}
	f.Type, f.Machine = r.u16(16), r.u16(18)
	f.parseSections(r)
	f.parseSegments(r)
	if f.Entry != 0 {
		f.EntryOff, f.HasEntry = f.rvaToOffset(r, f.Entry)
	}
	return f
}

// tableFits reports whether count entries of size bytes at off lie inside
// the data, without overflow.
func tableFits(r *reader, off uint64, count, size uint64) bool {
	if count == 0 {
		return false
	}
	if off > math.MaxUint64-count*size {
		return false
	}
	return r.fits(off, count*size)
}

func (f *File) parseSections(r *reader) {
	size := uint64(shdr32Size)
	if f.Is64 {
		size = shdr64Size
	}
	if !tableFits(r, f.ShOff, uint64(f.ShNum), size) {
		return
	}
	f.table = make([]Section, f.ShNum)
	for i := range f.table {
		f.table[i] = f.readSection(r, f.ShOff+uint64(i)*size)
	}
	// yara exposes the sections only with a valid section-name table
	// index; the entry point still converts through the table without.
	if f.ShStrNdx >= f.ShNum || f.ShNum >= shnLoReserve {
		return
	}
	f.Sections = f.table
	strOff := f.Sections[f.ShStrNdx].Offset
	if strOff < uint64(len(r.data)) {
		for i := range f.Sections {
			s := &f.Sections[i]
			if uint64(s.NameIdx) < uint64(len(r.data))-strOff {
				s.Name, s.HasName = r.cstring(strOff+uint64(s.NameIdx), uint64(len(r.data)))
			}
		}
	}
	f.parseSymbols(r)
}

func (f *File) readSection(r *reader, off uint64) Section {
	var s Section
	nameOff := r.u32(off)
	s.Type = r.u32(off + 4)
	if f.Is64 {
		s.Flags = r.u64(off + 8)
		s.Addr = r.u64(off + 16)
		s.Offset = r.u64(off + 24)
		s.Size = r.u64(off + 32)
		s.Link = r.u32(off + 40)
	} else {
		s.Flags = uint64(r.u32(off + 8))
		s.Addr = uint64(r.u32(off + 12))
		s.Offset = uint64(r.u32(off + 16))
		s.Size = uint64(r.u32(off + 20))
		s.Link = r.u32(off + 24)
	}
	s.NameIdx = nameOff
	return s
}
