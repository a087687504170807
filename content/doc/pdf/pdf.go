// Package pdf looks inside PDF documents.
//
// Objects yielded, for doc.pdf:
//
//	doc.pdf!#text        the text view: strings shown by the page content streams'
//	                     text operators (Tj, TJ, ', "), in object order
//	doc.pdf!invoice.exe  an embedded file (/EmbeddedFile), named by its file
//	                     specification's /UF or /F
//	doc.pdf!obj12-0      every other stream, decoded, named by object number and generation
//
// Streams are decoded through their filter chain (Flate, LZW, ASCII85,
// ASCIIHex, RunLength, with PNG and TIFF predictors); image filters (DCT,
// JPX, CCITT, JBIG2) are left encoded. Objects are found by scanning for
// "N G obj" rather than trusting the cross-reference table, so damaged and
// incrementally updated files are read alike; objects inside object streams
// (/ObjStm) are indexed too, and cross-reference streams are skipped.
// Encrypted documents are reported (EventEncrypted), not decoded.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

// TextName is the name of the text view object.
const TextName = "#text"

func init() { content.Register(Sniff) }

// Extractor is the PDF extractor.
type Extractor struct{}

// Name returns "pdf".
func (Extractor) Name() string { return "pdf" }

// Sniff recognises a PDF by "%PDF-" within the first KiB (readers accept
// leading junk, and so do droppers).
func Sniff(head []byte, _ string) content.Extractor {
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return Extractor{}
	}
	return nil
}

// Extract yields the text view, embedded files and decoded streams.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	data, err := content.ReadPrefix(r, size, MaxFileRead, b)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	x := &extraction{ctx: ctx, b: b, f: parseFile(data)}
	if x.f.truncated {
		b.Event(content.EventLimit, "", "object count limit (%d) reached", MaxObjects)
	}
	if len(x.f.objs) == 0 {
		b.Event(content.EventCorrupt, "", "no objects found")
		return nil
	}
	if x.encrypted() {
		b.Event(content.EventEncrypted, "", "document is encrypted: streams not decoded")
		return nil
	}
	return x.run(yield)
}

// extraction is the state of one Extract call.
type extraction struct {
	ctx context.Context
	b   *content.Budget
	f   *file
}

func (x *extraction) encrypted() bool {
	for _, t := range x.f.trailers {
		if t["Encrypt"] != nil {
			return true
		}
	}
	for _, o := range x.f.order {
		if d, ok := o.value.(dict); ok && d["Type"] == name("XRef") && d["Encrypt"] != nil {
			return true
		}
	}
	return false
}

func (x *extraction) stop() error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	return x.b.Err()
}

func (x *extraction) run(yield func(string, io.Reader) error) error {
	// Object streams first: they define objects the rest refers to.
	for _, o := range append([]*object(nil), x.f.order...) {
		d, _ := o.value.(dict)
		if o.replaced || o.stream == nil || d["Type"] != name("ObjStm") {
			continue
		}
		data, err := x.decode(o)
		if err != nil {
			return err
		}
		if err := x.f.addObjStm(d, data); err != nil {
			x.b.Event(content.EventCorrupt, objName(o), "%v", err)
		}
	}
	if err := x.stop(); err != nil {
		return err
	}
	text, err := x.text()
	if err != nil {
		return err
	}
	if len(text) > 0 {
		if err := yield(TextName, bytes.NewReader(text)); err != nil {
			return err
		}
	}
	names := x.embeddedNames()
	for _, o := range x.f.order {
		if o.replaced || o.stream == nil {
			continue
		}
		d, _ := o.value.(dict)
		if d["Type"] == name("XRef") {
			continue
		}
		data, err := x.decode(o)
		if err != nil {
			return err
		}
		n := objName(o)
		if en, ok := names[o.num]; ok {
			n = en
		}
		if err := yield(n, bytes.NewReader(data)); err != nil {
			return err
		}
	}
	return nil
}

func objName(o *object) string { return fmt.Sprintf("obj%d-%d", o.num, o.gen) }

