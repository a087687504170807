package zip

import (
	"errors"
	"io"
)

// window64 is deflate64's history: 64 KiB instead of deflate's 32.
const window64 = 1 << 16

// Length and distance tables of deflate (RFC 1951 3.2.5) with deflate64's
// changes: length code 285 takes 16 extra bits over a base of 3, and
// distance codes 30 and 31 reach back 64 KiB.
var (
	lenBase64  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 3}
	lenExtra64 = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 16}
	distBase   = [32]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577, 32769, 49153}
	distExtra  = [32]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14}
	// clOrder is the order code length code lengths are stored in.
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

var (
	errInflate = errors.New("deflate64: invalid data")
	fixedLit   huffman
	fixedDist  huffman
)

func init() {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	fixedLit.build(l[:])
	var d [32]uint8
	for i := range d {
		d[i] = 5
	}
	fixedDist.build(d[:])
}

// Inflater64 decodes a deflate64 stream ("enhanced deflate", zip method
// 9), written from the description of deflate in RFC 1951 and deflate64's
// three differences.
type Inflater64 struct {
	br       *bitReader
	win      [window64]byte
	pos      int   // next write position in win
	filled   int64 // bytes written so far (for distance checks)
	out      []byte
	final    bool
	inBlock  bool
	stored   int      // bytes left in a stored block; -1 when in a coded block
	lit, dst *huffman // the block's codes: the fixed ones or own
	own      [2]huffman
	err      error
}

// NewInflater64 returns a reader of the deflate64 stream r decoded.
func NewInflater64(r io.Reader) *Inflater64 {
	return &Inflater64{br: newBitReader(r), stored: -1}
}

// Read implements io.Reader.
func (z *Inflater64) Read(p []byte) (int, error) {
	for len(z.out) == 0 {
		if z.err != nil {
			return 0, z.err
		}
		z.err = z.step()
	}
	n := copy(p, z.out)
	z.out = z.out[n:]
	return n, nil
}

// put appends one byte to the output and the window.
func (z *Inflater64) put(c byte) {
	z.win[z.pos] = c
	z.pos = (z.pos + 1) & (window64 - 1)
	z.filled++
	z.out = append(z.out, c)
}

// step decodes at most one block header, one stored chunk or one symbol,
// leaving its output in z.out (which it resets first).
func (z *Inflater64) step() error {
	z.out = z.out[:0]
	if !z.inBlock {
		if z.final {
			return io.EOF
		}
		return z.header()
	}
	if z.stored >= 0 {
		if z.stored == 0 {
			z.inBlock = false
			return nil
		}
		n := min(z.stored, 4096)
		for range n {
			c, err := z.br.get(8)
			if err != nil {
				return err
			}
			z.put(byte(c))
		}
		z.stored -= n
		return nil
	}
	sym, err := z.lit.decode(z.br.bit)
	if err != nil {
		return err
	}
	switch {
	case sym < 256:
		z.put(byte(sym))
		return nil
	case sym == 256:
		z.inBlock = false
		return nil
	case sym > 285:
		return errInflate
	}
	sym -= 257
	extra, err := z.br.get(uint(lenExtra64[sym]))
	if err != nil {
		return err
	}
	length := int(lenBase64[sym]) + int(extra)
	ds, err := z.dst.decode(z.br.bit)
	if err != nil {
		return err
	}
	if ds >= 32 {
		return errInflate
	}
	dextra, err := z.br.get(uint(distExtra[ds]))
	if err != nil {
		return err
	}
	dist := int(distBase[ds]) + int(dextra)
	if int64(dist) > z.filled || dist > window64 {
		return errInflate
	}
	for range length {
		z.put(z.win[(z.pos-dist)&(window64-1)])
	}
	return nil
}

// header reads a block header and prepares the block.
func (z *Inflater64) header() error {
	h, err := z.br.get(3)
	if err != nil {
		return err
	}
	z.final = h&1 != 0
	z.inBlock = true
	z.stored = -1
	switch h >> 1 {
	case 0:
		z.br.align()
		v, err := z.br.get(16)
		if err != nil {
			return err
		}
		nv, err := z.br.get(16)
		if err != nil {
			return err
		}
		if v != ^nv&0xffff {
			return errInflate
		}
		z.stored = int(v)
		return nil
	case 1:
		z.lit, z.dst = &fixedLit, &fixedDist
		return nil
	case 2:
		return z.dynamic()
	}
	return errInflate
}

// dynamic reads the code lengths of a dynamic block.
func (z *Inflater64) dynamic() error {
	hlit, err := z.br.get(5)
	if err != nil {
		return err
	}
	hdist, err := z.br.get(5)
	if err != nil {
		return err
	}
	hclen, err := z.br.get(4)
	if err != nil {
		return err
	}
	nlit, ndist := int(hlit)+257, int(hdist)+1
	var cl [19]uint8
	for i := 0; i < int(hclen)+4; i++ {
		v, err := z.br.get(3)
		if err != nil {
			return err
		}
		cl[clOrder[i]] = uint8(v)
	}
	var clh huffman
	if err := clh.build(cl[:]); err != nil {
		return err
	}
	lengths := make([]uint8, nlit+ndist)
	for i := 0; i < len(lengths); {
		sym, err := clh.decode(z.br.bit)
		if err != nil {
			return err
		}
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep uint32
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return errInflate
			}
			val = lengths[i-1]
			rep, err = z.br.get(2)
			rep += 3
		case 17:
			rep, err = z.br.get(3)
			rep += 3
		default:
			rep, err = z.br.get(7)
			rep += 11
		}
		if err != nil {
			return err
		}
		if i+int(rep) > len(lengths) {
			return errInflate
		}
		for range rep {
			lengths[i] = val
			i++
		}
	}
	if lengths[256] == 0 {
		return errInflate
	}
	z.lit, z.dst = &z.own[0], &z.own[1]
	if err := z.lit.build(lengths[:nlit]); err != nil {
		return err
	}
	return z.dst.build(lengths[nlit:])
}
