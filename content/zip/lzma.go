package zip

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/ulikunitz/xz/lzma"
)

// methodLZMA is APPNOTE method 14: LZMA (APPNOTE 5.8.8).
const methodLZMA = 14

// flagLZMAEOS is general purpose bit 1 for LZMA entries: the stream ends
// with an end-of-stream marker (otherwise the uncompressed size ends it).
const flagLZMAEOS = 0x2

// MaxLZMADict bounds the dictionary an LZMA entry may declare: the decoder
// allocates it in full (or the entry's size, if smaller) before reading a
// byte, and 7-Zip's ultra preset uses 64 MiB.
const MaxLZMADict = 128 << 20

// lzmaPropsLen is the length of the LZMA properties in an entry's header.
const lzmaPropsLen = 5

// newLZMA decodes an LZMA entry: a 2-byte encoder version, a 2-byte
// properties size (5), the properties (lc/lp/pb byte, dictionary size),
// then a raw LZMA stream without the .lzma header's size field. usize is
// the uncompressed size, or -1 if unknown (the stream must then end with a
// marker).
func newLZMA(r io.Reader, flags uint16, usize int64) (io.Reader, error) {
	var h [4 + lzmaPropsLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, fmt.Errorf("lzma header: %w", err)
	}
	if n := binary.LittleEndian.Uint16(h[2:]); n != lzmaPropsLen {
		return nil, fmt.Errorf("lzma header: properties size %d, want %d", n, lzmaPropsLen)
	}
	dict := binary.LittleEndian.Uint32(h[5:])
	need := int64(dict)
	if usize >= 0 {
		need = min(need, usize)
	}
	if need > MaxLZMADict {
		return nil, fmt.Errorf("lzma dictionary of %d bytes exceeds the limit (%d)", dict, MaxLZMADict)
	}
	// lzma.Reader takes the .lzma file header: properties, dictionary
	// size, then the size (all ones: unknown, an end marker follows).
	size := uint64(1<<64 - 1)
	if flags&flagLZMAEOS == 0 && usize >= 0 {
		size = uint64(usize)
	}
	// A dictionary larger than the output is never used: declare at most
	// the output's size, so that the reader's cap does not refuse it.
	hdr := binary.LittleEndian.AppendUint32([]byte{h[4]}, uint32(max(need, lzma.MinDictCap)))
	hdr = binary.LittleEndian.AppendUint64(hdr, size)
	lr, err := lzma.ReaderConfig{DictCap: MaxLZMADict}.NewReader(io.MultiReader(bytes.NewReader(hdr), r))
	if err != nil {
		return nil, err
	}
	return lr, nil
}
