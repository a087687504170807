package diag

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// SourceFunc returns the contents of a rule file by name, or nil if it is
// not available. The renderer uses it to quote the offending line.
type SourceFunc func(filename string) []byte

// maxExcerpt bounds the width of a quoted source line so that a rule file
// made of one enormous line cannot flood a terminal.
const maxExcerpt = 160

// Render writes d as "file:line:col: error: message [code]", then the source
// line it points at and a caret under the column, like a compiler does.
func Render(w io.Writer, d *Diagnostic, src SourceFunc) error {
	if _, err := fmt.Fprintf(w, "%s [%s]\n", d.Error(), d.Code); err != nil {
		return err
	}
	if src == nil || !d.Pos.IsValid() {
		return nil
	}
	line, ok := sourceLine(src(d.Pos.Filename), d.Pos.Line)
	if !ok {
		return nil
	}
	col := d.Pos.Column - 1
	if col < 0 {
		col = 0
	}
	if col > len(line) {
		col = len(line)
	}
	// Keep the caret visible when the line is cut: start the excerpt
	// shortly before the column.
	start := 0
	if col > maxExcerpt-20 {
		start = col - (maxExcerpt - 20)
	}
	end := len(line)
	if end-start > maxExcerpt {
		end = start + maxExcerpt
	}
	excerpt := line[start:end]
	// Tabs are kept in the caret line so the caret lines up with them.
	var pad strings.Builder
	for _, c := range excerpt[:col-start] {
		if c == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	_, err := fmt.Fprintf(w, "  %s\n  %s^\n", printable(excerpt), pad.String())
	return err
}

// RenderAll renders every diagnostic of l in order.
func RenderAll(w io.Writer, l List, src SourceFunc) error {
	for _, d := range l {
		if err := Render(w, d, src); err != nil {
			return err
		}
	}
	return nil
}

// sourceLine returns line n (1-based) of src without its line ending.
func sourceLine(src []byte, n int) ([]byte, bool) {
	if src == nil || n < 1 {
		return nil, false
	}
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil, false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return bytes.TrimSuffix(src, []byte("\r")), true
}

// printable replaces control bytes (other than tab) with '?' so a quoted
// line cannot drive the terminal, keeping its width so the caret lines up.
func printable(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if (c < 0x20 && c != '\t') || c == 0x7f {
			c = '?'
		}
		out[i] = c
	}
	return string(out)
}
