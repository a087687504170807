// Package tar extracts tar archives (v7, ustar, pax, GNU) with the
// standard library's archive/tar: every regular file is an object named by
// its path in the archive.
package tar

import (
	"archive/tar"
	"context"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Extractor is the tar extractor.
var Extractor content.Extractor = extractor{}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "tar" }

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	tr := tar.NewReader(io.NewSectionReader(r, 0, size))
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			b.Event(content.EventCorrupt, "", "tar: %v", err)
			return nil
		}
		switch h.Typeflag {
		case tar.TypeReg, 0, tar.TypeCont, tar.TypeGNUSparse:
		default:
			continue // directories, links, devices, fifos: no content
		}
		if h.Name == "" {
			h.Name = "?"
		}
		if err := yield(h.Name, tr); err != nil {
			return err
		}
	}
}

// Sniff recognises a tar archive by the "ustar" magic at offset 257 or, for
// v7 archives, by a valid header checksum in the first block.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < 512 {
		return nil
	}
	if string(head[257:262]) == "ustar" {
		return Extractor
	}
	if validChecksum(head[:512]) {
		return Extractor
	}
	return nil
}

// validChecksum reports whether the header block's checksum field (octal,
// at 148) equals the sum of its bytes with the field counted as spaces,
// and the name is non-empty: that is how a v7 header is told from data.
func validChecksum(h []byte) bool {
	if h[0] == 0 {
		return false
	}
	var want int64
	digits := 0
	for _, c := range h[148:156] {
		switch {
		case c >= '0' && c <= '7':
			want = want*8 + int64(c-'0')
			digits++
		case c == ' ' || c == 0:
			if digits > 0 {
				goto done
			}
		default:
			return false
		}
	}
done:
	if digits == 0 {
		return false
	}
	var sum int64
	for i, c := range h {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	return sum == want
}
