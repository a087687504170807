// Package binhex decodes BinHex 4.0 (.hqx) files, the classic Mac
// encoding still seen in mail.
//
// Objects yielded: the data fork under the file name in the header
// (mail.hqx!Installer), and a non-empty resource fork as "<name>.rsrc".
// CRCs are not checked.
package binhex

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"

	"github.com/overt-sec/overt/content"
)

// Limits, each with its reason.
const (
	// MaxFileRead bounds how much encoded text is read into memory.
	MaxFileRead = 256 << 20
	// MaxDecoded bounds the decoded (run-length expanded) data: run-length
	// coding expands up to 127×, and real .hqx files are small.
	MaxDecoded = 128 << 20
)

func init() { content.Register(Sniff) }

// Extractor is the BinHex extractor.
type Extractor struct{}

// Name returns "binhex".
func (Extractor) Name() string { return "binhex" }

var banner = []byte("(This file must be converted with BinHex")

// Sniff recognises the BinHex banner in the head.
func Sniff(head []byte, _ string) content.Extractor {
	if bytes.Contains(head, banner) {
		return Extractor{}
	}
	return nil
}

const alphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr"

var sextet = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return
}()

// Extract yields the forks of the encoded file.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	n := min(size, MaxFileRead)
	text := make([]byte, n)
	if k, err := r.ReadAt(text, 0); err != nil && !(errors.Is(err, io.EOF) && int64(k) == n) {
		return fmt.Errorf("binhex: reading: %w", err)
	}
	data, err := decode(text)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
	}
	name, fork, rsrc, err := split(data)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := yield(name, bytes.NewReader(fork)); err != nil {
		return err
	}
	if len(rsrc) > 0 {
		return yield(name+".rsrc", bytes.NewReader(rsrc))
	}
	return nil
}

// decode turns the text between the colons after the banner into bytes,
// undoing the 6-bit encoding and the 0x90 run-length coding.
func decode(text []byte) ([]byte, error) {
	i := bytes.Index(text, banner)
	if i < 0 {
		return nil, errors.New("no BinHex banner")
	}
	text = text[i+len(banner):]
	c := bytes.IndexByte(text, ':')
	if c < 0 {
		return nil, errors.New("no start colon")
	}
	text = text[c+1:]
	var out []byte
	var acc uint32
	nbits := 0
	var last byte
	marker := false
	put := func(x byte) error {
		switch {
		case marker:
			marker = false
			if x == 0 {
				out = append(out, 0x90)
				last = 0x90
				return nil
			}
			if len(out)+int(x) > MaxDecoded {
				return fmt.Errorf("decoded size limit (%d bytes) reached", MaxDecoded)
			}
			for range int(x) - 1 {
				out = append(out, last)
			}
		case x == 0x90:
			marker = true
		default:
			if len(out) >= MaxDecoded {
				return fmt.Errorf("decoded size limit (%d bytes) reached", MaxDecoded)
			}
			out = append(out, x)
			last = x
		}
		return nil
	}
	for _, ch := range text {
		if ch == ':' {
			return out, nil
		}
		v := sextet[ch]
		if v == 0xFF {
			continue // line breaks and white space
		}
		acc = acc<<6 | uint32(v)
		nbits += 6
		if nbits >= 8 {
			nbits -= 8
			if err := put(byte(acc >> nbits)); err != nil {
				return out, err
			}
		}
	}
	return out, errors.New("no end colon")
}

// split reads the header and the two forks.
func split(d []byte) (name string, data, rsrc []byte, err error) {
	if len(d) < 1 {
		return "", nil, nil, errors.New("empty BinHex data")
	}
	nl := int(d[0])
	h := 1 + nl + 1 + 4 + 4 + 2 + 4 + 4 + 2
	if len(d) < h {
		return "", nil, nil, errors.New("BinHex header truncated")
	}
	name = path.Base(string(d[1 : 1+nl]))
	p := 1 + nl + 1 + 10
	dl := int64(binary.BigEndian.Uint32(d[p:]))
	rl := int64(binary.BigEndian.Uint32(d[p+4:]))
	rest := d[h:]
	if dl > int64(len(rest)) {
		return name, rest, nil, fmt.Errorf("data fork of %d bytes truncated to %d", dl, len(rest))
	}
	data = rest[:dl]
	rest = rest[dl:]
	if len(rest) >= 2 {
		rest = rest[2:]
	}
	rsrc = rest[:min(rl, int64(len(rest)))]
	return name, data, rsrc, nil
}
