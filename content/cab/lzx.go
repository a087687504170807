package cab

import (
	"fmt"
	"io"

	"github.com/overt-sec/overt/content/internal/lzx"
)

// dataBlock is where one CFDATA's payload lies and what it expands to.
type dataBlock struct {
	off int64 // payload offset in the cabinet
	cb  int   // payload bytes
	ub  int   // uncompressed bytes
}

// scanBlocks reads the CFDATA headers of a folder, first to last: LZX
// needs each block's uncompressed size before it decodes the block, while
// its bitstream runs on across blocks. It stops at the first header that
// is damaged or runs past the cabinet, returning what was read and the
// error.
func (f *folderReader) scanBlocks() ([]dataBlock, error) {
	var bl []dataBlock
	off := f.off
	for range f.left {
		var h [dataSize]byte
		if _, err := f.r.ReadAt(h[:], off); err != nil {
			return bl, fmt.Errorf("cab: data block header at offset %d: %v", off, err)
		}
		d := dataBlock{off: off + dataSize + int64(f.reserve), cb: int(le16(h[4:])), ub: int(le16(h[6:]))}
		if d.off+int64(d.cb) > f.size {
			return bl, fmt.Errorf("cab: data block at offset %d runs past the end of the cabinet", off)
		}
		if d.ub == 0 || d.ub > maxBlockOut {
			return bl, fmt.Errorf("cab: LZX block at offset %d expands to %d bytes, outside 1..%d", off, d.ub, maxBlockOut)
		}
		bl = append(bl, d)
		off = d.off + int64(d.cb)
	}
	return bl, nil
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }

// lzxInput presents the payloads of a folder's CFDATA blocks as one
// stream, the LZX bitstream.
type lzxInput struct {
	r      io.ReaderAt
	blocks []dataBlock
	buf    []byte
	cur    []byte
}

// fill loads the next payload; io.EOF after the last.
func (in *lzxInput) fill() error {
	for len(in.cur) == 0 {
		if len(in.blocks) == 0 {
			return io.EOF
		}
		b := in.blocks[0]
		in.blocks = in.blocks[1:]
		if cap(in.buf) < b.cb {
			in.buf = make([]byte, b.cb)
		}
		in.cur = in.buf[:b.cb]
		if _, err := in.r.ReadAt(in.cur, b.off); err != nil {
			return fmt.Errorf("cab: data block at offset %d: %v", b.off, err)
		}
	}
	return nil
}

// ReadByte implements io.ByteReader.
func (in *lzxInput) ReadByte() (byte, error) {
	if err := in.fill(); err != nil {
		return 0, err
	}
	c := in.cur[0]
	in.cur = in.cur[1:]
	return c, nil
}

// Read implements io.Reader.
func (in *lzxInput) Read(p []byte) (int, error) {
	if err := in.fill(); err != nil {
		return 0, err
	}
	n := copy(p, in.cur)
	in.cur = in.cur[n:]
	return n, nil
}

// lzxState decodes an LZX folder block by block.
type lzxState struct {
	dec    *lzx.Decoder
	blocks []dataBlock // blocks not decoded yet
	err    error       // the scan's error, met after the last good block
}

// nextLZX decodes the next CFDATA block of an LZX folder.
func (f *folderReader) nextLZX() error {
	if f.lzx == nil {
		bits := int(f.compress>>8) & 0x1F
		blocks, scanErr := f.scanBlocks()
		in := &lzxInput{r: f.r, blocks: blocks}
		if *f.decoder == nil {
			*f.decoder = new(lzx.Decoder)
		}
		dec := *f.decoder
		if err := dec.Reset(in, bits, 0); err != nil {
			return fmt.Errorf("cab: %v", err)
		}
		f.lzx = &lzxState{dec: dec, blocks: blocks, err: scanErr}
	}
	s := f.lzx
	if len(s.blocks) == 0 {
		if s.err != nil {
			return s.err
		}
		return io.EOF
	}
	out, err := s.dec.Frame(s.blocks[0].ub)
	if err != nil {
		return fmt.Errorf("cab: data block at offset %d: %v", s.blocks[0].off-dataSize-int64(f.reserve), err)
	}
	s.blocks = s.blocks[1:]
	f.left--
	f.rest = out
	return nil
}
