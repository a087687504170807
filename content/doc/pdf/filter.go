package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content/internal/iox"
)

// MaxFilters bounds a stream's filter chain: real files use one or two;
// a long chain is only there to waste time.
const MaxFilters = 8

// errCap is returned by a decoder whose output reached its bound.
var errCap = errors.New("decoded size limit reached")

// errUnsupported marks a filter this package does not decode.
var errUnsupported = errors.New("unsupported filter")

// capBuf is an output buffer that refuses to grow beyond max bytes.
type capBuf struct {
	b   []byte
	max int
}

func (c *capBuf) Write(p []byte) (int, error) {
	if room := c.max - len(c.b); len(p) > room {
		c.b = append(c.b, p[:room]...)
		return room, errCap
	}
	c.b = append(c.b, p...)
	return len(p), nil
}

func (c *capBuf) WriteByte(x byte) error {
	if len(c.b) >= c.max {
		return errCap
	}
	c.b = append(c.b, x)
	return nil
}

// filterNames maps abbreviations (inline images) to full filter names.
var filterNames = map[name]name{
	"Fl": "FlateDecode", "LZW": "LZWDecode", "A85": "ASCII85Decode",
	"AHx": "ASCIIHexDecode", "RL": "RunLengthDecode", "DCT": "DCTDecode", "CCF": "CCITTFaxDecode",
}

// imageFilters are left encoded: their output is an image, and the encoded
// form (a JPEG, a JPEG 2000 file) is what a rule would look for.
var imageFilters = map[name]bool{"DCTDecode": true, "JPXDecode": true, "CCITTFaxDecode": true, "JBIG2Decode": true}

// decode applies one filter to in, producing at most max bytes.
func decode(f name, parms dict, in []byte, max int) ([]byte, error) {
	if full, ok := filterNames[f]; ok {
		f = full
	}
	out := &capBuf{max: max}
	var err error
	switch f {
	case "FlateDecode":
		err = flateDecode(out, in)
	case "LZWDecode":
		early := int64(1)
		if v, ok := parms["EarlyChange"].(int64); ok {
			early = v
		}
		err = lzwDecode(out, in, early != 0)
	case "ASCII85Decode":
		err = a85Decode(out, in)
	case "ASCIIHexDecode":
		err = hexDecode(out, in)
	case "RunLengthDecode":
		err = rlDecode(out, in)
	case "Crypt":
		if n, _ := parms["Name"].(name); n == "" || n == "Identity" {
			return in, nil
		}
		return in, fmt.Errorf("%w: Crypt", errUnsupported)
	default:
		return in, fmt.Errorf("%w: %s", errUnsupported, f)
	}
	if err != nil && !errors.Is(err, errCap) && len(out.b) == 0 {
		return nil, fmt.Errorf("%s: %w", f, err)
	}
	if f == "FlateDecode" || f == "LZWDecode" {
		b, perr := predict(parms, out.b)
		if perr != nil {
			return out.b, fmt.Errorf("%s predictor: %w", f, perr)
		}
		out.b = b
	}
	if err != nil {
		return out.b, fmt.Errorf("%s: %w", f, err)
	}
	return out.b, nil
}

// flateDecode inflates in: a zlib stream, or raw deflate data when the
// header is missing or damaged (as some writers produce). A truncated or
// corrupt stream yields what inflated before the damage.
func flateDecode(out *capBuf, in []byte) error {
	var r io.Reader
	zr, err := zlib.NewReader(bytes.NewReader(in))
	if err == nil {
		r = zr
	} else {
		r = flate.NewReader(bytes.NewReader(in))
	}
	_, err = io.Copy(out, r)
	if errors.Is(err, zlib.ErrChecksum) {
		return nil
	}
	return err
}

// lzwDecode decodes PDF's LZW: MSB-first codes of 9 to 12 bits, 256 clear,
// 257 end; with early change the width grows one code sooner.
func lzwDecode(out *capBuf, in []byte, early bool) error {
	const clear, end = 256, 257
	var prefix [4096]uint16
	var suffix [4096]byte
	var length [4096]uint16
	for i := range 256 {
		suffix[i] = byte(i)
		length[i] = 1
	}
	next, width := 258, 9
	prev := -1
	var acc uint32
	nbits := 0
	buf := make([]byte, 4096)
	e := 0
	if early {
		e = 1
	}
	for _, c := range in {
		acc = acc<<8 | uint32(c)
		nbits += 8
		for nbits >= width {
			code := int(acc>>(nbits-width)) & (1<<width - 1)
			nbits -= width
			switch {
			case code == clear:
				next, width, prev = 258, 9, -1
				continue
			case code == end:
				return nil
			}
			var first byte
			switch {
			case code < next && code != clear && code != end:
				n := int(length[code])
				for i, k := n-1, code; i >= 0; i-- {
					buf[i] = suffix[k]
					k = int(prefix[k])
				}
				first = buf[0]
				if _, err := out.Write(buf[:n]); err != nil {
					return err
				}
			case code == next && prev >= 0:
				n := int(length[prev])
				for i, k := n-1, prev; i >= 0; i-- {
					buf[i] = suffix[k]
					k = int(prefix[k])
				}
				first = buf[0]
				buf[n] = first
				if _, err := out.Write(buf[:n+1]); err != nil {
					return err
				}
			default:
				return fmt.Errorf("invalid LZW code %d", code)
			}
			if prev >= 0 && next < 4096 && int(length[prev]) < 4095 {
				prefix[next] = uint16(prev)
				suffix[next] = first
				length[next] = length[prev] + 1
				next++
			}
			prev = code
			if next+e >= 1<<width && width < 12 {
				width++
			}
		}
	}
	return nil
}

