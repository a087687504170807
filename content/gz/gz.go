// Package gz extracts gzip streams (RFC 1952), including multi-member
// files: the decompressed content of all members is one object that keeps
// the container's path.
package gz

import (
	"compress/gzip"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Extractor decompresses gzip; every member is read, in order.
var Extractor content.Extractor = &content.Stream{
	Kind: "gzip",
	Open: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
}

// Sniff recognises gzip by its magic number and deflate method byte.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 10 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 {
		return Extractor
	}
	return nil
}
