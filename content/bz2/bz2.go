// Package bz2 extracts bzip2 streams; concatenated streams are one object
// that keeps the container's path.
package bz2

import (
	"compress/bzip2"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Extractor decompresses bzip2.
var Extractor content.Extractor = &content.Stream{
	Kind: "bzip2",
	Open: func(r io.Reader) (io.Reader, error) { return bzip2.NewReader(r), nil },
}

// Sniff recognises bzip2 by "BZh", the block size digit and the block
// magic (or the end-of-stream magic of an empty stream).
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < 10 || string(head[:3]) != "BZh" || head[3] < '1' || head[3] > '9' {
		return nil
	}
	if m := string(head[4:10]); m == "\x31\x41\x59\x26\x53\x59" || m == "\x17\x72\x45\x38\x50\x90" {
		return Extractor
	}
	return nil
}
