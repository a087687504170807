package autoit

import (
	"encoding/binary"
	"unicode/utf16"

	"github.com/overt-sec/overt/content/exe"
)

// Resource directory layout (PE/COFF specification, "The .rsrc Section").
const (
	dirResource  = 2  // data directory index of the resource table
	rtRCData     = 10 // resource type RT_RCDATA
	rsrcDirLen   = 16 // a directory table header
	rsrcEntryLen = 8  // a directory entry
	rsrcHigh     = 0x80000000
	// maxRsrcEntries bounds the entries read from one directory table:
	// its two 16-bit counts allow 131070, every real table has far fewer
	// and the script is found among the first.
	maxRsrcEntries = 4096
)

// scriptName is the resource name AutoIt 3.3 stores the script under.
const scriptName = "SCRIPT"

// scriptResource returns the file offset and size of the first language
// of the RT_RCDATA resource named SCRIPT.
func scriptResource(f *exe.File) (off, size int64, ok bool) {
	if len(f.DataDirs) <= dirResource || f.DataDirs[dirResource].Size == 0 {
		return 0, 0, false
	}
	base, ok := f.RVAToOffset(f.DataDirs[dirResource].RVA)
	if !ok {
		return 0, 0, false
	}
	r := rsrc{f: f, base: base}
	types, ok := r.find(0, func(name uint32) bool { return name == rtRCData })
	if !ok || types&rsrcHigh == 0 {
		return 0, 0, false
	}
	names, ok := r.find(types&^rsrcHigh, func(name uint32) bool { return name&rsrcHigh != 0 && r.name(name&^rsrcHigh) == scriptName })
	if !ok || names&rsrcHigh == 0 {
		return 0, 0, false
	}
	leaf, ok := r.find(names&^rsrcHigh, func(uint32) bool { return true })
	if !ok || leaf&rsrcHigh != 0 {
		return 0, 0, false
	}
	var d [8]byte
	if !r.at(d[:], leaf) {
		return 0, 0, false
	}
	off, ok = f.RVAToOffset(binary.LittleEndian.Uint32(d[:]))
	size = int64(binary.LittleEndian.Uint32(d[4:]))
	if !ok || off+size > f.Size {
		return 0, 0, false
	}
	return off, size, true
}

// rsrc reads the resource tree at file offset base.
type rsrc struct {
	f    *exe.File
	base int64
}

// at reads len(p) bytes at offset rel of the resource tree.
func (r rsrc) at(p []byte, rel uint32) bool {
	off := r.base + int64(rel)
	if off+int64(len(p)) > r.f.Size {
		return false
	}
	n, _ := r.f.R.ReadAt(p, off)
	return n == len(p)
}

// find returns the data field of the first entry of the directory at rel
// whose name field satisfies match.
func (r rsrc) find(rel uint32, match func(name uint32) bool) (uint32, bool) {
	var h [rsrcDirLen]byte
	if !r.at(h[:], rel) {
		return 0, false
	}
	le := binary.LittleEndian
	n := min(int(le.Uint16(h[12:]))+int(le.Uint16(h[14:])), maxRsrcEntries)
	tbl := make([]byte, n*rsrcEntryLen)
	if !r.at(tbl, rel+rsrcDirLen) {
		return 0, false
	}
	for p := tbl; len(p) >= rsrcEntryLen; p = p[rsrcEntryLen:] {
		if match(le.Uint32(p)) {
			return le.Uint32(p[4:]), true
		}
	}
	return 0, false
}

// name reads the length-prefixed UTF-16 name at rel, or "" when it is not
// the length of scriptName (no other name matters).
func (r rsrc) name(rel uint32) string {
	var l [2]byte
	if !r.at(l[:], rel) || int(binary.LittleEndian.Uint16(l[:])) != len(scriptName) {
		return ""
	}
	p := make([]byte, 2*len(scriptName))
	if !r.at(p, rel+2) {
		return ""
	}
	u := make([]uint16, len(scriptName))
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(p[2*i:])
	}
	return string(utf16.Decode(u))
}
