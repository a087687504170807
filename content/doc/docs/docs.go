// Package docs registers every document and mail extractor with
// content.Register when imported (add it to content/all), and lists their
// Sniffers for callers that build their own sniffing chain.
//
// Naming conventions of the objects these extractors yield: a raw part or
// stream keeps its path inside the container (report.docx!word/document.xml,
// macro.doc!Macros/VBA/Module1); a derived view starts with "#":
// "#text" for a document's text view (runs, spans and escapes resolved so a
// phrase matches however it was stored), "#vba/<module>" for decompressed
// VBA source, "#body" for a TNEF message body; PDF streams without a file
// name are "obj<num>-<gen>"; unnamed MIME parts are "part<IMAP number>".
package docs

import (
	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/odf"
	"github.com/overt-sec/overt/content/doc/ole"
	"github.com/overt-sec/overt/content/doc/ooxml"
	"github.com/overt-sec/overt/content/doc/pdf"
	"github.com/overt-sec/overt/content/doc/rtf"
	"github.com/overt-sec/overt/content/mail/binhex"
	"github.com/overt-sec/overt/content/mail/mbox"
	"github.com/overt-sec/overt/content/mail/mime"
	"github.com/overt-sec/overt/content/mail/tnef"
	"github.com/overt-sec/overt/content/mail/uu"
)

// Sniffers returns the document and mail sniffers, most specific first
// (OOXML and ODF before any generic zip sniffer; uuencode, which finds a
// begin line anywhere in the head, last).
func Sniffers() []content.Sniffer {
	return []content.Sniffer{
		ooxml.Sniff, odf.Sniff, ole.Sniff, pdf.Sniff, rtf.Sniff,
		tnef.Sniff, binhex.Sniff, mbox.Sniff, mime.Sniff, uu.Sniff,
	}
}
