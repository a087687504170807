// Package xz extracts xz streams with github.com/ulikunitz/xz, after
// checking the dictionary size the first block asks for; the content is one
// object that keeps the container's path.
package xz

import (
	"bytes"
	"fmt"
	"io"

	"github.com/ulikunitz/xz"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// MaxDict bounds the LZMA2 dictionary of the first block: xz -9 uses
// 64 MiB; the format allows 4 GiB, which the decoder would allocate.
const MaxDict = 256 << 20

// Extractor decompresses xz.
var Extractor content.Extractor = &content.Stream{
	Kind: "xz",
	Open: func(r io.Reader) (io.Reader, error) {
		var hdr [64]byte
		n, _ := io.ReadFull(r, hdr[:])
		if d, ok := firstDict(hdr[:n]); ok && d > MaxDict {
			return nil, fmt.Errorf("dictionary of %d bytes exceeds the limit (%d)", d, MaxDict)
		}
		return xz.NewReader(io.MultiReader(bytes.NewReader(hdr[:n]), r))
	},
}

// Sniff recognises xz by its stream header magic.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 12 && string(head[:6]) == "\xfd7zXZ\x00" {
		return Extractor
	}
	return nil
}

// firstDict returns the LZMA2 dictionary size of the first block, read from
// its header, when the header is present and well formed.
func firstDict(b []byte) (int64, bool) {
	if len(b) < 13 || b[12] == 0 {
		return 0, false
	}
	hsize := (int(b[12]) + 1) * 4
	if len(b) < 12+hsize {
		return 0, false
	}
	h := b[13 : 12+hsize]
	flags := h[0]
	nfilt := int(flags&3) + 1
	p := 1
	varint := func() (uint64, bool) {
		var v uint64
		for i := 0; i < 9 && p < len(h); i++ {
			c := h[p]
			p++
			v |= uint64(c&0x7f) << (7 * i)
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	if flags&0x40 != 0 {
		if _, ok := varint(); !ok {
			return 0, false
		}
	}
	if flags&0x80 != 0 {
		if _, ok := varint(); !ok {
			return 0, false
		}
	}
	for range nfilt {
		id, ok := varint()
		if !ok {
			return 0, false
		}
		psize, ok := varint()
		if !ok || uint64(len(h)-p) < psize {
			return 0, false
		}
		if id == 0x21 && psize == 1 {
			bits := h[p] & 0x3f
			if bits > 40 {
				return 0, false
			}
			if bits == 40 {
				return 1<<32 - 1, true
			}
			return int64(2|(bits&1)) << (bits/2 + 11), true
		}
		p += int(psize)
	}
	return 0, false
}
