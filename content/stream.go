package content

import (
	"context"
	"io"
)

// Stream is an Extractor for a compressed stream (gzip, bzip2, xz, zstd):
// one object, its decompressed content, yielded under the empty name so it
// keeps the container's path.
type Stream struct {
	// Kind names the format, e.g. "gzip".
	Kind string
	// Open returns a decompressing reader of r; a Closer is closed after use.
	Open func(r io.Reader) (io.Reader, error)
}

// Name implements Extractor.
func (s *Stream) Name() string { return s.Kind }

// Extract implements Extractor.
func (s *Stream) Extract(ctx context.Context, r io.ReaderAt, size int64, b *Budget, yield func(string, io.Reader) error) error {
	dr, err := s.Open(io.NewSectionReader(r, 0, size))
	if err != nil {
		b.Event(EventCorrupt, "", "%s: %v", s.Kind, err)
		return nil
	}
	if c, ok := dr.(io.Closer); ok {
		defer c.Close()
	}
	return yield("", dr)
}
