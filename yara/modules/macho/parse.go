package macho

import (
	"encoding/binary"
	"math"
)

// Mach-O magic numbers and load commands the parser acts on.
const (
	mhMagic      = 0xfeedface
	mhCigam      = 0xcefaedfe
	mhMagic64    = 0xfeedfacf
	mhCigam64    = 0xcffaedfe
	fatMagic     = 0xcafebabe
	fatMagic64   = 0xcafebabf
	lcSegment    = 0x1
	lcUnixThread = 0x5
	lcSegment64  = 0x19
	lcMain       = 0x80000028
)

// Limits on the work done for one file.
const (
	// maxFatArch bounds the architectures of a fat file read: real
	// universal binaries hold two to four, and each is parsed in full.
	maxFatArch = 64
	// maxCommands bounds the load commands walked per image; every command
	// is at least 8 bytes, so the data length bounds them too.
	maxCommands = 1 << 16
)

// Section is one section of a segment.
type Section struct {
	SectName, SegName                      string
	Addr, Size                             uint64
	Offset, Align, RelOff, NReloc          uint32
	Flags, Reserved1, Reserved2, Reserved3 uint32
}

// Segment is one LC_SEGMENT or LC_SEGMENT_64 command.
type Segment struct {
	SegName                           string
	VMAddr, VMSize, FileOff, FileSize uint64
	MaxProt, InitProt                 uint32
	NSects, Flags                     uint32
	Sections                          []Section
}

// Image is one Mach-O image: a thin file or one architecture of a fat one.
type Image struct {
	Is64                                 bool
	Magic, CPUType, CPUSubtype, FileType uint32
	NCmds, SizeOfCmds, Flags, Reserved   uint32
	Segments                             []Segment
	Entry                                uint64 // entry point, a file offset in the image
	HasEntry                             bool
	StackSize                            uint64
	HasStack                             bool
}

// FatArch is one fat_arch (or fat_arch_64) entry.
type FatArch struct {
	CPUType, CPUSubtype uint32
	Offset, Size        uint64
	Align               uint32
}

// File is what the macho module exposes of one object: a thin image, or
// a fat header with its architectures and their images.
type File struct {
	Thin     *Image
	FatMagic uint32
	NFatArch uint32
	Arch     []FatArch
	Images   []*Image // Images[i] is nil when arch i's image does not parse
}

// Parse decodes data as a thin or fat Mach-O file, or returns nil.
func Parse(data []byte) *File {
	if len(data) < 4 {
		return nil
	}
	switch binary.BigEndian.Uint32(data) {
	case fatMagic, fatMagic64:
		return parseFat(data)
	}
	if im := parseImage(data); im != nil {
		return &File{Thin: im}
	}
	return nil
}

func parseFat(data []byte) *File {
	if len(data) < 8 {
		return nil
	}
	be := binary.BigEndian
	f := &File{FatMagic: be.Uint32(data), NFatArch: be.Uint32(data[4:])}
	size := uint64(20)
	if f.FatMagic == fatMagic64 {
		size = 32
	}
	// yara reads the architectures only when the whole table is in the data.
	if uint64(f.NFatArch)*size > uint64(len(data))-8 {
		return f
	}
	n := min(uint64(f.NFatArch), maxFatArch)
	for i := uint64(0); i < n; i++ {
		off := 8 + i*size
		a := FatArch{CPUType: be.Uint32(data[off:]), CPUSubtype: be.Uint32(data[off+4:])}
		if size == 32 {
			a.Offset, a.Size, a.Align = be.Uint64(data[off+8:]), be.Uint64(data[off+16:]), be.Uint32(data[off+24:])
		} else {
			a.Offset, a.Size, a.Align = uint64(be.Uint32(data[off+8:])), uint64(be.Uint32(data[off+12:])), be.Uint32(data[off+16:])
		}
		f.Arch = append(f.Arch, a)
		var im *Image
		// yara parses an architecture's image only when it is all in the data.
		if a.Size <= math.MaxUint64-a.Offset && a.Offset+a.Size <= uint64(len(data)) {
			im = parseImage(data[a.Offset : a.Offset+a.Size])
		}
		f.Images = append(f.Images, im)
	}
	return f
}

// imageReader reads an image in its byte order.
type imageReader struct {
	data []byte
	bo   binary.ByteOrder
}

func (r *imageReader) fits(off, n uint64) bool {
	l := uint64(len(r.data))
	return off <= l && n <= l-off
}

func (r *imageReader) u32(off uint64) uint32 {
	if !r.fits(off, 4) {
		return 0
	}
	return r.bo.Uint32(r.data[off:])
}

func (r *imageReader) u64(off uint64) uint64 {
	if !r.fits(off, 8) {
		return 0
	}
	return r.bo.Uint64(r.data[off:])
}

// name returns the fixed 16-byte name at off, up to its first NUL.
func (r *imageReader) name(off uint64) string {
	if !r.fits(off, 16) {
		return ""
	}
	b := r.data[off : off+16]
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func parseImage(data []byte) *Image {
	if len(data) < 28 {
		return nil
	}
	im := &Image{}
	r := &imageReader{data: data}
	switch binary.BigEndian.Uint32(data) {
	case mhMagic:
		r.bo = binary.BigEndian
	case mhMagic64:
		r.bo, im.Is64 = binary.BigEndian, true
	case mhCigam:
		r.bo = binary.LittleEndian
	case mhCigam64:
		r.bo, im.Is64 = binary.LittleEndian, true
	default:
		return nil
	}
	hdr := uint64(28)
	if im.Is64 {
		hdr = 32
		if len(data) < 32 {
			return nil
		}
		im.Reserved = r.u32(28)
	}
	im.Magic = binary.LittleEndian.Uint32(data) // yara reads it little-endian
	im.CPUType, im.CPUSubtype, im.FileType = r.u32(4), r.u32(8), r.u32(12)
	im.NCmds, im.SizeOfCmds, im.Flags = r.u32(16), r.u32(20), r.u32(24)
	im.parseCommands(r, hdr)
	return im
}
