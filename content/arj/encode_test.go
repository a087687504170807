package arj

import (
	"encoding/binary"
	"hash/crc32"
	"math/bits"
)

// This file holds a test-only ARJ writer: stored, methods 1–3 with fixed
// code tables, and method 4, so that the decoders are checked against
// streams built from the format description.

// bitWriter writes most significant bit first.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) put(v uint32, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | uint64(v>>uint(i)&1)
		w.n++
		if w.n == 8 {
			w.out = append(w.out, byte(w.acc))
			w.acc, w.n = 0, 0
		}
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.put(0, 8-w.n)
	}
	return w.out
}

// canonical assigns the codes of a canonical prefix code.
func canonical(lens []uint8) []uint32 {
	codes := make([]uint32, len(lens))
	code := uint32(0)
	for l := uint8(1); l <= maxCodeLen; l++ {
		for s, sl := range lens {
			if sl == l {
				codes[s] = code
				code++
			}
		}
		code <<= 1
	}
	return codes
}

// token is a literal (length 0) or a match.
type token struct {
	lit    byte
	length int
	dist   int
}

// parse finds matches greedily through a table of recent positions of
// each 3-byte prefix.
func parse(data []byte, maxDist, maxLen int) []token {
	recent := map[[3]byte][]int{}
	var out []token
	for i := 0; i < len(data); {
		best, at := 0, 0
		if i+minMatch <= len(data) {
			k := [3]byte{data[i], data[i+1], data[i+2]}
			for _, p := range recent[k] {
				if i-p > maxDist {
					continue
				}
				l := 0
				for l < maxLen && i+l < len(data) && data[p+l] == data[i+l] {
					l++
				}
				if l > best {
					best, at = l, p
				}
			}
		}
		n := 1
		if best >= minMatch {
			out = append(out, token{length: best, dist: i - at})
			n = best
		} else {
			out = append(out, token{lit: data[i]})
		}
		for j := i; j < i+n; j++ {
			if j+minMatch <= len(data) {
				k := [3]byte{data[j], data[j+1], data[j+2]}
				r := append(recent[k], j)
				if len(r) > 16 {
					r = r[1:]
				}
				recent[k] = r
			}
		}
		i += n
	}
	return out
}

// Fixed tables of the test encoder; each is a complete prefix code.
var (
	// tLens gives the lengths 1…16 to the symbols in use, so that codes
	// of 7 bits and more (the unary extension) appear.
	tLens = func() []uint8 {
		l := make([]uint8, numT)
		order := []int{10, 11, 2, 0, 1, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15}
		for i, s := range order {
			l[s] = uint8(i + 1)
		}
		l[16] = 16
		return l
	}()
	// cLensFull codes every literal and length; cLensLit only literals
	// (the lengths' zero run exercises run symbol 2).
	cLensFull = func() []uint8 {
		l := make([]uint8, numC)
		for i := range l {
			l[i] = 9
		}
		l[0], l[1] = 8, 8
		return l
	}()
	cLensLit = func() []uint8 {
		l := make([]uint8, numC)
		for i := 0; i < 256; i++ {
			l[i] = 8
		}
		return l
	}()
	pLens = func() []uint8 {
		l := make([]uint8, numP)
		for i := range l {
			l[i] = 4
		}
		l[15], l[16] = 5, 5
		return l
	}()
)

// writeLengths writes a t or p table as readLengths reads it.
func writeLengths(w *bitWriter, lens []uint8, nbits uint, special int) {
	n := len(lens)
	for n > 0 && lens[n-1] == 0 {
		n--
	}
	w.put(uint32(n), nbits)
	for i := 0; i < n; {
		l := lens[i]
		if l < 7 {
			w.put(uint32(l), 3)
		} else {
			w.put(7, 3)
			for k := uint8(7); k < l; k++ {
				w.put(1, 1)
			}
			w.put(0, 1)
		}
		i++
		if i == special {
			z := 0
			for z < 3 && i+z < n && lens[i+z] == 0 {
				z++
			}
			w.put(uint32(z), 2)
			i += z
		}
	}
}

// writeCLengths writes the literal table through the t table.
func writeCLengths(w *bitWriter, lens []uint8, tc []uint32) {
	n := len(lens)
	for n > 0 && lens[n-1] == 0 {
		n--
	}
	w.put(uint32(n), bitsC)
	sym := func(s int) { w.put(tc[s], uint(tLens[s])) }
	for i := 0; i < n; {
		if lens[i] != 0 {
			sym(int(lens[i]) + 2)
			i++
			continue
		}
		z := 0
		for i+z < n && lens[i+z] == 0 {
			z++
		}
		switch {
		case z <= 2:
			sym(0)
			z = 1
		case z <= 18:
			sym(1)
			w.put(uint32(z-3), 4)
		case z == 19:
			sym(0)
			z = 1
		default:
			z = min(z, 20+511)
			sym(2)
			w.put(uint32(z-20), bitsC)
		}
		i += z
	}
}

