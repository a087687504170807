// Package sis extracts the files of Symbian installation packages in the
// EPOC format of releases 3 to 6 (Psion, Nokia 9210, Series 60 before
// Symbian 9): every file record's data, zlib-decompressed unless the
// package says it is stored, is an object named by its destination path
// without the drive (!:\system\apps\x\x.app → system/apps/x/x.app).
// Symbian 9 packages (SISX, UID1 0x10201A7A) are a different format and are
// not recognised.
package sis

import (
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// UIDs that identify a SIS file.
const (
	uid2Release3 = 0x1000006D // EPOC releases 3, 4 and 5
	uid2Release6 = 0x10003A12 // EPOC release 6
	uid3SIS      = 0x10000419
)

// headerSize is the part of the header this package reads (through the
// files pointer).
const headerSize = 56

// Header option flags.
const (
	optUnicode    = 0x0001 // names are UTF-16LE
	optNoCompress = 0x0008 // file data is stored, not zlib-compressed
)

// File record types.
const (
	recSimple   = 0 // one file
	recMultiLng = 1 // one file per language
	recOptions  = 2 // user options
	recIf       = 3 // condition
	recElseIf   = 4 // condition
	recElse     = 5 // no body
	recEndIf    = 6 // no body
)

// fileNull is the file type of a file created on the phone, which has no
// data in the package.
const fileNull = 4

// Limits.
const (
	// MaxLanguages bounds the languages of a package: Symbian defined
	// about a hundred language codes, so more is damage.
	MaxLanguages = 256
	// MaxRecords bounds the file records read: the count is a 16-bit
	// field, and real packages hold tens to hundreds of files.
	MaxRecords = 4096
	// MaxName bounds a file name's length in bytes: Symbian paths are at
	// most 256 characters (512 bytes in UTF-16).
	MaxName = 1024
	// MaxCondition bounds a condition expression's size skipped in an
	// if/elseif record: real expressions are a few tens of bytes.
	MaxCondition = 1 << 20
)

// Sniff recognises the SIS UIDs of EPOC releases 3 to 6.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < headerSize {
		return nil
	}
	le := binary.LittleEndian
	if u2 := le.Uint32(head[4:]); le.Uint32(head[8:]) != uid3SIS || (u2 != uid2Release3 && u2 != uid2Release6) {
		return nil
	}
	return Extractor{}
}

// Extractor extracts EPOC SIS packages.
type Extractor struct{}

// Name returns "sis".
func (Extractor) Name() string { return "sis" }

// pkg is the parsed header and the reader of one package.
type pkg struct {
	r        io.ReaderAt
	size     int64
	release6 bool
	langs    int
	options  uint16
	err      error // first read error: the record at that offset is truncated
}

func (p *pkg) u32(off int64) uint32 {
	var b [4]byte
	if p.err == nil {
		if _, err := p.r.ReadAt(b[:], off); err != nil {
			p.err = fmt.Errorf("sis: truncated record at offset %d", off)
		}
	}
	return binary.LittleEndian.Uint32(b[:])
}

