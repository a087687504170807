package autoit

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The "EA05"/"EA06" compression (learnt from the files, checked against
// clam.exe as known plaintext): a 4-byte magic, the decompressed size as a
// 4-byte big-endian word, then a bit stream read most significant bit
// first. Each item starts with a flag bit; a literal is 8 bits, a match a
// 15-bit distance back into the output and a length coded as fields of 2,
// 3, 5 and then 8 bits, each next field read only when the previous one is
// all ones, the sum plus 3 being the length. EA05 streams flag literals
// with 0, EA06 streams with 1.
const (
	lzHeader   = 8
	lzDistBits = 15
	lzWindow   = 1 << lzDistBits // history a match can reach
	lzMinMatch = 3
)

// lzWidths are the widths of a match length's fields; the last repeats.
var lzWidths = [...]uint{2, 3, 5, 8}

var errLZ = errors.New("autoit: corrupt compressed stream")

// lzReader decompresses one stream.
type lzReader struct {
	br      *bufio.Reader
	bits    uint32 // pending bits, most significant first
	nbits   uint
	litFlag uint32 // flag value of a literal
	left    int64  // output bytes still to produce
	win     [lzWindow]byte
	pos     int64 // bytes produced so far
	dist    int64 // pending match: distance and bytes left
	run     int64
	err     error
}

// newLZ reads the stream header from r and returns a reader of the
// decompressed bytes and their announced size.
func newLZ(r io.Reader) (*lzReader, int64, error) {
	var h [lzHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, 0, fmt.Errorf("autoit: compressed stream header: %w", err)
	}
	z := &lzReader{br: bufio.NewReader(r)}
	switch string(h[:4]) {
	case "EA05":
		z.litFlag = 0
	case "EA06":
		z.litFlag = 1
	default:
		return nil, 0, fmt.Errorf("%w: unknown method %q", errUnsupported, h[:4])
	}
	z.left = int64(binary.BigEndian.Uint32(h[4:]))
	return z, z.left, nil
}

// get reads n ≤ 16 bits.
func (z *lzReader) get(n uint) (uint32, error) {
	for z.nbits < n {
		c, err := z.br.ReadByte()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		z.bits = z.bits<<8 | uint32(c)
		z.nbits += 8
	}
	z.nbits -= n
	v := z.bits >> z.nbits & (1<<n - 1)
	z.bits &= 1<<z.nbits - 1
	return v, nil
}

// item decodes the next literal into the window, or sets up a match.
func (z *lzReader) item() error {
	f, err := z.get(1)
	if err != nil {
		return err
	}
	if f == z.litFlag {
		c, err := z.get(8)
		if err != nil {
			return err
		}
		z.put(byte(c))
		return nil
	}
	d, err := z.get(lzDistBits)
	if err != nil {
		return err
	}
	if d == 0 || int64(d) > z.pos {
		return fmt.Errorf("%w: match distance %d at output byte %d", errLZ, d, z.pos)
	}
	n := int64(lzMinMatch)
	for i := 0; ; i++ {
		w := lzWidths[min(i, len(lzWidths)-1)]
		v, err := z.get(w)
		if err != nil {
			return err
		}
		n += int64(v)
		if v != 1<<w-1 || n >= z.left {
			break
		}
	}
	z.dist, z.run = int64(d), min(n, z.left)
	return nil
}

func (z *lzReader) put(c byte) {
	z.win[z.pos%lzWindow] = c
	z.pos++
	z.left--
}

func (z *lzReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if z.err != nil {
			return n, z.err
		}
		if z.run > 0 {
			c := z.win[(z.pos-z.dist)%lzWindow]
			z.put(c)
			p[n] = c
			n++
			z.run--
			continue
		}
		if z.left <= 0 {
			z.err = io.EOF
			continue
		}
		before := z.pos
		if err := z.item(); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("%w: input ends %d bytes before the announced size", errLZ, z.left)
			}
			z.err = err
			continue
		}
		if z.pos > before {
			p[n] = z.win[before%lzWindow]
			n++
		}
	}
	return n, nil
}
