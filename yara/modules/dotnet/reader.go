package dotnet

import (
	"bytes"
	"encoding/binary"
)

var le = binary.LittleEndian

// reader gives bounds-checked reads of the scanned data: every read of an
// offset outside the data fails instead of panicking.
type reader []byte

func (r reader) fits(off, n int64) bool {
	return off >= 0 && n >= 0 && off <= int64(len(r)) && n <= int64(len(r))-off
}

func (r reader) u8(off int64) (uint8, bool) {
	if !r.fits(off, 1) {
		return 0, false
	}
	return r[off], true
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

// uint reads a little-endian integer of size 2 or 4 bytes.
func (r reader) uint(off int64, size int) (uint32, bool) {
	if size == 2 {
		v, ok := r.u16(off)
		return uint32(v), ok
	}
	return r.u32(off)
}

// cstring returns the NUL-terminated string at off (at most max bytes)
// and false when off is outside the data or no NUL ends it within max
// bytes and the data.
func (r reader) cstring(off int64, max int) ([]byte, bool) {
	if off < 0 || off >= int64(len(r)) {
		return nil, false
	}
	b := r[off:]
	if len(b) > max+1 {
		b = b[:max+1]
	}
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return nil, false
	}
	return b[:i], true
}

// compressed decodes an ECMA-335 compressed unsigned integer (§II.23.2)
// at off and returns it with its encoded length, or false.
func (r reader) compressed(off int64) (uint32, int64, bool) {
	b0, ok := r.u8(off)
	if !ok {
		return 0, 0, false
	}
	switch {
	case b0&0x80 == 0:
		return uint32(b0), 1, true
	case b0&0xc0 == 0x80:
		b1, ok := r.u8(off + 1)
		return uint32(b0&0x3f)<<8 | uint32(b1), 2, ok
	case b0&0xe0 == 0xc0:
		if !r.fits(off, 4) {
			return 0, 0, false
		}
		return uint32(b0&0x1f)<<24 | uint32(r[off+1])<<16 | uint32(r[off+2])<<8 | uint32(r[off+3]), 4, true
	}
	return 0, 0, false
}
