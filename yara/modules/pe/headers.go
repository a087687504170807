package pe

import (
	"strconv"

	"github.com/overt-sec/overt/yara/modules/object"
)

// setHeaders sets is_pe and the file and optional header fields.
func (f *file) setHeaders(root object.Node) {
	root.SetInt("is_pe", 1)
	fh := f.nt + 4
	u16 := func(off int64) int64 { v, _ := f.u16(off); return int64(v) }
	u32 := func(off int64) int64 { v, _ := f.u32(off); return int64(v) }
	root.SetInt("machine", u16(fh))
	root.SetInt("number_of_sections", u16(fh+2))
	root.SetInt("timestamp", u32(fh+4))
	root.SetInt("pointer_to_symbol_table", u32(fh+8))
	root.SetInt("number_of_symbols", u32(fh+12))
	root.SetInt("size_of_optional_header", u16(fh+16))
	root.SetInt("characteristics", u16(fh+18))

	o := f.opt
	ep := uint32(u32(o + 16))
	root.SetInt("entry_point", f.rvaToOffset(uint64(ep))) // -1 when unmapped, as yara
	root.SetInt("entry_point_raw", int64(ep))
	if f.is64 {
		v, _ := f.u64(o + 24)
		root.SetInt("image_base", int64(v))
	} else {
		root.SetInt("image_base", u32(o+28))
		root.SetInt("base_of_data", u32(o+24))
	}
	root.SetInt("number_of_rva_and_sizes", u32(f.optOff(92, 108)))
	root.SetInt("opthdr_magic", u16(o))
	root.SetInt("size_of_code", u32(o+4))
	root.SetInt("size_of_initialized_data", u32(o+8))
	root.SetInt("size_of_uninitialized_data", u32(o+12))
	root.SetInt("base_of_code", u32(o+20))
	root.SetInt("section_alignment", u32(o+32))
	root.SetInt("file_alignment", u32(o+36))
	ver := func(name string, major, minor int64) {
		n := root.Sub(name)
		n.SetInt("major", major)
		n.SetInt("minor", minor)
	}
	b2, _ := f.u8(o + 2)
	b3, _ := f.u8(o + 3)
	ver("linker_version", int64(b2), int64(b3))
	ver("os_version", u16(o+40), u16(o+42))
	ver("image_version", u16(o+44), u16(o+46))
	ver("subsystem_version", u16(o+48), u16(o+50))
	root.SetInt("win32_version_value", u32(o+52))
	root.SetInt("size_of_image", u32(o+56))
	root.SetInt("size_of_headers", u32(o+60))
	root.SetInt("checksum", u32(o+64))
	root.SetInt("subsystem", u16(o+68))
	root.SetInt("dll_characteristics", u16(o+70))
	if f.is64 {
		for i, name := range []string{"size_of_stack_reserve", "size_of_stack_commit", "size_of_heap_reserve", "size_of_heap_commit"} {
			v, _ := f.u64(o + 72 + int64(i)*8)
			root.SetInt(name, int64(v))
		}
	} else {
		for i, name := range []string{"size_of_stack_reserve", "size_of_stack_commit", "size_of_heap_reserve", "size_of_heap_commit"} {
			root.SetInt(name, u32(o+72+int64(i)*4))
		}
	}
	root.SetInt("loader_flags", u32(f.optOff(88, 104)))

	dirs := root.StructArray("data_directories")
	n, _ := f.u32(f.optOff(92, 108))
	for i := 0; i < int(min(n, numDirectories)); i++ {
		va, size, ok := f.directory(i)
		if !ok {
			break
		}
		d := dirs.Add()
		d.SetInt("virtual_address", int64(va))
		d.SetInt("size", int64(size))
	}
}

// setSections sets the sections array and the overlay.
func (f *file) setSections(root object.Node) {
	arr := root.StructArray("sections")
	var end uint64
	for _, s := range f.sections {
		n := arr.Add()
		n.SetStr("name", s.name)
		n.SetStr("full_name", f.fullName(s.name))
		n.SetInt("characteristics", int64(s.characteristc))
		n.SetInt("virtual_address", int64(s.virtualAddr))
		n.SetInt("virtual_size", int64(s.virtualSize))
		n.SetInt("raw_data_offset", int64(s.rawPtr))
		n.SetInt("raw_data_size", int64(s.rawSize))
		n.SetInt("pointer_to_relocations", int64(s.relocPtr))
		n.SetInt("pointer_to_line_numbers", int64(s.linePtr))
		n.SetInt("number_of_relocations", int64(s.relocCount))
		n.SetInt("number_of_line_numbers", int64(s.lineCount))
		end = max(end, uint64(s.rawPtr)+uint64(s.rawSize))
	}
	ov := root.Sub("overlay")
	if end != 0 && uint64(len(f.data)) > end {
		ov.SetInt("offset", int64(end))
		ov.SetInt("size", int64(uint64(len(f.data))-end))
	} else {
		ov.SetInt("offset", 0)
		ov.SetInt("size", 0)
	}
}

// fullName resolves a "/123" section name through the COFF string table
// (MinGW's long section names); other names are returned unchanged, as
// are references that do not resolve to a printable string.
func (f *file) fullName(name []byte) []byte {
	if len(name) < 2 || name[0] != '/' {
		return name
	}
	idx, err := strconv.ParseUint(string(name[1:]), 10, 32)
	if err != nil {
		return name
	}
	symtab, _ := f.u32(f.nt + 4 + 8)
	nsym, _ := f.u32(f.nt + 4 + 12)
	if symtab == 0 {
		return name
	}
	off := int64(symtab) + int64(nsym)*18 + int64(idx)
	s, ok := f.cstring(off, maxNameLen)
	if !ok {
		return name
	}
	for _, c := range s {
		if c < 0x20 || c > 0x7e {
			return name
		}
	}
	return s
}
