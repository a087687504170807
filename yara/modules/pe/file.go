package pe

import (
	"bytes"
	"encoding/binary"
)

// Sizes of the fixed PE structures.
const (
	dosHeaderSize  = 64
	fileHeaderSize = 20
	optHeader32    = 224 // IMAGE_OPTIONAL_HEADER32 with its 16 data directories
	optHeader64    = 240 // IMAGE_OPTIONAL_HEADER64 with its 16 data directories
	sectionSize    = 40
	numDirectories = 16
	magicPE32Plus  = 0x20b
)

// Data directory indexes used by the parser.
const (
	dirExport      = 0
	dirImport      = 1
	dirResource    = 2
	dirSecurity    = 4
	dirDebug       = 6
	dirDelayImport = 13
)

// file is a PE file being parsed: the raw bytes and the offsets of the
// headers found in them. Every read goes through the bounds-checked
// helpers below.
type file struct {
	data     []byte
	nt       int64 // offset of the "PE\0\0" signature
	opt      int64 // offset of the optional header
	is64     bool
	secTable int64 // offset of the first section header
	sections []section
	// truncated is set when the section table runs past the end of the
	// data: yara then maps no address at all.
	truncated bool
}

// section is one section header.
type section struct {
	name          []byte // the 8 name bytes without trailing NULs
	cname         []byte // the name bytes up to the first NUL
	virtualSize   uint32
	virtualAddr   uint32
	rawSize       uint32
	rawPtr        uint32
	relocPtr      uint32
	linePtr       uint32
	relocCount    uint16
	lineCount     uint16
	characteristc uint32
}

var le = binary.LittleEndian

func (f *file) fits(off, n int64) bool {
	return off >= 0 && n >= 0 && off <= int64(len(f.data)) && n <= int64(len(f.data))-off
}

func (f *file) u8(off int64) (uint8, bool) {
	if !f.fits(off, 1) {
		return 0, false
	}
	return f.data[off], true
}

func (f *file) u16(off int64) (uint16, bool) {
	if !f.fits(off, 2) {
		return 0, false
	}
	return le.Uint16(f.data[off:]), true
}

func (f *file) u32(off int64) (uint32, bool) {
	if !f.fits(off, 4) {
		return 0, false
	}
	return le.Uint32(f.data[off:]), true
}

func (f *file) u64(off int64) (uint64, bool) {
	if !f.fits(off, 8) {
		return 0, false
	}
	return le.Uint64(f.data[off:]), true
}

// cstring returns the NUL-terminated string at off, clipped at the end of
// the data and at max bytes, and false when off is outside the data.
func (f *file) cstring(off int64, max int) ([]byte, bool) {
	if off < 0 || off >= int64(len(f.data)) {
		return nil, false
	}
	b := f.data[off:]
	if len(b) > max {
		b = b[:max]
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return b, true
}

// parseFile recognises a PE file as yara does: an MZ header, a
// non-negative e_lfanew pointing at "PE\0\0", and room in the data for
// the file header and a whole optional header of the kind its magic says.
// It returns nil for anything else.
func parseFile(data []byte) *file {
	f := &file{data: data}
	if len(data) < dosHeaderSize || data[0] != 'M' || data[1] != 'Z' {
		return nil
	}
	lfanew := int64(int32(le.Uint32(data[0x3c:])))
	if lfanew < 0 {
		return nil
	}
	if !f.fits(lfanew, 4+fileHeaderSize) || string(data[lfanew:lfanew+4]) != "PE\x00\x00" {
		return nil
	}
	f.nt = lfanew
	f.opt = lfanew + 4 + fileHeaderSize
	if !f.fits(f.opt, optHeader32) {
		return nil
	}
	magic, _ := f.u16(f.opt)
	f.is64 = magic == magicPE32Plus
	if f.is64 && !f.fits(f.opt, optHeader64) {
		return nil
	}
	optSize, _ := f.u16(f.nt + 4 + 16)
	f.secTable = f.opt + int64(optSize)
	n, _ := f.u16(f.nt + 4 + 2)
	for i := 0; i < min(int(n), maxSections); i++ {
		h := f.secTable + int64(i)*sectionSize
		if !f.fits(h, sectionSize) {
			f.truncated = true
			break
		}
		b := data[h : h+sectionSize]
		name := bytes.TrimRight(b[:8], "\x00")
		cname := b[:8]
		if j := bytes.IndexByte(cname, 0); j >= 0 {
			cname = cname[:j]
		}
		f.sections = append(f.sections, section{
			name:          name,
			cname:         cname,
			virtualSize:   le.Uint32(b[8:]),
			virtualAddr:   le.Uint32(b[12:]),
			rawSize:       le.Uint32(b[16:]),
			rawPtr:        le.Uint32(b[20:]),
			relocPtr:      le.Uint32(b[24:]),
			linePtr:       le.Uint32(b[28:]),
			relocCount:    le.Uint16(b[32:]),
			lineCount:     le.Uint16(b[34:]),
			characteristc: le.Uint32(b[36:]),
		})
	}
	return f
}

// Optional header field offsets (relative to the optional header) that
// differ between PE32 and PE32+.
func (f *file) optOff(off32, off64 int64) int64 {
	if f.is64 {
		return f.opt + off64
	}
	return f.opt + off32
}

// directory returns data directory i (virtual address and size), and
// false when the header has fewer directories or the entry is outside.
func (f *file) directory(i int) (uint32, uint32, bool) {
	n, _ := f.u32(f.optOff(92, 108))
	if uint32(i) >= min(n, numDirectories) {
		return 0, 0, false
	}
	off := f.optOff(96, 112) + int64(i)*8
	va, ok1 := f.u32(off)
	size, ok2 := f.u32(off + 4)
	return va, size, ok1 && ok2
}

// rvaToOffset maps a relative virtual address to a file offset the way
// yara does: of the sections whose virtual range [VirtualAddress,
// VirtualAddress+VirtualSize) contains rva, the one with the highest
// virtual address (the later one on a tie) holds it, at its raw pointer
// rounded down to min(FileAlignment, 0x200); addresses below every section
// map one to one, and the result must lie within the section's raw data
// and the file. It returns -1 otherwise. (The virtual-size condition was
// found by experiment with yara 4.2.3 on images with garbage section
// headers: a section of virtual size 0 maps nothing, and an address past a
// section's virtual size falls to a lower section that covers it.)
func (f *file) rvaToOffset(rva uint64) int64 {
	if f.truncated {
		return -1
	}
	lowest := uint64(0xffffffff)
	var secRVA, secOff, secRaw uint64
	align, _ := f.u32(f.optOff(36, 36))
	a := uint64(min(align, 0x200))
	for _, s := range f.sections {
		va := uint64(s.virtualAddr)
		lowest = min(lowest, va)
		if rva >= va && rva-va < uint64(s.virtualSize) && secRVA <= va {
			secRVA = va
			secOff = uint64(s.rawPtr)
			secRaw = uint64(s.rawSize)
			if a != 0 {
				secOff -= secOff % a
			}
		}
	}
	if rva < lowest {
		secRVA, secOff, secRaw = 0, 0, uint64(len(f.data))
	}
	if rva-secRVA >= secRaw {
		return -1
	}
	off := secOff + (rva - secRVA)
	if off >= uint64(len(f.data)) {
		return -1
	}
	return int64(off)
}
