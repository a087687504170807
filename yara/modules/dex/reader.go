package dex

import "encoding/binary"

var le = binary.LittleEndian

// reader gives bounds-checked reads of the scanned data.
type reader []byte

func (r reader) fits(off, n int64) bool {
	return off >= 0 && n >= 0 && off <= int64(len(r)) && n <= int64(len(r))-off
}

func (r reader) u16(off int64) (uint16, bool) {
	if !r.fits(off, 2) {
		return 0, false
	}
	return le.Uint16(r[off:]), true
}

func (r reader) u32(off int64) (uint32, bool) {
	if !r.fits(off, 4) {
		return 0, false
	}
	return le.Uint32(r[off:]), true
}

// uleb128 decodes an unsigned LEB128 value of at most five bytes at off
// and returns it with its length, or false when it runs off the data.
func (r reader) uleb128(off int64) (uint32, int64, bool) {
	var v uint32
	for i := range int64(5) {
		if !r.fits(off+i, 1) {
			return 0, 0, false
		}
		b := r[off+i]
		v |= uint32(b&0x7f) << (7 * i)
		if b&0x80 == 0 {
			return v, i + 1, true
		}
	}
	return v, 5, true
}
