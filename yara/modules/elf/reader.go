package elf

import "encoding/binary"

// reader reads fixed-size integers from the scanned object in the byte
// order of its ELF header; every read is bounds-checked and reports false
// past the end of the data.
type reader struct {
	data []byte
	bo   binary.ByteOrder
}

// fits reports whether size bytes at off lie inside the data.
func (r *reader) fits(off, size uint64) bool {
	n := uint64(len(r.data))
	return off <= n && size <= n-off
}

func (r *reader) u8(off uint64) uint8 {
	if !r.fits(off, 1) {
		return 0
	}
	return r.data[off]
}

func (r *reader) u16(off uint64) uint16 {
	if !r.fits(off, 2) {
		return 0
	}
	return r.bo.Uint16(r.data[off:])
}

func (r *reader) u32(off uint64) uint32 {
	if !r.fits(off, 4) {
		return 0
	}
	return r.bo.Uint32(r.data[off:])
}

func (r *reader) u64(off uint64) uint64 {
	if !r.fits(off, 8) {
		return 0
	}
	return r.bo.Uint64(r.data[off:])
}

// word reads a 32-bit value in an ELFCLASS32 file and a 64-bit one in an
// ELFCLASS64 file.
func (r *reader) word(off uint64, is64 bool) uint64 {
	if is64 {
		return r.u64(off)
	}
	return uint64(r.u32(off))
}

// cstring returns the NUL-terminated string at off, which must end before
// limit (itself clipped to the data), and false when it does not.
func (r *reader) cstring(off, limit uint64) (string, bool) {
	if limit > uint64(len(r.data)) {
		limit = uint64(len(r.data))
	}
	if off >= limit {
		return "", false
	}
	for i := off; i < limit; i++ {
		if r.data[i] == 0 {
			return string(r.data[off:i]), true
		}
	}
	return "", false
}
