package arj

import (
	"bufio"
	"errors"
	"io"
)

// errOverrun reports a compressed stream that ended before the file did.
var errOverrun = errors.New("compressed data ends before the file does")

// overrunSlack is how many bytes of zeros past the end of the compressed
// data the bit reader supplies before it reports errOverrun: the decoders
// peek up to 16 bits ahead of what they consume.
const overrunSlack = 4

// bitReader reads a stream most significant bit first.
type bitReader struct {
	r     *bufio.Reader
	buf   uint64 // bits not yet consumed, at the low end
	n     uint   // how many bits buf holds
	extra int    // zero bytes supplied past the end of the input
	err   error  // errOverrun once extra exceeds overrunSlack
}

func newBitReader(r io.Reader) *bitReader {
	return &bitReader{r: bufio.NewReader(r)}
}

// fill makes sure at least need (≤ 32) bits are buffered.
func (br *bitReader) fill(need uint) {
	for br.n < need {
		c, err := br.r.ReadByte()
		if err != nil {
			c = 0
			br.extra++
			if br.extra > overrunSlack && br.err == nil {
				br.err = errOverrun
			}
		}
		br.buf = br.buf<<8 | uint64(c)
		br.n += 8
	}
}

// peek returns the next n (≤ 32) bits without consuming them.
func (br *bitReader) peek(n uint) uint32 {
	br.fill(n)
	return uint32(br.buf>>(br.n-n)) & (1<<n - 1)
}

// bits consumes and returns the next n (≤ 32) bits.
func (br *bitReader) bits(n uint) uint32 {
	if n == 0 {
		return 0
	}
	v := br.peek(n)
	br.n -= n
	return v
}

// bit consumes one bit.
func (br *bitReader) bit() bool { return br.bits(1) == 1 }

// maxCodeLen is the longest Huffman code the format allows.
const maxCodeLen = 16

// errBadTable reports code lengths that do not form a prefix code.
var errBadTable = errors.New("invalid Huffman table")

// huffman decodes a canonical prefix code: codes of each length are
// consecutive, shorter codes first, symbols of one length in increasing
// order.
type huffman struct {
	count  [maxCodeLen + 1]uint16 // codes of each length
	symbol []uint16               // symbols ordered by code
	single int                    // the only symbol of a zero-bit code, or -1
}

// build sets up the code from one length per symbol (0: unused).
func (h *huffman) build(lengths []uint8) error {
	h.single = -1
	h.count = [maxCodeLen + 1]uint16{}
	for _, l := range lengths {
		if l > maxCodeLen {
			return errBadTable
		}
		h.count[l]++
	}
	h.count[0] = 0
	// Over-subscribed codes are invalid; incomplete ones decode what they
	// can (an unused code is reported when met).
	left := 1
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - int(h.count[l])
		if left < 0 {
			return errBadTable
		}
	}
	var offs [maxCodeLen + 2]uint16
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + h.count[l]
	}
	h.symbol = h.symbol[:0]
	h.symbol = append(h.symbol, make([]uint16, offs[maxCodeLen+1])...)
	for s, l := range lengths {
		if l != 0 {
			h.symbol[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	return nil
}

// setSingle makes the code decode sym without reading a bit.
func (h *huffman) setSingle(sym int) {
	h.count = [maxCodeLen + 1]uint16{}
	h.symbol = h.symbol[:0]
	h.single = sym
}

// decode reads one symbol.
func (h *huffman) decode(br *bitReader) (int, error) {
	if h.single >= 0 {
		return h.single, nil
	}
	code, first, index := 0, 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		if br.bit() {
			code |= 1
		}
		c := int(h.count[l])
		if code-first < c {
			return int(h.symbol[index+code-first]), nil
		}
		index += c
		first = (first + c) << 1
		code <<= 1
	}
	return 0, errBadTable
}
