package elf

// Section, symbol and dynamic type values the parser acts on.
const (
	shtNull   = 0
	shtSymtab = 2
	shtStrtab = 3
	shtNobits = 8
	shtDynsym = 11
	ptDynamic = 2
	etExec    = 2
	dtNull    = 0
)

func (f *File) parseSegments(r *reader) {
	size := uint64(phdr32Size)
	if f.Is64 {
		size = phdr64Size
	}
	if !tableFits(r, f.PhOff, uint64(f.PhNum), size) {
		return
	}
	f.segTable = make([]Segment, f.PhNum)
	for i := range f.segTable {
		off := f.PhOff + uint64(i)*size
		s := &f.segTable[i]
		s.Type = r.u32(off)
		if f.Is64 {
			s.Flags = r.u32(off + 4)
			s.Offset = r.u64(off + 8)
			s.VAddr = r.u64(off + 16)
			s.PAddr = r.u64(off + 24)
			s.FileSz = r.u64(off + 32)
			s.MemSz = r.u64(off + 40)
			s.Align = r.u64(off + 48)
		} else {
			s.Offset = uint64(r.u32(off + 4))
			s.VAddr = uint64(r.u32(off + 8))
			s.PAddr = uint64(r.u32(off + 12))
			s.FileSz = uint64(r.u32(off + 16))
			s.MemSz = uint64(r.u32(off + 20))
			s.Flags = r.u32(off + 24)
			s.Align = uint64(r.u32(off + 28))
		}
	}
	// yara exposes the segments, and reads the dynamic section, only when
	// e_phnum is not PN_XNUM; the entry point converts through them anyway.
	if f.PhNum == pnXNum {
		return
	}
	f.Segments = f.segTable
	budget := maxDynamicWork
	for _, s := range f.Segments {
		if s.Type == ptDynamic {
			budget = f.parseDynamic(r, s.Offset, budget)
		}
	}
}

// parseDynamic reads the dynamic entries at off up to and including the
// first DT_NULL or the end of the data, overwriting the entries of an
// earlier PT_DYNAMIC segment as yara does. It spends at most budget
// entries and returns what is left of it.
func (f *File) parseDynamic(r *reader, off uint64, budget int) int {
	size := uint64(dyn32Size)
	if f.Is64 {
		size = dyn64Size
	}
	f.HasDynamic = true
	n := 0
	for ; budget > 0 && r.fits(off, size); off += size {
		var d Dyn
		if f.Is64 {
			d = Dyn{Tag: r.u64(off), Val: r.u64(off + 8)}
		} else {
			d = Dyn{Tag: uint64(r.u32(off)), Val: uint64(r.u32(off + 4))}
		}
		if n < len(f.Dynamic) {
			f.Dynamic[n] = d
		} else {
			f.Dynamic = append(f.Dynamic, d)
		}
		n++
		budget--
		if d.Tag == dtNull {
			break
		}
	}
	f.DynCount = n
	return budget
}

// rvaToOffset converts a virtual address to a file offset: through the
// program headers for an executable (ET_EXEC), through the sections
// (other than SHT_NULL and SHT_NOBITS) otherwise.
func (f *File) rvaToOffset(r *reader, rva uint64) (uint64, bool) {
	if f.Type == etExec {
		for _, s := range f.segTable {
			if rva >= s.VAddr && rva-s.VAddr < s.MemSz {
				return s.Offset + (rva - s.VAddr), true
			}
		}
		return 0, false
	}
	for _, s := range f.table {
		if s.Type == shtNull || s.Type == shtNobits {
			continue
		}
		if rva >= s.Addr && rva-s.Addr < s.Size {
			if s.Offset > ^uint64(0)-(rva-s.Addr) {
				return 0, false
			}
			return s.Offset + (rva - s.Addr), true
		}
	}
	return 0, false
}

// parseSymbols reads the last SHT_SYMTAB and the last SHT_DYNSYM section
// whose linked section is a string table.
func (f *File) parseSymbols(r *reader) {
	var symtab, symstr, dynsym, dynstr *Section
	for i := range f.Sections {
		s := &f.Sections[i]
		if (s.Type != shtSymtab && s.Type != shtDynsym) || uint64(s.Link) >= uint64(len(f.Sections)) {
			continue
		}
		str := &f.Sections[s.Link]
		if str.Type != shtStrtab {
			continue
		}
		if s.Type == shtSymtab {
			symtab, symstr = s, str
		} else {
			dynsym, dynstr = s, str
		}
	}
	if symtab != nil {
		f.symtab, f.HasSymtab = f.locateSymbols(r, symtab, symstr)
	}
	if dynsym != nil {
		f.dynsym, f.HasDynsym = f.locateSymbols(r, dynsym, dynstr)
	}
}

// symSize returns the size of one symbol-table entry.
func (f *File) symSize() uint64 {
	if f.Is64 {
		return sym64Size
	}
	return sym32Size
}

// locateSymbols checks that the symbol table tab and its string table str
// lie inside the data and counts the table's entries, without reading them.
func (f *File) locateSymbols(r *reader, tab, str *Section) (symTable, bool) {
	if !r.fits(tab.Offset, tab.Size) || !r.fits(str.Offset, str.Size) {
		return symTable{}, false
	}
	return symTable{tab: *tab, str: *str, n: int(min(tab.Size/f.symSize(), maxSymbols))}, true
}

// symbol reads entry i (below t.n) of the located symbol table t.
func (f *File) symbol(t *symTable, i int) Symbol {
	var s Symbol
	r := f.r
	off := t.tab.Offset + uint64(i)*f.symSize()
	nameIdx := r.u32(off)
	if f.Is64 {
		s.Info, s.Other, s.Shndx = r.u8(off+4), r.u8(off+5), r.u16(off+6)
		s.Value, s.Size = r.u64(off+8), r.u64(off+16)
	} else {
		s.Value, s.Size = uint64(r.u32(off+4)), uint64(r.u32(off+8))
		s.Info, s.Other, s.Shndx = r.u8(off+12), r.u8(off+13), r.u16(off+14)
	}
	if uint64(nameIdx) < t.str.Size {
		s.Name, s.HasName = r.cstring(t.str.Offset+uint64(nameIdx), t.str.Offset+t.str.Size)
	}
	return s
}

// readAllSymbols fills Symtab and Dynsym from the located tables, once.
func (f *File) readAllSymbols() {
	if f == nil {
		return
	}
	if f.HasSymtab && f.Symtab == nil {
		f.Symtab = f.readSymbols(&f.symtab)
	}
	if f.HasDynsym && f.Dynsym == nil {
		f.Dynsym = f.readSymbols(&f.dynsym)
	}
}

func (f *File) readSymbols(t *symTable) []Symbol {
	syms := make([]Symbol, t.n)
	for i := range syms {
		syms[i] = f.symbol(t, i)
	}
	return syms
}
