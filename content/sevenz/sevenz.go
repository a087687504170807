// Package sevenz extracts 7z archives with github.com/bodgit/sevenzip.
// Entries are read in archive order, so a solid block is decoded once;
// encrypted entries (or an encrypted header) are reported, not skipped
// silently.
package sevenz

import (
	"context"
	"errors"
	"io"

	"github.com/bodgit/sevenzip"

	"github.com/overt-sec/overt/content"
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
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		if f.FileInfo().IsDir() {
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
		err = yield(name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
