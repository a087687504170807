package autoit

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"unicode/utf16"

	"github.com/overt-sec/overt/content/exe/internal/petest"
)

// This file is the test encoder: it builds compiled scripts with the
// generators and the LZ scheme of the package, in reverse.

// testFile is one record to encode.
type testFile struct {
	name, path string
	data       []byte
	compress   bool   // store as an LZ stream (with matches)
	lzMagic    string // LZ magic; "" means the subtype's
	badSum     bool   // store a wrong checksum
}

// testScript is a whole compiled script.
type testScript struct {
	sub   string // "AU3!EA05" or "AU3!EA06"
	key   [keyLen]byte
	files []testFile
	noEnd bool // omit the end mark
}

func enc(p []byte, ks keystream) []byte {
	q := bytes.Clone(p)
	decrypt(q, ks)
	return q
}

func putU32(b *bytes.Buffer, v uint32) {
	b.Write(binary.LittleEndian.AppendUint32(nil, v))
}

// encodeStr encodes a name or path as the subtype stores it.
func (v version) encodeStr(b *bytes.Buffer, s string, lenXor, key uint32) {
	var p []byte
	var n uint32
	if v.wide {
		u := utf16.Encode([]rune(s))
		for _, c := range u {
			p = binary.LittleEndian.AppendUint16(p, c)
		}
		n = uint32(len(u))
	} else {
		for _, r := range s { // Latin-1: the tests use no other characters
			p = append(p, byte(r))
		}
		n = uint32(len(p))
	}
	putU32(b, n^lenXor)
	b.Write(enc(p, v.ks(key+n)))
}

// bytes encodes the script (marker, subtype, key, records, end mark).
func (ts testScript) bytes() []byte {
	v := versions[ts.sub]
	dataKey := v.dataKey
	if v.sumKey {
		for _, c := range ts.key {
			dataKey += uint32(c)
		}
	}
	var b bytes.Buffer
	b.Write(marker)
	b.WriteString(ts.sub)
	b.Write(ts.key[:])
	for _, f := range ts.files {
		b.Write(enc([]byte("FILE"), v.ks(v.tagKey)))
		v.encodeStr(&b, f.name, v.nameLenXor, v.nameKy)
		v.encodeStr(&b, f.path, v.pathLenXor, v.pathKy)
		stored := f.data
		if f.compress {
			m := f.lzMagic
			if m == "" {
				m = ts.sub[4:]
			}
			stored = lzEncode(m, f.data)
			b.WriteByte(1)
		} else {
			b.WriteByte(0)
		}
		sum := adler32.Checksum(stored)
		if f.badSum {
			sum++
		}
		putU32(&b, uint32(len(stored))^v.sizeXor)
		putU32(&b, uint32(len(f.data))^v.sizeXor)
		putU32(&b, sum^v.sumXor)
		b.Write(make([]byte, 16)) // timestamps
		b.Write(enc(stored, v.ks(dataKey)))
	}
	if !ts.noEnd {
		b.WriteString(ts.sub)
	}
	return b.Bytes()
}

// bitWriter writes bits most significant first.
type bitWriter struct {
	out   []byte
	acc   byte
	nbits uint
}

func (w *bitWriter) put(v uint32, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | byte(v>>uint(i)&1)
		w.nbits++
		if w.nbits == 8 {
			w.out = append(w.out, w.acc)
			w.acc, w.nbits = 0, 0
		}
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nbits > 0 {
		return append(w.out, w.acc<<(8-w.nbits))
	}
	return w.out
}

// lzEncode compresses data greedily (longest match in the window, naive
// search: test inputs are small) under the given magic.
func lzEncode(magic string, data []byte) []byte {
	lit := uint32(0)
	if magic == "EA06" {
		lit = 1
	}
	w := &bitWriter{}
	for i := 0; i < len(data); {
		bestLen, bestDist := 0, 0
		for d := 1; d <= min(i, lzWindow-1); d++ {
			n := 0
			for i+n < len(data) && data[i+n] == data[i-d+n] {
				n++
			}
			if n > bestLen {
				bestLen, bestDist = n, d
			}
		}
		if bestLen < lzMinMatch {
			w.put(lit, 1)
			w.put(uint32(data[i]), 8)
			i++
			continue
		}
		w.put(lit^1, 1)
		w.put(uint32(bestDist), lzDistBits)
		v := bestLen - lzMinMatch
		for k := 0; ; k++ {
			wd := lzWidths[min(k, len(lzWidths)-1)]
			all := 1<<wd - 1
			if v < all {
				w.put(uint32(v), wd)
				break
			}
			w.put(uint32(all), wd)
			v -= all
		}
		i += bestLen
	}
	h := []byte(magic)
	h = binary.BigEndian.AppendUint32(h, uint32(len(data)))
	return append(h, w.bytes()...)
}

// inOverlay wraps a script in a minimal PE, in its overlay.
func inOverlay(s []byte) []byte { return petest.WithOverlay(s) }

// inResource wraps a script in a minimal PE as the RT_RCDATA resource
// "SCRIPT" of an .rsrc section at RVA 0x2000, with the data directory set.
func inResource(s []byte) []byte {
	const rva = 0x2000
	le := binary.LittleEndian
	dir := func(b []byte, named, ids int) []byte {
		b = append(b, make([]byte, 12)...)
		b = le.AppendUint16(b, uint16(named))
		return le.AppendUint16(b, uint16(ids))
	}
	entry := func(b []byte, name, data uint32) []byte {
		return le.AppendUint32(le.AppendUint32(b, name), data)
	}
	var r []byte
	// root: an icon type (3) first, then RT_RCDATA → names at 0x28
	r = dir(r, 0, 2)
	r = entry(r, 3, rsrcHigh|0x28)
	r = entry(r, rtRCData, rsrcHigh|0x28)
	// 0x20: padding to 0x28
	r = append(r, make([]byte, 0x28-len(r))...)
	// 0x28: names: "OTHER" then "SCRIPT" → languages at 0x48
	r = dir(r, 2, 0)
	r = entry(r, rsrcHigh|0x70, rsrcHigh|0x48)
	r = entry(r, rsrcHigh|0x80, rsrcHigh|0x48)
	// 0x48: languages: one → data entry at 0x60
	r = append(r, make([]byte, 0x48-len(r))...)
	r = dir(r, 0, 1)
	r = entry(r, 0x409, 0x60)
	// 0x60: data entry: RVA, size
	r = append(r, make([]byte, 0x60-len(r))...)
	r = le.AppendUint32(le.AppendUint32(r, rva+0x100), uint32(len(s)))
	r = append(r, make([]byte, 8)...)
	// 0x70, 0x80: the names
	for i, n := range []string{"OTHER", "SCRIPT"} {
		r = append(r, make([]byte, 0x70+0x10*i-len(r))...)
		r = le.AppendUint16(r, uint16(len(n)))
		for _, c := range utf16.Encode([]rune(n)) {
			r = le.AppendUint16(r, c)
		}
	}
	r = append(r, make([]byte, 0x100-len(r))...)
	r = append(r, s...)
	img := petest.Image{
		Entry: 0x1000,
		Sections: []petest.Section{
			{Name: ".text", VA: 0x1000, VSize: 0x200, Data: make([]byte, 0x200)},
			{Name: ".rsrc", VA: rva, VSize: uint32(len(r)), Data: r},
		},
		Overlay: []byte("not a script"),
	}.Bytes()
	const dataDirs = 0x40 + 24 + 96 // e_lfanew + signature and COFF header + PE32 fields
	le.PutUint32(img[dataDirs+8*dirResource:], rva)
	le.PutUint32(img[dataDirs+8*dirResource+4:], uint32(len(r)))
	return img
}
