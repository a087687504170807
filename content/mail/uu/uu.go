// Package uu finds uuencoded files ("begin 644 name" … "end") in text, as
// posted to Usenet and pasted into mail bodies, and the base64 variant
// ("begin-base64 644 name" … "====").
//
// Objects yielded: each encoded file under the name on its begin line
// (directories removed), e.g. post.txt!invoice.exe.
package uu

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/mail/mime"
)

// MaxLine bounds one line read while looking for encoded files; uuencoded
// lines are 61 characters, so longer lines are only skipped.
const MaxLine = 64 << 10

func init() { content.RegisterPriority(content.PriorityFallback, Sniff) }

// Extractor is the uuencode extractor.
type Extractor struct{}

// Name returns "uuencode".
func (Extractor) Name() string { return "uuencode" }

var beginRE = regexp.MustCompile(`(?m)^begin(-base64)? [0-7]{3,4} \S`)

// Sniff recognises a begin line at the start of a line within the head.
func Sniff(head []byte, _ string) content.Extractor {
	if beginRE.Match(head) {
		return Extractor{}
	}
	return nil
}

// Extract yields every encoded file.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	br := bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(br)
		if err != nil {
			return nil
		}
		m := beginRE.FindSubmatch(line)
		if m == nil || !bytes.HasPrefix(line, m[0]) {
			continue
		}
		fields := strings.SplitN(string(line), " ", 3)
		name := path.Base(strings.ReplaceAll(strings.TrimSpace(fields[2]), `\`, "/"))
		var data []byte
		var ended bool
		if m[1] != nil {
			data, ended = readBase64(br)
		} else {
			data, ended = readUU(br)
		}
		if !ended {
			b.Event(content.EventCorrupt, name, "encoded file has no end line")
		}
		if err := yield(name, bytes.NewReader(data)); err != nil {
			return err
		}
	}
}

// readLine reads one line without its end; an over-long line is returned
// truncated.
func readLine(br *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(out) < MaxLine {
			out = append(out, frag[:min(len(frag), MaxLine-len(out))]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && len(out) == 0 {
			return nil, err
		}
		return bytes.TrimRight(out, "\r\n"), nil
	}
}

func readUU(br *bufio.Reader) ([]byte, bool) {
	var out []byte
	for {
		line, err := readLine(br)
		if err != nil {
			return out, false
		}
		if bytes.Equal(bytes.TrimSpace(line), []byte("end")) {
			return out, true
		}
		if len(line) == 0 {
			continue
		}
		n := int((line[0] - ' ') & 63)
		var dec []byte
		for i := 1; i+3 < len(line)+3 && len(dec) < n; i += 4 {
			var q [4]byte
			for k := range 4 {
				if i+k < len(line) {
					q[k] = (line[i+k] - ' ') & 63
				}
			}
			dec = append(dec, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
		}
		out = append(out, dec[:min(n, len(dec))]...)
	}
}

func readBase64(br *bufio.Reader) ([]byte, bool) {
	var enc []byte
	ended := false
	for {
		line, err := readLine(br)
		if err != nil {
			break
		}
		if bytes.Equal(bytes.TrimSpace(line), []byte("====")) {
			ended = true
			break
		}
		enc = append(enc, line...)
	}
	out, _ := io.ReadAll(mime.NewBase64Reader(bytes.NewReader(enc)))
	return out, ended
}
