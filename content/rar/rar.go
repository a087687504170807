// Package rar extracts RAR 1.5–4.x and RAR 5 archives with
// github.com/nwaples/rardecode/v2, reading entries in order (solid
// archives decode as one stream); encrypted entries and archives are
// reported.
package rar

import (
	"context"
	"errors"
	"io"

	"github.com/nwaples/rardecode/v2"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// MaxDictionary bounds the dictionary a RAR entry may ask the decoder for:
// RAR 5 allows up to 64 GiB (RAR 7: 1 TiB); WinRAR's default is 32 MiB and
// its largest common setting 1 GiB is rare in the wild.
const MaxDictionary = 256 << 20

// Extractor is the rar extractor.
var Extractor content.Extractor = extractor{}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "rar" }

// Sniff recognises RAR 4 ("Rar!\x1a\x07\x00") and RAR 5 ("Rar!\x1a\x07\x01\x00").
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 8 && string(head[:6]) == "Rar!\x1a\x07" && (head[6] == 0 || head[6] == 1 && head[7] == 0) {
		return Extractor
	}
	return nil
}

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			b.Event(content.EventCorrupt, "", "rar: decoder failed: %v", p)
			err = nil
		}
	}()
	rr, err := rardecode.NewReader(io.NewSectionReader(r, 0, size), rardecode.MaxDictionarySize(MaxDictionary))
	if err != nil {
		report(b, "", err)
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		h, err := rr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			report(b, "", err)
			return nil
		}
		if h.IsDir {
			continue
		}
		name := h.Name
		if name == "" {
			name = "?"
		}
		if h.Encrypted {
			b.Event(content.EventEncrypted, name, "rar entry is encrypted")
			continue
		}
		if err := yield(name, rr); err != nil {
			return err
		}
	}
}

func report(b *content.Budget, entry string, err error) {
	switch {
	case errors.Is(err, rardecode.ErrArchiveEncrypted), errors.Is(err, rardecode.ErrArchivedFileEncrypted):
		b.Event(content.EventEncrypted, entry, "rar: %v", err)
	case errors.Is(err, rardecode.ErrMultiVolume):
		b.Event(content.EventUnsupported, entry, "rar: %v", err)
	default:
		b.Event(content.EventCorrupt, entry, "rar: %v", err)
	}
}