// a85Decode decodes ASCII base-85.
func a85Decode(out *capBuf, in []byte) error {
	in = bytes.TrimLeft(in, " \t\r\n\f\x00")
	in = bytes.TrimPrefix(in, []byte("<~"))
	var group [5]byte
	n := 0
	flush := func(n int) error {
		for i := n; i < 5; i++ {
			group[i] = 'u'
		}
		var v uint64
		for _, c := range group {
			v = v*85 + uint64(c-'!')
		}
		if v > 0xFFFFFFFF {
			return errors.New("ASCII85 group out of range")
		}
		b := []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		_, err := out.Write(b[:n-1])
		return err
	}
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case isSpace(c):
		case c == '~':
			if n > 1 {
				return flush(n)
			}
			return nil
		case c == 'z' && n == 0:
			if _, err := out.Write([]byte{0, 0, 0, 0}); err != nil {
				return err
			}
		case c >= '!' && c <= 'u':
			group[n] = c
			n++
			if n == 5 {
				if err := flush(5); err != nil {
					return err
				}
				n = 0
			}
		default:
			return fmt.Errorf("invalid ASCII85 character %q at %d", c, i)
		}
	}
	if n > 1 {
		return flush(n)
	}
	return nil
}

// hexDecode decodes ASCIIHex: pairs of hex digits up to '>'.
func hexDecode(out *capBuf, in []byte) error {
	var hi byte
	half := false
	for i, c := range in {
		if c == '>' {
			break
		}
		if isSpace(c) {
			continue
		}
		v, ok := iox.Unhex(c)
		if !ok {
			return fmt.Errorf("invalid hex digit %q at %d", c, i)
		}
		if half {
			if err := out.WriteByte(hi<<4 | v); err != nil {
				return err
			}
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		return out.WriteByte(hi << 4)
	}
	return nil
}

// rlDecode decodes RunLength: a length byte L, then L+1 literal bytes
// (L < 128) or one byte repeated 257-L times (L > 128); 128 ends.
func rlDecode(out *capBuf, in []byte) error {
	for i := 0; i < len(in); {
		l := int(in[i])
		i++
		switch {
		case l == 128:
			return nil
		case l < 128:
			end := min(i+l+1, len(in))
			if _, err := out.Write(in[i:end]); err != nil {
				return err
			}
			if end-i < l+1 {
				return io.ErrUnexpectedEOF
			}
			i = end
		default:
			if i >= len(in) {
				return io.ErrUnexpectedEOF
			}
			if _, err := out.Write(bytes.Repeat(in[i:i+1], 257-l)); err != nil {
				return err
			}
			i++
		}
	}
	return nil
}

// predict undoes a PNG (10–15) or TIFF (2) predictor given in parms.
func predict(parms dict, data []byte) ([]byte, error) {
	pred, _ := parms["Predictor"].(int64)
	if pred <= 1 {
		return data, nil
	}
	colors, bpc, cols := int64(1), int64(8), int64(1)
	if v, ok := parms["Colors"].(int64); ok && v > 0 && v <= 32 {
		colors = v
	}
	if v, ok := parms["BitsPerComponent"].(int64); ok && v > 0 && v <= 16 {
		bpc = v
	}
	if v, ok := parms["Columns"].(int64); ok && v > 0 && v <= 1<<24 {
		cols = v
	}
	bpp := int((colors*bpc + 7) / 8)
	rowLen := int((colors*bpc*cols + 7) / 8)
	if pred == 2 {
		if bpc != 8 {
			return data, fmt.Errorf("TIFF predictor with %d bits per component", bpc)
		}
		for r := 0; r < len(data); r += rowLen {
			row := data[r:min(r+rowLen, len(data))]
			for i := bpp; i < len(row); i++ {
				row[i] += row[i-bpp]
			}
		}
		return data, nil
	}
	if pred < 10 {
		return data, fmt.Errorf("unknown predictor %d", pred)
	}
	if rowLen > len(data) {
		rowLen = len(data)
	}
	prev := make([]byte, rowLen)
	out := make([]byte, 0, len(data))
	for r := 0; r < len(data); r += rowLen + 1 {
		ft := data[r]
		row := data[r+1 : min(r+1+rowLen, len(data))]
		for i := range row {
			var a, b, c byte
			if i >= bpp {
				a = row[i-bpp]
				c = prev[i-bpp]
			}
			b = prev[i]
			switch ft {
			case 1:
				row[i] += a
			case 2:
				row[i] += b
			case 3:
				row[i] += byte((int(a) + int(b)) / 2)
			case 4:
				row[i] += paeth(a, b, c)
			}
		}
		copy(prev, row)
		out = append(out, row...)
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