// decode returns o's decoded stream data, charged to the budget.
// Problems decoding are reported; the data decoded so far (or the data as
// stored, from a filter not decoded on) is returned. The error is the
// budget's or ctx's. Nothing is cached: a stream read for the text view is
// decoded again when yielded, so at most one decoded stream is held at once.
func (x *extraction) decode(o *object) ([]byte, error) {
	if err := x.stop(); err != nil {
		return nil, err
	}
	d, _ := o.value.(dict)
	fs, ps := x.f.filters(d)
	data := o.stream
	if len(fs) > MaxFilters {
		x.b.Event(content.EventUnsupported, objName(o), "filter chain of %d filters (limit %d) not decoded", len(fs), MaxFilters)
		fs = nil
	}
chain:
	for i, f := range fs {
		if imageFilters[f] || imageFilters[filterNames[f]] {
			break
		}
		out, err := decode(f, ps[i], data, MaxStream)
		if errors.Is(err, errUnsupported) {
			x.b.Event(content.EventUnsupported, objName(o), "%v", err)
			break
		}
		if out != nil {
			// Charge what the filter produced.
			if _, cerr := io.Copy(io.Discard, x.b.Reader(x.ctx, bytes.NewReader(out))); cerr != nil {
				return nil, cerr
			}
		}
		switch {
		case err == nil:
		case errors.Is(err, errCap):
			x.b.Event(content.EventLimit, objName(o), "stream decoded size limit (%d bytes) reached", MaxStream)
		default:
			x.b.Event(content.EventCorrupt, objName(o), "%v", err)
			if out == nil {
				break chain
			}
		}
		data = out
	}
	return data, nil
}

// contentStreams returns the page content streams and form XObjects, in
// object order; if the page tree yields none, every stream that is not an
// image, font, embedded file or structure stream.
func (x *extraction) contentStreams() []*object {
	want := map[int64]bool{}
	for _, o := range x.f.order {
		d, ok := o.value.(dict)
		if !ok || o.replaced {
			continue
		}
		if d["Type"] == name("Page") {
			switch c := d["Contents"].(type) {
			case ref:
				want[c.num] = true
			case []any:
				for _, e := range c {
					if r, ok := e.(ref); ok {
						want[r.num] = true
					}
				}
			}
			if c, ok := x.f.resolve(d["Contents"]).([]any); ok {
				for _, e := range c {
					if r, ok := e.(ref); ok {
						want[r.num] = true
					}
				}
			}
		}
		if o.stream != nil && d["Subtype"] == name("Form") {
			want[o.num] = true
		}
	}
	var out []*object
	for _, o := range x.f.order {
		if o.replaced || o.stream == nil {
			continue
		}
		d, _ := o.value.(dict)
		if want[o.num] || (len(want) == 0 && d["Type"] == nil && d["Subtype"] == nil && d["Length1"] == nil) {
			out = append(out, o)
		}
	}
	return out
}

func (x *extraction) text() ([]byte, error) {
	w := &textWriter{}
	for _, o := range x.contentStreams() {
		data, err := x.decode(o)
		if err != nil {
			return nil, err
		}
		contentText(w, data)
		if w.full {
			x.b.Event(content.EventLimit, TextName, "text view size limit (%d bytes) reached", MaxText)
			break
		}
	}
	return w.buf.Bytes(), nil
}

// embeddedNames maps embedded-file stream object numbers to the names
// their file specifications give them.
func (x *extraction) embeddedNames() map[int64]string {
	names := map[int64]string{}
	for _, o := range x.f.order {
		d, ok := o.value.(dict)
		if !ok || o.replaced {
			continue
		}
		ef := x.f.dictOf(d["EF"])
		if ef == nil {
			continue
		}
		fname := ""
		for _, k := range []name{"UF", "F", "DOS", "Unix", "Mac"} {
			if s, ok := x.f.resolve(d[k]).([]byte); ok && len(s) > 0 {
				fname = cleanName(string(textString(s)))
				break
			}
		}
		for _, k := range []name{"F", "UF", "DOS", "Unix", "Mac"} {
			if r, ok := ef[k].(ref); ok {
				if _, seen := names[r.num]; !seen {
					if fname == "" {
						fname = fmt.Sprintf("embedded%d", r.num)
					}
					names[r.num] = fname
				}
			}
		}
	}
	for _, o := range x.f.order {
		if d, ok := o.value.(dict); ok && o.stream != nil && d["Type"] == name("EmbeddedFile") {
			if _, ok := names[o.num]; !ok {
				names[o.num] = fmt.Sprintf("embedded%d", o.num)
			}
		}
	}
	return names
}

// cleanName drops control characters from a file name taken from the file.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, s)
	if len(s) > 255 {
		s = s[:255]
	}
	return s
}
