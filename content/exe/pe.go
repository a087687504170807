package exe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxSections caps the section table read by Parse; the PE loader of
// Windows accepts at most 96 sections.
const MaxSections = 96

// File is the parsed header view of a PE file that handlers share.
type File struct {
	// R and Size give the whole file.
	R    io.ReaderAt
	Size int64
	// PEOffset is the file offset of the "PE\0\0" signature.
	PEOffset int64
	// Machine is the COFF machine type (0x14c i386, 0x8664 amd64, …).
	Machine uint16
	// Characteristics are the COFF header's flags (0x2000: a DLL).
	Characteristics uint16
	// Is64 is true for a PE32+ optional header.
	Is64 bool
	// ImageBase, EntryRVA, SizeOfImage, SizeOfHeaders, FileAlignment and
	// SectionAlignment come from the optional header.
	ImageBase        uint64
	EntryRVA         uint32
	SizeOfImage      uint32
	SizeOfHeaders    uint32
	FileAlignment    uint32
	SectionAlignment uint32
	// DataDirs are the optional header's data directories (RVA, size).
	DataDirs []DataDir
	// Sections is the section table, in file order.
	Sections []Section
	// Overlay is the file offset just past the last section's raw data:
	// data from there to Size is the overlay (Overlay == Size when none).
	Overlay int64
}

// DataDir is one data directory entry of the optional header.
type DataDir struct {
	RVA, Size uint32
}

// Section is one section header.
type Section struct {
	Name            string
	VirtualSize     uint32
	VirtualAddress  uint32
	RawSize         uint32
	RawOffset       uint32
	Characteristics uint32
}

// ErrNotPE is returned by Parse for data without valid MZ and PE headers.
var ErrNotPE = errors.New("not a PE file")

// IsPE reports whether head (the start of a file) begins with MZ and
// points to a PE signature inside head.
func IsPE(head []byte) bool {
	if len(head) < 0x40 || head[0] != 'M' || head[1] != 'Z' {
		return false
	}
	off := binary.LittleEndian.Uint32(head[0x3c:])
	if off > uint32(len(head))-4 || off < 0x40 && off < 4 {
		return false
	}
	return string(head[off:off+4]) == "PE\x00\x00"
}

