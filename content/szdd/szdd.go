// Package szdd decompresses the files of MS-DOS and Windows COMPRESS.EXE:
// "SZDD" (LZSS, as expanded by EXPAND.EXE, e.g. SETUP.EX_) and "KWAJ"
// (stored, XOR-masked or the same LZSS; its Huffman and MSZIP methods are
// reported as unsupported). The content is one object that keeps the
// container's path, like a gzip stream's.
package szdd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Magic numbers of the two formats.
var (
	szddMagic = []byte{'S', 'Z', 'D', 'D', 0x88, 0xF0, 0x27, 0x33}
	kwajMagic = []byte{'K', 'W', 'A', 'J', 0x88, 0xF0, 0x27, 0xD1}
)

// Sizes of the fixed headers.
const (
	szddHeader = 14 // magic, mode, missing name character, length
	kwajHeader = 14 // magic, method, data offset, flags, first optional field
)

// KWAJ compression methods.
const (
	kwajStored = 0 // no compression
	kwajXOR    = 1 // every byte XORed with 0xFF
	kwajLZSS   = 2 // the SZDD algorithm
	kwajLZH    = 3 // LZ with static Huffman: not implemented
	kwajMSZIP  = 4 // deflate blocks: not implemented
)

// Sniff recognises the SZDD and KWAJ magic numbers.
func Sniff(head []byte, _ string) content.Extractor {
	switch {
	case len(head) >= szddHeader && bytes.HasPrefix(head, szddMagic):
		return Extractor{}
	case len(head) >= kwajHeader && bytes.HasPrefix(head, kwajMagic):
		return Extractor{}
	}
	return nil
}

// Extractor decompresses SZDD and KWAJ files.
type Extractor struct{}

// Name returns "szdd".
func (Extractor) Name() string { return "szdd" }

// Extract yields the decompressed content under the empty name.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	var hdr [kwajHeader]byte
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		b.Event(content.EventCorrupt, "", "szdd: truncated header")
		return nil
	}
	if bytes.HasPrefix(hdr[:], szddMagic) {
		if hdr[8] != 'A' {
			b.Event(content.EventUnsupported, "", "szdd: compression mode %q", hdr[8])
			return nil
		}
		n := int64(binary.LittleEndian.Uint32(hdr[10:]))
		src := io.NewSectionReader(r, szddHeader, size-szddHeader)
		return yield("", newLZSS(src, n))
	}
	method := binary.LittleEndian.Uint16(hdr[8:])
	off := int64(binary.LittleEndian.Uint16(hdr[10:]))
	if off < kwajHeader-2 || off > size {
		b.Event(content.EventCorrupt, "", "kwaj: data offset %d outside the file (%d bytes)", off, size)
		return nil
	}
	src := io.NewSectionReader(r, off, size-off)
	switch method {
	case kwajStored:
		return yield("", src)
	case kwajXOR:
		return yield("", &xorReader{r: src})
	case kwajLZSS:
		return yield("", newLZSS(src, -1))
	case kwajLZH:
		b.Event(content.EventUnsupported, "", "kwaj: LZ+Huffman compression (method 3)")
	case kwajMSZIP:
		b.Event(content.EventUnsupported, "", "kwaj: MSZIP compression (method 4)")
	default:
		b.Event(content.EventUnsupported, "", "kwaj: unknown compression method %d", method)
	}
	return nil
}

// xorReader inverts every byte.
type xorReader struct{ r io.Reader }

func (x *xorReader) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	for i := range p[:n] {
		p[i] ^= 0xFF
	}
	return n, err
}

// LZSS parameters of COMPRESS.EXE: a 4 KiB window filled with spaces, the
// first byte written at window size minus 16, matches of 3 to 18 bytes.
const (
	windowSize = 4096
	windowFill = ' '
	startPos   = windowSize - 16
	minMatch   = 3
)

// errTruncated reports compressed data that ends inside a token.
var errTruncated = errors.New("szdd: compressed data truncated")

// lzss decodes the LZSS stream. The declared length only bounds the
// output; it is never used to size a buffer.
type lzss struct {
	src   *bufio.Reader
	left  int64 // bytes still to produce; negative: until the input ends
	win   [windowSize]byte
	pos   int
	flags uint // control byte, shifted right as used; bit 8 marks its end
	pend  int  // bytes of a match still to copy
	from  int  // window position the match copies from
	err   error
}

func newLZSS(r io.Reader, n int64) *lzss {
	z := &lzss{src: bufio.NewReader(r), left: n, pos: startPos}
	for i := range z.win {
		z.win[i] = windowFill
	}
	return z
}

// put appends c to the output and the window.
func (z *lzss) put(p []byte, n int, c byte) int {
	p[n] = c
	z.win[z.pos] = c
	z.pos = (z.pos + 1) % windowSize
	if z.left > 0 {
		z.left--
	}
	return n + 1
}

// Read implements io.Reader.
func (z *lzss) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if z.left == 0 {
			return n, io.EOF
		}
		if z.pend > 0 {
			c := z.win[z.from]
			z.from = (z.from + 1) % windowSize
			z.pend--
			n = z.put(p, n, c)
			continue
		}
		if z.err != nil {
			break
		}
		if z.flags <= 1 {
			c, err := z.src.ReadByte()
			if err != nil {
				z.err = io.EOF
				break
			}
			z.flags = uint(c) | 0x100
		}
		lit := z.flags&1 != 0
		z.flags >>= 1
		if lit {
			c, err := z.src.ReadByte()
			if err != nil {
				z.err = io.EOF
				break
			}
			n = z.put(p, n, c)
			continue
		}
		b0, err0 := z.src.ReadByte()
		b1, err1 := z.src.ReadByte()
		if err0 != nil {
			z.err = io.EOF // a control byte may promise tokens past the end
			break
		}
		if err1 != nil {
			z.err = errTruncated
			break
		}
		z.from = int(b0) | int(b1&0xF0)<<4
		z.pend = int(b1&0x0F) + minMatch
	}
	if n == 0 && z.err != nil {
		if z.err == io.EOF && z.left > 0 {
			return 0, errTruncated
		}
		return 0, z.err
	}
	return n, nil
}
