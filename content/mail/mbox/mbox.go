// Package mbox splits Unix mailboxes into their messages.
//
// Objects yielded: each message, "From " separator line excluded, named
// by its position (inbox!message1.eml, inbox!message2.eml, …), so the mail
// extractor opens each in turn. ">From " quoting is left as is.
package mbox

import (
	"bufio"
	"bytes"
	"context"
	"io"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Extractor is the mbox extractor.
type Extractor struct{}

// Name returns "mbox".
func (Extractor) Name() string { return "mbox" }

// Sniff recognises a mailbox: "From " at the first byte, followed on the
// next line by a header field.
func Sniff(head []byte, _ string) content.Extractor {
	if !bytes.HasPrefix(head, []byte("From ")) {
		return nil
	}
	i := bytes.IndexByte(head, '\n')
	if i < 0 {
		return nil
	}
	next := head[i+1:]
	if c := bytes.IndexByte(next, ':'); c > 0 && c < 80 && bytes.IndexAny(next[:c], " \t\n") < 0 {
		return Extractor{}
	}
	return nil
}

// Extract yields every message as a section of the mailbox.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	br := bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)
	var off int64      // offset of the next line
	start := int64(-1) // start of the current message body
	prevBlank := true
	n := 0
	emit := func(end int64) error {
		if start < 0 || end <= start {
			return nil
		}
		n++
		return yield("message"+itoa(n)+".eml", io.NewSectionReader(r, start, end-start))
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := br.ReadSlice('\n')
		isLineStart := true
		for err == bufio.ErrBufferFull {
			// A long line: consume the rest; it cannot be a separator.
			off += int64(len(line))
			isLineStart = false
			line, err = br.ReadSlice('\n')
		}
		if isLineStart && prevBlank && bytes.HasPrefix(line, []byte("From ")) {
			if err := emit(off); err != nil {
				return err
			}
			start = off + int64(len(line))
		}
		off += int64(len(line))
		prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
		if err != nil {
			return emit(off)
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