// Parse reads the headers of the PE file in r. It fails with an error
// wrapping ErrNotPE when the signatures or the optional header are
// missing; section entries that point outside the file are kept (handlers
// check bounds when they read).
func Parse(r io.ReaderAt, size int64) (*File, error) {
	var dos [0x40]byte
	if size < int64(len(dos)) {
		return nil, fmt.Errorf("%w: %d bytes", ErrNotPE, size)
	}
	if _, err := r.ReadAt(dos[:], 0); err != nil {
		return nil, fmt.Errorf("read DOS header: %w", err)
	}
	if dos[0] != 'M' || dos[1] != 'Z' {
		return nil, fmt.Errorf("%w: no MZ signature", ErrNotPE)
	}
	f := &File{R: r, Size: size, PEOffset: int64(binary.LittleEndian.Uint32(dos[0x3c:]))}
	var hdr [24]byte // signature + COFF header
	if f.PEOffset+24 > size {
		return nil, fmt.Errorf("%w: PE header offset %#x beyond file", ErrNotPE, f.PEOffset)
	}
	if _, err := r.ReadAt(hdr[:], f.PEOffset); err != nil {
		return nil, fmt.Errorf("read PE header: %w", err)
	}
	if string(hdr[:4]) != "PE\x00\x00" {
		return nil, fmt.Errorf("%w: no PE signature at %#x", ErrNotPE, f.PEOffset)
	}
	f.Machine = binary.LittleEndian.Uint16(hdr[4:])
	f.Characteristics = binary.LittleEndian.Uint16(hdr[22:])
	nsec := int(binary.LittleEndian.Uint16(hdr[6:]))
	optSize := int64(binary.LittleEndian.Uint16(hdr[20:]))
	optOff := f.PEOffset + 24
	opt := make([]byte, min(optSize, 240))
	if optOff+int64(len(opt)) > size || len(opt) < 0x60 {
		return nil, fmt.Errorf("%w: optional header of %d bytes at %#x", ErrNotPE, optSize, optOff)
	}
	if _, err := r.ReadAt(opt, optOff); err != nil {
		return nil, fmt.Errorf("read optional header: %w", err)
	}
	le := binary.LittleEndian
	var ddOff int
	switch le.Uint16(opt) {
	case 0x10b:
		f.ImageBase = uint64(le.Uint32(opt[28:]))
		ddOff = 96
	case 0x20b:
		f.Is64 = true
		f.ImageBase = le.Uint64(opt[24:])
		ddOff = 112
	default:
		return nil, fmt.Errorf("%w: optional header magic %#x", ErrNotPE, le.Uint16(opt))
	}
	f.EntryRVA = le.Uint32(opt[16:])
	f.SectionAlignment = le.Uint32(opt[32:])
	f.FileAlignment = le.Uint32(opt[36:])
	f.SizeOfImage = le.Uint32(opt[56:])
	f.SizeOfHeaders = le.Uint32(opt[60:])
	if ddOff+4 <= len(opt) {
		n := int(le.Uint32(opt[ddOff-4:]))
		for i := 0; i < n && i < 16 && ddOff+8*i+8 <= len(opt); i++ {
			p := opt[ddOff+8*i:]
			f.DataDirs = append(f.DataDirs, DataDir{RVA: le.Uint32(p), Size: le.Uint32(p[4:])})
		}
	}
	if nsec > MaxSections {
		nsec = MaxSections
	}
	secOff := optOff + optSize
	tbl := make([]byte, 40*nsec)
	n, _ := r.ReadAt(tbl, secOff)
	tbl = tbl[:n-n%40]
	f.Overlay = 0
	for p := tbl; len(p) >= 40; p = p[40:] {
		s := Section{
			Name:            cstring(p[:8]),
			VirtualSize:     le.Uint32(p[8:]),
			VirtualAddress:  le.Uint32(p[12:]),
			RawSize:         le.Uint32(p[16:]),
			RawOffset:       le.Uint32(p[20:]),
			Characteristics: le.Uint32(p[36:]),
		}
		f.Sections = append(f.Sections, s)
		if end := int64(s.RawOffset) + int64(s.RawSize); s.RawSize > 0 && end > f.Overlay {
			f.Overlay = end
		}
	}
	if f.Overlay < secOff+int64(len(tbl)) {
		f.Overlay = secOff + int64(len(tbl))
	}
	if f.Overlay > size {
		f.Overlay = size
	}
	return f, nil
}

// RVAToOffset maps a relative virtual address to a file offset through the
// section table (addresses in the headers map to themselves).
func (f *File) RVAToOffset(rva uint32) (int64, bool) {
	for _, s := range f.Sections {
		vsz := max(s.VirtualSize, s.RawSize)
		if rva >= s.VirtualAddress && rva-s.VirtualAddress < vsz {
			d := rva - s.VirtualAddress
			if d >= s.RawSize {
				return 0, false
			}
			off := int64(s.RawOffset) + int64(d)
			return off, off < f.Size
		}
	}
	if int64(rva) < int64(f.SizeOfHeaders) && int64(rva) < f.Size {
		return int64(rva), true
	}
	return 0, false
}

// EntrySection returns the index of the section holding the entry point,
// or -1.
func (f *File) EntrySection() int {
	for i, s := range f.Sections {
		vsz := max(s.VirtualSize, s.RawSize)
		if f.EntryRVA >= s.VirtualAddress && f.EntryRVA-s.VirtualAddress < vsz {
			return i
		}
	}
	return -1
}

func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
