// Package cpio extracts cpio archives in the newc and crc (SVR4 ASCII),
// odc (POSIX portable ASCII) and old binary (either byte order) formats:
// every regular file is an object named by its path.
package cpio

import (
	"context"
	"encoding/binary"
	"io"
	"strconv"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// MaxName bounds an entry name: PATH_MAX is 4096 on Linux; a longer
// name is damage or an attack.
const MaxName = 4096

type format int

const (
	newc format = iota // "070701" and "070702" (crc)
	odc                // "070707"
	binLE
	binBE
)

// Extractor returns the extractor of one cpio format.
type extractor struct{ f format }

// Name implements content.Extractor.
func (extractor) Name() string { return "cpio" }

// Sniff recognises the four header magics.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < 26 {
		return nil
	}
	switch {
	case string(head[:6]) == "070701" || string(head[:6]) == "070702":
		return extractor{newc}
	case string(head[:6]) == "070707":
		return extractor{odc}
	case head[0] == 0xc7 && head[1] == 0x71:
		return extractor{binLE}
	case head[0] == 0x71 && head[1] == 0xc7:
		return extractor{binBE}
	}
	return nil
}

// header is what extraction needs of one entry header.
type header struct {
	mode, nameSize, fileSize int64
	hdrLen                   int64
	align                    int64 // name and data are padded to this
}

// Extract implements content.Extractor.
func (e extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	off := int64(0)
	for off < size {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		h, ok := e.header(r, off)
		if !ok {
			b.Event(content.EventCorrupt, "", "cpio: bad header at offset %d", off)
			return nil
		}
		if h.nameSize <= 0 || h.nameSize > MaxName || h.fileSize < 0 {
			b.Event(content.EventCorrupt, "", "cpio: bad sizes in header at offset %d", off)
			return nil
		}
		nb := make([]byte, h.nameSize)
		if _, err := r.ReadAt(nb, off+h.hdrLen); err != nil {
			b.Event(content.EventCorrupt, "", "cpio: truncated name at offset %d", off)
			return nil
		}
		name := string(nb[:len(nb)-1])
		if name == "TRAILER!!!" {
			return nil
		}
		data := pad(off+h.hdrLen+h.nameSize, off, h.align)
		if data+h.fileSize > size || data+h.fileSize < data {
			b.Event(content.EventCorrupt, name, "cpio: entry data runs past the end of the archive")
			return nil
		}
		if h.mode&0o170000 == 0o100000 {
			if name == "" {
				name = "?"
			}
			if err := yield(name, io.NewSectionReader(r, data, h.fileSize)); err != nil {
				return err
			}
		}
		off = pad(data+h.fileSize, off, h.align)
	}
	return nil
}

// pad rounds x up to a multiple of align counted from the archive start
// (headers of newc are 4-aligned from offset 0; base is unused but kept
// for formats aligned from a header).
func pad(x, _ int64, align int64) int64 {
	if align <= 1 {
		return x
	}
	return (x + align - 1) / align * align
}

func (e extractor) header(r io.ReaderAt, off int64) (header, bool) {
	switch e.f {
	case newc:
		var h [110]byte
		if _, err := r.ReadAt(h[:], off); err != nil || string(h[:5]) != "07070" {
			return header{}, false
		}
		f := func(i int) (int64, bool) {
			v, err := strconv.ParseUint(string(h[6+8*i:14+8*i]), 16, 32)
			return int64(v), err == nil
		}
		mode, ok1 := f(1)
		fs, ok2 := f(6)
		ns, ok3 := f(11)
		return header{mode: mode, fileSize: fs, nameSize: ns, hdrLen: 110, align: 4}, ok1 && ok2 && ok3
	case odc:
		var h [76]byte
		if _, err := r.ReadAt(h[:], off); err != nil || string(h[:6]) != "070707" {
			return header{}, false
		}
		f := func(a, b int) (int64, bool) {
			v, err := strconv.ParseUint(string(h[a:b]), 8, 40)
			return int64(v), err == nil
		}
		mode, ok1 := f(18, 24)
		ns, ok2 := f(59, 65)
		fs, ok3 := f(65, 76)
		return header{mode: mode, fileSize: fs, nameSize: ns, hdrLen: 76, align: 1}, ok1 && ok2 && ok3
	default:
		var h [26]byte
		if _, err := r.ReadAt(h[:], off); err != nil {
			return header{}, false
		}
		var bo binary.ByteOrder = binary.LittleEndian
		if e.f == binBE {
			bo = binary.BigEndian
		}
		if bo.Uint16(h[0:]) != 0o70707 {
			return header{}, false
		}
		mode := int64(bo.Uint16(h[6:]))
		ns := int64(bo.Uint16(h[20:]))
		fs := int64(bo.Uint16(h[22:]))<<16 | int64(bo.Uint16(h[24:]))
		return header{mode: mode, fileSize: fs, nameSize: ns, hdrLen: 26, align: 2}, true
	}
}
