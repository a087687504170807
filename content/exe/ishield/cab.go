package ishield

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content"
)

// InstallShield cabinets ("ISc(", data1.cab) are opened without their
// index: the file table lives in the separate data1.hdr (the header's
// descriptor offset and size, its fourth and fifth words, are 512 and 0
// in the cabinet, and the descriptor's size is not 0 in data1.hdr), but
// the data area, from that offset, is a chain of chunks — a 16-bit size, then that many bytes of
// raw deflate producing at most 32 KiB — and a file ends with its first
// chunk producing less than 32 KiB. The files are yielded in order as
// "#file-N" (a file of an exact multiple of 32 KiB runs into the next).
// The chain stops at the first chunk that is not deflate (a stored file,
// or the end of the data), reported when nothing was found.

func init() { content.Register(sniffCab) }

const (
	cabMagic = "ISc("
	// fullChunk is the output of every chunk but a file's last.
	fullChunk = 32 << 10
	// MaxChunk bounds the output of one chunk: InstallShield's is 32 KiB;
	// more means the chain went astray.
	MaxChunk = 64 << 10
	// MaxCabFiles bounds the files read from one cabinet.
	MaxCabFiles = MaxFiles
)

func sniffCab(head []byte, _ string) content.Extractor {
	if len(head) >= 20 && string(head[:4]) == cabMagic {
		return cabExtractor{}
	}
	return nil
}

type cabExtractor struct{}

// Name implements content.Extractor.
func (cabExtractor) Name() string { return "iscab" }

// Extract implements content.Extractor.
func (cabExtractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	var h [20]byte
	if n, _ := r.ReadAt(h[:], 0); n < len(h) {
		return nil
	}
	le := binary.LittleEndian
	c := &chain{r: r, size: size, pos: int64(le.Uint32(h[12:]))}
	hasIndex := le.Uint32(h[16:]) != 0 // a header file (data1.hdr) or a cabinet with its own index
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		if i >= MaxCabFiles {
			return b.Limit("iscab: file count limit (%d) reached", MaxCabFiles)
		}
		if !c.next() {
			if i == 0 && !hasIndex {
				b.Event(content.EventUnsupported, "", "iscab: no deflate chunk at the data offset %d", c.pos)
			}
			return nil
		}
		name := fmt.Sprintf("#file-%d", i)
		fr := &fileReader{c: c}
		if err := yield(name, fr); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, b.Reader(ctx, fr)); err != nil {
			return err
		}
		if c.broken {
			return nil
		}
	}
}

// chain walks the chunks of the data area.
type chain struct {
	r      io.ReaderAt
	size   int64
	pos    int64
	buf    []byte // output of the current chunk not yet read
	last   bool   // the current chunk ends its file
	broken bool   // a chunk failed inside a file
}

// next decodes the chunk at pos into buf; false (pos unchanged) when it is
// not a chunk.
func (c *chain) next() bool {
	var sz [2]byte
	if c.pos+2 > c.size {
		return false
	}
	if n, _ := c.r.ReadAt(sz[:], c.pos); n < 2 {
		return false
	}
	n := int64(binary.LittleEndian.Uint16(sz[:]))
	if n == 0 || c.pos+2+n > c.size {
		return false
	}
	fr := flate.NewReader(io.NewSectionReader(c.r, c.pos+2, n))
	var out bytes.Buffer
	k, err := io.Copy(&out, io.LimitReader(fr, MaxChunk+1))
	if err != nil || k == 0 || k > MaxChunk {
		return false
	}
	c.buf, c.last, c.pos = out.Bytes(), k < fullChunk, c.pos+2+n
	return true
}

// fileReader reads one file's chunks.
type fileReader struct {
	c    *chain
	done bool
}

func (f *fileReader) Read(p []byte) (int, error) {
	for len(f.c.buf) == 0 {
		if f.done || f.c.last {
			f.done = true
			return 0, io.EOF
		}
		if !f.c.next() {
			f.done, f.c.broken = true, true
			return 0, io.ErrUnexpectedEOF
		}
	}
	n := copy(p, f.c.buf)
	f.c.buf = f.c.buf[n:]
	return n, nil
}