// encodeLZH writes data as methods 1–3 do, block symbols per block.
func encodeLZH(data []byte, block int) []byte {
	toks := parse(data, 26624, 256)
	lits := true
	for _, t := range toks {
		if t.length > 0 {
			lits = false
		}
	}
	cl := cLensFull
	if lits {
		cl = cLensLit
	}
	tc, cc, pc := canonical(tLens), canonical(cl), canonical(pLens)
	var w bitWriter
	for len(toks) > 0 {
		n := min(block, len(toks))
		w.put(uint32(n), 16)
		writeLengths(&w, tLens, bitsT, 3)
		writeCLengths(&w, cl, tc)
		if lits {
			w.put(0, bitsP) // a single-symbol distance table
			w.put(0, bitsP)
		} else {
			writeLengths(&w, pLens, bitsP, -1)
		}
		for _, t := range toks[:n] {
			if t.length == 0 {
				w.put(cc[t.lit], uint(cl[t.lit]))
				continue
			}
			c := t.length - minMatch + 256
			w.put(cc[c], uint(cl[c]))
			v := uint32(t.dist - 1)
			j := bits.Len32(v)
			w.put(pc[j], uint(pLens[j]))
			if j > 1 {
				w.put(v-1<<(j-1), uint(j-1))
			}
		}
		toks = toks[n:]
	}
	return w.bytes()
}

// encodeFastest writes data as method 4 does.
func encodeFastest(data []byte) []byte {
	var w bitWriter
	unary := func(v int, start, stop uint) {
		base, width := 0, start
		for width < stop && v >= base+1<<width {
			base += 1 << width
			width++
			w.put(1, 1)
		}
		if width < stop {
			w.put(0, 1)
		}
		w.put(uint32(v-base), width)
	}
	for _, t := range parse(data, 15871+1, 256) {
		if t.length == 0 {
			unary(0, 0, fastLenMax)
			w.put(uint32(t.lit), 8)
			continue
		}
		unary(t.length-minMatch+1, 0, fastLenMax)
		unary(t.dist-1, fastPtrBase, fastPtrMax)
	}
	return w.bytes()
}

// arjFile is one file of a test archive.
type arjFile struct {
	name   string
	data   []byte
	method byte
	flags  byte
	typ    byte
	block  int // symbols per block for methods 1–3 (default 1000)
	badCRC bool
	ext    []byte // an extended header's data
}

// basicHeader writes a header: id, size, the fixed part, name, comment,
// CRC, extended headers.
func basicHeader(typ, method, flags byte, comp, orig, crc uint32, name string, ext []byte) []byte {
	le := binary.LittleEndian
	fixed := make([]byte, minFirstHeader)
	fixed[0] = minFirstHeader
	fixed[1], fixed[2], fixed[3] = 11, 1, 2 // versions, host OS
	fixed[4], fixed[5], fixed[6] = flags, method, typ
	le.PutUint32(fixed[12:], comp)
	le.PutUint32(fixed[16:], orig)
	le.PutUint32(fixed[20:], crc)
	basic := append(append(fixed, name...), 0, 0)
	h := []byte{idLo, idHi}
	h = le.AppendUint16(h, uint16(len(basic)))
	h = append(h, basic...)
	h = le.AppendUint32(h, crc32.ChecksumIEEE(basic))
	if len(ext) > 0 {
		h = le.AppendUint16(h, uint16(len(ext)))
		h = append(h, ext...)
		h = le.AppendUint32(h, crc32.ChecksumIEEE(ext))
	}
	return le.AppendUint16(h, 0)
}

// mkARJ writes an archive.
func mkARJ(files ...arjFile) []byte {
	out := basicHeader(2, 0, 0, 0, 0, 0, "test.arj", nil)
	for _, f := range files {
		var comp []byte
		switch f.method {
		case 0:
			comp = f.data
		case 1, 2, 3:
			b := f.block
			if b == 0 {
				b = 1000
			}
			comp = encodeLZH(f.data, b)
		case 4:
			comp = encodeFastest(f.data)
		default:
			comp = f.data
		}
		crc := crc32.ChecksumIEEE(f.data)
		if f.badCRC {
			crc ^= 1
		}
		out = append(out, basicHeader(f.typ, f.method, f.flags, uint32(len(comp)), uint32(len(f.data)), crc, f.name, f.ext)...)
		out = append(out, comp...)
	}
	return append(out, idLo, idHi, 0, 0)
}
