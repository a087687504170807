package arj

import (
	"errors"
	"fmt"
	"io"
)

// Parameters of the compressed formats (ARJ's technical notes).
const (
	// windowSize is the ring buffer kept for back references: methods 1–3
	// use a 26 KiB dictionary and method 4 reaches back less than 16 KiB,
	// but the distance codes can name up to 64 KiB, which a power of two
	// serves without a bounds check.
	windowSize = 1 << 16
	// minMatch is the shortest back reference.
	minMatch = 3
	// maxMatch is the longest back reference.
	maxMatch = 256
	// numC is the size of the literal/length alphabet: 256 literals and
	// the lengths minMatch to maxMatch.
	numC = 256 + maxMatch - minMatch + 1
	// numP is the size of the distance-class alphabet.
	numP = 17
	// numT is the size of the alphabet that codes numC's code lengths.
	numT = 19
	// bitsC, bitsP and bitsT are the widths of the symbol counts of the
	// three tables in a block header.
	bitsC, bitsP, bitsT = 9, 5, 5
)

// errBackRef reports a match reaching before the start of the file.
var errBackRef = errors.New("back reference before the start of the file")

// decoder is a streaming decoder of methods 1–3 (lzh) or 4 (fastest).
type decoder struct {
	br      *bitReader
	fastest bool
	left    int64 // bytes still to produce (the header's original size)
	done    int64 // bytes produced so far
	win     []byte
	pos     int // next write position in win
	pend    int // bytes of the current match still to copy
	dist    int // its distance
	err     error

	// lzh state
	blockLeft int // symbols left in the current block
	c, p, t   huffman
	lens      [numC]uint8
}

func newDecoder(r io.Reader, size int64, fastest bool) *decoder {
	return &decoder{br: newBitReader(r), left: size, fastest: fastest, win: make([]byte, windowSize)}
}

// emit appends c to the window and counts it as output.
func (d *decoder) emit(c byte) {
	d.win[d.pos] = c
	d.pos = (d.pos + 1) & (windowSize - 1)
	d.left--
	d.done++
}

// Read implements io.Reader.
func (d *decoder) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && d.left > 0 {
		if d.pend > 0 {
			c := d.win[(d.pos-d.dist)&(windowSize-1)]
			d.pend--
			d.emit(c)
			p[n] = c
			n++
			continue
		}
		if d.err != nil {
			break
		}
		lit, length, dist, err := d.token()
		if err == nil && d.br.err != nil {
			err = d.br.err
		}
		if err != nil {
			d.err = err
			break
		}
		if length == 0 {
			d.emit(lit)
			p[n] = lit
			n++
			continue
		}
		if int64(dist) > d.done {
			d.err = errBackRef
			break
		}
		d.pend, d.dist = length, dist
	}
	if n > 0 {
		return n, nil
	}
	if d.left == 0 {
		return 0, io.EOF
	}
	return 0, d.err
}

// token decodes one literal (length 0) or match.
func (d *decoder) token() (lit byte, length, dist int, err error) {
	if d.fastest {
		return d.tokenFastest()
	}
	if d.blockLeft == 0 {
		if err := d.readBlockHeader(); err != nil {
			return 0, 0, 0, err
		}
	}
	d.blockLeft--
	c, err := d.c.decode(d.br)
	if err != nil {
		return 0, 0, 0, err
	}
	if c < 256 {
		return byte(c), 0, 0, nil
	}
	length = c - 256 + minMatch
	j, err := d.p.decode(d.br)
	if err != nil {
		return 0, 0, 0, err
	}
	if j > 0 {
		j = 1<<(j-1) + int(d.br.bits(uint(j-1)))
	}
	return 0, length, j + 1, nil
}

