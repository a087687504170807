package sevenz

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"
	"unicode/utf16"

	"github.com/ulikunitz/xz/lzma"
)

// archive describes a 7z archive of one folder for build7z: one coder
// over one pack stream holding the files' data back to back.
type archive struct {
	coder  []byte   // coder id: coderCopy, coderLZMA, coderLZMA2, coderPPMd
	props  []byte   // coder properties
	packed []byte   // the pack stream
	names  []string // files, in order
	sizes  []uint64 // their sizes
	crcs   []uint32 // their CRCs, or nil for none

	encodeHeader bool   // write the header LZMA-compressed (kEncodedHeader)
	headerProps  []byte // override the encoded header's LZMA properties
	headerUnpack uint64 // override the encoded header's unpacked size
	numFiles     uint64 // override the declared file count
}

// testDict is the dictionary the test encoders use.
const testDict = 1 << 16

// lzmaProps are LZMA coder properties: lc=3 lp=0 pb=2, then the dictionary.
func lzmaProps(dict uint32) []byte {
	return binary.LittleEndian.AppendUint32([]byte{(2*5+0)*9 + 3}, dict)
}

// packLZMA compresses data as a raw LZMA stream (no .lzma header, no end
// marker: 7z stores the unpacked size).
func packLZMA(t testing.TB, data []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := lzma.WriterConfig{DictCap: testDict, Size: int64(len(data)), SizeInHeader: true}.NewWriter(&out)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()[lzma.HeaderLen:]
}

// packLZMA2 compresses data as an LZMA2 stream (its property byte for
// testDict is 8).
func packLZMA2(t testing.TB, data []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := lzma.Writer2Config{DictCap: testDict}.NewWriter2(&out)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// files returns an archive of the given files packed with coder.
func files(t testing.TB, coder []byte, kv ...string) archive {
	a := archive{coder: coder}
	var all []byte
	for i := 0; i < len(kv); i += 2 {
		a.names = append(a.names, kv[i])
		a.sizes = append(a.sizes, uint64(len(kv[i+1])))
		a.crcs = append(a.crcs, crc32.ChecksumIEEE([]byte(kv[i+1])))
		all = append(all, kv[i+1]...)
	}
	switch {
	case bytes.Equal(coder, coderLZMA):
		a.props, a.packed = lzmaProps(testDict), packLZMA(t, all)
	case bytes.Equal(coder, coderLZMA2):
		a.props, a.packed = []byte{8}, packLZMA2(t, all)
	default:
		a.packed = all
	}
	return a
}

// num appends a 7z number: 0xFF then eight bytes, or one byte below 0x80.
func num(b []byte, v uint64) []byte {
	if v < 0x80 {
		return append(b, byte(v))
	}
	return binary.LittleEndian.AppendUint64(append(b, 0xFF), v)
}

// folder appends a folder of one simple coder and its unpack size.
func folder(h, id, props []byte, unpack uint64) []byte {
	h = append(h, 0x0B, 1, 0, 1) // kFolder, one folder, not external, one coder
	flags := byte(len(id))
	if props != nil {
		flags |= 0x20
	}
	h = append(append(h, flags), id...)
	if props != nil {
		h = append(num(h, uint64(len(props))), props...)
	}
	h = append(h, 0x0C) // kCodersUnpackSize
	return append(num(h, unpack), 0x00)
}

// build7z writes the archive: signature header, pack stream, header.
func build7z(t testing.TB, a archive) []byte {
	t.Helper()
	var total uint64
	for _, s := range a.sizes {
		total += s
	}
	h := []byte{0x01, 0x04, 0x06} // kHeader, kMainStreamsInfo, kPackInfo
	h = num(num(h, 0), 1)         // position 0, one pack stream
	h = append(num(append(h, 0x09), uint64(len(a.packed))), 0x00)
	h = folder(append(h, 0x07), a.coder, a.props, total)
	h = num(append(h, 0x08, 0x0D), uint64(len(a.names))) // kSubStreamsInfo
	h = append(h, 0x09)
	for _, s := range a.sizes[:len(a.sizes)-1] {
		h = num(h, s)
	}
	if a.crcs != nil {
		h = append(h, 0x0A, 0x01)
		for _, c := range a.crcs {
			h = binary.LittleEndian.AppendUint32(h, c)
		}
	}
	h = append(h, 0x00, 0x00, 0x05) // end of substreams, of streams; kFilesInfo
	n := a.numFiles
	if n == 0 {
		n = uint64(len(a.names))
	}
	h = num(h, n)
	var names []byte
	for _, name := range a.names {
		for _, u := range utf16.Encode([]rune(name)) {
			names = binary.LittleEndian.AppendUint16(names, u)
		}
		names = append(names, 0, 0)
	}
	h = append(num(append(h, 0x11), uint64(len(names)+1)), 0x00)
	h = append(append(h, names...), 0x00, 0x00)

	body := append([]byte(nil), a.packed...)
	if a.encodeHeader {
		packed := packLZMA(t, h)
		props, unpack := lzmaProps(testDict), uint64(len(h))
		if a.headerProps != nil {
			props = a.headerProps
		}
		if a.headerUnpack != 0 {
			unpack = a.headerUnpack
		}
		e := []byte{0x17, 0x06} // kEncodedHeader, kPackInfo
		e = num(num(e, uint64(len(body))), 1)
		e = append(num(append(e, 0x09), uint64(len(packed))), 0x00)
		e = folder(append(e, 0x07), coderLZMA, props, unpack)
		h = append(e, 0x00)
		body = append(body, packed...)
	}
	start := make([]byte, 20)
	binary.LittleEndian.PutUint64(start[0:], uint64(len(body)))
	binary.LittleEndian.PutUint64(start[8:], uint64(len(h)))
	binary.LittleEndian.PutUint32(start[16:], crc32.ChecksumIEEE(h))
	out := []byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4}
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(start))
	out = append(append(out, start...), body...)
	return append(out, h...)
}
