// Package zipdoc holds what the zip-based document extractors (OOXML, ODF)
// share: opening the package, yielding every part as an object named by
// its part path, and reading one part into memory for a text view.
package zipdoc

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

// MaxPartRead bounds one XML part read into memory for a text view: real
// document bodies are a few MiB; a bigger part is read up to this size.
const MaxPartRead = 64 << 20

// MaxText bounds a document's text view: far above any real document's
// text, small enough to keep in memory.
const MaxText = 32 << 20

// Open opens the zip package held in r.
func Open(r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("opening package: %w", err)
	}
	return zr, nil
}

// Find returns the entry named name (case-insensitively), or nil.
func Find(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// YieldParts yields every file entry of zr under its part path. Encrypted
// entries (and those for which encrypted reports true) are reported, not
// yielded; entries with a method archive/zip cannot decode are reported as
// unsupported.
func YieldParts(ctx context.Context, zr *zip.Reader, b *content.Budget, encrypted func(name string) bool, yield func(string, io.Reader) error) error {
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		if f.Flags&1 != 0 || (encrypted != nil && encrypted(f.Name)) {
			b.Event(content.EventEncrypted, f.Name, "part is encrypted")
			continue
		}
		rc, err := f.Open()
		if err != nil {
			if errors.Is(err, zip.ErrAlgorithm) {
				b.Event(content.EventUnsupported, f.Name, "compression method %d not supported", f.Method)
			} else {
				b.Event(content.EventCorrupt, f.Name, "opening part: %v", err)
			}
			continue
		}
		err = yield(f.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// ReadPart reads part f into memory through the budget, up to MaxPartRead
// bytes (a longer part is truncated and reported).
func ReadPart(ctx context.Context, b *content.Budget, f *zip.File) ([]byte, error) {
	if f.Flags&1 != 0 {
		return nil, fmt.Errorf("part %s is encrypted", f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("opening part %s: %w", f.Name, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(io.LimitReader(b.Reader(ctx, rc), MaxPartRead+1))
	if buf.Len() > MaxPartRead {
		b.Event(content.EventLimit, f.Name, "part larger than %d bytes: text view uses the first %d", MaxPartRead, MaxPartRead)
		buf.Truncate(MaxPartRead)
	}
	if err != nil {
		return buf.Bytes(), fmt.Errorf("reading part %s: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// IsZip reports whether head starts like a zip local file header.
func IsZip(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }
