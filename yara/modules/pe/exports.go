package pe

import "github.com/overt-sec/overt/yara/modules/object"

// export is one entry of the export address table.
type export struct {
	ordinal  int64
	offset   int64 // file offset of the function; -1 when unmapped or forwarded
	name     []byte
	hasName  bool
	forward  []byte
	forwards bool
}

// exportTable is the parsed export directory.
type exportTable struct {
	present   bool // the directory header was read
	timestamp uint32
	dllName   []byte
	hasDLL    bool
	count     int64 // NumberOfFunctions clipped by maxExports
	entries   []export
}

// parseExports reads the export directory.
func (f *file) parseExports() exportTable {
	var t exportTable
	va, size, ok := f.directory(dirExport)
	if !ok || va == 0 {
		return t
	}
	start := f.rvaToOffset(uint64(va))
	if start < 0 || !f.fits(start, 40) {
		return t
	}
	t.present = true
	t.timestamp, _ = f.u32(start + 4)
	nameRVA, _ := f.u32(start + 12)
	base, _ := f.u32(start + 16)
	nfuncs, _ := f.u32(start + 20)
	nnames, _ := f.u32(start + 24)
	funcsRVA, _ := f.u32(start + 28)
	namesRVA, _ := f.u32(start + 32)
	ordsRVA, _ := f.u32(start + 36)
	t.count = int64(min(nfuncs, maxExports))
	if nameRVA != 0 {
		if off := f.rvaToOffset(uint64(nameRVA)); off > 0 {
			t.dllName, t.hasDLL = f.cstring(off, maxNameLen)
		}
	}
	funcs := f.rvaToOffset(uint64(funcsRVA))
	if funcs < 0 || !f.fits(funcs, t.count*4) {
		return t
	}
	// Map each function index to the first name that refers to it.
	names := map[uint32]int64{}
	if nnames > 0 {
		noff := f.rvaToOffset(uint64(namesRVA))
		ooff := f.rvaToOffset(uint64(ordsRVA))
		if noff < 0 || ooff < 0 {
			return t
		}
		for j := int64(0); j < int64(nnames); j++ {
			idx, ok1 := f.u16(ooff + j*2)
			rva, ok2 := f.u32(noff + j*4)
			if !ok1 || !ok2 {
				break
			}
			if _, dup := names[uint32(idx)]; !dup && int64(idx) < t.count {
				names[uint32(idx)] = int64(rva)
			}
		}
	}
	for i := int64(0); i < t.count; i++ {
		e := export{ordinal: int64(base) + i, offset: -1}
		rva, _ := f.u32(funcs + i*4)
		off := f.rvaToOffset(uint64(rva))
		if off > start && off < start+int64(size) {
			e.forward, e.forwards = f.cstring(off, maxNameLen)
		} else {
			e.offset = off
		}
		if nrva, ok := names[uint32(i)]; ok {
			if noff := f.rvaToOffset(uint64(nrva)); noff > 0 {
				e.name, e.hasName = f.cstring(noff, maxNameLen)
			}
		}
		t.entries = append(t.entries, e)
	}
	return t
}

// setExports sets the export fields.
func (t *exportTable) set(root object.Node) {
	root.SetInt("number_of_exports", t.count)
	if !t.present {
		return
	}
	root.SetInt("export_timestamp", int64(t.timestamp))
	if t.hasDLL {
		root.SetStr("dll_name", t.dllName)
	}
	arr := root.StructArray("export_details")
	for _, e := range t.entries {
		n := arr.Add()
		n.SetInt("ordinal", e.ordinal)
		if e.forwards {
			n.SetStr("forward_name", e.forward)
		} else if e.offset >= 0 {
			n.SetInt("offset", e.offset)
		}
		if e.hasName {
			n.SetStr("name", e.name)
		}
	}
}
