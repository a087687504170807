package cab

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content/internal/lzx"
)

// folderReader reads a folder's uncompressed stream: the concatenated
// content of its CFDATA blocks, decoded one block (at most 32 KiB) at a
// time.
type folderReader struct {
	r        io.ReaderAt
	size     int64
	off      int64 // next CFDATA
	left     int   // CFDATA blocks not read yet
	reserve  int   // reserved bytes in each CFDATA header
	compress uint16
	lzx      *lzxState     // LZX folders: the decoding state, created on the first read
	decoder  **lzx.Decoder // LZX folders: the decoder shared by a cabinet's folders

	in   []byte // compressed bytes of the current block
	out  []byte // the current block, decoded
	rest []byte // what is left of out to hand out
	dict []byte // MSZIP: the previous block, the next one's history
	err  error  // sticky
}

// Read implements io.Reader.
func (f *folderReader) Read(p []byte) (int, error) {
	for len(f.rest) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		if f.left == 0 {
			f.err = io.EOF
			return 0, io.EOF
		}
		if err := f.next(); err != nil {
			f.err = err
			return 0, err
		}
	}
	n := copy(p, f.rest)
	f.rest = f.rest[n:]
	return n, nil
}

// next decodes the next CFDATA block.
func (f *folderReader) next() error {
	if f.compress&0xF == compLZX {
		return f.nextLZX()
	}
	var h [dataSize]byte
	if _, err := f.r.ReadAt(h[:], f.off); err != nil {
		return fmt.Errorf("cab: data block header at offset %d: %v", f.off, err)
	}
	cb := int(binary.LittleEndian.Uint16(h[4:]))
	ub := int(binary.LittleEndian.Uint16(h[6:]))
	start := f.off + dataSize + int64(f.reserve)
	if start+int64(cb) > f.size {
		return fmt.Errorf("cab: data block at offset %d runs past the end of the cabinet", f.off)
	}
	if cap(f.in) < cb {
		f.in = make([]byte, cb)
	}
	f.in = f.in[:cb]
	if _, err := f.r.ReadAt(f.in, start); err != nil {
		return fmt.Errorf("cab: data block at offset %d: %v", f.off, err)
	}
	f.off = start + int64(cb)
	f.left--
	if f.compress&0xF != compMSZIP {
		f.out = append(f.out[:0], f.in...)
		f.rest = f.out
		return nil
	}
	if ub > maxBlockOut {
		return fmt.Errorf("cab: MSZIP block at offset %d expands to %d bytes, more than %d", f.off, ub, maxBlockOut)
	}
	if cb < 2 || f.in[0] != 'C' || f.in[1] != 'K' {
		return fmt.Errorf("cab: MSZIP block at offset %d lacks its CK signature", f.off)
	}
	if cap(f.out) < maxBlockOut {
		f.out = make([]byte, maxBlockOut)
	}
	zr := flate.NewReaderDict(bytes.NewReader(f.in[2:]), f.dict)
	n, err := io.ReadFull(zr, f.out[:ub])
	if err != nil {
		return fmt.Errorf("cab: MSZIP block at offset %d: %v after %d of %d bytes", f.off, err, n, ub)
	}
	f.dict = append(f.dict[:0], f.out[:ub]...)
	f.rest = f.out[:ub]
	return nil
}
