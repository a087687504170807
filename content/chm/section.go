package chm

import (
	"fmt"
	"io"
	"math/bits"

	"github.com/overt-sec/overt/content/internal/lzx"
)

// Sizes of the compressed section's tables.
const (
	// controlSize is the LZXC control data: size, signature, version,
	// reset interval, window size, cache size, and a reserved word.
	controlSize = 28
	// resetHeader is the reset table's header, up to the block size.
	resetHeader = 40
)

// lookup returns the entry named name.
func (a *archive) lookup(name string) (entry, bool) {
	for _, e := range a.entries {
		if e.name == name {
			return e, true
		}
	}
	return entry{}, false
}

// readMeta reads a small section-0 entry of the machinery, at least min
// bytes of it.
func (a *archive) readMeta(r io.ReaderAt, size int64, name string, n int) ([]byte, error) {
	e, ok := a.lookup(name)
	if !ok {
		return nil, fmt.Errorf("no %s", name)
	}
	if e.section != 0 || e.length < uint64(n) {
		return nil, fmt.Errorf("%s: %d bytes in section %d", name, e.length, e.section)
	}
	off := uint64(a.contentOff) + e.off
	if off > uint64(size) {
		return nil, fmt.Errorf("%s is outside the file", name)
	}
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, int64(off)); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return buf, nil
}

// section locates the compressed stream and reads its LZXC parameters and
// decompressed length.
func (a *archive) section(r io.ReaderAt, size int64) (*section, error) {
	c, ok := a.lookup(contentPath)
	if !ok || c.section != 0 {
		return nil, fmt.Errorf("no %s in section 0", contentPath)
	}
	start := uint64(a.contentOff) + c.off
	if start > uint64(size) {
		return nil, fmt.Errorf("compressed stream at %d is outside the file", start)
	}
	s := &section{start: int64(start), length: int64(min(c.length, uint64(size)-start))}
	cd, err := a.readMeta(r, size, controlPath, controlSize)
	if err != nil {
		return nil, err
	}
	if string(cd[4:8]) != "LZXC" {
		return nil, fmt.Errorf("control data lacks its LZXC signature")
	}
	ver, reset, window := le.Uint32(cd[8:]), uint64(le.Uint32(cd[12:])), uint64(le.Uint32(cd[16:]))
	if ver == 2 {
		reset *= lzx.FrameSize
		window *= lzx.FrameSize
	}
	if window == 0 || window&(window-1) != 0 {
		return nil, fmt.Errorf("LZX window of %d bytes is not a power of two", window)
	}
	s.windowBits = bits.TrailingZeros64(window)
	if s.windowBits < lzx.MinWindowBits || s.windowBits > lzx.MaxWindowBits {
		return nil, fmt.Errorf("LZX window of %d bytes is outside 32 KiB..2 MiB", window)
	}
	if reset == 0 || reset%lzx.FrameSize != 0 || reset > 1<<30 {
		return nil, fmt.Errorf("LZX reset interval of %d bytes is not a multiple of 32 KiB", reset)
	}
	s.resetFrames = int(reset / lzx.FrameSize)
	if rt, err := a.readMeta(r, size, resetPath, resetHeader); err == nil {
		s.plainLen = le.Uint64(rt[16:])
		e, _ := a.lookup(resetPath)
		s.resets = resetTable{
			off:     int64(uint64(a.contentOff) + e.off),
			len:     e.length,
			entries: uint64(le.Uint32(rt[4:])),
			width:   uint64(le.Uint32(rt[8:])),
			header:  uint64(le.Uint32(rt[12:])),
		}
	}
	return s, nil
}

// resetTable locates the reset table: the compressed offset at which
// each 32 KiB frame starts.
type resetTable struct {
	off     int64  // in the file
	len     uint64 // bytes
	entries uint64
	width   uint64 // bytes per entry: 8 (4 is accepted)
	header  uint64 // bytes before the first entry
}

// frameStart returns the compressed offset of frame k, read from the file.
func (t resetTable) frameStart(r io.ReaderAt, k uint64) (uint64, bool) {
	if k >= t.entries || (t.width != 8 && t.width != 4) {
		return 0, false
	}
	at := t.header + k*t.width
	if at < t.header || at+t.width > t.len {
		return 0, false
	}
	var b [8]byte
	if _, err := r.ReadAt(b[:t.width], t.off+int64(at)); err != nil {
		return 0, false
	}
	if t.width == 4 {
		return uint64(le.Uint32(b[:])), true
	}
	return le.Uint64(b[:]), true
}
