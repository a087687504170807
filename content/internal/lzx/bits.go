package lzx

import (
	"errors"
	"io"
)

// Input is what the decoder reads compressed bytes from: a bufio.Reader
// or a bytes.Reader will do.
type Input interface {
	io.Reader
	io.ByteReader
}

// maxPadWords is how many zero words the bit reader invents past the end
// of the input: a Huffman decode peeks 16 bits ahead, so the last symbol
// of a stream may look one word beyond the data; more than two means the
// stream is truncated.
const maxPadWords = 2

// errTruncated reports compressed data that ends before the output does.
var errTruncated = errors.New("compressed data ends early")

// bitReader reads LZX's bitstream: 16-bit little-endian words whose bits
// are taken most significant first. It fills lazily, one word at a time, so
// that at most two words are buffered and the switch to the byte-aligned
// data of an uncompressed block can hand them back as bytes.
type bitReader struct {
	in      Input
	buf     uint64 // the low n bits are unread, the next bit is bit n-1
	n       uint
	held    int // a byte split from a buffered word, -1 if none
	pad     int // zero words invented past the end of the input
	err     error
	inBytes int64 // bytes taken from in, for error positions
}

func (br *bitReader) init(in Input) {
	*br = bitReader{in: in, held: -1}
}

// byte returns the next input byte in stream order.
func (br *bitReader) byte() (byte, error) {
	if br.held >= 0 {
		b := byte(br.held)
		br.held = -1
		return b, nil
	}
	b, err := br.in.ReadByte()
	if err != nil {
		if err == io.EOF {
			return 0, errTruncated
		}
		return 0, err
	}
	br.inBytes++
	return b, nil
}

// fill makes at least k (≤ 32) bits available, inventing zero words past
// the end of the input up to maxPadWords.
func (br *bitReader) fill(k uint) error {
	for br.n < k {
		lo, err := br.byte()
		var hi byte
		if err == nil {
			hi, err = br.byte()
			if err == errTruncated {
				err = nil // an odd final byte: its partner is zero
			}
		}
		if err == errTruncated {
			if br.pad >= maxPadWords {
				return errTruncated
			}
			br.pad++
			lo, hi, err = 0, 0, nil
		}
		if err != nil {
			return err
		}
		br.buf = br.buf<<16 | uint64(lo) | uint64(hi)<<8
		br.n += 16
	}
	return nil
}

// peek returns the next k bits without consuming them; fill(k) must have
// succeeded.
func (br *bitReader) peek(k uint) uint32 {
	return uint32(br.buf>>(br.n-k)) & (1<<k - 1)
}

// read consumes k (≤ 17) bits.
func (br *bitReader) read(k uint) (uint32, error) {
	if k == 0 {
		return 0, nil
	}
	if err := br.fill(k); err != nil {
		return 0, err
	}
	v := br.peek(k)
	return v, br.consume(k)
}

// consume drops k bits, which must be buffered; consuming a bit invented
// past the end of the input is an error.
func (br *bitReader) consume(k uint) error {
	br.n -= k
	if br.n < 16*uint(br.pad) {
		return errTruncated
	}
	return nil
}

// align drops the bits left in the current 16-bit word: the encoder pads
// every 32 KiB frame to a word boundary.
func (br *bitReader) align() {
	br.n -= br.n % 16
}

// alignRaw prepares for the bytes of an uncompressed block: it skips 1 to
// 16 bits, to the next word boundary (a whole word when already on one).
func (br *bitReader) alignRaw() error {
	if br.n%16 != 0 {
		br.n -= br.n % 16
		return nil
	}
	_, err := br.read(16)
	return err
}

// raw fills p with bytes of the stream, after alignRaw: first the words
// still buffered, then the input itself.
func (br *bitReader) raw(p []byte) error {
	i := 0
	for i < len(p) && (br.held >= 0 || br.n >= 16) {
		if br.held >= 0 {
			p[i] = byte(br.held)
			br.held = -1
			i++
			continue
		}
		if br.n <= 16*uint(br.pad) {
			return errTruncated
		}
		w := uint16(br.buf >> (br.n - 16))
		br.n -= 16
		p[i] = byte(w)
		br.held = int(w >> 8)
		i++
	}
	if i == len(p) {
		return nil
	}
	if br.pad > 0 {
		return errTruncated
	}
	n, err := io.ReadFull(br.in, p[i:])
	br.inBytes += int64(n)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errTruncated
	}
	return err
}
