// Package sevenz extracts 7z archives with github.com/bodgit/sevenzip.
// Entries are read in archive order, so a solid block is decoded once;
// encrypted entries (or an encrypted header) are reported, not skipped
// silently.
//
// The library allocates what an archive's header declares (dictionaries,
// file records), so the header is read and checked here first (header.go,
// check.go): an archive asking for more than the named limits is refused
// with a limit event before the library sees it.
package sevenz

import (
	"context"
	"errors"
	"io"

	"github.com/bodgit/sevenzip"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/iox"
)

func init() { content.Register(Sniff) }

// Extractor is the 7z extractor.
var Extractor content.Extractor = extractor{}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "7z" }

// Sniff recognises 7z by its signature header.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 32 && string(head[:6]) == "7z\xbc\xaf\x27\x1c" {
		return Extractor
	}
	return nil
}

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) (err error) {
	defer func() {
		// The library is third-party code fed hostile input: a panic in it
		// is a corrupt archive, not a crash of the scanner.
		if p := recover(); p != nil {
			b.Event(content.EventCorrupt, "", "7z: decoder failed: %v", p)
			err = nil
		}
	}()
	if err := checkArchive(ctx, r, size, b); err != nil {
		switch {
		case errors.Is(err, errUnchecked):
			// An encrypted header: the library reports it below.
		case errors.Is(err, content.ErrLimit) || ctx.Err() != nil:
			return err
		case errors.Is(err, errRefused):
			b.Event(content.EventLimit, "", "7z: %v", err)
			return nil
		default:
			b.Event(content.EventCorrupt, "", "7z: %v", err)
			return nil
		}
	}
	zr, err := sevenzip.NewReader(r, size)
	if err != nil {
		var re *sevenzip.ReadError
		if errors.As(err, &re) && re.Encrypted {
			b.Event(content.EventEncrypted, "", "7z: header is encrypted")
		} else {
			b.Event(content.EventCorrupt, "", "7z: %v", err)
		}
		return nil
	}
	s := newSolid(zr.File)
	for i, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		if f.FileInfo().IsDir() || s.skipped(f) {
			continue
		}
		name := f.Name
		if name == "" {
			name = "?"
		}
		rc, err := f.Open()
		if err != nil {
			var re *sevenzip.ReadError
			if errors.As(err, &re) && re.Encrypted {
				b.Event(content.EventEncrypted, name, "7z entry is encrypted")
			} else {
				b.Event(content.EventUnsupported, name, "7z entry: %v", err)
			}
			continue
		}
		cr := &iox.CountReader{R: rc}
		err = yield(name, cr)
		if err == nil {
			err = s.finish(ctx, b, i, f, cr)
		}
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
