// Package arj extracts ARJ archives: every file is an object named by its
// path. Stored files (method 0), the LZ77 + Huffman methods 1 to 3 and the
// "fastest" method 4 are decoded; a file's CRC-32 is checked as it is
// read. Garbled (password-protected) files are reported as encrypted,
// files split across volumes as unsupported.
package arj

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Header layout.
const (
	idLo, idHi = 0x60, 0xEA // every header starts with these bytes
	// MaxBasicHeader is the largest basic header ARJ writes (its
	// HEADERSIZE_MAX): a bigger one is not an ARJ header.
	MaxBasicHeader = 2600
	// minFirstHeader is the fixed part of a basic header: sizes, versions,
	// flags, method, type, times, sizes, CRC, mode, host data.
	minFirstHeader = 30
	// MaxExtHeaders bounds the extended headers skipped after one basic
	// header: ARJ writes none or one; each costs a read.
	MaxExtHeaders = 64
)

// Header flags.
const (
	flagGarbled = 0x01 // password protected
	flagVolume  = 0x04 // continues in the next volume
	flagExtFile = 0x08 // starts in the previous volume
)

// File types.
const (
	typeBinary = 0
	typeText   = 1
)

// Methods.
const (
	methodStored  = 0
	methodFastest = 4
)

// Sniff recognises an ARJ main header at the start: the header id, a
// plausible size and a matching header CRC.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < 4+minFirstHeader+4 || head[0] != idLo || head[1] != idHi {
		return nil
	}
	n := int(binary.LittleEndian.Uint16(head[2:]))
	if n < minFirstHeader || n > MaxBasicHeader || 4+n+4 > len(head) {
		return nil
	}
	if crc32.ChecksumIEEE(head[4:4+n]) != binary.LittleEndian.Uint32(head[4+n:]) {
		return nil
	}
	return Extractor{}
}

// Extractor extracts ARJ archives.
type Extractor struct{}

// Name returns "arj".
func (Extractor) Name() string { return "arj" }

// header is what extraction needs of a local file header.
type header struct {
	flags, method, typ byte
	compSize, origSize int64
	crc                uint32
	name               string
	dataOff            int64 // where the compressed data starts
}

// readHeader reads the header at off. It returns ok=false at the end of
// archive marker (a zero basic header size).
func readHeader(r io.ReaderAt, off int64) (h header, ok bool, err error) {
	var pre [4]byte
	if _, err := r.ReadAt(pre[:], off); err != nil {
		return h, false, fmt.Errorf("arj: truncated header at offset %d", off)
	}
	if pre[0] != idLo || pre[1] != idHi {
		return h, false, fmt.Errorf("arj: no header id at offset %d", off)
	}
	n := int(binary.LittleEndian.Uint16(pre[2:]))
	if n == 0 {
		return h, false, nil
	}
	if n < minFirstHeader || n > MaxBasicHeader {
		return h, false, fmt.Errorf("arj: basic header size %d out of range at offset %d", n, off)
	}
	buf := make([]byte, n+4)
	if _, err := r.ReadAt(buf, off+4); err != nil {
		return h, false, fmt.Errorf("arj: truncated header at offset %d", off)
	}
	basic := buf[:n]
	if crc32.ChecksumIEEE(basic) != binary.LittleEndian.Uint32(buf[n:]) {
		return h, false, fmt.Errorf("arj: header CRC mismatch at offset %d", off)
	}
	first := int(basic[0])
	if first < minFirstHeader || first > n {
		return h, false, fmt.Errorf("arj: first header size %d out of range at offset %d", first, off)
	}
	le := binary.LittleEndian
	h = header{flags: basic[4], method: basic[5], typ: basic[6],
		compSize: int64(le.Uint32(basic[12:])), origSize: int64(le.Uint32(basic[16:])), crc: le.Uint32(basic[20:])}
	name := basic[first:]
	if k := bytes.IndexByte(name, 0); k >= 0 {
		name = name[:k]
	}
	h.name = strings.Trim(strings.ReplaceAll(string(name), "\\", "/"), "/")
	// Extended headers: size, data, CRC; a zero size ends them.
	p := off + 4 + int64(n) + 4
	for i := 0; ; i++ {
		if i == MaxExtHeaders {
			return h, false, fmt.Errorf("arj: more than %d extended headers at offset %d", MaxExtHeaders, off)
		}
		var sz [2]byte
		if _, err := r.ReadAt(sz[:], p); err != nil {
			return h, false, fmt.Errorf("arj: truncated extended header at offset %d", p)
		}
		p += 2
		e := int64(le.Uint16(sz[:]))
		if e == 0 {
			break
		}
		p += e + 4
	}
	h.dataOff = p
	return h, true, nil
}

// Extract implements content.Extractor.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	main, ok, err := readHeader(r, 0)
	if err != nil || !ok {
		b.Event(content.EventCorrupt, "", "arj: bad main header")
		return nil
	}
	off := main.dataOff
	for index := 1; ; index++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		h, ok, err := readHeader(r, off)
		if err != nil {
			b.Event(content.EventCorrupt, "", "%v", err)
			return nil
		}
		if !ok {
			return nil
		}
		if h.dataOff > size || h.compSize > size-h.dataOff {
			b.Event(content.EventCorrupt, h.name, "arj: file data (%d bytes at %d) runs past the end of the archive", h.compSize, h.dataOff)
			return nil
		}
		off = h.dataOff + h.compSize
		if h.typ != typeBinary && h.typ != typeText {
			continue // directory, volume or chapter label
		}
		name := h.name
		if name == "" {
			name = fmt.Sprintf("file%d", index)
		}
		switch {
		case h.flags&flagGarbled != 0:
			b.Event(content.EventEncrypted, name, "arj: garbled (password-protected) file")
			continue
		case h.flags&flagExtFile != 0:
			b.Event(content.EventUnsupported, name, "arj: file continued from a previous volume")
			continue
		case h.method > methodFastest:
			b.Event(content.EventUnsupported, name, "arj: unknown method %d", h.method)
			continue
		}
		if h.flags&flagVolume != 0 {
			b.Event(content.EventUnsupported, name, "arj: file continues in the next volume: scanned the part in this one")
		}
		var rd io.Reader = io.NewSectionReader(r, h.dataOff, h.compSize)
		if h.method != methodStored {
			rd = newDecoder(rd, h.origSize, h.method == methodFastest)
		}
		if h.flags&flagVolume == 0 {
			rd = &crcReader{r: rd, want: h.crc, h: crc32.NewIEEE()}
		}
		if err := yield(name, rd); err != nil {
			return err
		}
	}
}

// errCRC reports extracted data whose CRC-32 is not the header's.
var errCRC = errors.New("arj: file CRC mismatch")

// crcReader checks the CRC-32 of what it reads when the data ends.
type crcReader struct {
	r    io.Reader
	want uint32
	h    hash.Hash32
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF && c.h.Sum32() != c.want {
		err = errCRC
	}
	if err != nil && err != io.EOF && err != errCRC {
		err = fmt.Errorf("arj: %w", err)
	}
	return n, err
}
