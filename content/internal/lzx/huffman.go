package lzx

import "fmt"

// maxCodeLen is the longest Huffman code LZX uses: lengths are coded
// modulo 17.
const maxCodeLen = 16

// tableBits is the width of the direct lookup table: codes up to this long
// decode in one step, longer ones walk the canonical code bit by bit.
const tableBits = 10

// huffman decodes one canonical Huffman code.
type huffman struct {
	table   [1 << tableBits]uint16 // sym<<5 | length; 0 when the code is longer or unused
	count   [maxCodeLen + 1]uint16 // codes of each length
	symbols []uint16               // symbols in code order
	empty   bool                   // every length is zero
}

// build makes the decoder for code lengths lens (0 = unused symbol). An
// over-subscribed set of lengths is an error; an incomplete one is accepted
// and its unassigned codes fail to decode.
func (h *huffman) build(lens []uint8) error {
	h.count = [maxCodeLen + 1]uint16{}
	for _, l := range lens {
		if l > maxCodeLen {
			return fmt.Errorf("code length %d exceeds %d", l, maxCodeLen)
		}
		h.count[l]++
	}
	h.count[0] = 0
	left := 1
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - int(h.count[l])
		if left < 0 {
			return fmt.Errorf("over-subscribed Huffman code")
		}
	}
	h.empty = left == 1<<maxCodeLen
	var offs [maxCodeLen + 2]int
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + int(h.count[l])
	}
	n := offs[maxCodeLen+1]
	if cap(h.symbols) < n {
		h.symbols = make([]uint16, n)
	}
	h.symbols = h.symbols[:n]
	for s, l := range lens {
		if l != 0 {
			h.symbols[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	h.table = [1 << tableBits]uint16{}
	code, idx := 0, 0
	for l := 1; l <= tableBits; l++ {
		for range h.count[l] {
			sym := h.symbols[idx]
			idx++
			span := 1 << (tableBits - l)
			start := code << (tableBits - l)
			for j := start; j < start+span; j++ {
				h.table[j] = sym<<5 | uint16(l)
			}
			code++
		}
		code <<= 1
	}
	return nil
}

// decode reads one symbol.
func (h *huffman) decode(br *bitReader) (int, error) {
	if h.empty {
		return 0, fmt.Errorf("symbol from an empty Huffman code")
	}
	if err := br.fill(maxCodeLen); err != nil {
		return 0, err
	}
	v := br.peek(maxCodeLen)
	if e := h.table[v>>(maxCodeLen-tableBits)]; e != 0 {
		return int(e >> 5), br.consume(uint(e & 31))
	}
	code, first, index := 0, 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		code |= int(v>>(maxCodeLen-l)) & 1
		cnt := int(h.count[l])
		if code-first < cnt {
			return int(h.symbols[index+code-first]), br.consume(uint(l))
		}
		index += cnt
		first = (first + cnt) << 1
		code <<= 1
	}
	return 0, fmt.Errorf("invalid Huffman code")
}