// readBlockHeader reads a block's symbol count and its three code tables.
func (d *decoder) readBlockHeader() error {
	d.blockLeft = int(d.br.bits(16))
	if d.blockLeft == 0 {
		// A zero count would loop on empty blocks: a real stream ends
		// with the file instead.
		return errors.New("empty block")
	}
	if err := d.readLengths(&d.t, numT, bitsT, 3); err != nil {
		return fmt.Errorf("length table: %w", err)
	}
	if err := d.readCLengths(); err != nil {
		return fmt.Errorf("literal table: %w", err)
	}
	if err := d.readLengths(&d.p, numP, bitsP, -1); err != nil {
		return fmt.Errorf("distance table: %w", err)
	}
	return nil
}

// readCount reads how many code lengths of a table of size symbols follow
// (nbits wide). Zero means the table has a single symbol, read next and set
// on h: readCount then returns 0 and the caller reads no lengths.
func (d *decoder) readCount(h *huffman, size int, nbits uint) (int, error) {
	n := int(d.br.bits(nbits))
	if n == 0 {
		s := int(d.br.bits(nbits))
		if s >= size {
			return 0, fmt.Errorf("single symbol %d out of range", s)
		}
		h.setSingle(s)
		return 0, nil
	}
	if n > size {
		return 0, fmt.Errorf("%d lengths for %d symbols", n, size)
	}
	return n, nil
}

// readLengths reads the code lengths of the t or p table: a count, then
// each length as 3 bits, lengths of 7 and more as 111 followed by one 1 bit
// per extra unit and a 0. After the special-th length, 2 bits say how many
// zero lengths follow. A count of zero means a single symbol, given next.
func (d *decoder) readLengths(h *huffman, size int, nbits uint, special int) error {
	n, err := d.readCount(h, size, nbits)
	if n == 0 || err != nil {
		return err
	}
	lens := d.lens[:size]
	clear(lens)
	for i := 0; i < n; {
		l := int(d.br.bits(3))
		if l == 7 {
			for d.br.bit() {
				l++
				if l > maxCodeLen {
					return errBadTable
				}
			}
		}
		lens[i] = uint8(l)
		i++
		if i == special {
			z := int(d.br.bits(2))
			if i+z > size {
				return errBadTable
			}
			i += z // lens is already zero
		}
	}
	return h.build(lens)
}

// readCLengths reads the literal/length table's code lengths, coded with
// the t table: symbols 0–2 are runs of zero lengths (1; 3–18 with 4 more
// bits; 20–531 with 9 more bits), symbol k ≥ 3 a length of k−2.
func (d *decoder) readCLengths() error {
	n, err := d.readCount(&d.c, numC, bitsC)
	if n == 0 || err != nil {
		return err
	}
	lens := d.lens[:numC]
	clear(lens)
	for i := 0; i < n; {
		c, err := d.t.decode(d.br)
		if err != nil {
			return err
		}
		switch c {
		case 0:
			i++
		case 1:
			i += int(d.br.bits(4)) + 3
		case 2:
			i += int(d.br.bits(bitsC)) + 20
		default:
			if c-2 > maxCodeLen {
				return errBadTable
			}
			lens[i] = uint8(c - 2)
			i++
		}
		if i > numC {
			return errBadTable
		}
	}
	return d.c.build(lens)
}

// Method 4 codes: a length is a unary prefix of up to 7 one bits (ended by
// a zero unless 7), then as many value bits; zero is a literal (8 bits
// follow). A distance is a unary prefix of up to 4 one bits, then 9 plus
// that many value bits.
const (
	fastLenMax  = 7
	fastPtrBase = 9
	fastPtrMax  = 13
)

// tokenFastest decodes one method 4 token.
func (d *decoder) tokenFastest() (lit byte, length, dist int, err error) {
	c := d.unary(0, fastLenMax)
	if c == 0 {
		return byte(d.br.bits(8)), 0, 0, nil
	}
	return 0, c - 1 + minMatch, d.unary(fastPtrBase, fastPtrMax) + 1, nil
}

// unary reads a value whose width starts at start bits and grows by one
// per leading one bit, up to stop: the values of each width follow those
// of the narrower ones.
func (d *decoder) unary(start, stop uint) int {
	base, width := 0, start
	for width < stop && d.br.bit() {
		base += 1 << width
		width++
	}
	return base + int(d.br.bits(width))
}
