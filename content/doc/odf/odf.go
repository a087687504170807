// Package odf looks inside OpenDocument files (odt, ods, odp and their
// templates).
//
// Objects yielded, for report.odt:
//
//	report.odt!#text              the text view of content.xml: paragraphs and
//	                              headings as lines, spans joined, <text:s/> as spaces
//	report.odt!content.xml        every part of the package, by path
//	report.odt!Basic/Standard/Module1.xml
//
// Parts the manifest lists as encrypted are reported (EventEncrypted) and
// not yielded.
package odf

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/internal/xmltext"
	"github.com/overt-sec/overt/content/doc/internal/zipdoc"
)

// TextName is the name of the text view object.
const TextName = "#text"

func init() { content.RegisterPriority(content.PriorityDocument, Sniff) }

// Extractor is the OpenDocument extractor.
type Extractor struct{}

// Name returns "odf".
func (Extractor) Name() string { return "odf" }

var extensions = map[string]bool{".odt": true, ".ods": true, ".odp": true, ".odg": true, ".ott": true, ".ots": true, ".otp": true}

// Sniff recognises the "mimetype" first entry of an OpenDocument package
// (or a zip with an OpenDocument extension).
func Sniff(head []byte, name string) content.Extractor {
	if !zipdoc.IsZip(head) {
		return nil
	}
	if bytes.Contains(head[:min(len(head), 200)], []byte("application/vnd.oasis.opendocument")) || extensions[strings.ToLower(path.Ext(name))] {
		return Extractor{}
	}
	return nil
}

var textConfig = &xmltext.Config{
	Text:  map[string]bool{"body": true},
	Para:  map[string]bool{"p": true, "h": true},
	Tab:   map[string]bool{"tab": true},
	Break: map[string]bool{"line-break": true},
	Space: map[string]bool{"s": true},
	Skip:  map[string]bool{"font-face-decls": true, "automatic-styles": true, "scripts": true},
}

// Extract yields the text view, then every part.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	zr, err := zipdoc.Open(r, size)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
		return nil
	}
	enc := map[string]bool{}
	if m := zipdoc.Find(zr, "META-INF/manifest.xml"); m != nil {
		if data, err := zipdoc.ReadPart(ctx, b, m); err == nil {
			enc = encryptedParts(data)
		}
	}
	if f := zipdoc.Find(zr, "content.xml"); f != nil && !enc[f.Name] {
		data, err := zipdoc.ReadPart(ctx, b, f)
		if berr := b.Err(); berr != nil {
			return berr
		}
		if err != nil {
			b.Event(content.EventCorrupt, f.Name, "%v", err)
		}
		var out bytes.Buffer
		err = xmltext.Extract(&out, bytes.NewReader(data), textConfig, zipdoc.MaxText)
		if errors.Is(err, xmltext.ErrTooLong) {
			b.Event(content.EventLimit, TextName, "text view size limit (%d bytes) reached", zipdoc.MaxText)
		} else if err != nil {
			b.Event(content.EventCorrupt, f.Name, "parsing XML: %v", err)
		}
		if out.Len() > 0 {
			if err := yield(TextName, bytes.NewReader(out.Bytes())); err != nil {
				return err
			}
		}
	}
	return zipdoc.YieldParts(ctx, zr, b, func(n string) bool { return enc[n] }, yield)
}

// encryptedParts returns the parts whose manifest entry has encryption data.
func encryptedParts(manifest []byte) map[string]bool {
	enc := map[string]bool{}
	for _, entry := range bytes.Split(manifest, []byte("<manifest:file-entry"))[1:] {
		end := bytes.Index(entry, []byte("</manifest:file-entry>"))
		if end < 0 || !bytes.Contains(entry[:end], []byte("encryption-data")) {
			continue
		}
		const attr = `manifest:full-path="`
		i := bytes.Index(entry, []byte(attr))
		if i < 0 {
			continue
		}
		rest := entry[i+len(attr):]
		if j := bytes.IndexByte(rest, '"'); j >= 0 {
			enc[string(rest[:j])] = true
		}
	}
	return enc
}
