// Package ooxml looks inside Office Open XML documents (docx, xlsx, pptx
// and their macro-enabled and template variants).
//
// Objects yielded, for report.docx:
//
//	report.docx!#text                 the text view: the document's text joined across runs
//	report.docx!word/document.xml     every part of the package, by part path
//	report.docx!word/vbaProject.bin   (an OLE2 file, opened in turn by the ole extractor)
//
// The text view joins the runs a word processor splits text into (a phrase
// typed with an edit in the middle is stored as several <w:r> runs), decodes
// entities and ends paragraphs with newlines, so a rule's literal string
// matches a phrase however it was stored. It covers Word bodies, headers,
// footers, notes, comments and field instructions (DDE); Excel shared and
// inline strings and comments; PowerPoint slides and notes.
//
// Encrypted OOXML is not a zip but an OLE2 file; package ole reports it.
package ooxml

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/internal/xmltext"
	"github.com/overt-sec/overt/content/doc/internal/zipdoc"
)

// TextName is the name of the text view object.
const TextName = "#text"

func init() { content.RegisterPriority(content.PriorityDocument, Sniff) }

// Extractor is the OOXML extractor.
type Extractor struct{}

// Name returns "ooxml".
func (Extractor) Name() string { return "ooxml" }

var extensions = map[string]bool{
	".docx": true, ".docm": true, ".dotx": true, ".dotm": true,
	".xlsx": true, ".xlsm": true, ".xltx": true, ".xltm": true, ".xlsb": true, ".xlam": true,
	".pptx": true, ".pptm": true, ".potx": true, ".potm": true, ".ppsx": true, ".ppsm": true, ".ppam": true,
	".vsdx": true, ".vsdm": true,
}

// Sniff recognises an OOXML package: a zip whose first entries include
// [Content_Types].xml, or a zip named with an OOXML extension.
func Sniff(head []byte, name string) content.Extractor {
	if !zipdoc.IsZip(head) {
		return nil
	}
	if bytes.Contains(head, []byte("[Content_Types].xml")) || extensions[strings.ToLower(path.Ext(name))] {
		return Extractor{}
	}
	return nil
}

var textPart = regexp.MustCompile(`^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml|` +
	`xl/(sharedStrings|worksheets/sheet\d+|comments\d*)\.xml|ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml)$`)

var textConfig = &xmltext.Config{
	Text:  map[string]bool{"t": true, "delText": true, "instrText": true},
	Para:  map[string]bool{"p": true, "si": true, "row": true, "is": true},
	Tab:   map[string]bool{"tab": true},
	Break: map[string]bool{"br": true, "cr": true},
}

// Extract yields the text view, then every part.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	zr, err := zipdoc.Open(r, size)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
		return nil
	}
	text, err := Text(ctx, zr, b)
	if err != nil {
		return err
	}
	if len(text) > 0 {
		if err := yield(TextName, bytes.NewReader(text)); err != nil {
			return err
		}
	}
	return zipdoc.YieldParts(ctx, zr, b, nil, yield)
}

// Text builds the text view of the package: the text parts in natural
// order (slide2 before slide10), each ending with a newline. Damaged parts
// are reported and skipped; the error is the budget's or ctx's.
func Text(ctx context.Context, zr *zip.Reader, b *content.Budget) ([]byte, error) {
	var parts []*zip.File
	for _, f := range zr.File {
		if textPart.MatchString(f.Name) {
			parts = append(parts, f)
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return naturalLess(parts[i].Name, parts[j].Name) })
	var out bytes.Buffer
	for _, f := range parts {
		data, err := zipdoc.ReadPart(ctx, b, f)
		if berr := b.Err(); berr != nil {
			return out.Bytes(), berr
		}
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			b.Event(content.EventCorrupt, f.Name, "%v", err)
		}
		err = xmltext.Extract(&out, bytes.NewReader(data), textConfig, zipdoc.MaxText)
		if errors.Is(err, xmltext.ErrTooLong) {
			b.Event(content.EventLimit, TextName, "text view size limit (%d bytes) reached", zipdoc.MaxText)
			break
		}
		if err != nil {
			b.Event(content.EventCorrupt, f.Name, "parsing XML: %v", err)
		}
		if out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), nil
}

// naturalLess orders names with their digit runs compared as numbers.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, _ := strconv.ParseUint(strings.TrimLeft(a[:da], "0")+"0", 10, 64)
			nb, _ := strconv.ParseUint(strings.TrimLeft(b[:db], "0")+"0", 10, 64)
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digits(s string) int {
	i := 0
	for i < len(s) && i < 18 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
