package lzxtest

// bitWriter writes LZX's bitstream: bits most significant first, packed
// into 16-bit little-endian words.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint // pending bits in acc, < 16 between calls
}

// bits writes the k (≤ 32) low bits of v.
func (w *bitWriter) bits(v uint32, k uint) {
	w.acc = w.acc<<k | uint64(v)&(1<<k-1)
	w.n += k
	for w.n >= 16 {
		word := uint16(w.acc >> (w.n - 16))
		w.out = append(w.out, byte(word), byte(word>>8))
		w.n -= 16
	}
	w.acc &= 1<<w.n - 1
}

// align pads with zero bits to a word boundary.
func (w *bitWriter) align() {
	if w.n > 0 {
		w.bits(0, 16-w.n)
	}
}

// alignRaw writes the 1 to 16 padding bits before an uncompressed
// block's bytes.
func (w *bitWriter) alignRaw() {
	w.bits(0, 16-w.n)
}