// Extract implements content.Extractor.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	var h [headerSize]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		b.Event(content.EventCorrupt, "", "sis: truncated header")
		return nil
	}
	le := binary.LittleEndian
	p := &pkg{r: r, size: size, release6: le.Uint32(h[4:]) == uid2Release6,
		langs: int(le.Uint16(h[18:])), options: le.Uint16(h[36:])}
	nrec := int(le.Uint16(h[20:]))
	if p.langs == 0 || p.langs > MaxLanguages {
		b.Event(content.EventCorrupt, "", "sis: language count %d out of range", p.langs)
		return nil
	}
	if nrec > MaxRecords {
		b.Event(content.EventLimit, "", "sis: file record limit (%d) reached: read the first %d of %d", MaxRecords, MaxRecords, nrec)
		nrec = MaxRecords
	}
	off := int64(le.Uint32(h[52:]))
	for i := 0; i < nrec; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		typ := p.u32(off)
		off += 4
		switch typ {
		case recSimple, recMultiLng:
			n := 1
			if typ == recMultiLng {
				n = p.langs
			}
			var err error
			off, err = p.file(ctx, off, n, i, b, yield)
			if err != nil {
				return err
			}
		case recOptions:
			count := int64(p.u32(off))
			if count > MaxRecords {
				b.Event(content.EventCorrupt, "", "sis: option count %d out of range at offset %d", count, off)
				return nil
			}
			off += 4 + count*int64(p.langs)*8 + 16
		case recIf, recElseIf:
			n := int64(p.u32(off))
			if n > MaxCondition {
				b.Event(content.EventCorrupt, "", "sis: condition size %d out of range at offset %d", n, off)
				return nil
			}
			off += 4 + n
		case recElse, recEndIf:
		default:
			b.Event(content.EventCorrupt, "", "sis: unknown file record type %d at offset %d", typ, off-4)
			return nil
		}
		if p.err != nil {
			b.Event(content.EventCorrupt, "", "%v", p.err)
			return nil
		}
	}
	return nil
}

// file reads a file record's body at off (after its type) holding n
// language variants, yields their data and returns the offset of the next
// record.
func (p *pkg) file(ctx context.Context, off int64, n, index int, b *content.Budget, yield func(string, io.Reader) error) (int64, error) {
	ftype := p.u32(off)
	srcLen, srcPtr := p.u32(off+8), p.u32(off+12)
	dstLen, dstPtr := p.u32(off+16), p.u32(off+20)
	off += 24
	lens := make([]uint32, n)
	ptrs := make([]uint32, n)
	for i := range n {
		lens[i] = p.u32(off + int64(4*i))
		ptrs[i] = p.u32(off + int64(4*(n+i)))
	}
	off += int64(8 * n)
	if p.release6 {
		off += int64(4*n) + 8 // original lengths, MIME type length and pointer
	}
	if p.err != nil {
		return off, nil
	}
	name := p.name(dstLen, dstPtr)
	if name == "" {
		name = p.name(srcLen, srcPtr)
		if k := strings.LastIndexByte(name, '/'); k >= 0 {
			name = name[k+1:]
		}
	}
	if name == "" {
		name = fmt.Sprintf("file%d", index+1)
	}
	if ftype == fileNull {
		return off, nil
	}
	for i := range n {
		entry := name
		if n > 1 {
			entry = fmt.Sprintf("%s#%d", name, i+1)
		}
		start, l := int64(ptrs[i]), int64(lens[i])
		if start > p.size || l > p.size-start {
			b.Event(content.EventCorrupt, entry, "sis: file data (%d bytes at %d) runs past the end of the package", l, start)
			continue
		}
		var rd io.Reader = io.NewSectionReader(p.r, start, l)
		if p.options&optNoCompress == 0 && l > 0 {
			zr, err := zlib.NewReader(rd)
			if err != nil {
				b.Event(content.EventCorrupt, entry, "sis: %v", err)
				continue
			}
			rd = zr
		}
		if err := yield(entry, rd); err != nil {
			return off, err
		}
		if err := ctx.Err(); err != nil {
			return off, err
		}
	}
	return off, nil
}

// name reads a file name and makes it a relative slash-separated path.
func (p *pkg) name(n, ptr uint32) string {
	if n == 0 || n > MaxName || int64(ptr) > p.size || int64(n) > p.size-int64(ptr) {
		return ""
	}
	raw := make([]byte, n)
	if _, err := p.r.ReadAt(raw, int64(ptr)); err != nil {
		return ""
	}
	var s string
	if p.options&optUnicode != 0 {
		u := make([]uint16, n/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(raw[2*i:])
		}
		s = string(utf16.Decode(u))
	} else {
		r := make([]rune, n)
		for i, c := range raw {
			r[i] = rune(c) // Latin-1
		}
		s = string(r)
	}
	s = strings.ReplaceAll(s, "\\", "/")
	if len(s) >= 2 && s[1] == ':' {
		s = s[2:]
	}
	return strings.Trim(s, "/")
}
