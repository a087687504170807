package zip

import "errors"

// maxCodeBits is the longest Huffman code of deflate, deflate64 and
// implode (whose Shannon-Fano codes are at most 16 bits).
const maxCodeBits = 16

// huffman is a canonical Huffman code as counts per length and symbols in
// code order: decoding walks the lengths one bit at a time (as zlib's puff
// does), which needs no tables sized by an attacker.
type huffman struct {
	count  [maxCodeBits + 1]uint16
	symbol []uint16
}

var errBadCode = errors.New("invalid Huffman code")

// build makes the code from the length of each symbol (0: unused). It
// rejects over-subscribed sets; incomplete sets are allowed (deflate permits
// a single distance code) and fail only if an unused code is read.
func (h *huffman) build(lengths []uint8) error {
	h.count = [maxCodeBits + 1]uint16{}
	for _, l := range lengths {
		if l > maxCodeBits {
			return errBadCode
		}
		h.count[l]++
	}
	left := 1
	for l := 1; l <= maxCodeBits; l++ {
		left <<= 1
		left -= int(h.count[l])
		if left < 0 {
			return errBadCode
		}
	}
	var offs [maxCodeBits + 2]uint16
	for l := 1; l <= maxCodeBits; l++ {
		offs[l+1] = offs[l] + h.count[l]
	}
	if cap(h.symbol) < len(lengths) {
		h.symbol = make([]uint16, len(lengths))
	}
	h.symbol = h.symbol[:len(lengths)]
	for s, l := range lengths {
		if l != 0 {
			h.symbol[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	return nil
}

// decode reads one symbol, taking bits from next (each call returns the
// next bit of the code, first bit first).
func (h *huffman) decode(next func() (uint32, error)) (int, error) {
	code, first, index := 0, 0, 0
	for l := 1; l <= maxCodeBits; l++ {
		bit, err := next()
		if err != nil {
			return 0, err
		}
		code |= int(bit)
		count := int(h.count[l])
		if code-count < first {
			return int(h.symbol[index+(code-first)]), nil
		}
		index += count
		first += count
		first <<= 1
		code <<= 1
	}
	return 0, errBadCode
}
