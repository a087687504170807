package zip

import (
	"bufio"
	"io"
)

// bitReader reads bits least significant first, as deflate and implode
// store them.
type bitReader struct {
	r    *bufio.Reader
	bits uint32
	n    uint
}

func newBitReader(r io.Reader) *bitReader { return &bitReader{r: bufio.NewReader(r)} }

// need reads bytes until n bits are buffered (n ≤ 24).
func (b *bitReader) need(n uint) error {
	for b.n < n {
		c, err := b.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		b.bits |= uint32(c) << b.n
		b.n += 8
	}
	return nil
}

// get returns the next n bits (n ≤ 24) as a number, first bit lowest.
func (b *bitReader) get(n uint) (uint32, error) {
	if n == 0 {
		return 0, nil
	}
	if err := b.need(n); err != nil {
		return 0, err
	}
	v := b.bits & (1<<n - 1)
	b.bits >>= n
	b.n -= n
	return v, nil
}

// bit returns the next bit.
func (b *bitReader) bit() (uint32, error) { return b.get(1) }

// align drops the bits left in the current byte.
func (b *bitReader) align() {
	drop := b.n % 8
	b.bits >>= drop
	b.n -= drop
}
