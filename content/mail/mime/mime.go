// Package mime looks inside Internet mail messages (RFC 5322 with MIME
// bodies, .eml files).
//
// Objects yielded, for msg.eml:
//
//	msg.eml!invoice.zip   an attachment, named by its filename parameter
//	                      (Content-Disposition filename, else Content-Type name;
//	                      RFC 2047 encoded words decoded)
//	msg.eml!part1.2       a part without a file name, named by its position in the
//	                      MIME tree (the IMAP part number: 1, 2, 2.1, …)
//	msg.eml!part3.eml     an attached message (message/rfc822), opened in turn
//
// Bodies are decoded from base64 (tolerating line noise) and
// quoted-printable. Multipart nesting is bounded by MaxDepth.
package mime

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	stdmime "mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"path"
	"strings"

	"github.com/overt-sec/overt/content"
)

// MaxDepth bounds multipart nesting: real mail nests three or four levels
// (mixed → alternative → related); deeper is an attack on the stack.
const MaxDepth = 32

func init() { content.Register(Sniff) }

// Extractor is the MIME mail extractor.
type Extractor struct{}

// Name returns "mime".
func (Extractor) Name() string { return "mime" }

// knownHeaders are header names that mark the start of a mail message.
var knownHeaders = map[string]bool{
	"from": true, "to": true, "subject": true, "date": true, "received": true, "return-path": true,
	"message-id": true, "mime-version": true, "content-type": true, "delivered-to": true,
	"reply-to": true, "cc": true, "x-mailer": true, "dkim-signature": true, "sender": true,
	"authentication-results": true, "arc-seal": true, "x-original-to": true, "thread-topic": true,
}

// Sniff recognises a message: its head is a block of header fields
// starting at the first byte, of which at least two are mail headers (or
// one is MIME-Version), or the name ends in .eml.
func Sniff(head []byte, name string) content.Extractor {
	n := 0
	lines := 0
	for len(head) > 0 && lines < 200 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			break
		}
		line := bytes.TrimRight(head[:i], "\r")
		head = head[i+1:]
		lines++
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if lines == 1 {
				return nil
			}
			continue
		}
		c := bytes.IndexByte(line, ':')
		if c <= 0 || !isToken(line[:c]) {
			return nil
		}
		h := strings.ToLower(string(line[:c]))
		if h == "mime-version" {
			n++
		}
		if knownHeaders[h] {
			n++
		}
	}
	if n >= 2 || (n >= 1 && strings.EqualFold(path.Ext(name), ".eml")) {
		return Extractor{}
	}
	return nil
}

func isToken(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7F {
			return false
		}
	}
	return true
}

// Extract yields every leaf part of the message.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	br := bufio.NewReader(io.NewSectionReader(r, 0, size))
	hdr, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil && len(hdr) == 0 {
		b.Event(content.EventCorrupt, "", "reading message header: %v", err)
		return nil
	}
	w := &walker{ctx: ctx, b: b, yield: yield}
	return w.part(hdr, br, "1", 0)
}

type walker struct {
	ctx   context.Context
	b     *content.Budget
	yield func(string, io.Reader) error
}

// part yields the body of one part with header h, or recurses into a
// multipart body; num is its IMAP part number.
func (w *walker) part(h textproto.MIMEHeader, body io.Reader, num string, depth int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.b.Err(); err != nil {
		return err
	}
	mt, params, err := stdmime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(h.Get("Content-Type"), ";", 2)[0]))
	}
	if strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		if depth >= MaxDepth {
			w.b.Event(content.EventLimit, "part"+num, "multipart nesting limit (%d) reached", MaxDepth)
			return nil
		}
		mr := multipart.NewReader(body, params["boundary"])
		for i := 1; ; i++ {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				w.b.Event(content.EventCorrupt, "part"+num, "reading multipart body: %v", err)
				return nil
			}
			sub := fmt.Sprint(i)
			if depth > 0 || num != "1" {
				sub = num + "." + sub
			}
			if err := w.part(p.Header, p, sub, depth+1); err != nil {
				return err
			}
		}
	}
	name := fileName(h)
	if name == "" {
		name = "part" + num
		if mt == "message/rfc822" {
			name += ".eml"
		}
	}
	return w.yield(name, decodeBody(h.Get("Content-Transfer-Encoding"), body))
}

// fileName returns a part's file name, RFC 2047 and RFC 2231 decoded, with
// directories and control characters removed.
func fileName(h textproto.MIMEHeader) string {
	var n string
	if _, p, err := stdmime.ParseMediaType(h.Get("Content-Disposition")); err == nil {
		n = p["filename"]
	}
	if n == "" {
		if _, p, err := stdmime.ParseMediaType(h.Get("Content-Type")); err == nil {
			n = p["name"]
		}
	}
	if n == "" {
		return ""
	}
	dec := &stdmime.WordDecoder{CharsetReader: func(_ string, in io.Reader) (io.Reader, error) { return in, nil }}
	if d, err := dec.DecodeHeader(n); err == nil {
		n = d
	}
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, n)
	if len(n) > 255 {
		n = n[:255]
	}
	return n
}

// decodeBody undoes a Content-Transfer-Encoding.
func decodeBody(cte string, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return NewBase64Reader(body)
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	}
	return body
}

// NewBase64Reader decodes base64 read from r, ignoring every byte outside
// the base64 alphabet (line breaks, stray characters) and decoding
// concatenated padded blocks and a missing final padding alike.
func NewBase64Reader(r io.Reader) io.Reader { return &b64Reader{r: r} }

type b64Reader struct {
	r    io.Reader
	in   [4096]byte
	acc  uint32
	n    int // sextets in acc
	out  []byte
	err  error
	done bool
}

var b64val = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := range len(alpha) {
		t[alpha[i]] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	return
}()

func (d *b64Reader) Read(p []byte) (int, error) {
	for len(d.out) == 0 {
		if d.done {
			return 0, d.err
		}
		k, err := d.r.Read(d.in[:])
		for _, c := range d.in[:k] {
			if c == '=' {
				d.flush()
				continue
			}
			v := b64val[c]
			if v == 0xFF {
				continue
			}
			d.acc = d.acc<<6 | uint32(v)
			d.n++
			if d.n == 4 {
				d.out = append(d.out, byte(d.acc>>16), byte(d.acc>>8), byte(d.acc))
				d.acc, d.n = 0, 0
			}
		}
		if err != nil {
			d.flush()
			d.done = true
			d.err = err
			if errors.Is(err, io.EOF) {
				d.err = io.EOF
			}
		}
	}
	n := copy(p, d.out)
	d.out = d.out[n:]
	return n, nil
}

// flush emits the bytes of a partial quantum (at padding or the end).
func (d *b64Reader) flush() {
	switch d.n {
	case 2:
		d.out = append(d.out, byte(d.acc>>4))
	case 3:
		d.out = append(d.out, byte(d.acc>>10), byte(d.acc>>2))
	}
	d.acc, d.n = 0, 0
}
