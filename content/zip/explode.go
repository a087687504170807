package zip

import (
	"errors"
	"io"
)

// Implode (zip method 6, PKZIP 1.x), written from APPNOTE 5.3: a sliding
// dictionary of 4 or 8 KiB and two or three Shannon-Fano trees, each sent
// as run lengths of code lengths. Read least significant bit first with
// every code bit inverted, a Shannon-Fano tree is a canonical Huffman code,
// so the decoder of huffman.go serves.

// Implode flags (general purpose bits).
const (
	flagImplode8K    = 0x2 // 8 KiB dictionary (else 4 KiB)
	flagImplode3Tree = 0x4 // a literal tree is present (else literals are raw bytes)
)

var errExplode = errors.New("implode: invalid data")

// Exploder decodes an imploded entry of a known uncompressed size.
type Exploder struct {
	br      *bitReader
	flags   uint16
	left    int64 // bytes still to produce
	lit     *huffman
	length  huffman
	dist    huffman
	win     [8192]byte
	pos     int
	filled  int64
	out     []byte
	err     error
	started bool
}

// NewExploder returns a reader of the imploded data r decoded, given the
// entry's general purpose flags and uncompressed size.
func NewExploder(r io.Reader, flags uint16, size int64) *Exploder {
	return &Exploder{br: newBitReader(r), flags: flags, left: size}
}

// Read implements io.Reader.
func (x *Exploder) Read(p []byte) (int, error) {
	for len(x.out) == 0 {
		if x.err != nil {
			return 0, x.err
		}
		x.err = x.step()
	}
	n := copy(p, x.out)
	x.out = x.out[n:]
	return n, nil
}

// inv reads one inverted code bit.
func (x *Exploder) inv() (uint32, error) {
	b, err := x.br.bit()
	return b ^ 1, err
}

func (x *Exploder) put(c byte) {
	x.win[x.pos] = c
	x.pos = (x.pos + 1) & (len(x.win) - 1)
	x.filled++
	x.left--
	x.out = append(x.out, c)
}

// step reads the trees on first use, then one literal or one match.
func (x *Exploder) step() error {
	x.out = x.out[:0]
	if !x.started {
		x.started = true
		if x.flags&flagImplode3Tree != 0 {
			x.lit = new(huffman)
			if err := readTree(x.br, x.lit, 256); err != nil {
				return err
			}
		}
		if err := readTree(x.br, &x.length, 64); err != nil {
			return err
		}
		if err := readTree(x.br, &x.dist, 64); err != nil {
			return err
		}
	}
	if x.left <= 0 {
		return io.EOF
	}
	flag, err := x.br.bit()
	if err != nil {
		return err
	}
	if flag == 1 { // a literal
		var c int
		if x.lit != nil {
			c, err = x.lit.decode(x.inv)
		} else {
			var v uint32
			v, err = x.br.get(8)
			c = int(v)
		}
		if err != nil {
			return err
		}
		x.put(byte(c))
		return nil
	}
	lowBits := uint(6)
	if x.flags&flagImplode8K != 0 {
		lowBits = 7
	}
	low, err := x.br.get(lowBits)
	if err != nil {
		return err
	}
	high, err := x.dist.decode(x.inv)
	if err != nil {
		return err
	}
	dist := int(high)<<lowBits | int(low) + 1
	l, err := x.length.decode(x.inv)
	if err != nil {
		return err
	}
	length := l
	if l == 63 {
		more, err := x.br.get(8)
		if err != nil {
			return err
		}
		length += int(more)
	}
	if x.lit != nil {
		length += 3
	} else {
		length += 2
	}
	mask := len(x.win) - 1
	for range length {
		if x.left <= 0 {
			break
		}
		c := byte(0) // before the start of the data, the dictionary holds zeros
		if int64(dist) <= x.filled {
			c = x.win[(x.pos-dist)&mask]
		}
		x.put(c)
	}
	return nil
}

// readTree reads a Shannon-Fano tree of n symbols: a byte giving the number
// of bytes that follow, less one, each a run (high nibble + 1 symbols of
// bit length low nibble + 1).
func readTree(br *bitReader, h *huffman, n int) error {
	nb, err := br.get(8)
	if err != nil {
		return err
	}
	lengths := make([]uint8, 0, n)
	for range nb + 1 {
		v, err := br.get(8)
		if err != nil {
			return err
		}
		run := int(v>>4) + 1
		if len(lengths)+run > n {
			return errExplode
		}
		for range run {
			lengths = append(lengths, uint8(v&15)+1)
		}
	}
	if len(lengths) != n {
		return errExplode
	}
	return h.build(lengths)
}
