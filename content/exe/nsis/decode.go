package nsis

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/ulikunitz/xz/lzma"
)

// method is a compression scheme of an NSIS installer.
type method int

const (
	methodDeflate  method = iota // raw deflate, no zlib header
	methodLZMA                   // 5-byte properties, then an LZMA stream without size
	methodLZMAFlag               // as methodLZMA, behind NSIS 3's filter flag byte 0: no filter
	methodLZMAx86                // as methodLZMA, behind a filter flag byte 1: x86 branch conversion applied
	methodBzip2                  // NSIS's own bzip2 variant, without the stream header
)

// String names the method as events print it.
func (m method) String() string {
	switch m {
	case methodLZMA, methodLZMAFlag:
		return "lzma"
	case methodLZMAx86:
		return "lzma+x86"
	case methodBzip2:
		return "bzip2"
	}
	return "zlib"
}

// sniffMethod guesses the compression of a stream from its first bytes, as
// the installer's compiler chose it once for the whole file: LZMA streams
// start with the properties byte 0x5d (lc=3, lp=0, pb=2, NSIS's only
// setting), optionally behind a filter flag byte (0 or 1, NSIS 3); NSIS's
// bzip2 blocks start with the block signature byte 0x31 followed by the
// rest of bzip2's block magic; anything else is deflate.
func sniffMethod(p []byte) method {
	switch {
	case len(p) >= 5 && p[0] == 0x5d && lzmaDictOK(p[1:5]):
		return methodLZMA
	case len(p) >= 6 && p[0] <= 1 && p[1] == 0x5d && lzmaDictOK(p[2:6]):
		if p[0] == 1 {
			return methodLZMAx86
		}
		return methodLZMAFlag
	case len(p) >= 6 && string(p[:6]) == "\x31\x41\x59\x26\x53\x59":
		return methodBzip2
	}
	return methodDeflate
}

// lzmaDictOK reports whether p (little-endian) is a plausible dictionary
// size: NSIS writes a power of two, or a sum of two powers of two, ≥ 4 KiB.
func lzmaDictOK(p []byte) bool {
	d := binary.LittleEndian.Uint32(p)
	if d < 1<<12 {
		return false
	}
	for d&1 == 0 {
		d >>= 1
	}
	return d == 1 || d == 3
}

// errUnsupported marks a stream whose method this package cannot decode.
var errUnsupported = errors.New("unsupported compression")

// decompressor returns a reader of the data compressed with m in src. usize
// is the uncompressed size when known, else -1; it only shrinks the LZMA
// dictionary allocated.
func decompressor(m method, src *io.SectionReader, usize int64) (io.Reader, error) {
	switch m {
	case methodDeflate:
		return flate.NewReader(src), nil
	case methodLZMA, methodLZMAFlag, methodLZMAx86:
		skip := int64(0)
		if m != methodLZMA {
			skip = 1 // the filter flag
		}
		ra, off, n := src.Outer()
		return newLZMA(ra, off+skip, n-skip, usize)
	}
	return nil, fmt.Errorf("%w: %s", errUnsupported, m)
}

// Dictionary sizes of the LZMA decoder.
const (
	// MaxLZMADict bounds the dictionary allocated for one LZMA stream;
	// NSIS's presets use 8–64 MiB. A stream that refers further back
	// than this fails.
	MaxLZMADict = 128 << 20
	// firstLZMADict is the dictionary a stream is first decoded with,
	// whatever it declares: the decoder allocates its dictionary in full,
	// so a file of thousands of tiny blocks each declaring 128 MiB would
	// otherwise cost seconds of allocation for nothing. A stream that
	// refers further back is decoded again with a dictionary lzmaGrowth
	// times larger, up to the declared size: the work stays proportional
	// to the data produced.
	firstLZMADict = 64 << 10
	lzmaGrowth    = 8
)

// newLZMA decodes the NSIS LZMA stream of n bytes at off in ra: the
// properties byte and the 4-byte dictionary size, then the stream, which
// has no size field and may or may not end with an end marker; the end of
// the input ends it too.
func newLZMA(ra io.ReaderAt, off, n, usize int64) (io.Reader, error) {
	var h [5]byte
	if k, _ := ra.ReadAt(h[:min(n, 5)], off); k < 5 {
		return nil, fmt.Errorf("lzma properties: %w", io.ErrUnexpectedEOF)
	}
	if h[0] >= 9*5*5 {
		return nil, fmt.Errorf("lzma properties byte %#x is invalid", h[0])
	}
	declared := min(int64(binary.LittleEndian.Uint32(h[1:])), MaxLZMADict)
	if usize >= 0 {
		declared = min(declared, usize)
	}
	declared = max(declared, lzma.MinDictCap)
	s := &lzmaStream{src: io.NewSectionReader(ra, off+5, n-5), props: h[0], declared: declared}
	if err := s.open(min(declared, firstLZMADict)); err != nil {
		return nil, err
	}
	return s, nil
}

// lzmaStream decodes an LZMA stream, growing its dictionary by decoding
// again when the stream refers further back than the current one.
type lzmaStream struct {
	src      *io.SectionReader
	props    byte
	declared int64 // the dictionary the stream may need, capped
	dict     int64 // the dictionary of r
	r        io.Reader
	done     int64 // bytes delivered
	err      error // the error r returned, if any
}

// open starts decoding from the beginning with a dictionary of dict bytes.
func (s *lzmaStream) open(dict int64) error {
	// lzma.Reader takes the .lzma file header: properties, dictionary
	// size, then the uncompressed size (all ones: unknown).
	hdr := binary.LittleEndian.AppendUint32([]byte{s.props}, uint32(dict))
	hdr = binary.LittleEndian.AppendUint64(hdr, 1<<64-1)
	src := io.NewSectionReader(s.src, 0, s.src.Size())
	lr, err := lzma.ReaderConfig{DictCap: int(dict)}.NewReader(io.MultiReader(bytes.NewReader(hdr), src))
	if err != nil {
		return fmt.Errorf("lzma: %w", err)
	}
	s.r, s.dict = lr, dict
	return nil
}

// Read implements io.Reader. The unexpected end of a stream without end
// marker is its normal end: NSIS's data blocks stop when their compressed
// bytes do.
func (s *lzmaStream) Read(p []byte) (int, error) {
	for {
		if s.err != nil {
			// The decoder's errors are not sticky and its state after one
			// is undefined: either start again with a larger dictionary
			// (perhaps a distance beyond the one it had) or stop.
			if s.dict >= s.declared {
				return 0, s.err
			}
			if err := s.open(min(s.dict*lzmaGrowth, s.declared)); err != nil {
				return 0, s.err
			}
			if _, err := io.CopyN(io.Discard, s.r, s.done); err != nil {
				return 0, s.err
			}
			s.err = nil
		}
		n, err := s.r.Read(p)
		s.done += int64(n)
		switch {
		case err == nil || err == io.EOF:
			return n, err
		case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "lzma: unexpected EOF":
			return n, io.EOF
		}
		s.err = err
		if n > 0 {
			return n, nil // deliver what was read; the error is handled next time
		}
	}
}
