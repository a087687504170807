package dex

import "bytes"

// Sizes of the fixed DEX structures.
const (
	headerSize    = 0x70
	stringIDSize  = 4
	typeIDSize    = 4
	protoIDSize   = 12
	fieldIDSize   = 8
	methodIDSize  = 8
	classDefSize  = 32
	mapItemSize   = 12
	codeItemFixed = 16
)

// header field offsets of the identifier tables: size then offset.
const (
	hMapOff    = 0x34
	hStringIDs = 0x38
	hTypeIDs   = 0x40
	hProtoIDs  = 0x48
	hFieldIDs  = 0x50
	hMethodIDs = 0x58
	hClassDefs = 0x60
)

// file is a DEX file being parsed.
type file struct {
	r       reader
	strings [][]byte // string_ids values; nil where the entry is unreadable
	defined []bool   // whether string i was read
	types   []uint32 // type_ids descriptor_idx
	protos  []uint32 // proto_ids shorty_idx
	fields  [][3]uint32
	methods [][3]uint32
}

// isDex reports whether data starts with a DEX magic yara knows
// ("dex\n035\0" to "dex\n039\0") and holds a whole header.
func isDex(data []byte) bool {
	if len(data) < headerSize || !bytes.HasPrefix(data, []byte("dex\n03")) || data[7] != 0 {
		return false
	}
	return data[6] >= '5' && data[6] <= '9'
}

// table returns the count and offset of the identifier table whose
// header fields are at h, and whether its entries all lie in the data.
func (f *file) table(h int64, entry int64) (uint32, int64, bool) {
	n, _ := f.r.u32(h)
	off, _ := f.r.u32(h + 4)
	return n, int64(off), f.r.fits(int64(off), int64(n)*entry)
}

// str returns string i, or false when it is out of range or unreadable.
func (f *file) str(i uint32) ([]byte, bool) {
	if int64(i) >= int64(len(f.strings)) || !f.defined[i] {
		return nil, false
	}
	return f.strings[i], true
}

// typeName returns the descriptor of type i.
func (f *file) typeName(i uint32) ([]byte, bool) {
	if int64(i) >= int64(len(f.types)) {
		return nil, false
	}
	return f.str(f.types[i])
}

// readString reads the string_data_item at off: its ULEB128 UTF-16 length
// and, as yara, that many bytes of the MUTF-8 data after it.
func (f *file) readString(off int64) (size uint32, value []byte, ok bool) {
	size, n, ok := f.r.uleb128(off)
	if !ok {
		return 0, nil, false
	}
	keep := min(int64(size), maxStringLen)
	if !f.r.fits(off+n, keep) {
		return 0, nil, false
	}
	return size, f.r[off+n : off+n+keep], true
}
