// Package tnef extracts the attachments of TNEF streams (winmail.dat,
// application/ms-tnef), Outlook's encapsulation of rich mail.
//
// Objects yielded: each attachment's data (attAttachData) under its title
// (attAttachTitle), e.g. winmail.dat!invoice.doc; an attachment without a
// title is named attachmentN. The message body (attBody) is yielded as
// "#body" when present.
package tnef

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/overt-sec/overt/content"
)

// MaxFileRead bounds how much of a TNEF stream is read into memory.
const MaxFileRead = 256 << 20

// Attribute IDs (MS-OXTNEF 2.1.3.3) used here.
const (
	attAttachRendData = 0x00069002
	attAttachTitle    = 0x00018010
	attAttachData     = 0x0006800F
	attBody           = 0x0001800C
)

const signature = 0x223E9F78

func init() { content.Register(Sniff) }

// Extractor is the TNEF extractor.
type Extractor struct{}

// Name returns "tnef".
func (Extractor) Name() string { return "tnef" }

// Sniff recognises the TNEF signature.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 4 && binary.LittleEndian.Uint32(head) == signature {
		return Extractor{}
	}
	return nil
}

type attachment struct {
	title string
	data  []byte
}

// Extract yields the body and every attachment.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	n := min(size, MaxFileRead)
	d := make([]byte, n)
	if k, err := r.ReadAt(d, 0); err != nil && !(errors.Is(err, io.EOF) && int64(k) == n) {
		return fmt.Errorf("tnef: reading: %w", err)
	}
	body, atts, err := parse(d)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
	}
	if len(body) > 0 {
		if err := yield("#body", bytes.NewReader(body)); err != nil {
			return err
		}
	}
	for i, a := range atts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if a.data == nil {
			continue
		}
		name := a.title
		if name == "" {
			name = fmt.Sprintf("attachment%d", i+1)
		}
		if err := yield(name, bytes.NewReader(a.data)); err != nil {
			return err
		}
	}
	return nil
}

// parse walks the attribute list: signature, key, then attributes of
// level (1), id (4), length (4), data, checksum (2).
func parse(d []byte) ([]byte, []*attachment, error) {
	le := binary.LittleEndian
	if len(d) < 6 || le.Uint32(d) != signature {
		return nil, nil, errors.New("no TNEF signature")
	}
	var body []byte
	var atts []*attachment
	var cur *attachment
	for pos := 6; pos < len(d); {
		if pos+9 > len(d) {
			return body, atts, fmt.Errorf("attribute header truncated at offset %d", pos)
		}
		id := le.Uint32(d[pos+1:])
		l := int64(le.Uint32(d[pos+5:]))
		start := pos + 9
		if l > int64(len(d)-start) {
			return body, atts, fmt.Errorf("attribute 0x%08x at offset %d: length %d overruns the stream", id, pos, l)
		}
		v := d[start : start+int(l)]
		switch id {
		case attAttachRendData:
			cur = &attachment{}
			atts = append(atts, cur)
		case attAttachTitle:
			if cur != nil {
				t := strings.TrimRight(string(v), "\x00")
				cur.title = path.Base(strings.ReplaceAll(t, `\`, "/"))
			}
		case attAttachData:
			if cur == nil {
				cur = &attachment{}
				atts = append(atts, cur)
			}
			cur.data = v
		case attBody:
			body = v
		}
		pos = start + int(l) + 2
	}
	return body, atts, nil
}
