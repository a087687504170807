package nsis

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"unicode/utf16"

	"github.com/overt-sec/overt/content/exe/internal/petest"

	"github.com/ulikunitz/xz/lzma"
)

// buildPE returns a minimal PE with overlay appended.
func buildPE(overlay []byte) []byte { return petest.WithOverlay(overlay) }

// script is an install script header in the making.
type script struct {
	files []string // ExtractFile names, file i at data block i
	wide  bool     // UTF-16 string table (Unicode NSIS 3)
}

// header builds the script header: flags, eight block headers, one
// ExtractFile entry per file (plus a filler entry), the string table.
// offsets gives each file's data offset.
func (s script) header(offsets []uint32) []byte {
	le := binary.LittleEndian
	var strs []byte
	nameOff := make([]uint32, len(s.files))
	if s.wide {
		strs = []byte{0, 0}
	} else {
		strs = []byte{0}
	}
	for i, n := range s.files {
		if s.wide {
			nameOff[i] = uint32(len(strs) / 2)
			for _, u := range utf16.Encode([]rune(n)) {
				strs = le.AppendUint16(strs, u)
			}
			strs = append(strs, 0, 0)
		} else {
			nameOff[i] = uint32(len(strs))
			strs = append(append(strs, n...), 0)
		}
	}
	nent := len(s.files) + 1
	entOff := 4 + 8*numBlocks
	strOff := entOff + nent*entrySize
	h := make([]byte, strOff)
	le.PutUint32(h[4+8*blockEntries:], uint32(entOff))
	le.PutUint32(h[4+8*blockEntries+4:], uint32(nent))
	le.PutUint32(h[4+8*blockStrings:], uint32(strOff))
	le.PutUint32(h[entOff:], 13) // a SetFlag entry, not a file
	for i := range s.files {
		e := h[entOff+(i+1)*entrySize:]
		le.PutUint32(e, opExtract)
		le.PutUint32(e[4:], 2)
		le.PutUint32(e[8:], nameOff[i])
		le.PutUint32(e[12:], offsets[i])
	}
	return append(h, strs...)
}

// compress compresses p with NSIS's method m.
func compress(m method, p []byte) []byte {
	var buf bytes.Buffer
	switch m {
	case methodDeflate:
		w, _ := flate.NewWriter(&buf, flate.BestCompression)
		w.Write(p)
		w.Close()
		return buf.Bytes()
	case methodLZMA, methodLZMAFlag:
		out := compressDict(p, 1<<16)
		if m == methodLZMAFlag {
			out = append([]byte{0}, out...)
		}
		return out
	}
	panic("method")
}

// installer builds an NSIS overlay holding files (data), named per s,
// with extra unnamed blocks, compressed with m per block or solid, and
// returns the whole PE.
func installer(s script, data [][]byte, m method, solid bool) []byte {
	le := binary.LittleEndian
	var offsets []uint32
	var raw []byte // the data blocks as a solid stream holds them
	for _, d := range data {
		offsets = append(offsets, uint32(len(raw)))
		raw = le.AppendUint32(raw, uint32(len(d)))
		raw = append(raw, d...)
	}
	hdr := s.header(offsets)
	var body []byte
	if solid {
		stream := le.AppendUint32(nil, uint32(len(hdr)))
		stream = append(append(stream, hdr...), raw...)
		body = compress(m, stream)
	} else {
		block := func(p []byte) {
			c := compress(m, p)
			body = le.AppendUint32(body, uint32(len(c))|flagCompressed)
			body = append(body, c...)
		}
		block(hdr)
		// Data offsets count the stored blocks: recompute them.
		pos := uint32(0)
		offsets = offsets[:0]
		var blocks []byte
		for _, d := range data {
			offsets = append(offsets, pos)
			c := compress(m, d)
			blocks = le.AppendUint32(blocks, uint32(len(c))|flagCompressed)
			blocks = append(blocks, c...)
			pos = uint32(len(blocks))
		}
		body = body[:0]
		hdr = s.header(offsets)
		block(hdr)
		body = append(body, blocks...)
	}
	fh := make([]byte, firstHeaderLen)
	le.PutUint32(fh[4:], signature)
	copy(fh[8:], magic)
	le.PutUint32(fh[20:], uint32(len(hdr)))
	le.PutUint32(fh[24:], uint32(firstHeaderLen+len(body)+4))
	ov := append(fh, body...)
	ov = le.AppendUint32(ov, 0x12345678) // CRC, unchecked
	return buildPE(ov)
}

// compressDict compresses p as NSIS's LZMA with a dictionary of dict bytes.
func compressDict(p []byte, dict int) []byte {
	var buf bytes.Buffer
	w, err := lzma.WriterConfig{DictCap: dict}.NewWriter(&buf)
	if err != nil {
		panic(err)
	}
	w.Write(p)
	w.Close()
	out := buf.Bytes()
	// .lzma header: properties (5), size (8); NSIS keeps the first 5.
	return append(append([]byte(nil), out[:5]...), out[13:]...)
}
