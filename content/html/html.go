// Package html extracts the data: URLs (RFC 2397) embedded in HTML pages:
// a page can carry a whole executable as
// <a href="data:application/octet-stream;base64,TVqQ...">. Each URL's
// decoded content, base64 or percent-encoded, is an object named "#data-1",
// "#data-2", … in document order. Only pages are sniffed (by a markup tag
// near the start); the URLs are found anywhere in them, in attributes,
// style sheets or scripts.
package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.RegisterPriority(content.PriorityFallback, Sniff) }

// Limits.
const (
	// MaxPage bounds the bytes of a page searched for data: URLs: pages
	// bigger than this are rare, and the page is held in memory.
	MaxPage = 64 << 20
	// MaxURLs bounds the data: URLs yielded from one page: a page of
	// thumbnails may hold hundreds; more is an attack on the scanner.
	MaxURLs = 10_000
	// MaxMediaType bounds the media type and parameters before the comma:
	// real ones are tens of bytes; longer is not a data: URL.
	MaxMediaType = 256
	// sniffWindow is how far into the head, after leading white space and
	// a byte order mark, a markup tag is looked for.
	sniffWindow = 1024
)

// tags that start an HTML page (or a fragment of one), lower case.
var tags = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<script"), []byte("<meta"), []byte("<title"), []byte("<iframe"),
	[]byte("<img"), []byte("<a "), []byte("<a\t"), []byte("<a\n"), []byte("<div"),
	[]byte("<style"), []byte("<link"), []byte("<object"), []byte("<embed"),
	[]byte("<form"), []byte("<table"), []byte("<p>"), []byte("<svg"), []byte("<base"),
}

// Sniff recognises a page by an HTML tag at its start, or a comment
// followed by one within the first kilobyte.
func Sniff(head []byte, _ string) content.Extractor {
	h := head[:min(len(head), sniffWindow)]
	h = bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF"))
	h = bytes.TrimLeft(h, " \t\r\n\f")
	if len(h) == 0 || h[0] != '<' {
		return nil
	}
	low := bytes.ToLower(h)
	for _, t := range tags {
		if bytes.HasPrefix(low, t) {
			return Extractor{}
		}
	}
	if bytes.HasPrefix(low, []byte("<!--")) || bytes.HasPrefix(low, []byte("<?xml")) {
		for _, t := range tags[:4] {
			if bytes.Contains(low, t) {
				return Extractor{}
			}
		}
	}
	return nil
}

// Extractor extracts data: URLs from HTML.
type Extractor struct{}

// Name returns "html".
func (Extractor) Name() string { return "html" }

// Extract implements content.Extractor.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	n := size
	if n > MaxPage {
		n = MaxPage
		b.Event(content.EventLimit, "", "html: page larger than %d bytes: searched the first %d", MaxPage, MaxPage)
	}
	page := make([]byte, n)
	if k, err := r.ReadAt(page, 0); err != nil && !(errors.Is(err, io.EOF) && int64(k) == n) {
		return fmt.Errorf("html: reading: %w", err)
	}
	count := 0
	for rest := page; ; {
		if err := ctx.Err(); err != nil {
			return err
		}
		u, next, ok := findDataURL(rest)
		if !ok {
			return nil
		}
		rest = next
		if count == MaxURLs {
			b.Event(content.EventLimit, "", "html: data: URL limit (%d) reached", MaxURLs)
			return nil
		}
		count++
		name := fmt.Sprintf("#data-%d", count)
		if u.bad != "" {
			b.Event(content.EventCorrupt, name, "html: %s", u.bad)
		}
		if err := yield(name, bytes.NewReader(u.data)); err != nil {
			return err
		}
	}
}
