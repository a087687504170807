// Package zstd extracts Zstandard streams (RFC 8878) with
// github.com/klauspost/compress/zstd, under a window-size cap; the content
// is one object that keeps the container's path.
package zstd

import (
	"io"

	"github.com/klauspost/compress/zstd"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// MaxWindow bounds the decoder's window, which a frame header chooses:
// zstd --ultra -22 uses 128 MiB; a frame asking for more is an attack on
// memory and fails to decode.
const MaxWindow = 128 << 20

// Extractor decompresses zstd, one frame after another.
var Extractor content.Extractor = &content.Stream{
	Kind: "zstd",
	Open: func(r io.Reader) (io.Reader, error) {
		d, err := zstd.NewReader(r,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(MaxWindow),
			zstd.WithDecoderMaxMemory(MaxWindow*2))
		if err != nil {
			return nil, err
		}
		return &closer{d}, nil
	},
}

// closer adapts *zstd.Decoder, whose Close returns nothing, to io.Closer.
type closer struct{ *zstd.Decoder }

func (c *closer) Close() error { c.Decoder.Close(); return nil }

// Sniff recognises a zstd frame by its magic number.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 6 && string(head[:4]) == "\x28\xb5\x2f\xfd" {
		return Extractor
	}
	return nil
}
